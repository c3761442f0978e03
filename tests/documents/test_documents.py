"""The renderers alone, from plain data: layouts, fonts, formats, page numbers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from reportlab.lib.units import mm

from caisse.documents import formats
from caisse.documents.dayreport import render_day
from caisse.documents.fonts import fonts
from caisse.documents.model import (
    ChequeRef,
    DayData,
    DaySession,
    Identity,
    Party,
    Posting,
    ReceiptEntry,
    TillRow,
    TotalRow,
    Totals,
    ZData,
)
from caisse.documents.receipt import render_receipt
from caisse.documents.zreport import render_z

from .pdfread import pages, pdf_text

AT = datetime.fromisoformat("2025-03-12T14:03:27+01:00")
IDENTITY = Identity("Monnaie Test", ("1 rue du Port", "64100 Bayonne"), "732 829 320 00074")
HASH = "ab12" * 16


def exchange_entry(**changes) -> ReceiptEntry:
    entry = ReceiptEntry(
        seq=42,
        number="C01-000017",
        at=AT,
        operation="exchange",
        title="Exchange",
        counter_code="C01",
        counter_name="Le Petit Bayonne",
        volunteer="Béa Bénévole",
        unit="EUS",
        postings=(
            Posting("till_fund:C01", "EUR", 2000),
            Posting("fund_due", "EUR", -2000),
            Posting("circulation", "EUS", 2000),
            Posting("stock:C01", "EUS", -2000),
        ),
        details={"method": "cash"},
        hash=HASH,
        party=Party("100009", "Héloïse Etxeberri"),
    )
    return replace(entry, **changes)


def test_a_roll_receipt_is_80_mm_wide_and_as_long_as_its_lines(french):
    short = pages(render_receipt(IDENTITY, exchange_entry(), "80mm"))
    cheques = tuple(ChequeRef(str(1000 + i), "Banque", 1000) for i in range(30))
    deposit = exchange_entry(
        operation="deposit",
        title="Bank deposit",
        party=None,
        cheques=cheques,
        details={"slip": "BD-1", "cheques": list(range(30)), "fund": 30000, "assoc": 0},
        postings=(
            Posting("cheques_fund:C01", "EUR", -30000),
            Posting("guarantee_bank", "EUR", 30000),
        ),
    )
    long = pages(render_receipt(IDENTITY, deposit, "80mm"))
    assert len(short) == len(long) == 1
    for page in short + long:
        assert float(page.mediabox.width) == pytest.approx(80 * mm, abs=0.01)
    assert float(long[0].mediabox.height) > 2.5 * float(short[0].mediabox.height)
    assert "Chèque n° 1029" in pdf_text(render_receipt(IDENTITY, deposit, "80mm"))


def test_an_a4_receipt_is_one_a4_page(french):
    (page,) = pages(render_receipt(IDENTITY, exchange_entry(), "a4"))
    assert float(page.mediabox.width) == pytest.approx(210 * mm, abs=0.5)
    assert float(page.mediabox.height) == pytest.approx(297 * mm, abs=0.5)


@pytest.mark.parametrize("page", ["a4", "80mm"])
def test_the_receipt_says_what_the_member_needs(french, page):
    text = pdf_text(render_receipt(IDENTITY, exchange_entry(), page, duplicate=None))
    for expected in (
        "Monnaie Test",
        "SIRET 732 829 320 00074",
        "C01-000017",
        "12 mars 2025, 14:03:27",
        "Béa Bénévole",
        "100009",
        "Héloïse Etxeberri",
        "20,00 €",
        "20,00 EUS",
        HASH[:16],
    ):
        assert expected in text
    assert HASH[:17] not in text
    assert "DUPLICATA" not in text


def test_a_duplicate_is_marked(french):
    text = pdf_text(render_receipt(IDENTITY, exchange_entry(), "80mm", duplicate=3))
    assert "DUPLICATA n°3" in text


def test_every_character_is_embedded_in_dejavu_when_the_system_has_it():
    if not fonts().complete:
        pytest.skip("DejaVu Sans is not installed here")
    data = render_receipt(IDENTITY, exchange_entry(), "80mm")
    (page,) = pages(data)
    names = {str(f["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert any("DejaVuSans" in n for n in names)
    assert b"/FontFile2" in data  # the TrueType font travels inside the PDF


def test_text_for_fonts_without_narrow_spaces():
    f = replace(fonts(), complete=False)
    assert f.text("1\u202f234,50\xa0€") == "1\xa0234,50\xa0€"


def test_iban_keeps_only_its_last_four_characters():
    masked = formats.masked_iban("FR76 3000 6000 0112 3456 7890 189")
    assert masked.replace(" ", "").endswith("0189")
    assert "3000" not in masked and len(masked.replace(" ", "")) == 27


def z_data(**changes) -> ZData:
    rows = (TotalRow("Exchange", 3, 11000, 11000), TotalRow("Membership fee", 2, 6500, 0))
    z = ZData(
        identity=IDENTITY,
        unit="EUS",
        counter_code="C01",
        counter_name="Le Petit Bayonne",
        session_label="C01-7",
        opened_at=AT,
        opened_by="Théo",
        closed_at=AT,
        closed_by="Béa",
        entries=5,
        first_txn=10,
        last_txn=14,
        period=Totals(rows, TotalRow("Corrections", 1, 5000, 5000)),
        methods=(("Cash", 13500), ("Cheque", 4000)),
        perpetual=Totals(rows),
        till=(
            TillRow("Cash", "EUR", 6500, 6000, -500),
            TillRow("Notes", "EUS", 94000, 94000, 0),
            TillRow("Card payments", "EUR", 0, None, None),
        ),
        cheques_missing=("C01-000012",),
        euros_count=((5000, 1), (1000, 1)),
        notes_count=((5000, 18), (1000, 4)),
        comment="a 5 euro note missing",
        recounted=True,
        closing_seq=3,
        closing_at=AT,
        closing_hash="c" * 64,
        prev_hash="b" * 64,
        covered_txn=14,
        covered_hash="d" * 64,
    )
    return replace(z, **changes)


def test_z_report_shows_difference_count_and_chain(french):
    text = pdf_text(render_z(z_data()))
    for expected in (
        "C01-7",
        "-5,00 €",
        "65,00 €",
        "60,00 €",
        "C01-000012",
        "a 5 euro note missing",
        "c" * 64,
        "b" * 64,
        "d" * 64,
        "900,00 EUS",
        "page 1 / 1",
    ):
        assert expected in text


def test_a_long_z_numbers_its_pages(french):
    many = tuple(TotalRow(f"Operation {i}", i, 100 * i, 0) for i in range(90))
    data = render_z(z_data(perpetual=Totals(many)))
    n = len(pages(data))
    assert n >= 2
    assert f"page 1 / {n}" in pdf_text(data) and f"page {n} / {n}" in pdf_text(data)


def test_day_report_lists_each_z(french):
    sessions = tuple(
        DaySession(
            f"C01-{i}",
            10 + i,
            AT,
            AT,
            "Béa",
            4,
            1,
            4,
            {"cash": -500 * i, "notes": 0, "cheques": 0},
            str(i) * 64,
            "e" * 64,
        )
        for i in (1, 2)
    )
    day = DayData(
        IDENTITY,
        "EUS",
        "C01",
        "Le Petit Bayonne",
        date(2025, 3, 12),
        sessions,
        Totals((TotalRow("Exchange", 8, 16000, 16000),)),
        (("Cash", 16000),),
        {"cash": -1500, "notes": 0, "cheques": 0},
    )
    text = pdf_text(render_day(day))
    assert "12 mars 2025" in text and "160,00 €" in text and "-15,00 €" in text
    assert "1" * 64 in text and "2" * 64 in text and "C01-2" in text
