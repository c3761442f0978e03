"""The treasurer's report as a reader sees it: title, period, the operations, every partner,
the coverage with the honest word on its date, page numbers; in French too."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from caisse.documents.period_report import render_period
from caisse.services import members, operations, partners, period_report

from .pdfread import pages, pdf_text

IBAN = "FR14 2004 1010 0505 0001 3M02 606"


@pytest.fixture
def many_partners(volunteer, treasurer, member, counter):
    operations.exchange(volunteer, member["number"], counter, 90_000)
    for i in range(45):
        row = members.create(volunteer, members.MemberFields(
            kind="organisation", organisation=f"Boutique {i:02d}", is_partner=True))  # fmt: skip
        operations.pay_membership(volunteer, row["number"], counter, "organisation")
        partners.reconvert(treasurer, row["number"], counter, 1_000 + 20 * i, iban=IBAN)
    return volunteer.store


def render(store, kind: str, today: date) -> bytes:
    start, end = period_report.period_bounds(kind, today.strftime("%Y-%m" if kind == "month"
                                                                  else "%Y"))  # fmt: skip
    f = period_report.figures(store, start, end, today)
    return render_period(period_report.document(store, f, kind))


def test_month_shows_every_partner_top_first_and_page_numbers(many_partners):
    today = datetime.now().astimezone().date()
    pdf = render(many_partners, "month", today)
    text = pdf_text(pdf)
    assert "Monthly report" in text and "Monnaie Test" in text
    assert "Exchange" in text and "€900.00" in text and "Reconversion" in text
    for i in range(45):
        assert f"Boutique {i:02d}" in text
    assert text.index("Boutique 44") < text.index("Boutique 00")  # most to pay first
    assert len(pages(pdf)) >= 2 and f"page 1 / {len(pages(pdf))}" in text
    assert "Coverage of the guarantee fund" in text
    assert all(p.mediabox.width == pytest.approx(595.28, abs=1) for p in pages(pdf))


def test_a_past_year_says_the_coverage_is_of_today(many_partners, french):
    past = period_report.figures(many_partners, date(2020, 1, 1), date(2020, 12, 31))
    assert not past.coverage_now and not past.partners and not past.operations
    text = pdf_text(render_period(period_report.document(many_partners, past, "year")))
    assert "2020" in text
    assert "Coverage at the time of printing" in text or "impression" in text
    now = pdf_text(render(many_partners, "year", datetime.now().astimezone().date()))
    assert "Boutique 00" in now
