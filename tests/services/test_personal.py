"""A cheque's drawer and a partner's IBAN are kept apart from the hash-chained journal, and read
back wherever they were shown; entries written the old way, the value in the entry, still read."""

from __future__ import annotations

import io

import pypdf
import pytest

from caisse.domain import accounts as acc
from caisse.domain.journal import Line
from caisse.domain.money import EUR
from caisse.services import ledger, members, operations, partners, personal, receipts, sessions
from caisse.services.operations import Cheque
from caisse.store import journal

IBAN = "FR14 2004 1010 0505 0001 3M02 606"
COMPACT_IBAN = IBAN.replace(" ", "")
DRAWER = "Gracianne Etxeberri"


@pytest.fixture
def partner(volunteer, member, counter) -> dict:
    operations.exchange(volunteer, member["number"], counter, 50_000)
    row = members.create(volunteer, members.MemberFields(
        kind="organisation", organisation="Librairie Elkar", is_partner=True))  # fmt: skip
    return row


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def journal_text(store) -> str:
    return store.scalar("SELECT group_concat(details, ' ') FROM txn")


def test_the_drawer_of_a_cheque_stays_out_of_the_journal(volunteer, member, counter):
    store = volunteer.store
    cheque = Cheque("Crédit Agricole", "0001234", DRAWER)
    receipt = operations.exchange(volunteer, member["number"], counter, 5000, "cheque", cheque)
    assert receipt.details["cheque_drawer"] == DRAWER
    assert DRAWER not in journal_text(store)
    assert personal.of_member(store, member["uid"])[0]["value"] == DRAWER
    [in_till] = sessions.cheques_in_till(store, counter)
    assert (in_till["number"], in_till["bank"], in_till["drawer"]) == (
        "0001234", "Crédit Agricole", DRAWER)  # fmt: skip
    assert ledger.listing(store, member=member["uid"], limit=1)[0]["details"] == {
        "method": "cheque", "cheque_bank": "Crédit Agricole", "cheque_number": "0001234",
        "cheque_drawer": DRAWER,
    }  # fmt: skip
    assert journal.verify(store).ok


def test_a_fee_by_cheque_keeps_its_drawer_apart_and_no_drawer_keeps_nothing(
    volunteer, member, counter
):
    store = volunteer.store
    operations.pay_membership(
        volunteer, member["number"], counter, "individual", "cheque", Cheque("La Nef", "77", DRAWER)
    )
    no_drawer = Cheque("La Nef", "78")
    operations.exchange(volunteer, member["number"], counter, 2000, "cheque", no_drawer)
    assert DRAWER not in journal_text(store)
    assert [d["kind"] for d in personal.of_member(store, member["uid"])] == ["cheque_drawer"]
    drawers = {c["number"]: c["drawer"] for c in sessions.cheques_in_till(store, counter)}
    assert drawers == {"77": DRAWER, "78": ""}


def test_the_iban_of_a_reconversion_stays_out_of_the_journal(treasurer, partner, counter,
                                                              french):  # fmt: skip
    store = treasurer.store
    receipt = partners.reconvert(treasurer, partner["number"], counter, 20_000, iban=IBAN)
    assert receipt.details["iban"] == COMPACT_IBAN
    assert [r["iban"] for r in partners.owed(store)] == [COMPACT_IBAN]
    printed = pdf_text(receipts.receipt_pdf(treasurer, receipt.seq))
    assert "2 606" in printed and "FR14" not in printed  # masked, as before
    paid = partners.mark_paid(treasurer, receipt.seq, "VIR-1")
    assert COMPACT_IBAN not in journal_text(store) and "FR14" not in journal_text(store)
    refs = {
        e.details[personal.KEY]["iban"]
        for s, e, *_ in journal.entries(store)
        if s in (receipt.seq, paid.seq)
    }
    assert len(refs) == 1  # the payment refers to the IBAN the reconversion recorded
    assert personal.resolve(store, {personal.KEY: {"iban": refs.pop()}}) == {"iban": COMPACT_IBAN}
    assert journal.verify(store).ok


def test_entries_written_with_the_values_inside_still_read(treasurer, volunteer, member,
                                                           partner, counter):  # fmt: skip
    """Before schema 5 the drawer and the IBAN were written in the entry itself."""
    store = treasurer.store
    with store.transaction():
        cheque = ledger.post(
            volunteer,
            "exchange",
            [
                Line(acc.counter_account(acc.CHEQUES_FUND, counter), EUR, 3000),
                Line(acc.FUND_DUE, EUR, -3000),
                Line(acc.CIRCULATION, "EUS", 3000),
                Line(acc.counter_account(acc.STOCK, counter), "EUS", -3000),
            ],
            counter=counter,
            member=member["uid"],
            details={
                "method": "cheque",
                "cheque_bank": "BPACA",
                "cheque_number": "9",
                "cheque_drawer": DRAWER,
            },
        )
        reconversion = ledger.post(
            treasurer, "reconversion",
            [Line(acc.counter_account(acc.RETURNED, counter), "EUS", 1000),
             Line(acc.CIRCULATION, "EUS", -1000), Line(acc.FUND_DUE, EUR, 1000),
             Line(acc.PARTNERS_PAYABLE, EUR, -950), Line(acc.COMMISSIONS, EUR, -50)],
            counter=counter, member=partner["uid"],
            details={"iban": COMPACT_IBAN, "euros": 1000, "commission": 50, "rate_bp": 500,
                     "to_pay": 950},
        )  # fmt: skip
    assert [c["drawer"] for c in sessions.cheques_in_till(store, counter)] == [DRAWER]
    assert ledger.listing(store, limit=1)[0]["details"]["iban"] == COMPACT_IBAN
    assert [r["iban"] for r in partners.owed(store)] == [COMPACT_IBAN]
    assert receipts.receipt_entry(store, reconversion.seq).details["iban"] == COMPACT_IBAN
    paid = partners.mark_paid(treasurer, reconversion.seq, "VIR-2")
    paid_details = store.scalar("SELECT details FROM txn WHERE seq = ?", (paid.seq,))
    assert COMPACT_IBAN not in paid_details  # the payment keeps it apart
    assert [d["value"] for d in personal.of_member(store, partner["uid"])] == [COMPACT_IBAN]
    operations.deposit(volunteer, counter, "BD-1", cheques=[cheque.seq])
    assert sessions.cheques_in_till(store, counter) == []
    assert journal.verify(store).ok


def test_an_erased_value_or_an_unknown_reference_reads_empty(volunteer, member, counter):
    store = volunteer.store
    operations.exchange(volunteer, member["number"], counter, 5000, "cheque",
                        Cheque("La Nef", "1", DRAWER))  # fmt: skip
    with store.transaction():
        assert personal.forget(store, member["uid"]) == 1
    assert [c["drawer"] for c in sessions.cheques_in_till(store, counter)] == [""]
    assert personal.resolve(store, {"a": 1, personal.KEY: {"iban": "0" * 32}}) == {
        "a": 1, "iban": ""}  # fmt: skip
    assert personal.resolve(store, {"iban": COMPACT_IBAN}) == {"iban": COMPACT_IBAN}
