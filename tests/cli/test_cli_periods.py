"""`caisse close month|year|list`: months closed in order then the year, and the refusals,
which write nothing."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

import pytest
from cli_support import TREASURER_PASSWORD, VOLUNTEER_PIN, assert_clean_failure
from tests.conftest import FixedClock

from caisse.services import counters, operations, sessions
from caisse.services.context import Context


def on(ctx: Context, year: int, month: int, day: int) -> Context:
    return replace(ctx, clock=FixedClock(datetime(year, month, day, 10).astimezone()))


@pytest.fixture
def run(caisse, db_path, monkeypatch):
    def as_user(*args, password=TREASURER_PASSWORD):
        monkeypatch.setenv("CAISSE_PASSWORD", password)
        return caisse("--lang", "en", "--db", db_path, "close", *args)

    return as_user


@pytest.fixture
def year_2024(store, treasurer):
    """Notes received in January and in March 2024: long past, so every month has ended."""
    operations.receive_notes(on(treasurer, 2024, 1, 8), 100_000)
    operations.receive_notes(on(treasurer, 2024, 1, 9), 50_000)
    operations.receive_notes(on(treasurer, 2024, 3, 4), 20_000)


def written(store) -> tuple[int, int]:
    return (
        store.scalar("SELECT COUNT(*) FROM txn"),
        store.scalar("SELECT COUNT(*) FROM period_closing"),
    )


def test_months_then_the_year_close_and_are_listed(run, caisse, db_path, store, year_2024):
    first = run("month", "2024-01", "--user", "tresor")
    assert first.code == 0, first.err
    assert first.out.startswith(
        "January 2024 closed (period closing 1): 2 entries, up to journal entry 2; hash "
    )
    for month in range(2, 13):
        result = run("month", f"2024-{month}", "--user", "tresor")
        assert result.code == 0, result.err
    year = run("year", "2024", "--user", "tresor")
    assert year.code == 0, year.err
    assert "2024 closed (period closing 13): 3 entries, up to journal entry 3" in year.out
    listed = run("list")
    assert listed.code == 0
    lines = listed.out.splitlines()
    assert len(lines) == 13
    assert lines[0].startswith("1. month January 2024: 2 entries, up to journal entry 2, closed")
    assert lines[-1].startswith("13. year 2024: 3 entries, up to journal entry 3, closed")
    records = json.loads(run("list", "--json").out)
    assert records[-1]["balances"] == {"notes_printed": {"EUS": -170_000},
                                       "vault": {"EUS": 170_000}}  # fmt: skip
    verified = caisse("--lang", "en", "--db", db_path, "verify")
    assert verified.code == 0, verified.out + verified.err


def test_refusals_say_why_and_write_nothing(run, store, admin, treasurer, year_2024):
    counters.create(admin, "C01", "Bayonne")
    sessions.open_session(on(treasurer, 2024, 1, 31), "C01", sessions.TillCount())
    before = written(store)
    open_till = run("month", "2024-01", "--user", "tresor")
    assert_clean_failure(open_till, 5)
    assert "The till of C01 is still open since 31 January 2024" in open_till.err
    out_of_order = run("month", "2024-02", "--user", "tresor")
    assert_clean_failure(out_of_order, 5)
    assert "close January 2024 before February 2024" in out_of_order.err
    year = run("year", "2024", "--user", "tresor")
    assert_clean_failure(year, 5)
    assert "close January 2024 first" in year.err
    assert_clean_failure(run("month", "2024-13", "--user", "tresor"), 2)
    assert_clean_failure(run("month", "January", "--user", "tresor"), 2)
    assert written(store) == before


def test_a_volunteer_may_not_close(run, store, volunteer, year_2024):
    refused = run("month", "2024-01", "--user", "benevole", password=VOLUNTEER_PIN)
    assert_clean_failure(refused, 4)
    assert "may not close a month or a year" in refused.err
    assert written(store) == (3, 0)


def test_nothing_closed_yet(run, store):
    result = run("list")
    assert result.code == 0
    assert result.out.strip() == "No month or year is closed yet."
