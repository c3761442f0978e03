"""`caisse export fec|csv|ledger`: the files written, their default names, and refusals."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest
from cli_support import assert_clean_failure

from caisse.services import operations


@pytest.fixture
def books(volunteer, member, counter):
    operations.exchange(volunteer, member["number"], counter, 50_000)
    return volunteer.store


def run(caisse, db_path, *args):
    return caisse("--lang", "en", "--db", db_path, "export", *args)


def entry_year(store) -> int:
    return int(store.scalar("SELECT substr(MIN(at), 1, 4) FROM txn"))


def test_fec_of_a_year_goes_to_its_legal_name_in_the_current_folder(
    caisse, db_path, books, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    year = entry_year(books)
    result = run(caisse, db_path, "fec", "--year", str(year))
    assert result.code == 0, result.err
    path = tmp_path / f"000000000FEC{year}1231.txt"
    assert result.out.strip() == f"FEC written to {path.name}."
    lines = path.read_bytes().decode("iso-8859-15").split("\r\n")
    assert lines[0].split("\t")[:3] == ["JournalCode", "JournalLib", "EcritureNum"]
    exchange = [line.split("\t") for line in lines[1:] if "\tExchange\t" in line]
    assert sorted((row[4], row[11], row[12]) for row in exchange) == [
        ("467100", "0,00", "500,00"),
        ("530101", "500,00", "0,00"),
    ]


def test_fec_to_a_file_given(caisse, db_path, books, tmp_path):
    target = tmp_path / "books.txt"
    result = run(caisse, db_path, "fec", "-o", target)
    assert result.code == 0, result.err
    assert target.read_bytes().startswith(b"JournalCode\tJournalLib\t")


def test_csv_to_the_output_and_to_a_file(caisse, db_path, books, tmp_path):
    target = tmp_path / "journal.csv"
    result = run(caisse, db_path, "csv", "--year", str(entry_year(books)), "-o", target)
    assert result.code == 0, result.err
    assert result.out.strip() == f"Journal written to {target}."
    text = target.read_bytes().decode("utf-8-sig")
    assert text.startswith("Entry;Date;Time;Operation;")
    assert ";till_fund:C01;530101;Till C01: exchange cash;EUR;500.00;\r\n" in text
    assert ";circulation;803000;Notes in circulation;EUS;500.00;\r\n" in text


def test_ledger_to_the_output_for_hledger_by_default(caisse, db_path, books):
    result = run(caisse, db_path, "ledger")
    assert result.code == 0, result.err
    assert "    Assets:TillFund:C01  500.00 EUR\n" in result.out
    beancount = run(caisse, db_path, "ledger", "--dialect", "beancount")
    assert 'option "operating_currency" "EUR"' in beancount.out


@pytest.mark.skipif(shutil.which("hledger") is None, reason="hledger is not installed")
def test_hledger_reads_the_file_written(caisse, db_path, books, tmp_path):
    target = tmp_path / "books.journal"
    assert run(caisse, db_path, "ledger", "-o", target).code == 0
    done = subprocess.run(
        ["hledger", "-f", str(target), "bal", "Assets:TillFund", "-N"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["500.00", "EUR", "Assets:TillFund:C01"]


def test_bad_dates_are_refused_and_nothing_written(caisse, db_path, books, tmp_path):
    target = tmp_path / "books.txt"
    wrong = run(caisse, db_path, "fec", "--from", "2026-13-01", "-o", target)
    assert_clean_failure(wrong, 2)
    assert "is not a date: write it as YYYY-MM-DD" in wrong.err
    swapped = run(caisse, db_path, "fec", "--from", "2026-02-01", "--to", "2026-01-01",
                  "-o", target)  # fmt: skip
    assert_clean_failure(swapped, 2)
    both = run(caisse, db_path, "csv", "--year", "2026", "--to", str(date(2026, 1, 1)))
    assert_clean_failure(both, 2)
    assert not target.exists()
