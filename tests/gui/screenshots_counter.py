"""Screenshots of the counter in French on a small database filled through the services: the
page with an open session, the open and close dialogs, the reconversion and the deposit.
``python3 tests/gui/screenshots_counter.py [FOLDER]`` (default /tmp/shots); ``--docs`` also
writes docs/screenshot-counter.png. ``screenshots.py`` calls :func:`shoot` too."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from caisse import i18n
from caisse.domain.currency import Currency
from caisse.domain.roles import Role
from caisse.gui import style
from caisse.gui.i18n_qt import QtTranslations
from caisse.gui.main_window import MainWindow
from caisse.gui.pages.counter.dialogs.deposit import DepositDialog
from caisse.gui.pages.counter.dialogs.reconversion import ReconversionDialog
from caisse.gui.pages.counter.dialogs.till import CloseTillDialog, OpenTillDialog
from caisse.services import auth, counters, members, operations, partners, sessions, settings, setup
from caisse.services.operations import Cheque
from caisse.services.settings import Association

ROOT = Path(__file__).resolve().parents[2]
IBAN = "FR14 2004 1010 0505 0001 3M02 606"


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()
    QTest.qWait(50)


def save(widget: QWidget, folder: Path, name: str, docs: bool = False) -> None:
    settle()
    image = widget.grab()
    image.save(str(folder / f"{name}.png"))
    if docs:
        image.save(str(ROOT / "docs" / f"screenshot-{name}.png"))
    print(folder / f"{name}.png")


def small_day(path: Path):
    """A counter whose till is open, with a morning of operations."""
    store = setup.initialize(
        path, Association("Euskal Moneta", commune="Bayonne"), Currency("Eusko", "EUS", "€u"),
        "admin", "Ada Admin", "admin-pass",
    )  # fmt: skip
    admin = auth.login(store, "admin", "admin-pass")
    auth.create_user(admin, "tresor", "Théo Trésorier", Role.TREASURER, "tresor-pass")
    auth.create_user(admin, "benevole", "Maite Bénévole", Role.VOLUNTEER, "1234")
    treasurer = auth.login(store, "tresor", "tresor-pass")
    counters.create(admin, "C01", "Bayonne, Le Petit Bayonne")
    settings.set_installation_counter(admin, "C01")
    sessions.open_session(treasurer, "C01", sessions.TillCount())
    operations.receive_notes(treasurer, 5_000_000)
    operations.supply(treasurer, "C01", 200_000, "Jon Courier")
    people = []
    for first, last in (("Maddi", "Irigoyen"), ("Peio", "Etcheverry"), ("Ane", "Bidart"),
                        ("Xabi", "Larralde")):  # fmt: skip
        row = members.create(treasurer, members.MemberFields(first_name=first, last_name=last))
        operations.pay_membership(treasurer, row["number"], "C01", "individual")
        people.append(row)
    shop = members.create(
        treasurer,
        members.MemberFields(kind="organisation", organisation="Librairie Elkar", is_partner=True),
    )
    operations.pay_membership(treasurer, shop["number"], "C01", "organisation")
    operations.exchange(treasurer, people[0]["number"], "C01", 10_000)
    partners.reconvert(treasurer, shop["number"], "C01", 2000, iban=IBAN)
    exp = sessions.expected(store, "C01")
    cash = exp.cash.cents
    sessions.close_session(
        treasurer, "C01",
        sessions.TillCount(euros={5000: cash // 5000, 1000: cash % 5000 // 1000,
                                  500: cash % 1000 // 500},
                           notes={1000: exp.notes.cents // 1000}),
    )  # fmt: skip
    exp = sessions.expected(store, "C01")
    sessions.open_session(
        treasurer, "C01",
        sessions.TillCount(euros={5000: cash // 5000, 1000: cash % 5000 // 1000,
                                  500: cash % 1000 // 500},
                           notes={1000: exp.notes.cents // 1000}),
    )  # fmt: skip
    for who, euros, method, cheque in (
        (0, 5000, "cash", None), (1, 2000, "card", None),
        (2, 8000, "cheque", Cheque("Crédit Agricole", "4410021")),
        (3, 3000, "cash", None), (1, 12000, "cheque", Cheque("Banque Postale", "0077120")),
    ):  # fmt: skip
        operations.exchange(treasurer, people[who]["number"], "C01", euros, method, cheque)
    operations.pay_membership(treasurer, people[2]["number"], "C01", "reduced", "card")
    return store, people, shop


def shoot(folder: Path, docs: bool) -> None:
    db = Path(tempfile.mkdtemp()) / "counter.db"
    store, people, shop = small_day(db)
    ctx = auth.system_context(store, "tresor")
    window = MainWindow(ctx)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    settle()
    page = window.counter_page
    QTest.keyClicks(page.finder.edit, people[3]["number"])
    QTest.keyClick(page.finder.edit, Qt.Key.Key_Return)
    QTest.keyClicks(page.amount, "40")
    QTest.keyClick(page.amount, Qt.Key.Key_Return)
    QTest.keyClicks(page.finder.edit, people[0]["number"])
    QTest.keyClick(page.finder.edit, Qt.Key.Key_Return)
    QTest.keyClicks(page.amount, "30")
    save(window, folder, "counter", docs)

    opening = OpenTillDialog(ctx, "C01", window)
    opening.grid.set_pieces({2000: 1, 1000: 2, 500: 1, 200: 3}, {1000: 150, 2000: 20})
    opening.show()
    save(opening, folder, "counter-open")
    opening.reject()

    closing = CloseTillDialog(ctx, "C01", window)
    exp = sessions.expected(store, "C01")
    cash = exp.cash.cents - 500
    closing.grid.set_pieces(
        {5000: cash // 5000, 2000: cash % 5000 // 2000, 1000: cash % 2000 // 1000,
         500: cash % 1000 // 500},
        {2000: exp.notes.cents // 2000, 1000: exp.notes.cents % 2000 // 1000},
    )  # fmt: skip
    first = next(iter(closing.cheque_boxes.values()))
    first.setChecked(True)
    closing.show()
    closing.try_accept()
    closing.try_accept()
    closing.comment.setText("un billet de 5 € manquant")
    save(closing, folder, "counter-close")
    closing.reject()

    reconversion = ReconversionDialog(ctx, "C01", window)
    reconversion.show()
    QTest.keyClicks(reconversion.finder.edit, shop["number"])
    QTest.keyClick(reconversion.finder.edit, Qt.Key.Key_Return)
    QTest.keyClicks(reconversion.notes, "250")
    save(reconversion, folder, "counter-reconversion")
    reconversion.reject()

    deposit = DepositDialog(ctx, "C01", window)
    deposit.show()
    for box in deposit.cheque_boxes.values():
        box.setChecked(True)
    QTest.keyClicks(deposit.slip, "BD-2026-014")
    save(deposit, folder, "counter-deposit")
    deposit.reject()
    window.close()
    store.close()


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    folder = Path(args[0]) if args else Path("/tmp/shots")
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    style.apply(app)
    i18n.set_language("fr")
    translations = QtTranslations()
    translations.install("fr")
    shoot(folder, "--docs" in sys.argv)
    translations.remove()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
