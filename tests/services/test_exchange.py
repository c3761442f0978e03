"""The first operation end to end, below the GUI: what the volunteer and treasurer see."""

import pytest

from caisse.domain import accounts as acc
from caisse.domain.codes import member_number
from caisse.domain.errors import InputError, NotFound, PermissionDenied, RuleViolation
from caisse.domain.money import Money
from caisse.services import counters, ledger, members, operations, sessions, settings, status
from caisse.services.operations import Cheque
from caisse.store import journal


def txn_count(store):
    return store.scalar("SELECT COUNT(*) FROM txn")


def test_exchange_moves_euros_to_the_till_and_notes_into_circulation(volunteer, member, counter):
    store = volunteer.store
    stock_before = journal.balance(store, "stock:C01", "EUS")
    receipt = operations.exchange(volunteer, member["number"], counter, 2000)
    assert receipt.number == "C01-000003"  # after the supply and the membership fee
    assert receipt.amounts == (Money(2000), Money(2000, "EUS"))
    figures = status.counter_figures(store, counter)
    assert figures["till_fund"] == Money(2000)
    assert figures["stock"] == Money(stock_before - 2000, "EUS")
    assert journal.balance(store, acc.CIRCULATION, "EUS") == 2000
    assert status.coverage(store).covered
    assert journal.verify(store).ok


def test_cheque_goes_to_cheques_to_deposit_with_its_number(volunteer, member, counter):
    cheque = Cheque(bank="Crédit Agricole", number="0001234", drawer="H. Etxeberri")
    receipt = operations.exchange(volunteer, member["number"], counter, 5000, "cheque", cheque)
    assert receipt.details["cheque_number"] == "0001234"
    assert status.counter_figures(volunteer.store, counter)["cheques_fund"] == Money(5000)


def test_exchange_shows_in_the_members_history(volunteer, member, counter):
    operations.exchange(volunteer, member["number"], counter, 3000)
    rows = ledger.listing(volunteer.store, member=member["uid"])
    assert [r["operation"] for r in rows] == ["exchange", "membership"]
    assert rows[0]["euros"] == 3000 and rows[0]["units"] == 3000


@pytest.mark.parametrize("cents", [0, -500])
def test_zero_or_negative_amount_is_refused(volunteer, member, counter, cents):
    before = txn_count(volunteer.store)
    with pytest.raises(InputError, match="more than zero"):
        operations.exchange(volunteer, member["number"], counter, cents)
    assert txn_count(volunteer.store) == before


def test_over_the_limit_is_refused(volunteer, admin, member, counter):
    settings.set_exchange_limit(admin, 10_000)
    with pytest.raises(RuleViolation, match="over the limit"):
        operations.exchange(volunteer, member["number"], counter, 10_100)
    operations.exchange(volunteer, member["number"], counter, 10_000)


def test_lapsed_member_is_refused(volunteer, counter):
    row = members.create(volunteer, members.MemberFields(first_name="Ane", last_name="Lapsed"))
    before = txn_count(volunteer.store)
    with pytest.raises(RuleViolation, match="has not paid a membership fee"):
        operations.exchange(volunteer, row["number"], counter, 2000)
    assert txn_count(volunteer.store) == before


def test_membership_that_ended_is_refused_with_its_date(volunteer, member, counter):
    volunteer.store.execute(
        "UPDATE member SET membership_until = '2020-01-31' WHERE uid = ?", (member["uid"],)
    )
    with pytest.raises(RuleViolation, match="ended on 31 January 2020"):
        operations.exchange(volunteer, member["number"], counter, 2000)


def test_unknown_member_and_typo(volunteer, member, counter):
    with pytest.raises(NotFound, match="No member has the number"):
        operations.exchange(volunteer, member_number(99999), counter, 2000)
    typo = member["number"][:-1] + str((int(member["number"][-1]) + 1) % 10)
    with pytest.raises(InputError, match="check digit"):
        operations.exchange(volunteer, typo, counter, 2000)


def test_counter_without_enough_notes(volunteer, admin, member, counter):
    settings.set_exchange_limit(admin, 500_000)
    with pytest.raises(RuleViolation, match=r"only EUS1,000\.00"):
        operations.exchange(volunteer, member["number"], counter, 100_100)


def test_closed_counter_is_refused(volunteer, admin, member, counter):
    counters.update(admin, counter, active=False)
    with pytest.raises(RuleViolation, match="closed"):
        operations.exchange(volunteer, member["number"], counter, 2000)


def test_cheque_without_number(volunteer, member, counter):
    with pytest.raises(InputError, match="cheque needs its number"):
        operations.exchange(
            volunteer, member["number"], counter, 2000, "cheque", Cheque("Banque", " ")
        )


def test_amount_that_is_not_whole_notes(volunteer, member, counter):
    with pytest.raises(RuleViolation, match="whole notes"):
        operations.exchange(volunteer, member["number"], counter, 2050)


def test_french_refusal(volunteer, admin, member, counter, french):
    settings.set_exchange_limit(admin, 500_000)
    with pytest.raises(RuleViolation) as err:
        operations.exchange(volunteer, member["number"], counter, 100_100)
    assert "n'a que 1\u202f000,00\xa0EUS" in str(err.value)


def test_receipts_are_gapless_per_counter(volunteer, admin, treasurer, member, counter):
    counters.create(admin, "C02", "Hendaye")
    sessions.open_session(treasurer, "C02", sessions.TillCount())
    operations.supply(treasurer, "C02", 10_000, "Jon")
    numbers = [
        operations.exchange(volunteer, member["number"], c, 1000).number
        for c in ("C01", "C02", "C01")
    ]
    assert numbers == ["C01-000003", "C02-000002", "C01-000004"]


def test_volunteer_may_not_supply_notes(volunteer, counter):
    with pytest.raises(PermissionDenied, match="may not move notes"):
        operations.supply(volunteer, counter, 1000, "Me")


def test_correction_reverses_and_references_the_original(volunteer, member, counter):
    receipt = operations.exchange(volunteer, member["number"], counter, 2000)
    written = ledger.correct(volunteer, receipt.seq, "wrong member")
    store = volunteer.store
    assert journal.balance(store, acc.CIRCULATION, "EUS") == 0
    assert store.scalar("SELECT reverses FROM txn WHERE seq = ?", (written.seq,)) == receipt.seq
    with pytest.raises(RuleViolation, match="already corrected"):
        ledger.correct(volunteer, receipt.seq, "again")
    with pytest.raises(RuleViolation, match="needs a reason"):
        ledger.correct(volunteer, receipt.seq, "  ")
    assert journal.verify(store).ok


def test_correcting_a_membership_restores_the_previous_validity(volunteer, member, counter):
    receipt = operations.pay_membership(volunteer, member["number"], counter, "individual")
    assert (
        members.by_uid(volunteer.store, member["uid"])["membership_until"]
        > member["membership_until"]
    )
    ledger.correct(volunteer, receipt.seq, "paid twice")
    assert (
        members.by_uid(volunteer.store, member["uid"])["membership_until"]
        == member["membership_until"]
    )


def test_deposit_takes_the_funds_euros_to_the_guarantee_bank(volunteer, member, counter):
    store = volunteer.store
    operations.exchange(volunteer, member["number"], counter, 4000)
    operations.deposit(volunteer, counter, "BD-778", fund_cash=4000, assoc_cash=1500)
    cov = status.coverage(store)
    assert cov.guarantee_bank == Money(4000)
    assert cov.at_counters == Money(0)
    assert cov.covered
    assert journal.balance(store, acc.OPERATING_BANK, "EUR") == 1500
    with pytest.raises(RuleViolation, match="more than the"):
        operations.deposit(volunteer, counter, "BD-779", fund_cash=1)
    with pytest.raises(InputError, match="slip number"):
        operations.deposit(volunteer, counter, "", fund_cash=1)
