"""The treasury page: treasurers and administrators only; paying a partner from it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog

from caisse.domain.money import Money
from caisse.services import members, operations, partners, status

IBAN = "FR14 2004 1010 0505 0001 3M02 606"


@pytest.fixture
def owed_twice(volunteer, treasurer, member, counter):
    """A partner who reconverted twice and awaits both transfers."""
    row = members.create(volunteer, members.MemberFields(
        kind="organisation", organisation="Librairie Elkar", is_partner=True))  # fmt: skip
    operations.pay_membership(volunteer, row["number"], counter, "organisation")
    operations.exchange(volunteer, member["number"], counter, 50_000)
    operations.deposit(treasurer, counter, "BD-1", fund_cash=50_000)
    first = partners.reconvert(treasurer, row["number"], counter, 20_000, iban=IBAN)
    second = partners.reconvert(treasurer, row["number"], counter, 4_000)
    return first, second


def test_a_volunteer_has_no_treasury_page(window, volunteer, treasurer):
    assert "Treasury" not in window(volunteer).page_titles()
    win = window(treasurer)
    assert "Treasury" in win.page_titles() and win.treasury_page is not None


def test_the_page_shows_the_coverage_and_its_parts(window, treasurer, owed_twice):
    win = window(treasurer)
    win.show_page("Treasury")
    page = win.treasury_page
    cov = status.coverage(treasurer.store)
    assert cov.covered and page.figure.text().startswith("● Guarantee fund covered")
    parts = {r["part"]: r["amount"] for r in page.parts.rows}
    assert parts["Guarantee fund bank account"] == "€500.00"
    assert cov.held == Money(50_000) and parts["Held"] == "€500.00"
    assert parts["Notes in circulation"] == "€260.00"
    assert parts["Owed to partners"] == "€228.00"  # 200.00 + 40.00, less 5 %
    assert parts["Required"] == "€488.00"
    assert parts["Difference"] == "+€12.00"  # the two commissions, the association's
    assert page.owed_model.rowCount() == 2
    # this month's exchange and reconversions, drawn (painting them must not fail)
    assert len(page.circulation_chart.months) == 12
    assert page.circulation_chart.values[-1] == 26_000
    assert page.exchanges_chart.values[-1] == 50_000
    assert page.reconversions_chart.values[-1] == 24_000
    page.tabs.setCurrentIndex(3)
    for chart in (page.circulation_chart, page.exchanges_chart, page.reconversions_chart):
        assert not chart.grab().isNull()
    # the IBAN is never shown in full
    iban = page.owed_model.cell_text(0, 6)
    assert iban.endswith("2 606") and "2004" not in iban


def test_a_treasurer_records_a_transfer_and_the_list_shrinks(
    window, treasurer, owed_twice, monkeypatch
):
    _first, second = owed_twice
    asked = []

    def answer(parent, title, label, *args, **kwargs):
        asked.append(label)
        return "VIR-2026-117", True

    monkeypatch.setattr(QInputDialog, "getText", answer)
    store = treasurer.store
    win = window(treasurer)
    win.show_page("Treasury")
    page = win.treasury_page
    before = status.coverage(store)
    difference = page.parts.rows[-1]["amount"]
    page.tabs.setCurrentIndex(1)
    page.owed_view.selectRow(0)
    page.pay_button.click()

    assert asked and "€190.00 to Librairie Elkar" in asked[0]
    assert page.banner.kind == "success"
    assert [r["seq"] for r in page.owed_model.rows] == [second.seq]
    assert page.tabs.tabText(1) == "Owed to partners (1)"
    after = status.coverage(store)
    assert after.difference == before.difference and after.covered
    assert after.owed_to_partners == before.owed_to_partners - Money(19_000)
    assert page.parts.rows[-1]["amount"] == difference == "+€12.00"
    assert page.figure.text().startswith("● Guarantee fund covered")
    payment = store.one("SELECT details FROM txn WHERE operation = 'partner_payment'")
    assert payment is not None and "VIR-2026-117" in payment["details"]


def test_cancelling_the_question_records_nothing(window, treasurer, owed_twice, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    win = window(treasurer)
    win.show_page("Treasury")
    win.treasury_page.pay_button.click()
    assert len(win.treasury_page.owed_model.rows) == 2
    assert win.treasury_page.banner.kind == ""
