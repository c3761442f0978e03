"""`caisse balance`: the trial balance as a table and as JSON, at a date, and an unbalanced
journal reported with its exit code."""

from __future__ import annotations

import json

import pytest
from cli_support import assert_clean_failure

from caisse.cli.common import EXIT_BROKEN
from caisse.services import operations


@pytest.fixture
def books(volunteer, member, counter):
    operations.exchange(volunteer, member["number"], counter, 50_000)
    return volunteer.store


def run(caisse, db_path, *args):
    return caisse("--lang", "en", "--db", db_path, "balance", *args)


def test_the_table_lists_each_currency_with_its_totals(caisse, db_path, books):
    result = run(caisse, db_path)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Trial balance now"
    assert lines[2] == "EUR" and lines[3].split() == [
        "Number", "Account", "Debit", "Credit", "Balance",
    ]  # fmt: skip
    # the exchange of 500.00 and the member's fee of 15.00 in cash
    assert "530101  Till C01: exchange cash" in result.out
    till = next(line for line in lines if line.startswith("530101"))
    assert till.split()[-3:] == ["500.00", "0.00", "500.00"]
    total = next(line for line in lines if "Total EUR" in line)
    assert total.split()[-3:] == ["515.00", "515.00", "0.00"]
    assert any("Total EUS" in line for line in lines)
    entries = books.scalar("SELECT COUNT(*) FROM txn")
    assert lines[-1] == f"Summed from the journal's first entry: {entries} entries."
    assert result.err == ""


def test_json_at_a_date(caisse, db_path, books):
    result = run(caisse, db_path, "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["day"] is None and data["balanced"] is True
    till = next(r for r in data["rows"] if r["account"] == "till_fund:C01")
    assert (till["debit"], till["credit"], till["balance"]) == (50_000, 0, 50_000)
    assert till["number"] == "530101" and till["kind"] == "asset"
    assert [t["commodity"] for t in data["totals"]] == ["EUR", "EUS"]
    before = json.loads(run(caisse, db_path, "--date", "2000-01-01", "--json").out)
    assert before["day"] == "2000-01-01" and before["rows"] == []
    assert run(caisse, db_path, "--date", "2000-01-01").out.splitlines()[-1] == (
        "No entry in the journal yet."
    )


def test_a_wrong_date_is_refused(caisse, db_path, books):
    assert_clean_failure(run(caisse, db_path, "--date", "31/12/2026"), 2)


def test_an_unbalanced_journal_is_reported(caisse, db_path, books):
    seq = books.scalar("SELECT MAX(seq) FROM txn") + 1
    with books.transaction():
        books.execute(
            "INSERT INTO txn (seq, at, actor, operation, prev_hash, hash) "
            "VALUES (?, '2026-01-01T00:00:00+01:00', 'x', 'forged', 'x', 'y')",
            (seq,),
        )
        books.execute(
            "INSERT INTO posting (txn_seq, line, account, commodity, amount) "
            "VALUES (?, 1, 'guarantee_bank', 'EUR', 500)",
            (seq,),
        )
    result = run(caisse, db_path)
    assert result.code == EXIT_BROKEN
    assert result.err.strip() == (
        "The EUR debits and credits differ by 5.00: the journal is not balanced. Run caisse verify."
    )
    assert json.loads(run(caisse, db_path, "--json").out)["balanced"] is False
