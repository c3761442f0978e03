"""Voucher sheets: every QR code read back from the rendered page by an independent decoder,
holding the signed payload; what a person reads on the voucher; the reprint's mark."""

from __future__ import annotations

from datetime import date

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from tests.documents.pdfread import pages, pdf_text
from tests.documents.qrread import decoded

from caisse.documents import formats as fmt
from caisse.documents.voucher_sheet import (
    PER_PAGE,
    QR_MODULES,
    Voucher,
    VoucherSheet,
    qr_matrix,
    render_voucher_sheet,
)
from caisse.domain import base45
from caisse.domain import vouchers as vdomain

EXPIRES = date(2026, 3, 31)
KEY = Ed25519PrivateKey.generate()


def sheet(count: int, **changes) -> VoucherSheet:
    made = []
    for _ in range(count):
        serial = vdomain.new_serial()
        payload = vdomain.Payload(serial, 2000, EXPIRES, 3, 1)
        made.append(Voucher(serial, vdomain.encode(payload, KEY)))
    fields = dict(
        association="Euskal Moneta", programme="Chèques solidaires", amount=2000,
        currency_code="EUS", currency_name="Eusko", expires_on=EXPIRES, batch=7, vouchers=made,
    )  # fmt: skip
    return VoucherSheet(**{**fields, **changes})


def test_every_code_is_read_back_signed_from_the_rendered_sheet():
    made = sheet(PER_PAGE + 3)
    pdf = render_voucher_sheet(made)
    assert len(pages(pdf)) == 2
    codes = decoded(pdf)
    assert sorted(c.text for c in codes) == sorted(v.payload for v in made.vouchers)
    for code in codes:
        payload, signed, signature = vdomain.decode(code.text)
        vdomain.verify(KEY.public_key(), signed, signature)
        assert (payload.amount, payload.expires_on) == (2000, EXPIRES)
        # version 7 at error correction Q, as the decoder reads it, more than 3 cm wide
        assert (code.version, code.ec_level) == ("7", "Q")
        assert 33 < code.width_mm < 35.5
    assert [c.page for c in codes].count(1) == PER_PAGE


def test_the_code_is_version_7_whatever_the_payload():
    shortest = base45.encode(bytes(range(vdomain.HEADER.size)))
    assert len(qr_matrix(shortest)) == len(qr_matrix(sheet(1).vouchers[0].payload)) == QR_MODULES
    assert QR_MODULES == 45


def test_a_person_reads_the_value_the_expiry_the_serial_and_the_conditions():
    made = sheet(3)
    text = " ".join(pdf_text(render_voucher_sheet(made)).split())
    for voucher in made.vouchers:
        assert vdomain.grouped_serial(voucher.serial) in text
    assert text.count("EUS20.00") >= 3 and "Eusko" in text
    assert text.count(f"Valid until {fmt.day(EXPIRES)}") == 3
    assert "Chèques solidaires" in text and "Euskal Moneta" in text
    assert "Spendable at every partner of the network." in text
    assert "Cannot be exchanged for euros. One use only." in text
    assert "DUPLICATA" not in text


def test_in_french(french):
    text = pdf_text(render_voucher_sheet(sheet(1)))
    assert "20,00 EUS" in text
    assert "Valable jusqu'au 31 mars 2026" in text


def test_categories_are_named_and_a_long_list_keeps_the_other_conditions():
    text = pdf_text(render_voucher_sheet(sheet(1, categories=("Alimentation", "Librairies"))))
    assert "Alimentation, Librairies" in " ".join(text.split())
    many = tuple(f"Catégorie numéro {i}" for i in range(30))
    text = " ".join(pdf_text(render_voucher_sheet(sheet(1, categories=many))).split())
    assert "Catégorie numéro 0" in text and "Catégorie numéro 29" not in text
    assert "Cannot be exchanged for euros. One use only." in text


def test_a_reprint_is_marked_on_every_voucher():
    pdf = render_voucher_sheet(sheet(3, reprint=2, left_out=1))
    text = pdf_text(pdf)
    assert text.count("DUPLICATA n°2") == 3 + 1  # each voucher, and the sheet's header
    assert "1 cancelled voucher(s) of this batch are not printed." in text
    assert len(decoded(pdf, dpi=200)) == 3  # the mark spoils no code


def test_a_long_association_name_is_cut_short_in_the_band_not_spilled():
    name = "Association pour une monnaie locale " * 4
    text = " ".join(pdf_text(render_voucher_sheet(sheet(1, association=name))).split())
    assert "Association pour une monnaie locale Association" in text
    assert "…" in text and name.strip() not in text
