"""Period closings are append-only and chained; SQLite itself refuses an entry dated in a
closed period; verify names a tampered closing and an entry slipped in behind one."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, datetime

import pytest
from tests.conftest import FixedClock

from caisse.domain.errors import RuleViolation
from caisse.domain.journal import Entry, Line
from caisse.services import periods
from caisse.store import journal


def entry(actor: str, day: str, units: int = 10_000) -> Entry:
    return Entry(
        at=f"{day}T10:00:00+01:00",
        actor=actor,
        operation="receive_notes",
        lines=(Line("vault", "EUS", units), Line("notes_printed", "EUS", -units)),
    )


def append(store, item: Entry) -> journal.Written:
    with store.transaction():
        return journal.append(store, item)


@pytest.fixture
def closed(store, treasurer):
    """Entries in January and February 2026, January closed."""
    for day in ("2026-01-05", "2026-01-31", "2026-02-01"):
        append(store, entry(treasurer.actor.uid, day))
    clock = FixedClock(datetime(2026, 2, 10, 9).astimezone())
    periods.close_month(replace(treasurer, clock=clock), 2026, 1)
    return treasurer


def tamper(path, *sql: str, drop: tuple[str, ...] = ()) -> None:
    """What someone with the sqlite3 shell could do: drop guards, then edit."""
    conn = sqlite3.connect(path)
    for name in drop:
        conn.execute(f"DROP TRIGGER {name}")
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


def test_the_closing_records_the_last_entry_and_the_chain_verifies(store, closed):
    (closing,) = periods.closings(store)
    assert (closing.seq, closing.entries, closing.last_txn) == (1, 2, 2)
    assert closing.last_hash == store.scalar("SELECT hash FROM txn WHERE seq = 2")
    assert closing.period_totals == {"notes_printed": {"EUS": {"debit": 0, "credit": 20_000}},
                                     "vault": {"EUS": {"debit": 20_000, "credit": 0}}}  # fmt: skip
    report = journal.verify(store)
    assert report.ok, report.problems


def test_sqlite_refuses_an_entry_dated_in_a_closed_period(store, closed):
    conn = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.IntegrityError, match="dated in a closed period"):
        conn.execute(
            "INSERT INTO txn (seq, at, actor, operation, prev_hash, hash) "
            "VALUES (4, '2026-01-31T23:59:59+01:00', 'x', 'x', 'x', 'x')"
        )
    for sql in ("UPDATE period_closing SET entries = 3", "DELETE FROM period_closing"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(sql)
    conn.close()


def test_the_journal_says_why_a_back_dated_entry_is_refused(store, closed):
    count = store.scalar("SELECT COUNT(*) FROM txn")
    with pytest.raises(RuleViolation) as refused:
        append(store, entry(closed.actor.uid, "2026-01-31"))
    assert str(refused.value) == (
        "The entry is dated 2026-01-31, in a period closed up to 2026-01-31: a closed period "
        "never changes. Record it, or its correction, with today's date."
    )
    assert store.scalar("SELECT COUNT(*) FROM txn") == count
    assert append(store, entry(closed.actor.uid, "2026-02-01")).seq == count + 1


def test_a_tampered_closing_is_named(store, closed):
    tamper(
        store.path,
        "UPDATE period_closing SET period_totals = replace(period_totals, '20000', '2000')",
        drop=("period_closing_no_update",),
    )
    problems = journal.verify(store).problems
    messages = [p.message.format(**p.values) for p in problems]
    assert "Period closing 1 (2026-01-01 to 2026-01-31) was altered after it was written." in (
        messages
    )
    assert any("period_closing_no_update" in m for m in messages)  # the guard is missed too


def test_entries_deleted_from_the_end_are_found_by_the_closing(store, closed):
    tamper(
        store.path,
        "DELETE FROM posting WHERE txn_seq >= 2",
        "DELETE FROM txn WHERE seq >= 2",
        drop=("txn_no_delete", "posting_no_delete"),
    )
    problems = journal.verify(store).problems
    assert any(p.values.get("closing") == 1 and p.seq == 2 for p in problems)


def test_an_entry_slipped_into_a_closed_period_is_named(store, closed, monkeypatch):
    monkeypatch.setattr(journal, "_refuse_closed_period", lambda store, entry: None)
    tamper(store.path, drop=("txn_not_in_closed_period",))
    slipped = append(store, entry(closed.actor.uid, "2026-01-20"))
    problems = journal.verify(store).problems
    assert [p.seq for p in problems if "written after it" in p.message] == [slipped.seq]


def test_a_closing_runs_inside_a_transaction_only(store, closed):
    (closing,) = periods.closings(store)
    with pytest.raises(RuntimeError):
        from caisse.store import period_closings

        period_closings.append(store, closing)
    assert periods.closed_until(store) == date(2026, 1, 31)
