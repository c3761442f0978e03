"""The trial balance: equal to the journal summed by hand, now and at the end of any day, with
or without period closings to start from, and to the balances hledger computes from the export;
an unbalanced journal is said to be so."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from tests.conftest import FixedClock

from caisse.services import auth, demo, exports, operations, periods
from caisse.services.context import Context
from caisse.services.trial_balance import trial_balance
from caisse.store import journal, open_store

Figures = dict[tuple[str, str], tuple[int, int]]


def by_hand(store, day: date | None = None) -> Figures:
    """Debits and credits per (account, commodity), entry by entry, up to the end of ``day``."""
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for _seq, entry, _prev, _hash in journal.entries(store):
        if day is not None and entry.at[:10] > day.isoformat():
            continue
        for line in entry.lines:
            into = sums[(line.account, line.commodity)]
            into[0 if line.amount > 0 else 1] += abs(line.amount)
    return {key: (d, c) for key, (d, c) in sums.items() if d or c}


def figures(found) -> Figures:
    return {(r.account, r.commodity): (r.debit, r.credit) for r in found.rows}


def at(ctx: Context, day: date) -> Context:
    return replace(ctx, clock=FixedClock(datetime(day.year, day.month, day.day, 10).astimezone()))


@pytest.fixture(scope="module")
def demo_months(tmp_path_factory):
    """The demo's activity from May 2024 to the end of June 2025, built once."""
    path = tmp_path_factory.mktemp("trial") / "demo.db"
    demo.build(path, seed=11, members=60, partners=10, counters=2, days=420,
               today=date(2025, 6, 30))  # fmt: skip
    return path


@pytest.fixture
def demo_store(demo_months, tmp_path):
    copy = tmp_path / "demo.db"
    source = open_store(demo_months)
    source.backup_to(copy)
    source.close()
    store = open_store(copy)
    yield store
    store.close()


def test_now_it_is_the_journal_summed_by_hand(demo_store):
    found = trial_balance(demo_store)
    assert figures(found) == by_hand(demo_store)
    assert found.balances() == {k: v for k, v in journal.balances(demo_store).items() if v}
    assert found.closing is None
    assert found.entries_after == demo_store.scalar("SELECT COUNT(*) FROM txn")
    assert [t.commodity for t in found.totals] == ["EUR", "LEZ"]
    assert found.balanced and all(t.debit == t.credit > 0 for t in found.totals)
    for total in found.totals:
        rows = [r for r in found.rows if r.commodity == total.commodity]
        assert total.debit == sum(r.debit for r in rows)
        assert total.credit == sum(r.credit for r in rows)
    # every euro row before every unit row, each currency in the order of the account numbers
    assert [r.commodity for r in found.rows] == sorted(
        (r.commodity for r in found.rows), key=lambda c: c != "EUR"
    )
    till = next(r for r in found.rows if r.account.startswith("till_fund:"))
    counter = till.account.split(":")[1]
    assert (till.name, till.kind) == (f"Till {counter}: exchange cash", "asset")
    assert till.number == demo_store.scalar(
        "SELECT pcg FROM account WHERE key = ?", (till.account,)
    )


def test_at_the_end_of_a_day_it_holds_the_entries_up_to_that_day(demo_store):
    for day in (date(2024, 5, 1), date(2024, 9, 15), date(2025, 2, 28)):
        found = trial_balance(demo_store, day)
        assert figures(found) == by_hand(demo_store, day), day
        assert found.day == day and found.balanced
    assert trial_balance(demo_store, date(2000, 1, 1)).rows == ()


def test_from_the_closings_it_gives_the_same_figures(demo_store):
    treasurer = at(auth.system_context(demo_store, "tresorier"), date(2025, 7, 2))
    first = periods.next_month(demo_store)
    assert first == (2024, 5)
    for month in range(5, 13):
        periods.close_month(treasurer, 2024, month)
    periods.close_year(treasurer, 2024)
    for month in range(1, 4):
        periods.close_month(treasurer, 2025, month)
    # operations after the last closing count too
    operations.receive_notes(treasurer, 25_000)
    cases = {
        date(2024, 12, 31): ("year", "2024-01-01"),
        date(2025, 1, 10): ("year", "2024-01-01"),
        date(2025, 2, 28): ("month", "2025-02-01"),
        date(2025, 5, 20): ("month", "2025-03-01"),
    }
    for day, (kind, start) in cases.items():
        found = trial_balance(demo_store, day)
        assert found.closing is not None
        assert (found.closing.kind, found.closing.period_start) == (kind, start), day
        assert figures(found) == by_hand(demo_store, day), day
        after = date.fromisoformat(found.closing.period_end) + timedelta(days=1)
        counted = demo_store.scalar(
            "SELECT COUNT(*) FROM txn WHERE at >= ? AND at < ?",
            (after.isoformat(), (day + timedelta(days=1)).isoformat()),
        )
        assert found.entries_after == counted
    # now, the figures are the running balances' own, whatever was closed
    now = trial_balance(demo_store)
    assert now.closing is None and figures(now) == by_hand(demo_store, None)
    assert now.entries_after == demo_store.scalar("SELECT COUNT(*) FROM txn")
    vault = now.balances()[("vault", "LEZ")]
    before = trial_balance(demo_store, date(2025, 6, 30)).balances()[("vault", "LEZ")]
    assert vault == before + 25_000
    # before the first closing, the journal is summed from its start
    early = trial_balance(demo_store, date(2024, 5, 20))
    assert early.closing is None and figures(early) == by_hand(demo_store, date(2024, 5, 20))


@pytest.mark.skipif(shutil.which("hledger") is None, reason="hledger is not installed")
def test_hledger_finds_the_same_balances(demo_store, tmp_path: Path):
    path = tmp_path / "books.journal"
    path.write_text(exports.ledger_text(demo_store, "hledger"), encoding="utf-8")
    chart = exports.accounts(demo_store)
    for day in (None, date(2024, 12, 31)):
        option = [] if day is None else ["-e", (day + timedelta(days=1)).isoformat()]
        done = subprocess.run(
            ["hledger", "-f", str(path), "bal", "-O", "csv", "--layout=bare", "-N", *option],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        rows = list(csv.reader(io.StringIO(done.stdout)))[1:]
        found = {(a, c): Decimal(b) for a, c, b in rows if Decimal(b)}
        expected = {
            (exports.ledger_account(chart[account]), commodity): Decimal(cents) / 100
            for (account, commodity), cents in trial_balance(demo_store, day).balances().items()
        }
        assert found == expected and len(found) > 10


def test_an_unbalanced_journal_is_said_to_be(store, treasurer):
    operations.receive_notes(treasurer, 10_000)
    assert trial_balance(store).balanced
    # an entry written behind the program's back, with one line only
    with store.transaction():
        store.execute(
            "INSERT INTO txn (seq, at, actor, operation, prev_hash, hash) "
            "VALUES (2, '2026-01-01T00:00:00+01:00', 'x', 'forged', 'x', 'y')"
        )
        store.execute(
            "INSERT INTO posting (txn_seq, line, account, commodity, amount) "
            "VALUES (2, 1, 'guarantee_bank', 'EUR', 500)"
        )
    found = trial_balance(store)
    assert not found.balanced
    euros = next(t for t in found.totals if t.commodity == "EUR")
    assert (euros.debit, euros.credit, euros.balance, euros.balanced) == (500, 0, 500, False)
    assert next(t for t in found.totals if t.commodity == "EUS").balanced


def test_an_empty_journal_has_no_row(store):
    found = trial_balance(store)
    assert found.rows == () and found.totals == () and found.balanced


def test_names_in_french(store, treasurer, french):
    operations.receive_notes(treasurer, 10_000)
    names = {r.account: r.name for r in trial_balance(store).rows}
    assert names["vault"] == "Coffre\u00a0: billets non émis"
