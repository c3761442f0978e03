"""Reconversion: partners only, commission, IBAN checked, owed until paid."""

import pytest

from caisse.domain import accounts as acc
from caisse.domain.errors import InputError, PermissionDenied, RuleViolation
from caisse.domain.money import Money
from caisse.services import members, operations, partners, status
from caisse.store import journal

IBAN = "FR14 2004 1010 0505 0001 3M02 606"


@pytest.fixture
def partner(volunteer, counter):
    row = members.create(
        volunteer,
        members.MemberFields(kind="organisation", organisation="Librairie Elkar", is_partner=True),
    )
    operations.pay_membership(volunteer, row["number"], counter, "organisation")
    return members.by_uid(volunteer.store, row["uid"])


@pytest.fixture
def circulating(volunteer, member, counter):
    operations.exchange(volunteer, member["number"], counter, 50_000)


def test_reconversion_pays_the_partner_less_five_percent(treasurer, partner, counter, circulating):
    store = treasurer.store
    receipt = partners.reconvert(treasurer, partner["number"], counter, 20_000, iban=IBAN)
    assert receipt.amounts == (Money(20_000, "EUS"), Money(19_000))
    assert journal.balance(store, acc.CIRCULATION, "EUS") == 30_000
    assert journal.balance(store, acc.COMMISSIONS, "EUR") == -1000
    assert [r["to_pay"] for r in partners.owed(store)] == [19_000]
    assert members.by_uid(store, partner["uid"])["iban"] == IBAN.replace(" ", "")
    partners.mark_paid(treasurer, receipt.seq, "VIR-2026-001")
    assert partners.owed(store) == []
    cov = status.coverage(store)
    assert cov.covered and cov.surplus == Money(1000)  # the commission, to transfer
    with pytest.raises(Exception, match="not a reconversion awaiting payment"):
        partners.mark_paid(treasurer, receipt.seq, "again")
    assert journal.verify(store).ok


def test_an_individual_may_not_reconvert(treasurer, member, counter, circulating):
    with pytest.raises(RuleViolation, match="only partners may reconvert"):
        partners.reconvert(treasurer, member["number"], counter, 1000, iban=IBAN)


def test_a_volunteer_needs_the_administrators_leave(
    volunteer, admin, partner, counter, circulating
):
    with pytest.raises(PermissionDenied):
        partners.reconvert(volunteer, partner["number"], counter, 1000, iban=IBAN)
    admin.store.put_setting("volunteers_may_reconvert", True)
    partners.reconvert(volunteer, partner["number"], counter, 1000, iban=IBAN)


def test_bad_iban_and_amount_above_the_notes(treasurer, partner, counter, circulating):
    with pytest.raises(InputError, match="IBAN"):
        partners.reconvert(
            treasurer, partner["number"], counter, 1000, iban="FR14 2004 1010 0505 0001 3M02 607"
        )
    with pytest.raises(RuleViolation, match="more than the"):
        partners.reconvert(
            treasurer, partner["number"], counter, 2000, iban=IBAN, notes_handed=1000
        )
    with pytest.raises(InputError, match="Type the partner's IBAN"):
        partners.reconvert(treasurer, partner["number"], counter, 1000)


def test_the_commission_is_transferred_to_the_operating_account(
    treasurer, partner, counter, circulating
):
    from caisse.services import treasury

    store = treasurer.store
    receipt = partners.reconvert(treasurer, partner["number"], counter, 20_000, iban=IBAN)
    operations.deposit(treasurer, counter, "BD-1", fund_cash=50_000)
    partners.mark_paid(treasurer, receipt.seq, "VIR-1")
    with pytest.raises(RuleViolation, match="would leave it short"):
        treasury.transfer_surplus(treasurer, 1001, "VIR-2")
    treasury.transfer_surplus(treasurer, 1000, "VIR-2")
    cov = status.coverage(store)
    assert cov.covered and cov.difference == 0
    assert journal.balance(store, acc.OPERATING_BANK, "EUR") == 1000
    assert journal.verify(store).ok
