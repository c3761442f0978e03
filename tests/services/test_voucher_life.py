"""The life of vouchers after their issue: distributed to an organisation, cancelled with a
reason, expired as the programme says, the funder's payment; each booked, all or nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from caisse.domain import accounts as acc
from caisse.domain import vouchers as vdomain
from caisse.domain.errors import InputError, NotFound, PermissionDenied, RuleViolation
from caisse.services import members, operations, status, voucher_keys, voucher_life, vouchers
from caisse.services.context import Context
from caisse.store import journal

PASSPHRASE = "la clé du trésorier"
IBAN = "FR14 2004 1010 0505 0001 3M02 606"


def make_programme(ctx: Context, name: str = "Chèques solidaires", on_expiry: str = "funder",
                   days: int = 90) -> dict:  # fmt: skip
    today = ctx.today()
    return vouchers.create_programme(ctx, vouchers.ProgrammeFields(
        name=name, purpose="social", funder="CCAS de Bayonne", face_values=(1000, 2000),
        valid_from=today - timedelta(days=1), valid_until=today + timedelta(days=days),
        on_expiry=on_expiry,
    ))  # fmt: skip


@pytest.fixture
def programme(treasurer: Context) -> dict:
    voucher_keys.create_key(treasurer, PASSPHRASE)
    return make_programme(treasurer)


@pytest.fixture
def shop(volunteer: Context, counter: str) -> dict:
    row = members.create(volunteer, members.MemberFields(
        kind="organisation", organisation="Épicerie du Port", is_partner=True))  # fmt: skip
    operations.pay_membership(volunteer, row["number"], counter, "organisation")
    return members.by_uid(volunteer.store, row["uid"])


def balance(store, account: str, commodity: str = "EUR") -> int:
    return journal.balance(store, account, commodity)


def statuses(store, serials) -> list[str]:
    marks = ", ".join("?" * len(serials))
    rows = store.rows(f"SELECT serial, status FROM voucher WHERE serial IN ({marks})", serials)
    by_serial = {r["serial"]: r["status"] for r in rows}
    return [by_serial[s] for s in serials]


def test_distribution_names_the_organisation_and_moves_no_money(treasurer, programme):
    store = treasurer.store
    batch = vouchers.issue(treasurer, programme["id"], 5, 1000, PASSPHRASE)
    entries = store.scalar("SELECT COUNT(*) FROM txn")
    grouped = [vdomain.grouped_serial(s) for s in batch.serials[:3]]
    assert voucher_life.distribute(treasurer, grouped, "  CCAS  de Bayonne ") == 3
    assert statuses(store, batch.serials) == ["distributed"] * 3 + ["issued"] * 2
    row = store.one("SELECT * FROM voucher WHERE serial = ?", (batch.serials[0],))
    assert row["distributed_to"] == "CCAS de Bayonne"
    assert store.scalar("SELECT COUNT(*) FROM txn") == entries
    assert store.scalar("SELECT COUNT(*) FROM event WHERE kind = 'vouchers_distributed'") == 1
    # a distributed voucher is still good at the counter
    assert vouchers.check(store, batch.serials[0], treasurer.today()).ok


def test_distribution_is_all_or_nothing(treasurer, programme):
    store = treasurer.store
    batch = vouchers.issue(treasurer, programme["id"], 3, 1000, PASSPHRASE)
    voucher_life.distribute(treasurer, [batch.serials[0]], "Mairie")
    with pytest.raises(RuleViolation, match="is distributed"):
        voucher_life.distribute(treasurer, list(batch.serials), "Épicerie sociale")
    assert statuses(store, batch.serials) == ["distributed", "issued", "issued"]
    with pytest.raises(InputError, match="organisation"):
        voucher_life.distribute(treasurer, [batch.serials[1]], "   ")
    unknown = vdomain.new_serial()
    with pytest.raises(NotFound):
        voucher_life.distribute(treasurer, [batch.serials[1], unknown], "Mairie")
    assert statuses(store, batch.serials) == ["distributed", "issued", "issued"]


def test_cancellation_takes_the_value_out_and_the_funder_owes_less(treasurer, programme):
    store = treasurer.store
    batch = vouchers.issue(treasurer, programme["id"], 10, 2000, PASSPHRASE)
    before = status.coverage(store)
    due_before = balance(store, acc.FUND_DUE)
    assert voucher_life.funder_owes(store, programme["id"]) == 20_000
    assert voucher_life.cancel(treasurer, list(batch.serials[:4]), "printed twice") == 4
    after = status.coverage(store)
    assert after.vouchers.cents == before.vouchers.cents - 4 * 2000
    assert before.required - after.required == 4 * 2000
    assert balance(store, acc.FUNDERS_RECEIVABLE) == 6 * 2000
    assert balance(store, acc.FUND_DUE) - due_before == 4 * 2000
    assert voucher_life.funder_owes(store, programme["id"]) == 12_000
    row = store.one("SELECT * FROM voucher WHERE serial = ?", (batch.serials[0],))
    assert row["status"] == "cancelled" and row["reason"] == "printed twice"
    entry = journal.entry(store, row["txn_seq"])
    assert entry is not None and entry.operation == "voucher_cancellation"
    assert entry.memo == "printed twice"
    assert journal.verify(store).ok
    # refused at the counter, with the reason
    result = vouchers.check(store, batch.serials[0], treasurer.today())
    assert (
        not result.ok
        and result.message.startswith("Cancelled")
        and "printed twice" in (result.message)
    )


def test_a_redeemed_voucher_cannot_be_cancelled_and_nothing_is(treasurer, volunteer, programme,
                                                               shop, counter):  # fmt: skip
    store = treasurer.store
    batch = vouchers.issue(treasurer, programme["id"], 3, 1000, PASSPHRASE)
    vouchers.redeem(volunteer, batch.serials[1], shop["number"], counter, iban=IBAN)
    entries = store.scalar("SELECT COUNT(*) FROM txn")
    with pytest.raises(RuleViolation, match="is redeemed: it cannot be cancelled"):
        voucher_life.cancel(treasurer, list(batch.serials), "lost")
    assert statuses(store, batch.serials) == ["issued", "redeemed", "issued"]
    assert store.scalar("SELECT COUNT(*) FROM txn") == entries
    with pytest.raises(InputError, match="why"):
        voucher_life.cancel(treasurer, [batch.serials[0]], " ")
    voucher_life.cancel(treasurer, [batch.serials[0]], "lost")
    with pytest.raises(RuleViolation, match="is cancelled"):
        voucher_life.cancel(treasurer, [batch.serials[0]], "lost again")
    with pytest.raises(PermissionDenied):
        voucher_life.cancel(volunteer, [batch.serials[2]], "lost")
    assert journal.verify(store).ok


def test_a_whole_batch_is_cancelled(treasurer, programme):
    store = treasurer.store
    batch = vouchers.issue(treasurer, programme["id"], 600, 1000, PASSPHRASE)
    serials = voucher_life.batch_serials(store, batch.id)
    assert voucher_life.cancel(treasurer, serials, "wrong date printed") == 600
    assert vouchers.batch(store, batch.id)["statuses"]["cancelled"] == 600
    assert status.coverage(store).vouchers.cents == 0
    assert balance(store, acc.FUNDERS_RECEIVABLE) == 0
    assert store.scalar("SELECT COUNT(*) FROM txn WHERE operation = 'voucher_cancellation'") == 1
    assert journal.verify(store).ok


def test_expired_vouchers_go_back_to_the_funder(treasurer, programme):
    store = treasurer.store
    batch = vouchers.issue(treasurer, programme["id"], 4, 1000, PASSPHRASE,
                           expires_on=treasurer.today() + timedelta(days=10))  # fmt: skip
    voucher_life.distribute(treasurer, [batch.serials[0]], "CCAS de Bayonne")
    voucher_life.cancel(treasurer, [batch.serials[3]], "torn")
    assert voucher_life.expire_due(treasurer, treasurer.today() + timedelta(days=10)) == 0
    later = treasurer.today() + timedelta(days=11)
    assert voucher_life.expire_due(treasurer, later) == 3
    assert statuses(store, batch.serials) == ["expired"] * 3 + ["cancelled"]
    assert status.coverage(store).vouchers.cents == 0
    assert voucher_life.funder_owes(store, programme["id"]) == 0
    assert balance(store, acc.EXPIRED_VOUCHERS) == 0
    result = vouchers.check(store, batch.serials[0], later)
    assert not result.ok and result.message.startswith("Expired")
    assert voucher_life.expire_due(treasurer, later) == 0  # nothing twice
    assert journal.verify(store).ok


def test_expired_vouchers_kept_by_the_association(treasurer):
    voucher_keys.create_key(treasurer, PASSPHRASE)
    prog = make_programme(treasurer, "Bons cadeaux", on_expiry="association", days=5)
    store = treasurer.store
    vouchers.issue(treasurer, prog["id"], 3, 2000, PASSPHRASE)
    voucher_life.record_funder_payment(treasurer, prog["id"], 6000, "VIR-2026-01")
    before = status.coverage(store)
    assert voucher_life.expire_due(treasurer, treasurer.today() + timedelta(days=6)) == 3
    assert balance(store, acc.EXPIRED_VOUCHERS) == -6000  # an income of 60 €
    assert voucher_life.funder_owes(store, prog["id"]) == 0  # paid, and nothing given back
    after = status.coverage(store)
    assert before.required - after.required == 6000
    assert after.surplus.cents - before.surplus.cents == 6000  # the association's to transfer
    assert journal.verify(store).ok


def test_the_funder_pays_what_it_owes_and_no_more(treasurer, programme):
    store = treasurer.store
    vouchers.issue(treasurer, programme["id"], 5, 2000, PASSPHRASE)
    before = status.coverage(store)
    receipt = voucher_life.record_funder_payment(treasurer, programme["id"], 4000, "VIR 12")
    assert receipt.operation == "voucher_funder_payment"
    assert status.coverage(store).held.cents - before.held.cents == 4000
    assert voucher_life.funder_owes(store, programme["id"]) == 6000
    assert voucher_life.funder_paid(store, programme["id"]) == 4000
    with pytest.raises(RuleViolation, match="more than that"):
        voucher_life.record_funder_payment(treasurer, programme["id"], 6001, "VIR 13")
    with pytest.raises(InputError, match="reference"):
        voucher_life.record_funder_payment(treasurer, programme["id"], 100, "")
    voucher_life.record_funder_payment(treasurer, programme["id"], 6000, "VIR 13")
    assert voucher_life.funder_owes(store, programme["id"]) == 0
    assert balance(store, acc.FUNDERS_RECEIVABLE) == 0
    assert journal.verify(store).ok


def test_a_second_programme_keeps_its_own_funder_account(treasurer, programme):
    other = make_programme(treasurer, "Prime vélo")
    vouchers.issue(treasurer, programme["id"], 2, 1000, PASSPHRASE)
    vouchers.issue(treasurer, other["id"], 3, 2000, PASSPHRASE)
    with pytest.raises(RuleViolation):
        voucher_life.record_funder_payment(treasurer, programme["id"], 3000, "VIR 1")
    voucher_life.record_funder_payment(treasurer, other["id"], 6000, "VIR 1")
    assert voucher_life.funder_owes(treasurer.store, programme["id"]) == 2000
    assert voucher_life.funder_owes(treasurer.store, other["id"]) == 0
