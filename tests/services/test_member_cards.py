"""The member card: what it says, the QR code a scanner reads back, the two layouts, and the
members who get no card."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from tests.documents.pdfread import pages, pdf_text

from caisse.documents.member_card import CARD_HEIGHT, CARD_WIDTH, grouped
from caisse.domain.errors import InputError, PermissionDenied, RuleViolation
from caisse.services import events, member_cards, members, privacy

needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler")


def qr_codes(pdf: bytes, tmp_path: Path) -> list[str]:
    """The QR codes found on the first page rendered at 300 dpi, as a scanner would read."""
    source = tmp_path / "card.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "300", "-png", "-f", "1", "-l", "1", str(source),
                    str(tmp_path / "page")], check=True)  # fmt: skip
    [image] = sorted(tmp_path.glob("page*.png"))
    found = zxingcpp.read_barcodes(Image.open(image))
    return [b.text for b in found if b.format == zxingcpp.BarcodeFormat.QRCode]


def test_grouped_number_reads_in_threes():
    assert grouped("104588") == "104 588"
    assert grouped("1000145") == "100 014 5"


@needs_pdftoppm
@pytest.mark.parametrize("layout", ["a4", "card"])
def test_the_card_names_the_member_and_its_qr_code_is_their_number(
    volunteer, member, tmp_path, layout
):
    pdf = member_cards.card_pdf(volunteer, member["uid"], layout)
    text = pdf_text(pdf)
    for shown in ("Monnaie Test", "Member card", "Héloïse Etxeberri", "Individual member",
                  grouped(member["number"]), "Valid until"):  # fmt: skip
        assert shown in text
    assert qr_codes(pdf, tmp_path) == [member["number"]]


def test_the_card_layout_is_a_bank_card_or_an_a4_sheet(volunteer, member):
    card = pages(member_cards.card_pdf(volunteer, member["uid"], "card"))
    assert len(card) == 1
    box = card[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == (
        round(CARD_WIDTH, 1), round(CARD_HEIGHT, 1),
    )  # fmt: skip
    sheet = pages(member_cards.card_pdf(volunteer, member["uid"], "a4"))
    assert len(sheet) == 1 and round(float(sheet[0].mediabox.width)) == 595
    assert "Cut along the marks" in pdf_text(member_cards.card_pdf(volunteer, member["uid"]))
    with pytest.raises(InputError, match="choose a4 or card"):
        member_cards.card_pdf(volunteer, member["uid"], "letter")


def test_a_partner_card_says_partner_and_its_long_name_is_kept(volunteer, counter):
    from caisse.services import operations

    name = "Association des Parents d'Élèves de l'École Jean-Jaurès"
    row = members.create(
        volunteer, members.MemberFields(kind="organisation", organisation=name, is_partner=True)
    )
    operations.pay_membership(volunteer, row["number"], counter, "organisation")
    text = pdf_text(member_cards.card_pdf(volunteer, row["uid"], "card"))
    assert "Partner" in text
    assert "Association des Parents" in " ".join(text.split())


def test_printing_a_card_is_logged(volunteer, member):
    member_cards.card_pdf(volunteer, member["uid"], "card")
    [event] = [e for e in events.recent(volunteer.store) if e["kind"] == "member_card_printed"]
    assert event["detail"] == {"member": member["uid"], "layout": "card"}
    assert event["actor"] == volunteer.actor.uid


def test_no_card_for_a_member_who_left(volunteer, member):
    members.leave(volunteer, member["uid"], "moved away")
    with pytest.raises(RuleViolation, match="left the association on"):
        member_cards.card_pdf(volunteer, member["uid"])
    members.rejoin(volunteer, member["uid"])
    assert member_cards.card_pdf(volunteer, member["uid"]).startswith(b"%PDF")


def test_no_card_for_an_erased_member(admin, volunteer, member):
    privacy.erase(admin, member["number"], "asked by letter")
    with pytest.raises(RuleViolation, match="was erased"):
        member_cards.card_pdf(volunteer, member["uid"])
    assert not [e for e in events.recent(admin.store) if e["kind"] == "member_card_printed"]


def test_no_card_before_the_first_fee(volunteer):
    row = members.create(volunteer, members.MemberFields(last_name="Ospital"))
    with pytest.raises(RuleViolation, match="record it, then print the card"):
        member_cards.card_pdf(volunteer, row["uid"])


def test_a_volunteer_may_not_erase(volunteer, member):
    with pytest.raises(PermissionDenied):
        privacy.erase(volunteer, member["number"], "asked")
    assert members.by_uid(volunteer.store, member["uid"])["last_name"] == "Etxeberri"
