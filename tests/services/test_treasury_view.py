"""The treasury page's figures: the coverage's parts add up to it exactly, the notes held are
the journal's, what is owed is what the partners await, and the months sum the entries."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from fractions import Fraction

import pytest
from tests.conftest import ADMIN_PASSWORD, FixedClock

from caisse.domain import accounts as acc
from caisse.domain.counting import EUR_DENOMINATIONS
from caisse.domain.currency import Currency
from caisse.domain.money import EUR, Money
from caisse.services import (
    auth,
    counters,
    ledger,
    members,
    operations,
    partners,
    sessions,
    setup,
    status,
    treasury_view,
    voucher_keys,
    vouchers,
)
from caisse.services.context import Context
from caisse.services.settings import Association
from caisse.store import journal

IBAN = "FR14 2004 1010 0505 0001 3M02 606"
PASSPHRASE = "la clé du trésorier"


@pytest.fixture
def partner(volunteer: Context, counter: str) -> dict:
    row = members.create(volunteer, members.MemberFields(
        kind="organisation", organisation="Librairie Elkar", is_partner=True))  # fmt: skip
    operations.pay_membership(volunteer, row["number"], counter, "organisation")
    return members.by_uid(volunteer.store, row["uid"])


def at(ctx: Context, day: date, hour: int = 10) -> Context:
    return replace(ctx, clock=FixedClock(datetime(day.year, day.month, day.day, hour).astimezone()))


def test_the_parts_add_up_to_the_coverage_and_equal_the_journal(
    volunteer, treasurer, admin, member, partner, counter
):
    store = volunteer.store
    counters.create(admin, "C02", "Ustaritz")
    sessions.open_session(treasurer, "C02", sessions.TillCount())
    operations.supply(treasurer, "C02", 20_000, "Jon Courier")
    operations.exchange(volunteer, member["number"], counter, 30_000)
    operations.exchange(volunteer, member["number"], counter, 5_000, "cheque",
                        operations.Cheque("Crédit Agricole", "0001234"))  # fmt: skip
    operations.exchange(volunteer, member["number"], "C02", 4_000, "card")
    operations.deposit(treasurer, counter, "BD-1", fund_cash=20_000)
    partners.reconvert(treasurer, partner["number"], counter, 10_000, iban=IBAN)

    parts = treasury_view.coverage_parts(store)
    cov = status.coverage(store)
    assert parts.coverage == cov
    b = journal.balances(store)
    by_code = {c.code: c for c in parts.counters}
    assert by_code["C01"].cash == Money(b[("till_fund:C01", EUR)]) == Money(10_000)
    assert by_code["C01"].cheques == Money(5_000)
    assert by_code["C02"].cards == Money(4_000) and by_code["C02"].total == Money(4_000)
    assert sum((c.total for c in parts.counters), Money(0)) == cov.at_counters
    assert parts.guarantee_bank == Money(b[(acc.GUARANTEE_BANK, EUR)]) == Money(20_000)
    assert parts.held == parts.guarantee_bank + cov.at_counters == Money(39_000)
    assert parts.circulation_eur == 29_000 and parts.vouchers_eur == 0
    assert parts.owed_to_partners == Money(9_500)  # less the 5 % commission
    assert parts.required == parts.circulation_eur + parts.vouchers_eur + 9_500
    assert parts.difference == 500 and parts.covered  # the commission, the association's


def test_a_closed_counter_still_holding_euros_is_shown(
    volunteer, treasurer, admin, member, counter
):
    store = volunteer.store
    operations.exchange(volunteer, member["number"], counter, 2_000)
    sessions.close_session(
        treasurer,
        counter,
        sessions.TillCount(euros=_cash(store, counter), notes={5000: 19, 2000: 1, 1000: 1}),
    )
    counters.update(admin, counter, active=False)
    parts = treasury_view.coverage_parts(store)
    assert [(c.code, c.cash) for c in parts.counters] == [("C01", Money(2_000))]
    assert parts.held == status.coverage(store).held


def _cash(store, code: str) -> dict[int, int]:
    """The till's cash as the journal expects it, in notes and coins."""
    left = sessions.expected(store, code).cash.cents
    pieces = {}
    for denomination in EUR_DENOMINATIONS:
        pieces[denomination], left = divmod(left, denomination)
    return {d: n for d, n in pieces.items() if n}


def test_a_parity_other_than_one_is_kept_exact(tmp_path):
    store = setup.initialize(
        tmp_path / "b.db", Association("BerkShares", commune="Great Barrington"),
        Currency("BerkShare", "BKS", "B$", parity=Fraction(95, 100)),
        "admin", "Ada Admin", ADMIN_PASSWORD,
    )  # fmt: skip
    try:
        admin = auth.login(store, "admin", ADMIN_PASSWORD)
        counters.create(admin, "C01", "Main Street")
        sessions.open_session(admin, "C01", sessions.TillCount())
        operations.receive_notes(admin, 1_000_000)
        operations.supply(admin, "C01", 100_000, "Courier")
        shop = members.create(admin, members.MemberFields(
            kind="organisation", organisation="Book Shop", is_partner=True))  # fmt: skip
        operations.pay_membership(admin, shop["number"], "C01", "organisation")
        operations.exchange(admin, shop["number"], "C01", 1_900)  # 2,000 units
        partners.reconvert(admin, shop["number"], "C01", 1_010, iban=IBAN)  # 990 units left

        parts = treasury_view.coverage_parts(store)
        assert parts.parity == Fraction(95, 100)
        assert parts.circulation_eur == Fraction(990 * 95, 100) == Fraction(1881, 2)
        owed = parts.owed_to_partners.cents
        assert parts.required == Fraction(1881, 2) + owed == status.coverage(store).required
        assert parts.difference == parts.held.cents - parts.required
        assert parts.difference.denominator == 2  # half a cent: not rounded away
    finally:
        store.close()


def test_note_stock_is_the_journals_and_the_last_count(volunteer, treasurer, member, counter):
    store = volunteer.store
    stock = treasury_view.note_stock(store)
    assert stock.vault == Money(journal.balance(store, acc.VAULT, "EUS"), "EUS")
    assert stock.vault == Money(10_000_000 - 100_000, "EUS")
    (c01,) = stock.counters
    assert c01.stock == Money(100_000, "EUS") and c01.returned == Money(0, "EUS")
    assert c01.counted_at is not None and not c01.counted_at_closing  # opened with nothing
    assert c01.notes == {}

    operations.exchange(volunteer, member["number"], counter, 2_000)
    count = sessions.TillCount(euros=_cash(store, counter), notes={5000: 19, 2000: 1, 1000: 1})
    closed = sessions.close_session(treasurer, counter, count)
    (c01,) = treasury_view.note_stock(store).counters
    assert c01.counted_at_closing and c01.counted_at == closed.at
    assert c01.notes == {5000: 19, 2000: 1, 1000: 1}
    assert c01.counted == c01.stock == Money(98_000, "EUS")

    sessions.open_session(treasurer, counter, sessions.TillCount(
        euros=_cash(store, counter), notes={5000: 18, 2000: 4}))  # fmt: skip
    (c01,) = treasury_view.note_stock(store).counters
    assert not c01.counted_at_closing and c01.notes == {5000: 18, 2000: 4}
    assert stock.circulation == Money(0, "EUS")
    assert treasury_view.note_stock(store).circulation == Money(2_000, "EUS")


def test_owed_lists_reconversions_and_vouchers_as_coverage_counts_them(
    volunteer, treasurer, member, partner, counter
):
    store = volunteer.store
    operations.exchange(volunteer, member["number"], counter, 50_000)
    first = partners.reconvert(treasurer, partner["number"], counter, 20_000, iban=IBAN)
    voucher_keys.create_key(treasurer, PASSPHRASE)
    today = treasurer.today()
    programme = vouchers.create_programme(treasurer, vouchers.ProgrammeFields(
        name="Chèques solidaires", purpose="social", funder="CCAS de Bayonne",
        face_values=(1000,), valid_from=today - timedelta(days=1),
        valid_until=today + timedelta(days=90),
    ))  # fmt: skip
    batch = vouchers.issue(treasurer, programme["id"], 2, 1000, PASSPHRASE)
    payload = store.scalar("SELECT payload FROM voucher WHERE serial = ?", (batch.serials[0],))
    redeemed = vouchers.redeem(volunteer, payload, partner["number"], counter, iban=IBAN)

    owed = treasury_view.owed(store)
    assert [(r["seq"], r["operation"], r["to_pay"]) for r in owed] == [
        (first.seq, "reconversion", 19_000),
        (redeemed.seq, "voucher_redemption", 950),
    ]
    assert all(r["iban"] == IBAN.replace(" ", "") for r in owed)
    assert sum(r["to_pay"] for r in owed) == status.coverage(store).owed_to_partners.cents
    partners.mark_paid(treasurer, first.seq, "VIR-1")
    assert [r["seq"] for r in treasury_view.owed(store)] == [redeemed.seq]
    assert status.coverage(store).owed_to_partners == Money(950)


def test_months_sum_the_entries_net_of_corrections(volunteer, treasurer, member, partner, counter):
    store = volunteer.store
    jan, feb, apr = date(2026, 1, 15), date(2026, 2, 10), date(2026, 4, 2)
    operations.exchange(at(volunteer, jan), member["number"], counter, 30_000)
    operations.exchange(at(volunteer, jan, 11), member["number"], counter, 2_000)
    mistaken = operations.exchange(at(volunteer, feb), member["number"], counter, 4_000)
    ledger.correct(at(volunteer, feb, 11), mistaken.seq, "wrong amount typed")
    partners.reconvert(at(treasurer, feb, 12), partner["number"], counter, 10_000, iban=IBAN)
    operations.exchange(at(volunteer, apr), member["number"], counter, 1_000)

    months = treasury_view.monthly(store, 5, until=date(2026, 4, 30))
    assert [m.month for m in months] == ["2025-12", "2026-01", "2026-02", "2026-03", "2026-04"]
    assert [m.exchanges for m in months] == [0, 32_000, 0, 0, 1_000]
    assert [m.reconversions for m in months] == [0, 0, 10_000, 0, 0]
    assert [m.voucher_redemptions for m in months] == [0, 0, 0, 0, 0]
    assert [m.circulation for m in months] == [0, 32_000, 22_000, 22_000, 23_000]
    # the last month's circulation is the journal's; the months add up to the entries
    assert months[-1].circulation == journal.balance(store, acc.CIRCULATION, "EUS")
    exchanged = store.scalar(
        "SELECT -SUM(p.amount) FROM posting p JOIN txn t ON t.seq = p.txn_seq "
        "WHERE t.operation = 'exchange' AND p.account = 'fund_due'"
    )
    assert sum(m.exchanges for m in months) == exchanged
    # an earlier window starts from the circulation already out
    (feb_only,) = treasury_view.monthly(store, 1, until=date(2026, 2, 1))
    assert feb_only.circulation == 22_000 and feb_only.exchanges == 0
