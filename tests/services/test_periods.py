"""Monthly and annual closings: a year of the demo closes month by month then as a year, a
closed period refuses back-dated entries, and every refusal writes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from itertools import pairwise

import pytest
from tests.conftest import FixedClock

from caisse.domain.errors import InputError, PermissionDenied, RuleViolation
from caisse.services import auth, counters, demo, ledger, operations, periods, sessions
from caisse.services.context import Context
from caisse.store import journal, open_store


def at(ctx: Context, day: date, hour: int = 10) -> Context:
    """The same user, acting on ``day`` (local time)."""
    return replace(ctx, clock=FixedClock(datetime(day.year, day.month, day.day, hour).astimezone()))


def written(store) -> tuple[int, int]:
    return (
        store.scalar("SELECT COUNT(*) FROM txn"),
        store.scalar("SELECT COUNT(*) FROM period_closing"),
    )


@pytest.fixture(scope="module")
def demo_year(tmp_path_factory):
    """The demo's activity from 1 January to 31 December 2025, built once."""
    path = tmp_path_factory.mktemp("periods") / "demo.db"
    demo.build(path, seed=7, members=60, partners=10, counters=2, days=364,
               today=date(2025, 12, 31))  # fmt: skip
    return path


@pytest.fixture
def demo_store(demo_year, tmp_path):
    copy = tmp_path / "demo.db"
    source = open_store(demo_year)
    source.backup_to(copy)
    source.close()
    store = open_store(copy)
    yield store
    store.close()


def test_a_demo_year_closes_month_by_month_then_as_a_year(demo_store):
    treasurer = at(auth.system_context(demo_store, "tresorier"), date(2026, 1, 5))
    assert periods.next_month(demo_store) == (2025, 1)
    months = [periods.close_month(treasurer, 2025, m) for m in range(1, 13)]
    assert [m.period_start for m in months] == [f"2025-{m:02d}-01" for m in range(1, 13)]
    assert months[1].period_end == "2025-02-28" and months[11].period_end == "2025-12-31"
    assert sum(m.entries for m in months) == demo_store.scalar("SELECT COUNT(*) FROM txn")
    assert months[-1].last_txn == demo_store.scalar("SELECT MAX(seq) FROM txn")
    # each month's perpetual totals are the previous ones plus its own movements
    for before, month in pairwise(months):
        for account, by_commodity in month.period_totals.items():
            for commodity, figures in by_commodity.items():
                earlier = before.perpetual_totals.get(account, {}).get(commodity)
                base = earlier or {"debit": 0, "credit": 0}
                assert month.perpetual_totals[account][commodity] == {
                    k: base[k] + figures[k] for k in ("debit", "credit")
                }

    year = periods.close_year(treasurer, 2025)
    assert (year.kind, year.period_start, year.period_end) == ("year", "2025-01-01", "2025-12-31")
    assert year.entries == sum(m.entries for m in months)
    assert year.last_hash == months[-1].last_hash
    exchanges = sum(m.period_totals["fund_due"]["EUR"]["credit"] for m in months)
    assert year.period_totals["fund_due"]["EUR"]["credit"] == exchanges > 0
    # the balances carried forward are the journal's at the end of the year, to the cent
    kept = {k: v for k, v in journal.balances(demo_store).items() if v}
    carried = {(a, c): v for a, by in year.balances.items() for c, v in by.items()}
    assert carried == kept
    assert [c.kind for c in periods.closings(demo_store)] == ["month"] * 12 + ["year"]
    assert periods.closed_until(demo_store) == date(2025, 12, 31)
    assert journal.verify(demo_store).ok


def test_a_closed_month_refuses_a_back_dated_entry_and_takes_its_correction(demo_store):
    treasurer = auth.system_context(demo_store, "tresorier")
    for month in (1, 2):
        periods.close_month(at(treasurer, date(2026, 1, 5)), 2025, month)
    before = written(demo_store)
    with pytest.raises(RuleViolation, match="closed up to 2025-02-28"):
        operations.receive_notes(at(treasurer, date(2025, 2, 28), hour=23), 10_000)
    assert written(demo_store) == before
    # the same operation today goes to the open period; a whole print run, so that the vault
    # holds enough for the first delivery to be cancelled
    operations.receive_notes(at(treasurer, date(2025, 3, 1), hour=0), 10_000_000)
    received = demo_store.scalar(
        "SELECT MIN(seq) FROM txn WHERE operation = 'receive_notes' AND at < '2025-03-01'"
    )
    correction = ledger.correct(at(treasurer, date(2025, 3, 2)), received, "Counted twice")
    assert correction.at.startswith("2025-03-02")
    assert journal.verify(demo_store).ok


def test_an_open_till_of_the_month_refuses_its_closing(store, admin, treasurer):
    counters.create(admin, "C01", "Bayonne")
    opened = at(treasurer, date(2026, 1, 30), hour=9)
    sessions.open_session(opened, "C01", sessions.TillCount())
    operations.receive_notes(opened, 50_000)
    later = at(treasurer, date(2026, 2, 2))
    before = written(store)
    with pytest.raises(RuleViolation, match="The till of C01 is still open since 30 January 2026"):
        periods.close_month(later, 2026, 1)
    assert written(store) == before
    sessions.close_session(later, "C01", sessions.TillCount())
    closing = periods.close_month(later, 2026, 1)
    assert closing.entries == 1 and closing.balances["vault"] == {"EUS": 50_000}
    # a till opened after the month does not hold it back
    sessions.open_session(later, "C01", sessions.TillCount())
    with pytest.raises(RuleViolation, match="February 2026 has not ended yet"):
        periods.close_month(later, 2026, 2)


def test_months_close_in_order_once_ended_and_once_only(store, treasurer):
    with pytest.raises(RuleViolation, match="The journal is empty"):
        periods.close_month(at(treasurer, date(2026, 3, 1)), 2026, 1)
    operations.receive_notes(at(treasurer, date(2026, 1, 12)), 10_000)
    operations.receive_notes(at(treasurer, date(2026, 3, 12)), 10_000)
    today = at(treasurer, date(2026, 4, 2))
    refusals = [
        ((2026, 2), "Months close in order: close January 2026 before February 2026."),
        ((2025, 12), "The journal starts in January 2026: there is nothing to close before it."),
        ((2026, 4), "April 2026 has not ended yet: it can be closed from 1 May 2026."),
    ]
    for (year, month), message in refusals:
        with pytest.raises(RuleViolation) as refused:
            periods.close_month(today, year, month)
        assert str(refused.value) == message
    with pytest.raises(InputError):
        periods.close_month(today, 2026, 13)
    assert written(store) == (2, 0)
    periods.close_month(today, 2026, 1)
    empty = periods.close_month(today, 2026, 2)  # no entry: it still closes, covering nothing new
    assert empty.entries == 0 and empty.period_totals == {}
    assert empty.last_txn == 1 and empty.balances == {"notes_printed": {"EUS": -10_000},
                                                      "vault": {"EUS": 10_000}}  # fmt: skip
    with pytest.raises(RuleViolation, match="January 2026 is already closed"):
        periods.close_month(today, 2026, 1)
    assert periods.next_month(store) == (2026, 3)


def test_a_year_closes_after_its_months_and_after_the_year_before(store, treasurer):
    operations.receive_notes(at(treasurer, date(2025, 11, 3)), 10_000)
    operations.receive_notes(at(treasurer, date(2026, 2, 3)), 20_000)
    later = at(treasurer, date(2027, 1, 4))
    with pytest.raises(RuleViolation, match="has not ended yet"):
        periods.close_year(at(treasurer, date(2025, 12, 31)), 2025)
    with pytest.raises(RuleViolation, match="close November 2025 first"):
        periods.close_year(later, 2025)
    periods.close_month(later, 2025, 11)
    with pytest.raises(RuleViolation, match="close December 2025 first"):
        periods.close_year(later, 2025)
    periods.close_month(later, 2025, 12)
    for month in range(1, 13):
        periods.close_month(later, 2026, month)
    with pytest.raises(RuleViolation, match="Years close in order: close 2025 first"):
        periods.close_year(later, 2026)
    first = periods.close_year(later, 2025)
    assert first.entries == 1 and first.balances["vault"] == {"EUS": 10_000}
    second = periods.close_year(later, 2026)
    assert second.entries == 1 and second.balances["vault"] == {"EUS": 30_000}
    assert second.period_totals == {"notes_printed": {"EUS": {"debit": 0, "credit": 20_000}},
                                    "vault": {"EUS": {"debit": 20_000, "credit": 0}}}  # fmt: skip
    with pytest.raises(RuleViolation, match="The year 2026 is already closed"):
        periods.close_year(later, 2026)


def test_only_a_treasurer_or_an_administrator_closes(store, volunteer, admin):
    operations.receive_notes(at(admin, date(2026, 1, 12)), 10_000)
    with pytest.raises(PermissionDenied, match="may not close a month or a year"):
        periods.close_month(at(volunteer, date(2026, 2, 2)), 2026, 1)
    assert periods.close_month(at(admin, date(2026, 2, 2)), 2026, 1).seq == 1


def test_a_month_covers_up_to_its_last_entry_in_the_chain_even_written_late(store, treasurer):
    """An entry dated in January but written after one dated in February: January's closing
    covers it, and February's closing covers it too (the last entry dated on or before its end
    in the chain)."""
    operations.receive_notes(at(treasurer, date(2026, 1, 12)), 10_000)
    operations.receive_notes(at(treasurer, date(2026, 2, 2)), 10_000)
    late = operations.receive_notes(at(treasurer, date(2026, 1, 31)), 10_000)
    today = at(treasurer, date(2026, 4, 2))
    january = periods.close_month(today, 2026, 1)
    assert (january.last_txn, january.entries) == (late.seq, 2)
    february = periods.close_month(today, 2026, 2)
    assert (february.last_txn, february.entries) == (late.seq, 1)
    march = periods.close_month(today, 2026, 3)  # nothing in March: the same last entry
    assert march.last_txn == late.seq
    assert march.last_hash == demo_hash(store, late.seq)
    assert journal.verify(store).ok


def demo_hash(store, seq: int) -> str:
    return store.scalar("SELECT hash FROM txn WHERE seq = ?", (seq,))
