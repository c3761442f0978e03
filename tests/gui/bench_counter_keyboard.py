"""Keystrokes and seconds at the counter, measured by driving the real widgets offscreen:
(a) an exchange for a known member (number, Enter, amount, Enter) and (b) closing a till with
10 denominations filled, then closing the Z. ``python3 tests/gui/bench_counter_keyboard.py``
prints the figures written to docs/benchmarks.md, section "Counter, keyboard"."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from caisse.domain.currency import Currency
from caisse.domain.roles import Role
from caisse.gui import style
from caisse.gui.main_window import MainWindow
from caisse.gui.pages.counter.dialogs.documents import ZReportDialog
from caisse.gui.pages.counter.dialogs.till import CloseTillDialog
from caisse.services import auth, counters, members, operations, sessions, settings, setup
from caisse.services.settings import Association

EUROS = {5000: 2, 2000: 3, 1000: 4, 500: 2, 200: 5, 100: 7, 50: 4}
NOTES = {2000: 10, 1000: 15, 500: 8}  # with EUROS: 10 denominations
RUNS = 30


class Keys:
    """QTest key presses, counted."""

    def __init__(self) -> None:
        self.count = 0

    def type(self, widget, text: str) -> None:
        QTest.keyClicks(widget, text)
        self.count += len(text)

    def press(self, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(widget, key, modifier)
        self.count += 1


def database(extra_notes: int) -> tuple:
    path = Path(tempfile.mkdtemp()) / "bench.db"
    store = setup.initialize(path, Association("Bench"), Currency("Eusko", "EUS", "€u"),
                             "admin", "Ada Admin", "admin-pass")  # fmt: skip
    admin = auth.login(store, "admin", "admin-pass")
    auth.create_user(admin, "tresor", "Théo Trésorier", Role.TREASURER, "tresor-pass")
    ctx = auth.login(store, "tresor", "tresor-pass")
    counters.create(admin, "C01", "Bench")
    settings.set_installation_counter(admin, "C01")
    # the float: counted once, explained, so the journal expects exactly EUROS and NOTES
    sessions.open_session(ctx, "C01", sessions.TillCount(EUROS, {}), comment="float",
                          recounted=True)  # fmt: skip
    operations.receive_notes(ctx, 10_000_000)
    operations.supply(ctx, "C01", sum(d * n for d, n in NOTES.items()) + extra_notes, "Jon")
    row = members.create(ctx, members.MemberFields(first_name="Maddi", last_name="Irigoyen"))
    operations.pay_membership(ctx, row["number"], "C01", "individual", "card")
    return store, ctx, row["number"]


def exchanges(page, number: str) -> tuple[int, list[float]]:
    keys, seconds = Keys(), []
    for _ in range(RUNS):
        keys.count = 0
        start = time.perf_counter()
        keys.type(page.finder.edit, number)
        keys.press(page.finder.edit, Qt.Key.Key_Return)
        keys.type(page.amount, "20")
        keys.press(page.amount, Qt.Key.Key_Return)
        seconds.append(time.perf_counter() - start)
        assert page.banner.kind == "success", page.banner.text()
    return keys.count, seconds


def closing(page, ctx) -> tuple[int, float]:
    keys = Keys()

    def fill(dialog: CloseTillDialog) -> int:
        dialog.show()
        wanted = [(r, (EUROS if r.section == "euros" else NOTES).get(r.cents)) for r in
                  dialog.grid.rows]  # fmt: skip
        last = max(i for i, (_, n) in enumerate(wanted) if n)
        for i, (row, pieces) in enumerate(wanted[: last + 1]):
            if pieces:
                keys.type(row.field, str(pieces))
            if i < last:
                keys.press(row.field, Qt.Key.Key_Return)  # Enter: down the grid
        keys.press(wanted[last][0].field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        return dialog.result()

    def z(dialog: ZReportDialog) -> int:
        dialog.show()
        keys.press(dialog, Qt.Key.Key_Escape)
        return QDialog.DialogCode.Rejected

    CloseTillDialog.exec = fill  # type: ignore[method-assign]
    ZReportDialog.exec = z  # type: ignore[method-assign]
    start = time.perf_counter()
    keys.press(page.finder.edit, Qt.Key.Key_F9)
    elapsed = time.perf_counter() - start
    assert page.session is None, page.banner.text()
    assert sessions.current(ctx.store, "C01") is None
    return keys.count, elapsed


def main() -> int:
    app = QApplication(sys.argv[:1])
    style.apply(app)
    results = []
    for measure in ("exchange", "closing"):  # each on a till of its own
        store, ctx, number = database(200_000 if measure == "exchange" else 0)
        window = MainWindow(ctx)
        window.show()
        window.activateWindow()
        QApplication.processEvents()
        page = window.counter_page
        results.append(exchanges(page, number) if measure == "exchange" else closing(page, ctx))
        window.close()
        store.close()
    (exchange_keys, exchange_seconds), (close_keys, close_seconds) = results
    print(f"exchange: {exchange_keys} keystrokes (member number {len(number)} digits), "
          f"median {statistics.median(exchange_seconds) * 1000:.0f} ms, "
          f"max {max(exchange_seconds) * 1000:.0f} ms over {RUNS}")  # fmt: skip
    print(f"closing: {close_keys} keystrokes, {close_seconds * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
