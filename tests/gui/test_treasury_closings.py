"""The treasury's Closings and Exports tabs: a past month closed from the page, never offered
twice; a refusal shown in the banner; the journal exported to a file."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox
from tests.conftest import FixedClock

from caisse.services import counters, exports, operations, periods, sessions
from caisse.services.context import Context


def at(ctx: Context, day: date, hour: int = 10) -> Context:
    """The same user, acting on ``day`` (local time)."""
    return replace(ctx, clock=FixedClock(datetime(day.year, day.month, day.day, hour).astimezone()))


def months_ago(today: date, n: int) -> date:
    """The first day of the month ``n`` months before ``today``'s."""
    index = today.year * 12 + today.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


@pytest.fixture
def past(admin, treasurer) -> date:
    """A month two months ago holding notes received and a till's day, closed that evening."""
    start = months_ago(date.today(), 2)
    day = start.replace(day=10)
    then = at(treasurer, day, hour=9)
    counters.create(admin, "C02", "Anglet")
    operations.receive_notes(then, 500_000)
    sessions.open_session(then, "C02", sessions.TillCount())
    operations.supply(then, "C02", 20_000, "Jon Courier")
    counted = sessions.TillCount(notes={2_000: 10})  # ten notes of 20
    sessions.close_session(at(treasurer, day, hour=18), "C02", counted)
    return start


@pytest.fixture
def answered(monkeypatch) -> list[str]:
    """Every confirmation is answered by its destructive button; its text is kept."""
    asked: list[str] = []

    def answer(box: QMessageBox) -> int:
        asked.append(box.text())
        button = next(b for b in box.buttons()
                      if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)  # fmt: skip
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return asked


def treasury(window, ctx):
    win = window(ctx)
    win.show_page("Treasury")
    return win.treasury_page


def test_the_month_under_way_is_refused_in_the_banner(window, treasurer, counter, answered):
    # the journal starts this month, with the counter fixture's notes
    page = treasury(window, treasurer)
    this_month = periods.label(periods.MONTH, date.today().replace(day=1))
    assert page.closings.month_button.text() == f"Close {this_month}…"
    page.closings.month_button.click()
    assert page.banner.kind == "error"
    assert "has not ended yet" in page.banner.text()
    assert periods.closings(treasurer.store) == [] and page.closings.model.rowCount() == 0


def test_a_past_month_is_closed_from_the_page_and_not_offered_again(
    window, treasurer, past, answered
):
    store = treasurer.store
    first = periods.next_month(store)
    assert first == (past.year, past.month)
    page = treasury(window, treasurer)
    tab = page.closings
    page.tabs.setCurrentWidget(tab)
    month = periods.label(periods.MONTH, date(*first, 1))
    assert tab.month_button.text() == f"Close {month}…"
    tab.month_button.click()
    assert len(answered) == 1 and "can never change" in answered[0]
    assert page.banner.kind == "success", page.banner.text()
    assert tab.model.rowCount() == 1
    assert tab.model.cell_text(0, 0) == "Month" and tab.model.cell_text(0, 1) == month
    assert tab.model.cell_text(0, 5) == "Théo Trésorier"
    closing = periods.closings(store)[0]
    assert tab.model.cell_text(0, 6) == closing.hash[:12]
    # the next month is offered, never the one just closed
    assert month not in tab.month_button.text()
    assert periods.next_month(store) != first


def test_the_journal_is_exported_where_asked(window, treasurer, past, monkeypatch, tmp_path):
    offered: list[str] = []

    def year(parent, title, label, items, current, editable):
        offered.append(items[current])
        return str(past.year), True

    def save_as(parent, title, suggested, *args):
        offered.append(suggested)
        return str(out / ("books" if "FEC" in suggested else "journal.csv")), ""

    out = tmp_path / "exports"
    out.mkdir()
    monkeypatch.setattr(QInputDialog, "getItem", year)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    page = treasury(window, treasurer)
    page.tabs.setCurrentWidget(page.exports)
    page.exports.buttons["fec"].click()
    name = exports.fec_filename(treasurer.store, date(past.year, 12, 31))
    assert offered[1].endswith(name) and name.endswith(f"FEC{past.year}1231.txt")
    written = out / "books.txt"  # the FEC's suffix added to the name typed
    assert page.banner.kind == "success" and str(written) in page.banner.text()
    lines = written.read_bytes().decode(exports.FEC_ENCODING).split("\r\n")
    assert lines[0] == "\t".join(exports.FEC_COLUMNS)

    page.exports.buttons["csv"].click()
    rows = (out / "journal.csv").read_bytes().decode("utf-8-sig").split("\r\n")
    assert rows[0].startswith("Entry;Date;Time;Operation;")
    assert rows[1].startswith(f"1;{past.isoformat()[:8]}10;")  # the notes received that day
    assert {p.name for p in out.iterdir()} == {"books.txt", "journal.csv"}  # no leftovers
