"""`caisse bank import|status|lines|match|unmatch`: a month's statement reconciled from the
command line, and its refusals."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from cli_support import TREASURER_PASSWORD, VOLUNTEER_PIN, assert_clean_failure
from till_support import runner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "services"))

from bank_month import STATEMENTS, make_month

from caisse.services import bank

CA = STATEMENTS / "credit_agricole.csv"


@pytest.fixture
def run(caisse, db_path, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", TREASURER_PASSWORD)
    return runner(caisse, db_path)


@pytest.fixture
def month(admin, treasurer, volunteer):
    return make_month(admin, treasurer, volunteer)


def bank_rows(store) -> tuple:
    return tuple(
        store.scalar(f"SELECT COUNT(*) FROM {t}")
        for t in ("bank_statement", "bank_line", "bank_match", "txn")
    )


def test_import_prints_what_it_read_skipped_and_matched(run, store, month):
    first = run("bank", "import", CA, "--user", "tresor")
    assert first.code == 0, first.err
    assert "credit_agricole.csv (Débit/Crédit · ; · UTF-8): 6 line(s) read." in first.out
    assert "New lines: 6; already imported, skipped: 0." in first.out
    assert "Matched automatically: 5; unmatched lines: 1." in first.out
    again = run("bank", "import", CA, "--user", "tresor")
    assert "New lines: 0; already imported, skipped: 6." in again.out
    assert store.scalar("SELECT COUNT(*) FROM bank_line") == 6


def test_a_dry_run_writes_nothing(run, store, month):
    before = bank_rows(store)
    result = run("bank", "import", STATEMENTS / "banque_postale.csv", "--dry-run", "--user",
                 "tresor")  # fmt: skip
    assert result.code == 0, result.err
    assert result.out.startswith("Dry run: nothing was written.")
    assert "Matched automatically: 5" in result.out
    assert bank_rows(store) == before


def test_status_reconciles_and_says_what_awaits(run, store, month):
    assert "No bank statement imported yet" in run("bank", "status").out
    run("bank", "import", CA, "--user", "tresor")
    text = run("bank", "status")
    assert text.code == 0, text.err
    assert "Statements from 2026-10-05 to 2026-10-31 (1 file(s), 6 line(s))." in text.out
    assert "Entries awaiting the bank (1)" in text.out
    assert "Reconciled." in text.out
    data = json.loads(run("bank", "status", "--json").out)
    assert data["difference"] == 0
    assert data["statement_balance"] == 64_350
    assert data["reconciled_balance"] == data["journal_balance"] == 71_800


def test_lines_match_and_unmatch_by_hand(run, store, month):
    run("bank", "import", STATEMENTS / "credit_mutuel.csv", "--user", "tresor")
    unmatched = run("bank", "lines", "--unmatched")
    [fee] = unmatched.out.strip().splitlines()
    assert "FRAIS TENUE DE COMPTE" in fee and "unmatched" in fee
    weak = next(r for r in bank.lines(store) if r["seqs"] == [month.bd1003])
    undone = run("bank", "unmatch", str(weak["id"]), "--user", "tresor")
    assert undone.code == 0, undone.err
    assert f"statement line(s) {weak['id']} unmatched" in undone.out
    redone = run("bank", "match", str(weak["id"]), str(month.bd1003), "--user", "tresor")
    assert redone.code == 0, redone.err
    listed = run("bank", "lines").out
    assert f"#{month.bd1003}" in listed


def test_refusals_are_one_clean_line_and_write_nothing(run, store, month, tmp_path, monkeypatch):
    run("bank", "import", CA, "--user", "tresor")
    before = bank_rows(store)
    broken = tmp_path / "broken.csv"
    broken.write_text("Date;Libellé;Montant\n01/11/2026;A;1,00\n02/11/2026;B;douze\n")
    refused = run("bank", "import", broken, "--user", "tresor")
    assert_clean_failure(refused, 2)
    assert 'Line 3 of the statement: "douze" is not an amount' in refused.err
    fee = bank.lines(store, unmatched_only=True)[0]["id"]
    differ = run("bank", "match", str(fee), str(month.bd1004), "--user", "tresor")
    assert_clean_failure(differ, 5)
    assert "come to -€4.50, the journal entry(ies) to €50.00" in differ.err
    assert_clean_failure(run("bank", "match", "x1", "3", "--user", "tresor"), 2)
    assert_clean_failure(run("bank", "unmatch", str(fee), "--user", "tresor"), 5)
    monkeypatch.setenv("CAISSE_PASSWORD", VOLUNTEER_PIN)
    assert_clean_failure(run("bank", "import", CA, "--user", "benevole"), 4)
    assert bank_rows(store) == before
