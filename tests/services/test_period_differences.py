"""The period report's differences: each exchange point's till differences, signed, with its
sessions closed and those that differed, the bank's differences on its deposits, and the
vault's notes received, destroyed and counted; all read back from the journal."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from tests.conftest import FixedClock
from tests.documents.pdfread import pdf_text

from caisse.documents.period_report import render_period
from caisse.domain import accounts as acc
from caisse.domain.journal import Line
from caisse.services import ledger, operations, period_report, sessions, settings
from caisse.services.context import Context
from caisse.services.sessions import TillCount


def at(ctx: Context, day: date, hour: int = 10) -> Context:
    return replace(ctx, clock=FixedClock(datetime(day.year, day.month, day.day, hour).astimezone()))


def october(day: int) -> date:
    return date(2026, 10, day)


def post_vault(ctx: Context, operation: str, lines: list[tuple[str, int]]) -> None:
    """An entry of the vault's newer operations, written as their service will."""
    unit = settings.currency(ctx.store).code
    with ctx.store.transaction():
        ledger.post(ctx, operation, [Line(a, unit, n) for a, n in lines], receipt=False)


@pytest.fixture
def month(volunteer, treasurer, member, counter):
    """October 2026 at C01: a deposit the bank credited 0.10 short, a closing 5.00 short in
    cash and one 10-unit note over, then a session without difference; the vault received,
    destroyed and counted notes. November has its own difference."""
    store = volunteer.store
    operations.exchange(at(volunteer, october(3)), member["number"], counter, 10_000)
    slip = operations.deposit(at(treasurer, october(5)), counter, "B-1", fund_cash=10_000)
    operations.bank_difference(at(treasurer, october(6)), slip.seq, 9_990, "a coin short")
    operations.receive_notes(at(treasurer, october(7)), 500_000)
    post_vault(at(treasurer, october(8)), "destroy_notes",
               [(acc.NOTES_DESTROYED, 20_000), (acc.VAULT, -20_000)])  # fmt: skip
    post_vault(at(treasurer, october(9)), "vault_count",
               [(acc.VAULT, -3_000), (acc.LOST_FOUND_NOTES, 3_000)])  # fmt: skip
    expected = sessions.expected(store, counter)
    assert (expected.cash.cents, expected.notes.cents) == (1_500, 90_000)  # the fee, the stock
    short = TillCount(euros={1_000: 1}, notes={1_000: 91})
    sessions.close_session(at(volunteer, october(20), 18), counter, short, recounted=True,
                           comment="a 5 euro note missing, a note found")  # fmt: skip
    exact = TillCount(euros={1_000: 1}, notes={1_000: 91})
    sessions.open_session(at(volunteer, october(21)), counter, exact)
    sessions.close_session(at(volunteer, october(22), 18), counter, exact)
    sessions.open_session(at(volunteer, date(2026, 11, 2)), counter, exact)
    sessions.close_session(at(volunteer, date(2026, 11, 3), 18), counter,
                           TillCount(euros={500: 1}, notes={1_000: 91}), recounted=True,
                           comment="5 euros short")  # fmt: skip
    return store


def test_each_point_s_differences_are_signed_and_its_sessions_counted(month, counter):
    f = period_report.figures(month, october(1), october(31), date(2026, 12, 1))
    (point,) = f.points
    assert point.code == counter
    assert (point.sessions, point.differing) == (2, 1)
    assert (point.cash, point.cheques, point.notes) == (-500, 0, 1_000)
    assert (point.bank, point.bank_entries) == (-10, 1)
    # the journal's own difference accounts say the same
    assert point.cash + point.bank == month.scalar(
        "SELECT -SUM(p.amount) FROM posting p JOIN txn t ON t.seq = p.txn_seq "
        "WHERE p.account = 'cash_differences' AND substr(t.at, 1, 7) = '2026-10'"
    )
    november = period_report.figures(month, date(2026, 11, 1), date(2026, 11, 30))
    (point,) = november.points
    assert (point.sessions, point.differing, point.cash, point.notes, point.bank) == (
        1, 1, -500, 0, 0)  # fmt: skip


def test_the_vault_s_notes_received_destroyed_and_counted(month):
    v = period_report.figures(month, october(1), october(31)).vault
    assert (v.received, v.received_entries) == (500_000, 1)
    assert (v.destroyed, v.destroyed_entries) == (20_000, 1)
    assert (v.counted, v.count_entries) == (-3_000, 1)
    year = period_report.figures(month, date(2026, 1, 1), date(2026, 12, 31)).vault
    assert year.received == 500_000 + 10_000_000  # with the counter fixture's delivery


def test_the_summary_and_the_pdf_show_them(month):
    f = period_report.figures(month, october(1), october(31), date(2026, 12, 1))
    lines = {line.label: line for line in period_report.summary(f)}
    till = lines["Till differences (sessions with one)"]
    assert (till.count, till.eur, till.units, till.signed) == (1, -500, 1_000, True)
    assert (lines["Bank differences"].count, lines["Bank differences"].eur) == (1, -10)
    assert lines["Exchanges"].eur == 10_000
    text = pdf_text(render_period(period_report.document(month, f, "month")))
    assert "Differences by exchange point" in text
    assert "-€5.00" in text and "+EUS10.00" in text and "-€0.10" in text
    assert "Notes destroyed" in text and "EUS200.00" in text and "-EUS30.00" in text


def test_months_with_entries_and_the_month_offered(month):
    months = period_report.months_with_entries(month)
    # the fixtures' entries are dated today, the others in October and November 2026
    today = date.today().isoformat()[:7]
    assert months == sorted({today, "2026-11", "2026-10"}, reverse=True)
    assert period_report.default_month(["2026-12", "2026-11"], date(2026, 12, 3)) == "2026-11"
    assert period_report.default_month(["2026-12"], date(2026, 12, 3)) == "2026-12"
    assert period_report.default_month([], date(2026, 12, 3)) is None
