"""A till session from the opening float to the Z: counts, differences, the frozen session."""

import sqlite3

import pytest

from caisse.domain import accounts as acc
from caisse.domain.errors import InputError, RuleViolation
from caisse.domain.money import Money
from caisse.services import ledger, operations, sessions, status
from caisse.services.operations import Cheque
from caisse.store import closings, journal

TillCount = sessions.TillCount


def notes_count(stock_cents):
    """A count of the stock in 10-unit notes."""
    return {1000: stock_cents // 1000}


def test_only_one_open_session_per_counter(volunteer, counter):
    with pytest.raises(RuleViolation, match="already open"):
        sessions.open_session(volunteer, counter, TillCount(notes=notes_count(100_000)))


def test_no_operation_without_an_open_session(volunteer, member, counter):
    sessions.close_session(volunteer, counter, TillCount(euros={500: 3}, notes={1000: 100}))
    before = volunteer.store.scalar("SELECT COUNT(*) FROM txn")
    with pytest.raises(RuleViolation, match="is not open"):
        operations.exchange(volunteer, member["number"], counter, 2000)
    assert volunteer.store.scalar("SELECT COUNT(*) FROM txn") == before


def test_close_with_the_right_count_needs_no_comment(volunteer, member, counter):
    operations.exchange(volunteer, member["number"], counter, 2000)
    # the till holds the fee (15.00) and the exchange (20.00); 980 units of notes remain
    closing = sessions.close_session(
        volunteer, counter, TillCount(euros={2000: 1, 1000: 1, 500: 1}, notes={1000: 98})
    )
    report = closing.report
    assert report["differences"] == {"cash": 0, "notes": 0, "cheques": 0}
    assert report["period"]["exchange"] == {"count": 1, "eur": 2000, "units": 2000}
    assert report["period"]["membership"]["eur"] == 1500
    assert report["methods"] == {"cash": 3500}
    assert closing.last_hash == journal.last_link(volunteer.store)[1]
    assert journal.verify(volunteer.store).ok


def test_a_difference_needs_a_recount_and_a_comment_then_is_posted(volunteer, member, counter):
    store = volunteer.store
    count = TillCount(euros={1000: 1}, notes={1000: 100})  # 5.00 EUR short
    with pytest.raises(RuleViolation, match="count again"):
        sessions.close_session(volunteer, counter, count)
    with pytest.raises(RuleViolation, match="count again"):
        sessions.close_session(volunteer, counter, count, recounted=True)
    assert sessions.current(store, counter) is not None  # nothing written
    closing = sessions.close_session(
        volunteer, counter, count, recounted=True, comment="a 5 euro note missing"
    )
    assert closing.report["differences"]["cash"] == -500
    assert journal.balance(store, acc.CASH_DIFFERENCES, "EUR") == 500
    assert sessions.expected(store, counter).cash == Money(1000)
    assert status.coverage(store).covered  # the association's share bears the loss


def test_cheques_are_ticked_one_by_one(volunteer, member, counter):
    store = volunteer.store
    a = operations.exchange(
        volunteer, member["number"], counter, 3000, "cheque", Cheque("La Banque Postale", "111")
    )
    b = operations.exchange(
        volunteer, member["number"], counter, 4000, "cheque", Cheque("Crédit Mutuel", "222")
    )
    expected = sessions.expected(store, counter)
    assert [c["number"] for c in expected.cheques] == ["111", "222"]
    count = TillCount(euros={1000: 1, 500: 1}, notes={1000: 30}, cheques=(a.seq,))
    with pytest.raises(RuleViolation, match="1 cheque"):
        sessions.close_session(volunteer, counter, count)
    closing = sessions.close_session(
        volunteer, counter, count, recounted=True, comment="cheque 222 lost"
    )
    assert closing.report["cheques_missing"] == [b.number]
    assert [c["seq"] for c in sessions.cheques_in_till(store, counter)] == [a.seq]


def test_a_closed_session_never_changes(volunteer, member, counter):
    sessions.close_session(
        volunteer, counter, TillCount(euros={1000: 1, 500: 1}, notes={1000: 100})
    )
    conn = sqlite3.connect(volunteer.store.path)
    with pytest.raises(sqlite3.IntegrityError, match="never changes"):
        conn.execute("UPDATE till_session SET closed_at = NULL")
    conn.close()


def test_late_operation_goes_to_a_new_session(volunteer, member, counter):
    sessions.close_session(
        volunteer, counter, TillCount(euros={1000: 1, 500: 1}, notes={1000: 100})
    )
    new = sessions.open_session(
        volunteer, counter, TillCount(euros={1000: 1, 500: 1}, notes={1000: 100})
    )
    receipt = operations.exchange(volunteer, member["number"], counter, 1000)
    session = volunteer.store.scalar("SELECT session FROM txn WHERE seq = ?", (receipt.seq,))
    assert session == new["uid"] and new["number"] == 2


def test_a_correction_of_a_closed_session_goes_to_the_open_one(volunteer, member, counter):
    r = operations.exchange(volunteer, member["number"], counter, 1000)
    sessions.close_session(volunteer, counter, TillCount(euros={2000: 1, 500: 1}, notes={1000: 99}))
    with pytest.raises(RuleViolation, match="not open"):
        ledger.correct(volunteer, r.seq, "wrong member")
    new = sessions.open_session(
        volunteer, counter, TillCount(euros={2000: 1, 500: 1}, notes={1000: 99})
    )
    written = ledger.correct(volunteer, r.seq, "wrong member")
    assert (
        volunteer.store.scalar("SELECT session FROM txn WHERE seq = ?", (written.seq,))
        == new["uid"]
    )


def test_closings_are_chained_and_a_touched_closing_is_found(volunteer, member, counter):
    store = volunteer.store
    for _ in range(2):
        sessions.close_session(
            volunteer, counter, TillCount(euros={1000: 1, 500: 1}, notes={1000: 100})
        )
        sessions.open_session(
            volunteer, counter, TillCount(euros={1000: 1, 500: 1}, notes={1000: 100})
        )
    chain = list(closings.all_closings(store))
    assert [c.seq for c in chain] == [1, 2] and chain[1].prev_hash == chain[0].hash
    conn = sqlite3.connect(store.path)
    conn.execute("DROP TRIGGER closing_no_update")
    conn.execute(
        "UPDATE closing SET report = replace(report, '\"cash\":0', '\"cash\":1') WHERE seq = 1"
    )
    conn.commit()
    conn.close()
    report = journal.verify(store)
    assert any("Closing 1 was altered" in p.message.format(**p.values) for p in report.problems)


def test_opening_count_is_checked_against_the_journal(volunteer, member, counter):
    sessions.close_session(
        volunteer, counter, TillCount(euros={1000: 1, 500: 1}, notes={1000: 100})
    )
    with pytest.raises(RuleViolation, match="count again"):
        sessions.open_session(volunteer, counter, TillCount(euros={1000: 1}, notes={1000: 100}))


def test_a_count_of_a_denomination_that_does_not_exist(volunteer, counter):
    with pytest.raises(InputError, match="no note or coin"):
        sessions.close_session(volunteer, counter, TillCount(euros={300: 1}))


def test_fee_paid_in_notes_returns_them_to_stock(volunteer, member, counter):
    store = volunteer.store
    operations.exchange(volunteer, member["number"], counter, 5000)
    operations.pay_membership(volunteer, member["number"], counter, "individual", "units")
    assert journal.balance(store, acc.CIRCULATION, "EUS") == 3500
    cov = status.coverage(store)
    assert cov.covered and cov.surplus == Money(1500)  # to transfer to the operating account


def test_card_payment_waits_for_the_banks_settlement(volunteer, member, counter):
    operations.exchange(volunteer, member["number"], counter, 2000, "card")
    store = volunteer.store
    assert sessions.expected(store, counter).cards == Money(2000)
    assert status.coverage(store).at_counters.cents == 2000


def test_deposit_of_cash_and_named_cheques(volunteer, member, counter):
    store = volunteer.store
    c = operations.exchange(
        volunteer, member["number"], counter, 3000, "cheque", Cheque("Banque", "777")
    )
    operations.exchange(volunteer, member["number"], counter, 2000)
    operations.deposit(volunteer, counter, "BD-1", fund_cash=2000, cheques=[c.seq])
    assert journal.balance(store, acc.GUARANTEE_BANK, "EUR") == 5000
    assert sessions.cheques_in_till(store, counter) == []
    with pytest.raises(RuleViolation, match="not in the till"):
        operations.deposit(volunteer, counter, "BD-2", cheques=[c.seq])
    with pytest.raises(RuleViolation, match="more than the"):
        operations.deposit(volunteer, counter, "BD-3", fund_cash=1)
    assert status.coverage(store).covered


def test_bank_credit_that_differs_is_booked_as_a_correction(volunteer, treasurer, member, counter):
    store = volunteer.store
    operations.exchange(volunteer, member["number"], counter, 2000)
    dep = operations.deposit(volunteer, counter, "BD-9", fund_cash=2000)
    operations.bank_difference(treasurer, dep.seq, 1990, "bank counted a coin less")
    assert journal.balance(store, acc.GUARANTEE_BANK, "EUR") == 1990
    assert not status.coverage(store).covered  # 0.10 EUR short: red until found
    with pytest.raises(RuleViolation, match="exactly"):
        operations.bank_difference(treasurer, dep.seq, 2000, "x")


def test_notes_go_back_to_the_vault(treasurer, counter):
    store = treasurer.store
    vault = journal.balance(store, acc.VAULT, "EUS")
    operations.return_notes(treasurer, counter, 50_000, "Jon")
    assert journal.balance(store, acc.VAULT, "EUS") == vault + 50_000
    with pytest.raises(RuleViolation, match="holds only"):
        operations.return_notes(treasurer, counter, 60_000, "Jon")


def test_perpetual_totals_carry_from_one_z_to_the_next(volunteer, member, counter):
    store = volunteer.store
    operations.exchange(volunteer, member["number"], counter, 2000)
    first = sessions.close_session(
        volunteer, counter, TillCount(euros={2000: 1, 1000: 1, 500: 1}, notes={1000: 98})
    )
    sessions.open_session(
        volunteer, counter, TillCount(euros={2000: 1, 1000: 1, 500: 1}, notes={1000: 98})
    )
    operations.exchange(volunteer, member["number"], counter, 3000)
    second = sessions.close_session(
        volunteer, counter, TillCount(euros={5000: 1, 1000: 1, 500: 1}, notes={1000: 95})
    )
    assert first.report["perpetual"]["exchange"] == {"count": 1, "eur": 2000, "units": 2000}
    assert second.report["perpetual"]["exchange"] == {"count": 2, "eur": 5000, "units": 5000}
    assert second.report["perpetual"]["supply"] == first.report["perpetual"]["supply"]
    from caisse.services.zreport import totals

    assert second.report["perpetual"] == totals(store, "t.counter = ?", (counter,))
