"""Screenshots of the GUI in French (members, vouchers, treasury and settings on the demo
database, the counter on a small day of its own, see screenshots_counter.py): ``python3
tests/gui/screenshots.py [FOLDER]`` (default /tmp/shots). ``--docs`` also writes
docs/screenshot-*.png for the README."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from caisse import i18n
from caisse.gui import style
from caisse.gui.i18n_qt import QtTranslations
from caisse.gui.login import LoginDialog
from caisse.gui.main_window import MainWindow
from caisse.services import auth, demo, members, settings
from caisse.store.db import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent))
import screenshots_counter

ROOT = Path(__file__).resolve().parents[2]


def settle(widget: QWidget) -> None:
    for _ in range(5):
        QApplication.processEvents()
    QTest.qWait(50)


def save(widget: QWidget, folder: Path, name: str, docs: bool) -> None:
    settle(widget)
    image = widget.grab()
    image.save(str(folder / f"{name}.png"))
    if docs:
        image.save(str(ROOT / "docs" / f"screenshot-{name}.png"))
    print(folder / f"{name}.png")


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    docs = "--docs" in sys.argv
    folder = Path(args[0]) if args else Path("/tmp/shots")
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    style.apply(app)
    i18n.set_language("fr")
    translations = QtTranslations()
    translations.install("fr")

    db = Path(tempfile.mkdtemp()) / "demo.db"
    demo.build(db, members=400, partners=60, counters=4, days=120)
    store = open_store(db)

    login = LoginDialog(store, demo=True)
    login.select("benevole")
    login.show()
    save(login, folder, "login", docs=False)

    ctx = auth.system_context(store, "benevole")
    code = settings.installation_counter(store) or "C01"
    settings.set_installation_counter(ctx, code)
    window = MainWindow(ctx)
    window.resize(1280, 760)
    window.show()
    window.activateWindow()
    settle(window)

    current = [
        r for r in members.search(store, "", limit=400) if members.is_member_current(r, ctx.today())
    ]
    chosen = next(r for r in current if r["kind"] == "individual")
    window.show_page(window.page_titles()[1])
    window.members_page.select(chosen["uid"])
    save(window, folder, "members", docs)
    window.show_page(window.page_titles()[2])
    window.directory_page.table.selectRow(3)
    save(window, folder, "partners", docs)

    admin = MainWindow(auth.system_context(store, "admin"))
    admin.resize(1280, 760)
    admin.show()
    admin.show_page(admin.page_titles()[3])
    assert admin.vouchers_page is not None
    admin.vouchers_page.programme_view.selectRow(0)
    save(admin, folder, "vouchers", docs)
    admin.show_page(admin.page_titles()[4])
    assert admin.treasury_page is not None
    save(admin, folder, "treasury", docs)
    tabs = admin.treasury_page.tabs
    for index, name in ((2, "treasury-stock"), (3, "treasury-months"), (5, "treasury-bank"),
                        (7, "treasury-reports")):  # fmt: skip
        tabs.setCurrentIndex(index)
        save(admin, folder, name, docs=False)
    admin.show_page(admin.page_titles()[-1])
    save(admin, folder, "settings", docs=False)
    settings_tabs = admin.settings_page.tabs
    for index in range(1, settings_tabs.count()):
        settings_tabs.setCurrentIndex(index)
        save(admin, folder, f"settings-{index}", docs=False)
    store.close()
    # the counter and its dialogs, on a small day of its own with the till open
    screenshots_counter.shoot(folder, docs)
    translations.remove()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
