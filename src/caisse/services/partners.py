"""Reconversion: a partner hands notes back and is paid euros by transfer, less a commission.

Only partners reconvert (an individual never does: the law allows buying back notes from
businesses only). The euros are owed to the partner until the treasurer records the transfer.
"""

from __future__ import annotations

from typing import Any

from stdnum import iban as iban_check

from caisse.domain import accounts as acc
from caisse.domain.counting import commission
from caisse.domain.errors import InputError, NotFound, PermissionDenied, RuleViolation
from caisse.domain.journal import Line
from caisse.domain.money import EUR, Money
from caisse.domain.roles import PERMISSION_LABELS, Permission, Role
from caisse.i18n import N_, _
from caisse.services import counters, members, personal, settings
from caisse.services.context import Context
from caisse.services.ledger import Receipt, post
from caisse.store.db import Store

DEFAULT_COMMISSION_BP = 500  # 5 %, as the Eusko and the Chiemgauer


def commission_rate(store: Store) -> int:
    """The reconversion commission in basis points (500 = 5 %)."""
    return int(store.get_setting("reconversion_commission_bp", DEFAULT_COMMISSION_BP))


def volunteers_may_reconvert(store: Store) -> bool:
    return bool(store.get_setting("volunteers_may_reconvert", False))


def may_reconvert(ctx: Context) -> bool:
    return ctx.may(Permission.RECONVERT) or (
        ctx.actor.role is Role.VOLUNTEER and volunteers_may_reconvert(ctx.store)
    )


def checked_iban(text: str) -> str:
    cleaned = text.replace(" ", "").upper()
    try:
        return str(iban_check.validate(cleaned))
    except Exception:
        raise InputError(
            N_('The IBAN "{iban}" is not valid: check it on the partner\'s bank details.'),
            iban=text.strip(),
        ) from None


def payee(
    store: Store, partner_number: str, iban: str | None, not_partner: str
) -> tuple[dict[str, Any], str]:
    """The partner to pay by transfer and the IBAN to pay to: the one typed (checked, and kept
    as the partner's) or the one on file. ``not_partner`` is the refusal for a member who is
    not a partner (a ``{name}`` in it)."""
    partner = members.by_number(store, partner_number)
    if not partner["is_partner"]:
        raise RuleViolation(not_partner, name=members.display_name(partner))
    account_iban = checked_iban(iban) if iban else partner["iban"]
    if not account_iban:
        raise InputError(N_("Type the partner's IBAN: the euros are paid by transfer."))
    if account_iban != partner["iban"]:
        store.execute("UPDATE member SET iban = ? WHERE uid = ?", (account_iban, partner["uid"]))
    return partner, account_iban


def reconvert(
    ctx: Context,
    partner_number: str,
    counter_code: str,
    units_cents: int,
    *,
    iban: str | None = None,
    notes_handed: int | None = None,
) -> Receipt:
    """The partner hands ``units_cents`` of notes; the euros at parity, less the commission,
    are owed to them until paid by transfer to their IBAN."""
    if not may_reconvert(ctx):
        raise PermissionDenied(
            N_("{user} ({role}) may not {action}. Ask a treasurer or an administrator."),
            user=ctx.actor.name, role=_(ctx.actor.role.label),
            action=_(PERMISSION_LABELS[Permission.RECONVERT]),
        )  # fmt: skip
    if units_cents <= 0:
        raise InputError(N_("The amount must be more than zero."))
    if notes_handed is not None and units_cents > notes_handed:
        raise RuleViolation(
            N_("{amount} is more than the {notes} of notes handed back."),
            amount=Money(units_cents, settings.currency(ctx.store).code),
            notes=Money(notes_handed, settings.currency(ctx.store).code),
        )
    store = ctx.store
    currency = settings.currency(store)
    with store.transaction():
        partner, account_iban = payee(
            store, partner_number, iban,
            N_("{name} is not a partner: only partners may reconvert notes into euros."),
        )  # fmt: skip
        code = counters.get_active(store, counter_code)["code"]
        circulation = (
            store.scalar(
                "SELECT amount FROM balance WHERE account = ? AND commodity = ?",
                (acc.CIRCULATION, currency.code),
            )
            or 0
        )
        if units_cents > circulation:
            raise RuleViolation(N_("More notes than are in circulation: count them again."))
        euros = currency.euros_for_units(currency.unit(units_cents))
        fee = commission(euros.cents, commission_rate(store))
        details = {"iban": account_iban, "euros": euros.cents, "commission": fee,
                   "rate_bp": commission_rate(store), "to_pay": euros.cents - fee}  # fmt: skip
        written = post(
            ctx, "reconversion",
            [
                Line(acc.counter_account(acc.RETURNED, code), currency.code, units_cents),
                Line(acc.CIRCULATION, currency.code, -units_cents),
                Line(acc.FUND_DUE, EUR, euros.cents),
                Line(acc.PARTNERS_PAYABLE, EUR, -(euros.cents - fee)),
                Line(acc.COMMISSIONS, EUR, -fee),
            ],
            counter=code, member=partner["uid"],
            details=personal.apart(store, partner["uid"], details),
        )  # fmt: skip
    return Receipt(written.receipt, written.seq, written.at, "reconversion", code,
                   partner["number"], (currency.unit(units_cents), Money(euros.cents - fee)),
                   details)  # fmt: skip


#: the reconversions and voucher redemptions ``t`` not yet paid: neither corrected nor paid
#: by a payment that stands (the payments are gathered once, not searched for each one)
OWED_WHERE = (
    "t.operation IN ('reconversion', 'voucher_redemption') AND t.reverses IS NULL "
    "AND NOT EXISTS (SELECT 1 FROM txn r WHERE r.reverses = t.seq) "
    "AND t.seq NOT IN (SELECT json_extract(p.details, '$.pays') FROM txn p "
    "  WHERE p.operation = 'partner_payment' AND p.reverses IS NULL "
    "  AND json_extract(p.details, '$.pays') IS NOT NULL "
    "  AND NOT EXISTS (SELECT 1 FROM txn c WHERE c.reverses = p.seq))"
)


def owed(store: Store) -> list[dict[str, Any]]:
    """Reconversions not yet paid, oldest first, with the partner, the amount to transfer and
    the IBAN to transfer it to (kept apart from the journal, or in the entry before schema 5)."""
    return store.rows(
        "SELECT t.seq, t.at, t.receipt, t.counter, m.number, m.organisation AS partner, "
        "json_extract(t.details, '$.to_pay') AS to_pay, "
        "COALESCE(d.value, json_extract(t.details, '$.iban'), '') AS iban "
        "FROM txn t JOIN member m ON m.uid = t.member "
        "LEFT JOIN personal_detail d ON d.uid = json_extract(t.details, '$.personal.iban') "
        f"WHERE {OWED_WHERE} ORDER BY t.seq"
    )


def mark_paid(ctx: Context, reconversion_seq: int, bank_reference: str) -> Receipt:
    """The treasurer records the transfer that paid a reconversion."""
    ctx.require(Permission.PAY_PARTNERS)
    if not bank_reference.strip():
        raise InputError(N_("Give the bank reference of the transfer."))
    store = ctx.store
    with store.transaction():
        due = {row["seq"]: row for row in owed(store)}.get(reconversion_seq)
        if due is None:
            raise NotFound(N_("Entry {seq} is not a reconversion awaiting payment."),
                           seq=reconversion_seq)  # fmt: skip
        partner_uid, iban_ref = store.execute(
            "SELECT member, json_extract(details, '$.personal.iban') FROM txn WHERE seq = ?",
            (reconversion_seq,),
        ).fetchone()
        amount = int(due["to_pay"])
        details = {"pays": reconversion_seq, "reference": bank_reference.strip()}
        if iban_ref:  # the IBAN the reconversion recorded, already kept apart
            details[personal.KEY] = {"iban": iban_ref}
        else:
            details = personal.apart(store, partner_uid, {**details, "iban": due["iban"]})
        written = post(
            ctx, "partner_payment",
            [Line(acc.PARTNERS_PAYABLE, EUR, amount), Line(acc.GUARANTEE_BANK, EUR, -amount)],
            member=partner_uid, details=details,
        )  # fmt: skip
    return Receipt(None, written.seq, written.at, "partner_payment", None, due["number"],
                   (Money(amount),), {"pays": reconversion_seq})  # fmt: skip


def set_volunteers_may_reconvert(ctx: Context, allowed: bool) -> None:
    """The administrator lets volunteers reconvert partners' notes at their counter, or not."""
    from caisse.services.settings import _put

    ctx.require(Permission.SETTINGS)
    _put(ctx, "volunteers_may_reconvert", bool(allowed))


def set_commission_rate(ctx: Context, basis_points: int) -> None:
    """The reconversion commission, in basis points (500 = 5 %), from 0 to 100 %."""
    from caisse.services.settings import _put

    ctx.require(Permission.SETTINGS)
    if type(basis_points) is not int or not 0 <= basis_points <= 10_000:
        raise InputError(N_("The commission rate must be between 0 and 100 %."))
    _put(ctx, "reconversion_commission_bp", basis_points)
