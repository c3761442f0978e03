"""Accounting exports: the FEC checked column by column, the CSV read back, and the plain-text
journal loaded by hledger and Beancount themselves, their balances equal to Caisse's."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from caisse.domain.errors import InputError
from caisse.services import (
    exports,
    ledger,
    members,
    operations,
    partners,
    settings,
    trial_balance,
)
from caisse.services.settings import Association
from caisse.store import journal

IBAN = "FR14 2004 1010 0505 0001 3M02 606"


@pytest.fixture
def books(volunteer, treasurer, member, counter):
    """A fee, two exchanges (one corrected), a partner's fee and reconversion, its payment."""
    store = volunteer.store
    operations.exchange(volunteer, member["number"], counter, 50_000)
    wrong = operations.exchange(volunteer, member["number"], counter, 1_200)
    ledger.correct(treasurer, wrong.seq, "typed twice")
    partner = members.create(
        volunteer,
        members.MemberFields(kind="organisation", organisation="Librairie Elkar", is_partner=True),
    )
    operations.pay_membership(volunteer, partner["number"], counter, "organisation")
    receipt = partners.reconvert(treasurer, partner["number"], counter, 20_000, iban=IBAN)
    partners.mark_paid(treasurer, receipt.seq, "VIR-2026-001")
    return store


def entry_year(store) -> int:
    return int(store.scalar("SELECT substr(MIN(at), 1, 4) FROM txn"))


FEC_HEADER = list(exports.FEC_COLUMNS)


def fec_rows(data: bytes) -> list[list[str]]:
    text = data.decode("iso-8859-15")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return [line.split("\t") for line in text.split("\r\n")[:-1]]


def cents(text: str) -> int:
    assert re.fullmatch(r"\d+,\d\d", text), text
    return int(text.replace(",", ""))


def test_the_fec_has_the_18_columns_in_order_and_balances_per_entry(books):
    rows = fec_rows(exports.fec(books))
    assert rows[0] == [
        "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
        "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit",
        "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise",
    ]  # fmt: skip
    body = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    per_entry: dict[str, int] = defaultdict(int)
    for row in body:
        for column in ("EcritureDate", "PieceDate", "ValidDate"):
            assert re.fullmatch(r"20\d\d[01]\d[0-3]\d", row[column]), row
        debit, credit = cents(row["Debit"]), cents(row["Credit"])
        assert (debit == 0) != (credit == 0), row  # one side only, the other 0,00
        per_entry[row["EcritureNum"]] += debit - credit
        assert row["CompteNum"].isdigit() and row["CompteLib"] and row["EcritureLib"]
        assert row["PieceRef"]
        for column in ("CompAuxNum", "EcritureLet", "DateLet", "Montantdevise", "Idevise"):
            assert row[column] == ""
    assert all(total == 0 for total in per_entry.values())
    # one number per entry with euro lines, continuous from 1; the notes' supply is left out
    euro_entries = books.scalar(
        "SELECT COUNT(DISTINCT txn_seq) FROM posting WHERE commodity = 'EUR'"
    )
    assert sorted(per_entry, key=int) == [str(n) for n in range(1, euro_entries + 1)]
    assert books.scalar("SELECT COUNT(*) FROM txn") > euro_entries
    journals = {row["EcritureLib"]: (row["JournalCode"], row["JournalLib"]) for row in body}
    assert journals["Exchange"] == ("CH", "Exchanges")
    assert journals["Membership fee"] == ("AD", "Membership fees")
    assert journals["Reconversion"] == ("RC", "Reconversions and vouchers redeemed")
    assert journals["Payment to a partner"] == ("BQ", "Bank")
    corrected = books.scalar("SELECT reverses FROM txn WHERE reverses IS NOT NULL")
    assert journals[f"Correction of entry {corrected}: Exchange"] == ("CH", "Exchanges")
    exchange = next(r for r in body if r["EcritureLib"] == "Exchange")
    assert exchange["PieceRef"].startswith("C01-")
    assert {r["CompteLib"] for r in body} >= {"Till C01: exchange cash", "Membership fees"}


def test_the_fec_totals_equal_caisse_s_euro_balances_by_account_number(books):
    numbers = dict(books.execute("SELECT key, pcg FROM account"))
    expected: dict[str, int] = defaultdict(int)
    for (account, commodity), amount in journal.balances(books).items():
        if commodity == "EUR":
            expected[numbers[account]] += amount
    found: dict[str, int] = defaultdict(int)
    for row in fec_rows(exports.fec(books))[1:]:
        found[row[4]] += cents(row[11]) - cents(row[12])
    assert {k: v for k, v in found.items() if v} == {k: v for k, v in expected.items() if v}
    assert not any(number.startswith("8") for number in found)  # the notes stay off the FEC


def test_the_fec_uses_the_account_numbers_the_administrator_maps(books):
    with books.transaction():
        books.execute("UPDATE account SET pcg = '531000' WHERE key = 'till_fund:C01'")
    numbers = {row[4] for row in fec_rows(exports.fec(books))[1:]}
    assert "531000" in numbers and "530101" not in numbers


def test_the_fec_of_one_year_holds_that_year_only(books):
    year = entry_year(books)
    assert exports.fec(books, year) == exports.fec(books)
    assert len(fec_rows(exports.fec(books, year - 1))) == 1  # the header alone
    before = exports.fec(books, date_to=date(year - 1, 12, 31))
    assert len(fec_rows(before)) == 1
    with pytest.raises(InputError, match="before it starts"):
        exports.fec(books, date_from=date(year, 2, 1), date_to=date(year, 1, 1))
    with pytest.raises(InputError, match="either a year or dates"):
        exports.fec(books, year, date_from=date(year, 1, 1))


def test_the_fec_in_french_is_written_in_iso_8859_15(books, french):
    data = exports.fec(books)
    text = data.decode("iso-8859-15")
    assert "Caisse C01 : espèces du change" in text
    assert "espèces".encode("iso-8859-15") in data and "espèces".encode() not in data
    assert "\tCotisations\t" in text


def test_the_fec_is_named_from_the_siren(books, admin):
    assert exports.fec_filename(books, date(2026, 12, 31)) == "000000000FEC20261231.txt"
    settings.set_association(admin, Association("Monnaie Test", siret="732 829 320 00074"))
    assert exports.fec_filename(books, date(2026, 12, 31)) == "732829320FEC20261231.txt"


def test_the_csv_reads_back_to_every_line_and_caisse_s_balances(books):
    data = exports.journal_csv(books)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:3] == ["Entry", "Date", "Time"] and rows[0][-2:] == ["Debit", "Credit"]
    assert len(rows) - 1 == books.scalar("SELECT COUNT(*) FROM posting")
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for row in rows[1:]:
        debit, credit = (int(Decimal(v) * 100) if v else 0 for v in row[-2:])
        totals[(row[7], row[10])] += debit - credit
    expected = {k: v for k, v in journal.balances(books).items() if v}
    assert {k: v for k, v in totals.items() if v} == expected
    assert {commodity for _account, commodity in totals} == {"EUR", "EUS"}


def test_the_csv_in_french_has_decimal_commas(books, french):
    rows = list(
        csv.reader(io.StringIO(exports.journal_csv(books).decode("utf-8-sig")), delimiter=";")
    )
    amounts = [v for row in rows[1:] for v in row[-2:] if v]
    assert amounts and all(re.fullmatch(r"\d+,\d\d", v) for v in amounts)


def expected_ledger_balances(store) -> dict[tuple[str, str], Decimal]:
    chart = exports.accounts(store)
    return {
        (exports.ledger_account(chart[account]), commodity): Decimal(amount) / 100
        for (account, commodity), amount in journal.balances(store).items()
        if amount
    }


@pytest.mark.skipif(shutil.which("hledger") is None, reason="hledger is not installed")
def test_hledger_balances_equal_caisse_s(books, tmp_path: Path):
    path = tmp_path / "books.journal"
    path.write_text(exports.ledger_text(books, "hledger"), encoding="utf-8")
    done = subprocess.run(
        ["hledger", "-f", str(path), "bal", "-O", "csv", "--layout=bare", "-N"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0] == ["account", "commodity", "balance"]
    found = {(a, c): Decimal(b) for a, c, b in rows[1:] if Decimal(b)}
    assert found == expected_ledger_balances(books)
    assert {c for _a, c in found} == {"EUR", "EUS"}


def test_beancount_balances_equal_caisse_s(books, tmp_path: Path):
    loader = pytest.importorskip("beancount.loader")
    path = tmp_path / "books.beancount"
    path.write_text(exports.ledger_text(books, "beancount"), encoding="utf-8")
    if shutil.which("bean-check"):
        done = subprocess.run(["bean-check", str(path)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
    entries, errors, _options = loader.load_file(str(path))
    assert errors == []
    found: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for entry in entries:
        for posting in getattr(entry, "postings", ()):
            found[(posting.account, posting.units.currency)] += posting.units.number
    assert {k: v for k, v in found.items() if v} == expected_ledger_balances(books)


def test_the_ledger_text_names_accounts_both_programs_accept(books):
    text = exports.ledger_text(books, "hledger")
    assert "    Assets:TillFund:C01  500.00 EUR" in text
    assert "    Equity:OffBalance:Circulation  500.00 EUS" in text
    assert "commodity 1000.00 EUS" in text
    beancount = exports.ledger_text(books, "beancount")
    assert re.search(r"^\d{4}-\d\d-\d\d open Assets:TillFund:C01$", beancount, re.M)
    with pytest.raises(InputError, match="Unknown format"):
        exports.ledger_text(books, "gnucash")


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    """The demo's activity from May 2024 to the end of June 2025, built once."""
    from caisse.services import demo
    from caisse.store import open_store

    path = tmp_path_factory.mktemp("fec") / "demo.db"
    demo.build(path, seed=5, members=60, partners=10, counters=2, days=420,
               today=date(2025, 6, 30))  # fmt: skip
    store = open_store(path)
    yield store
    store.close()


def euro_balances_by_number(store, day: date | None, kinds=("asset", "liability")):
    rows = trial_balance.trial_balance(store, day).rows
    result: dict[str, int] = defaultdict(int)
    for row in rows:
        if row.commodity == "EUR" and row.kind in kinds:
            result[row.number] += row.balance
    return {k: v for k, v in result.items() if v}


def test_the_fec_of_a_year_opens_with_the_balances_brought_forward(two_years):
    store = two_years
    rows = fec_rows(exports.fec(store, 2025))
    assert all(len(row) == 18 for row in rows)
    body = [dict(zip(FEC_HEADER, row, strict=True)) for row in rows[1:]]
    opening = [row for row in body if row["JournalCode"] == "AN"]
    assert body[: len(opening)] == opening  # the first entry, number 1
    for row in opening:
        assert (row["JournalLib"], row["EcritureNum"]) == ("Opening balances", "1")
        assert row["EcritureDate"] == row["PieceDate"] == row["ValidDate"] == "20250101"
        assert row["EcritureLib"] == "Balances brought forward from 2024"
        assert row["PieceRef"] == "AN2025"
    carried: dict[str, int] = defaultdict(int)
    for row in opening:
        debit, credit = cents(row["Debit"]), cents(row["Credit"])
        assert (debit == 0) != (credit == 0), row
        carried[row["CompteNum"]] += debit - credit
    # the balance sheet at the end of 2024, and the result of 2024 carried as retained earnings
    result = sum(euro_balances_by_number(store, date(2024, 12, 31), ("income", "expense")).values())
    assert result < 0  # fees and commissions: a profit, a credit balance
    expected = euro_balances_by_number(store, date(2024, 12, 31))
    assert carried == {**expected, "110000": result}
    retained = next(row for row in opening if row["CompteNum"] == "110000")
    assert retained["CompteLib"] == "Retained earnings (credit balance)"
    assert sum(carried.values()) == 0
    # every entry balances, numbered 1, 2, 3… in the order of the file
    per_entry: dict[int, int] = defaultdict(int)
    for row in body:
        per_entry[int(row["EcritureNum"])] += cents(row["Debit"]) - cents(row["Credit"])
    assert list(per_entry) == list(range(1, len(per_entry) + 1))
    assert set(per_entry.values()) == {0}
    assert {row["EcritureDate"][:4] for row in body} == {"2025"}
    # the opening entry and the year's lines add up to the balance sheet at the end of the year
    closing: dict[str, int] = defaultdict(int)
    for row in body:
        closing[row["CompteNum"]] += cents(row["Debit"]) - cents(row["Credit"])
    assert {k: v for k, v in closing.items() if v and k[0] in "45"} == euro_balances_by_number(
        store, date(2025, 12, 31)
    )


def test_the_first_year_and_a_period_not_from_january_have_no_opening_entry(two_years):
    codes = {row[0] for row in fec_rows(exports.fec(two_years, 2024))[1:]}
    assert "AN" not in codes and codes
    mid_year = fec_rows(exports.fec(two_years, date_from=date(2025, 2, 1)))
    assert "AN" not in {row[0] for row in mid_year[1:]}
    assert {row[3][:6] for row in mid_year[1:]} == {f"2025{m:02d}" for m in range(2, 7)}
    from_january = exports.fec(two_years, date_from=date(2025, 1, 1))
    assert from_january == exports.fec(two_years, 2025)
    # a year with nothing before it and nothing in it: the header alone
    assert len(fec_rows(exports.fec(two_years, 2023))) == 1


def test_the_opening_entry_from_the_closed_year_is_the_same(two_years, tmp_path):
    from dataclasses import replace
    from datetime import datetime

    from tests.conftest import FixedClock

    from caisse.services import auth, periods
    from caisse.store import open_store

    before = exports.fec(two_years, 2025)
    copy = tmp_path / "closed.db"
    two_years.backup_to(copy)
    store = open_store(copy)
    try:
        ctx = auth.system_context(store, "tresorier")
        treasurer = replace(ctx, clock=FixedClock(datetime(2025, 7, 2, 10).astimezone()))
        for month in range(5, 13):
            periods.close_month(treasurer, 2024, month)
        periods.close_year(treasurer, 2024)
        assert trial_balance.trial_balance(store, date(2024, 12, 31)).closing is not None
        assert exports.fec(store, 2025) == before
    finally:
        store.close()


def test_the_fec_of_a_year_reads_only_that_year(two_years, monkeypatch):
    read: list[int] = []
    entries = journal.entries

    def counted(store, start=1, stop=None):
        for found in entries(store, start, stop):
            read.append(found[0])
            yield found

    monkeypatch.setattr(journal, "entries", counted)
    exports.fec(two_years, 2025)
    in_2025 = two_years.scalar("SELECT COUNT(*) FROM txn WHERE at >= '2025-01-01'")
    assert len(read) == in_2025 and min(read) == two_years.scalar(
        "SELECT MIN(seq) FROM txn WHERE at >= '2025-01-01'"
    )
