"""`caisse reconvert`, `caisse deposit` and `caisse report z`: and their refusals."""

from __future__ import annotations

import pytest
from cli_support import TREASURER_PASSWORD, assert_clean_failure
from till_support import runner, written

from caisse.domain import accounts as acc
from caisse.services import members, operations, partners
from caisse.store import journal

IBAN = "FR14 2004 1010 0505 0001 3M02 606"


@pytest.fixture
def run(caisse, db_path, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", TREASURER_PASSWORD)
    return runner(caisse, db_path)


@pytest.fixture
def partner(volunteer, member, counter):
    operations.exchange(volunteer, member["number"], counter, 50_000)
    row = members.create(volunteer, members.MemberFields(
        kind="organisation", organisation="Librairie Elkar", is_partner=True))  # fmt: skip
    return row["number"]


def reconvert(run, number, units, *extra):
    return run("reconvert", "--partner", number, "--counter", "C01", "--units", units,
               *extra, "--user", "tresor")  # fmt: skip


def test_reconversion_prints_the_commission_and_what_is_owed(run, store, partner):
    result = reconvert(run, partner, "200.00", "--iban", IBAN)
    assert result.code == 0, result.err
    assert "EUS200.00 handed back by partner" in result.out
    assert "Commission €10.00; €190.00 to transfer to FR1420041010050500013M02606" in result.out
    assert [r["to_pay"] for r in partners.owed(store)] == [19_000]


def test_reconversion_refusals_write_nothing(run, store, partner, member):
    before = written(store)
    individual = reconvert(run, member["number"], "10", "--iban", IBAN)
    assert_clean_failure(individual, 5)
    assert "only partners may reconvert" in individual.err
    above = reconvert(run, partner, "20", "--iban", IBAN, "--notes-handed", "10")
    assert_clean_failure(above, 5)
    assert "more than the EUS10.00 of notes handed back" in above.err
    bad_iban = reconvert(run, partner, "10", "--iban", IBAN[:-1] + "7")
    assert_clean_failure(bad_iban, 2)
    assert "is not valid" in bad_iban.err
    assert_clean_failure(reconvert(run, partner, "10"), 2)  # no IBAN on file
    assert_clean_failure(reconvert(run, partner, "ten", "--iban", IBAN), 2)
    assert written(store) == before


def test_a_deposit_of_the_whole_till_by_default(run, store, volunteer, member):
    cheque = operations.exchange(volunteer, member["number"], "C01", 3000, "cheque",
                                 operations.Cheque("La Nef", "55"))  # fmt: skip
    operations.exchange(volunteer, member["number"], "C01", 2000)
    result = run("deposit", "--counter", "C01", "--slip", "BD-1", "--user", "tresor")
    assert result.code == 0, result.err
    assert "€65.00 (€50.00 for the guarantee fund, €15.00 for the association), 1 cheque" in (
        result.out
    )
    assert journal.balance(store, acc.GUARANTEE_BANK, "EUR") == 5000
    assert store.scalar("SELECT details FROM txn ORDER BY seq DESC LIMIT 1").count(str(cheque.seq))


def test_a_deposit_named_part_by_part_and_one_larger_than_the_till(run, store, volunteer, member):
    operations.exchange(volunteer, member["number"], "C01", 2000, "card")
    before = written(store)
    too_much = run("deposit", "--counter", "C01", "--slip", "BD-2", "--cash-assoc", "20",
                   "--user", "tresor")  # fmt: skip
    assert_clean_failure(too_much, 5)
    assert "more than the €15.00 held at the counter" in too_much.err
    assert_clean_failure(run("deposit", "--counter", "C01", "--slip", " ", "--user", "tresor"), 2)
    assert_clean_failure(run("deposit", "--counter", "C01", "--slip", "B", "--cheques", "x,1",
                             "--user", "tresor"), 2)  # fmt: skip
    assert written(store) == before
    result = run("deposit", "--counter", "C01", "--slip", "BD-3", "--cash-assoc", "15",
                 "--cards-fund", "20", "--user", "tresor")  # fmt: skip
    assert result.code == 0, result.err
    assert journal.balance(store, acc.OPERATING_BANK, "EUR") == 1500


def test_report_z_as_text_and_refused_while_open(run, store, member):
    before = written(store)
    assert_clean_failure(run("report", "z", "C01-1"), 5)
    assert_clean_failure(run("report", "z", "C09-1"), 3)
    assert written(store) == before
    closed = run("session", "close", "--counter", "C01", "--euros", "10x1 5x1",
                 "--notes", "50x20", "--user", "tresor")  # fmt: skip
    assert closed.code == 0, closed.err
    result = run("report", "z", "C01-1")
    assert result.code == 0, result.err
    assert "Z closing 1" in result.out and "Membership fee: 1" in result.out
    assert_clean_failure(run("report", "z", "C01-1", "--output", "z.pdf"), 2)  # who prints it?


def test_report_z_as_pdf(run, store, member, tmp_path):
    run("session", "close", "--counter", "C01", "--euros", "10x1 5x1", "--notes", "50x20",
        "--user", "tresor")  # fmt: skip
    pdf = tmp_path / "out" / "z.pdf"
    result = run("report", "z", "C01-1", "--output", pdf, "--user", "tresor")
    assert result.code == 0, result.err
    assert pdf.read_bytes().startswith(b"%PDF")
    assert not list(pdf.parent.glob("*.partial"))


def test_the_commission_is_transferred_and_no_more(run, store, partner):
    assert reconvert(run, partner, "200.00", "--iban", IBAN).code == 0
    too_much = run("transfer", "--amount", "10.01", "--reference", "VIR-9", "--user", "tresor")
    assert_clean_failure(too_much, 5)
    assert "would leave it short" in too_much.err
    done = run("transfer", "--amount", "10.00", "--reference", "VIR-9", "--user", "tresor")
    assert done.code == 0, done.err
    assert "€10.00 transferred to the operating account" in done.out
    assert journal.balance(store, acc.OPERATING_BANK, "EUR") == 1000


def test_owed_paid_and_a_bank_difference(run, store, volunteer, partner):
    assert reconvert(run, partner, "100.00", "--iban", IBAN).code == 0
    listed = run("owed")
    assert listed.code == 0 and "€95.00 to Librairie Elkar" in listed.out
    # the IBAN is kept apart from the journal, and read back
    assert "IBAN FR1420041010050500013M02606" in listed.out
    assert "FR142004" not in store.scalar("SELECT group_concat(details) FROM txn")
    seq = partners.owed(store)[0]["seq"]
    paid = run("paid", str(seq), "--reference", "VIR-7", "--user", "tresor")
    assert paid.code == 0, paid.err
    assert partners.owed(store) == []
    assert "Nothing is owed" in run("owed").out
    again = run("paid", str(seq), "--reference", "VIR-7", "--user", "tresor")
    assert_clean_failure(again, 3)
    deposit = operations.deposit(volunteer, "C01", "BD-5", fund_cash=10_000)
    short = run("bank-difference", "--deposit", str(deposit.seq), "--credited", "99.90",
                "--reason", "a coin less", "--user", "tresor")  # fmt: skip
    assert short.code == 0, short.err
    assert journal.balance(store, acc.GUARANTEE_BANK, "EUR") == 9_990 - 9_500


def test_report_day_as_pdf(run, store, member, tmp_path):
    from pypdf import PdfReader

    run("session", "close", "--counter", "C01", "--euros", "10x1 5x1", "--notes", "50x20",
        "--user", "tresor")  # fmt: skip
    pdf = tmp_path / "day.pdf"
    result = run("report", "day", "--counter", "C01", "--output", pdf, "--user", "tresor")
    assert result.code == 0, result.err
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "C01-1" in text
    bad = run("report", "day", "--counter", "C01", "--date", "26/11", "--output", pdf,
              "--user", "tresor")  # fmt: skip
    assert_clean_failure(bad, 2)
