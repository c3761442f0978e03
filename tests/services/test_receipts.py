"""Receipts, Z reports and the counter's day, printed from real operations and read back."""

from __future__ import annotations

import io
import json
from datetime import datetime

import pypdf
import pytest
from reportlab.lib.units import mm

from caisse.domain.errors import CaisseError, InputError, PermissionDenied, RuleViolation
from caisse.services import events, ledger, members, operations, partners, receipts, sessions
from caisse.services.operations import Cheque
from caisse.store import closings, journal

IBAN = "FR76 3000 6000 0112 3456 7890 189"


def text_of(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return text.replace("\u202f", " ").replace("\xa0", " ")


def print_events(store) -> list[dict]:
    return [
        e
        for e in reversed(events.recent(store, 500))
        if e["kind"] in ("receipt_printed", "receipt_reprinted")
    ]


def entry_hash(store, seq: int) -> str:
    return store.scalar("SELECT hash FROM txn WHERE seq = ?", (seq,))


def test_the_format_is_a_setting_changed_by_an_administrator(admin, volunteer):
    store = admin.store
    assert receipts.receipt_format(store) == "80mm"
    receipts.set_receipt_format(admin, "A4")
    assert receipts.receipt_format(store) == "a4"
    change = events.recent(store, 1)[0]
    assert change["kind"] == "setting_changed"
    assert change["detail"]["key"] == "receipt_format" and change["detail"]["new"] == "a4"
    with pytest.raises(PermissionDenied):
        receipts.set_receipt_format(volunteer, "80mm")
    with pytest.raises(InputError, match="a4 or 80mm"):
        receipts.set_receipt_format(admin, "A5")
    assert receipts.receipt_format(store) == "a4"


def test_an_exchange_receipt_in_french(volunteer, member, counter, french):
    store = volunteer.store
    r = operations.exchange(volunteer, member["number"], counter, 2000)
    text = text_of(receipts.receipt_pdf(volunteer, r.seq))
    for expected in (
        r.number,
        "20,00 €",
        "20,00 EUS",
        member["number"],
        "Héloïse Etxeberri",
        "Béa Bénévole",
        "Monnaie Test",
        "C01",
        entry_hash(store, r.seq)[:16],
    ):
        assert expected in text
    assert "DUPLICATA" not in text
    assert datetime.fromisoformat(r.at).strftime("%H:%M:%S") in text  # to the second
    assert receipts.printed_count(store, r.seq) == 1
    (printed,) = print_events(store)
    assert printed["kind"] == "receipt_printed" and printed["actor"] == volunteer.actor.uid
    assert printed["detail"]["receipt"] == r.number


def test_reprints_are_numbered_duplicates_and_logged(volunteer, member, counter, french):
    store = volunteer.store
    r = operations.exchange(volunteer, member["number"], counter, 2000)
    receipts.receipt_pdf(volunteer, r.seq)
    first = text_of(receipts.receipt_pdf(volunteer, r.seq, reprint=True))
    second = text_of(receipts.receipt_pdf(volunteer, r.seq, reprint=True))
    assert "DUPLICATA n°1" in first and "DUPLICATA n°2" not in first
    assert "DUPLICATA n°2" in second
    # printed once already: a print asked as an original is a duplicate all the same
    third = text_of(receipts.receipt_pdf(volunteer, r.seq))
    assert "DUPLICATA n°3" in third
    assert receipts.printed_count(store, r.seq) == 4
    logged = print_events(store)
    assert [e["kind"] for e in logged] == ["receipt_printed"] + ["receipt_reprinted"] * 3
    assert [e["detail"]["duplicate"] for e in logged] == [None, 1, 2, 3]
    other = operations.exchange(volunteer, member["number"], counter, 1000)
    assert receipts.printed_count(store, other.seq) == 0  # counted per receipt


def test_page_sizes_of_both_formats(admin, volunteer, member, counter):
    r = operations.exchange(volunteer, member["number"], counter, 2000)
    (roll,) = pypdf.PdfReader(io.BytesIO(receipts.receipt_pdf(volunteer, r.seq))).pages
    assert float(roll.mediabox.width) == pytest.approx(80 * mm, abs=0.01)  # 72 mm + 2 x 4 mm
    assert 60 * mm < float(roll.mediabox.height) < 200 * mm
    receipts.set_receipt_format(admin, "a4")
    (a4,) = pypdf.PdfReader(io.BytesIO(receipts.receipt_pdf(volunteer, r.seq))).pages
    assert float(a4.mediabox.width) == pytest.approx(210 * mm, abs=0.5)
    assert print_events(volunteer.store)[-1]["detail"]["format"] == "a4"


def test_an_entry_without_a_receipt_number_is_refused(treasurer, counter):
    store = treasurer.store
    received = operations.receive_notes(treasurer, 5000)
    with pytest.raises(CaisseError, match="no receipt number"):
        receipts.receipt_pdf(treasurer, received.seq)
    with pytest.raises(CaisseError, match="no journal entry"):
        receipts.receipt_pdf(treasurer, 9999)
    assert print_events(store) == []


def test_membership_receipt_shows_the_period(volunteer, counter, french):
    row = members.create(volunteer, members.MemberFields(first_name="Ane", last_name="Irigoien"))
    r = operations.pay_membership(
        volunteer, row["number"], counter, "reduced", "cheque", Cheque("Crédit Mutuel", "0042")
    )
    text = text_of(receipts.receipt_pdf(volunteer, r.seq))
    start, end = (datetime.fromisoformat(r.details[k]).strftime("%d/%m/%Y") for k in ("from", "to"))
    assert start in text and end in text
    assert "5,00 €" in text and "0042" in text and "Crédit Mutuel" in text


def test_reconversion_receipt_masks_the_iban(treasurer, volunteer, member, counter, french):
    store = treasurer.store
    partner = members.create(
        treasurer,
        members.MemberFields(kind="organisation", organisation="Librairie Elkar", is_partner=True),
    )
    operations.exchange(volunteer, member["number"], counter, 5000)
    r = partners.reconvert(treasurer, partner["number"], counter, 3000, iban=IBAN)
    text = text_of(receipts.receipt_pdf(treasurer, r.seq))
    assert "Librairie Elkar" in text and partner["number"] in text
    assert "30,00 EUS" in text and "1,50 €" in text and "28,50 €" in text
    assert "0 189" in text and "3000 6000" not in text and "FR76" not in text
    assert entry_hash(store, r.seq)[:16] in text


def test_deposit_receipt_names_slip_and_cheques(volunteer, member, counter, french):
    c = operations.exchange(
        volunteer, member["number"], counter, 3000, "cheque", Cheque("La Banque Postale", "7654321")
    )
    operations.exchange(volunteer, member["number"], counter, 2000)
    dep = operations.deposit(volunteer, counter, "BD-2025-42", fund_cash=2000, cheques=[c.seq])
    text = text_of(receipts.receipt_pdf(volunteer, dep.seq))
    assert "BD-2025-42" in text and "7654321" in text
    assert "30,00 €" in text and "20,00 €" in text and "50,00 €" in text


def test_supply_and_return_receipts(treasurer, counter, french):
    s = operations.supply(treasurer, counter, 20_000, "Jon Courier")
    back = operations.return_notes(treasurer, counter, 5_000, "Miren Courier")
    assert "200,00 EUS" in text_of(receipts.receipt_pdf(treasurer, s.seq))
    text = text_of(receipts.receipt_pdf(treasurer, back.seq))
    assert "50,00 EUS" in text and "Miren Courier" in text


def test_correction_receipt_names_the_receipt_it_corrects(volunteer, member, counter, french):
    r = operations.exchange(volunteer, member["number"], counter, 5000)
    fix = ledger.correct(volunteer, r.seq, "wrong amount typed")
    text = text_of(receipts.receipt_pdf(volunteer, fix.seq))
    assert fix.receipt in text and r.number in text
    assert "wrong amount typed" in text and "-50,00 €" in text and "-50,00 EUS" in text


def close_short(volunteer, counter):
    """Close the till 5.00 EUR short (it holds the 15.00 fee and a 20.00 exchange)."""
    return sessions.close_session(
        volunteer,
        counter,
        sessions.TillCount(euros={2000: 1, 1000: 1}, notes={1000: 98}),
        recounted=True,
        comment="a 5 euro note missing",
    )


def test_z_report_of_a_closed_session(volunteer, member, counter, french):
    store = volunteer.store
    with pytest.raises(RuleViolation, match="encore ouverte"):
        receipts.z_report_pdf(volunteer, "C01-1")
    operations.exchange(volunteer, member["number"], counter, 2000)
    closing = close_short(volunteer, counter)
    text = text_of(receipts.z_report_pdf(volunteer, "c01-1"))
    assert "C01-1" in text and "Monnaie Test" in text
    assert "35,00 €" in text and "30,00 €" in text and "-5,00 €" in text  # expected, counted
    assert "a 5 euro note missing" in text
    assert closing.hash in text and closing.last_hash in text
    assert "page 1 / " in text
    assert closings.by_session(store, closing.session) == closing  # the Z changed nothing
    exported = events.recent(store, 1)[0]
    assert exported["kind"] == "z_exported" and exported["detail"]["closing"] == closing.seq
    assert receipts.z_report_pdf(volunteer, closing.session)  # by uid as well
    assert journal.verify(store).ok


def test_day_report_sums_the_sessions_closed_that_day(volunteer, member, counter, french):
    operations.exchange(volunteer, member["number"], counter, 2000)
    first = close_short(volunteer, counter)
    sessions.open_session(
        volunteer, counter, sessions.TillCount(euros={2000: 1, 1000: 1}, notes={1000: 98})
    )
    operations.exchange(volunteer, member["number"], counter, 1000)
    second = sessions.close_session(
        volunteer, counter, sessions.TillCount(euros={2000: 2}, notes={1000: 97})
    )
    day = datetime.fromisoformat(second.at).date()
    text = text_of(receipts.day_report_pdf(volunteer, counter, day))
    assert "C01-1" in text and "C01-2" in text
    assert first.hash in text and second.hash in text and second.last_hash in text
    assert "45,00 €" in text  # 15.00 fee + 20.00 + 10.00 received over the day
    assert "-5,00 €" in text
    logged = events.recent(volunteer.store, 1)[0]
    assert logged["kind"] == "day_report_exported"
    assert json.dumps(logged["detail"]["closings"]) == json.dumps([first.seq, second.seq])
    with pytest.raises(CaisseError, match="Aucune session de caisse"):
        receipts.day_report_pdf(volunteer, counter, day.replace(year=day.year - 1))
