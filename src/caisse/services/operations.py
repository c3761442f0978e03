"""The counter's operations and the treasurer's note movements, each one transaction.

Postings (debit positive), per DOMAIN.md:
- exchange: EUR till/cheques of the fund +E, fund_due -E; UNIT circulation +U, counter stock -U
- membership: EUR till/cheques of the association +F, fees -F
- deposit: EUR guarantee (or operating) bank +D, till/cheques -D
- receive notes: UNIT vault +U, notes_printed -U
- supply: UNIT counter stock +U, vault -U
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from caisse.domain import accounts as acc
from caisse.domain.errors import InputError, NotFound, RuleViolation
from caisse.domain.journal import Line
from caisse.domain.membership import FEE_KINDS, next_period
from caisse.domain.money import EUR, Money
from caisse.domain.roles import Permission
from caisse.i18n import N_
from caisse.services import counters, members, personal, settings
from caisse.services.context import Context
from caisse.services.ledger import Receipt, post
from caisse.store import journal
from caisse.store.db import Store

PAYMENT_METHODS = ("cash", "cheque", "card")
#: a membership fee may also be paid in the local currency's notes
FEE_METHODS = (*PAYMENT_METHODS, "units")


@dataclass(frozen=True)
class Cheque:
    bank: str
    number: str
    drawer: str = ""

    def checked(self) -> Cheque:
        if not self.number.strip():
            raise InputError(N_("A cheque needs its number."))
        return Cheque(self.bank.strip(), self.number.strip(), self.drawer.strip())


def _positive(cents: int) -> None:
    if cents <= 0:
        raise InputError(N_("The amount must be more than zero."))


def _payment_account(method: str, counter: str, *, fund: bool) -> str:
    if method not in PAYMENT_METHODS:
        raise InputError(N_('Unknown payment method "{method}".'), method=method)
    kinds = {
        "cash": (acc.TILL_FUND, acc.TILL_ASSOC),
        "cheque": (acc.CHEQUES_FUND, acc.CHEQUES_ASSOC),
        "card": (acc.CARDS_FUND, acc.CARDS_ASSOC),
    }
    return acc.counter_account(kinds[method][0 if fund else 1], counter)


def _cheque_details(method: str, cheque: Cheque | None) -> dict[str, str]:
    """A cheque's number, bank and drawer; the drawer is a person's name, which
    ``personal.apart`` keeps out of the journal."""
    if method != "cheque":
        return {}
    if cheque is None:
        raise InputError(N_("A cheque needs its number."))
    c = cheque.checked()
    return {"cheque_bank": c.bank, "cheque_number": c.number, "cheque_drawer": c.drawer}


def exchange(
    ctx: Context,
    member_number: str,
    counter_code: str,
    euros_cents: int,
    method: str = "cash",
    cheque: Cheque | None = None,
) -> Receipt:
    """A member gives euros and receives notes at parity."""
    ctx.require(Permission.EXCHANGE)
    store = ctx.store
    _positive(euros_cents)
    limit = settings.exchange_limit(store)
    if euros_cents > limit:
        raise RuleViolation(
            N_("{amount} is over the limit of {limit} for one exchange."),
            amount=Money(euros_cents),
            limit=Money(limit),
        )
    currency = settings.currency(store)
    euros = Money(euros_cents, EUR)
    units = currency.units_for_euros(euros)
    details = _cheque_details(method, cheque)
    with store.transaction():
        member = members.by_number(store, member_number)
        if not members.is_member_current(member, ctx.today()):
            raise RuleViolation(
                _lapsed_message(member),
                name=members.display_name(member),
                until=_date(member["membership_until"]),
            )
        counter = counters.get_active(store, counter_code)
        code = counter["code"]
        stock_account = acc.counter_account(acc.STOCK, code)
        stock = journal.balance(store, stock_account, currency.code)
        if stock < units.cents:
            raise RuleViolation(
                N_(
                    "The counter has only {stock} in notes, not enough for {units}. Ask the "
                    "treasurer for a supply."
                ),
                stock=currency.unit(stock),
                units=units,
            )
        written = post(
            ctx,
            "exchange",
            [
                Line(_payment_account(method, code, fund=True), EUR, euros.cents),
                Line(acc.FUND_DUE, EUR, -euros.cents),
                Line(acc.CIRCULATION, currency.code, units.cents),
                Line(stock_account, currency.code, -units.cents),
            ],
            counter=code,
            member=member["uid"],
            details=personal.apart(store, member["uid"], {"method": method, **details}),
        )
    return Receipt(
        written.receipt,
        written.seq,
        written.at,
        "exchange",
        code,
        member["number"],
        (euros, units),
        {"method": method, **details},
    )


def _date(iso: str | None) -> date | str:
    return date.fromisoformat(iso) if iso else "—"


def _lapsed_message(member: dict) -> str:
    if member["membership_until"]:
        return N_("{name}'s membership ended on {until}: record the membership fee first.")
    return N_("{name} has not paid a membership fee yet: record it first.")


def pay_membership(
    ctx: Context,
    member_number: str,
    counter_code: str,
    fee_kind: str,
    method: str = "cash",
    cheque: Cheque | None = None,
    amount_cents: int | None = None,
) -> Receipt:
    """A member pays the yearly fee, in euros or in the local currency's notes; the
    membership runs twelve more months.

    Paid in notes, the notes return to the counter's stock and the euros that backed them in
    the guarantee fund become the association's income.
    """
    ctx.require(Permission.MEMBERSHIP)
    store = ctx.store
    if fee_kind not in FEE_KINDS:
        raise InputError(N_('Unknown membership fee "{kind}".'), kind=fee_kind)
    if method not in FEE_METHODS:
        raise InputError(N_('Unknown payment method "{method}".'), method=method)
    fee = amount_cents if amount_cents is not None else settings.membership_fees(store)[fee_kind]
    _positive(fee)
    details = _cheque_details(method, cheque)
    currency = settings.currency(store)
    with store.transaction():
        member = members.by_number(store, member_number)
        if fee_kind == "organisation" and member["kind"] != "organisation":
            raise RuleViolation(N_("The organisation fee is for organisations only."))
        counter = counters.get_active(store, counter_code)
        code = counter["code"]
        until = member["membership_until"]
        start, end = next_period(ctx.today(), date.fromisoformat(until) if until else None)
        if method == "units":
            units = currency.units_for_euros(Money(fee))
            if units.cents > journal.balance(store, acc.CIRCULATION, currency.code):
                raise RuleViolation(N_("More notes than are in circulation: count them again."))
            lines = [
                Line(acc.counter_account(acc.STOCK, code), currency.code, units.cents),
                Line(acc.CIRCULATION, currency.code, -units.cents),
                Line(acc.FUND_DUE, EUR, fee),
                Line(acc.FEES, EUR, -fee),
            ]
        else:
            lines = [Line(_payment_account(method, code, fund=False), EUR, fee),
                     Line(acc.FEES, EUR, -fee)]  # fmt: skip
        written = post(
            ctx,
            "membership",
            lines,
            counter=code,
            member=member["uid"],
            details=personal.apart(
                store,
                member["uid"],
                {
                    "method": method,
                    "fee_kind": fee_kind,
                    "from": start.isoformat(),
                    "to": end.isoformat(),
                    **details,
                },
            ),
        )
        _record_period(store, member["uid"], start, end, fee, written.seq)
    return Receipt(
        written.receipt,
        written.seq,
        written.at,
        "membership",
        code,
        member["number"],
        (Money(fee),),
        {"from": start.isoformat(), "to": end.isoformat(), "fee_kind": fee_kind},
    )


def receive_notes(ctx: Context, units_cents: int, memo: str = "") -> Receipt:
    """Notes delivered by the printer enter the vault."""
    ctx.require(Permission.RECEIVE_NOTES)
    _positive(units_cents)
    code = settings.currency(ctx.store).code
    with ctx.store.transaction():
        written = post(
            ctx,
            "receive_notes",
            [Line(acc.VAULT, code, units_cents), Line(acc.NOTES_PRINTED, code, -units_cents)],
            memo=memo.strip(),
        )
    return Receipt(
        None, written.seq, written.at, "receive_notes", None, None, (Money(units_cents, code),)
    )


def supply(ctx: Context, counter_code: str, units_cents: int, courier: str) -> Receipt:
    """Notes leave the vault for a counter's stock, carried by a named courier."""
    ctx.require(Permission.SUPPLY)
    _positive(units_cents)
    if not courier.strip():
        raise InputError(N_("Name the person who carries the notes."))
    store = ctx.store
    code = settings.currency(store).code
    with store.transaction():
        counter = counters.get_active(store, counter_code)
        vault = journal.balance(store, acc.VAULT, code)
        if vault < units_cents:
            raise RuleViolation(
                N_("The vault holds only {vault}; it cannot supply {units}."),
                vault=Money(vault, code),
                units=Money(units_cents, code),
            )
        written = post(
            ctx,
            "supply",
            [
                Line(acc.counter_account(acc.STOCK, counter["code"]), code, units_cents),
                Line(acc.VAULT, code, -units_cents),
            ],
            counter=counter["code"],
            details={"courier": courier.strip()},
        )
    return Receipt(
        written.receipt,
        written.seq,
        written.at,
        "supply",
        counter["code"],
        None,
        (Money(units_cents, code),),
        {"courier": courier.strip()},
    )


def return_notes(
    ctx: Context, counter_code: str, units_cents: int, courier: str, *, handed_back: bool = False
) -> Receipt:
    """Notes go back from a counter to the vault: from its stock, or the notes partners handed
    back at reconversions (``handed_back``), carried by a named courier."""
    ctx.require(Permission.SUPPLY)
    _positive(units_cents)
    if not courier.strip():
        raise InputError(N_("Name the person who carries the notes."))
    store = ctx.store
    unit = settings.currency(store).code
    with store.transaction():
        code = counters.get(store, counter_code)["code"]
        source = acc.counter_account(acc.RETURNED if handed_back else acc.STOCK, code)
        held = journal.balance(store, source, unit)
        if held < units_cents:
            raise RuleViolation(
                N_("The counter holds only {held} of these notes; it cannot return {units}."),
                held=Money(held, unit), units=Money(units_cents, unit),
            )  # fmt: skip
        details = {"courier": courier.strip(), "handed_back": handed_back}
        written = post(
            ctx, "return_notes",
            [Line(acc.VAULT, unit, units_cents), Line(source, unit, -units_cents)],
            counter=code, details=details,
        )  # fmt: skip
    return Receipt(written.receipt, written.seq, written.at, "return_notes", code, None,
                   (Money(units_cents, unit),), details)  # fmt: skip


def deposit(
    ctx: Context,
    counter_code: str,
    slip: str,
    *,
    fund_cash: int = 0,
    assoc_cash: int = 0,
    cheques: Sequence[int] = (),
    fund_cards: int = 0,
    assoc_cards: int = 0,
) -> Receipt:
    """A counter's euros taken to the bank, with the bank slip number: the fund's to the
    guarantee account, the association's (fees) to the operating account. Cheques are named one
    by one (the entries that received them); card payments are settled by the bank."""
    ctx.require(Permission.DEPOSIT)
    if not slip.strip():
        raise InputError(N_("A bank deposit needs the slip number."))
    amounts = {acc.TILL_FUND: fund_cash, acc.TILL_ASSOC: assoc_cash,
               acc.CARDS_FUND: fund_cards, acc.CARDS_ASSOC: assoc_cards}  # fmt: skip
    if any(v < 0 for v in amounts.values()) or not (any(amounts.values()) or cheques):
        raise InputError(N_("The amount must be more than zero."))
    store = ctx.store
    with store.transaction():
        code = counters.get_active(store, counter_code)["code"]
        in_till = {c["seq"]: c for c in cheques_for_deposit(store, code)}
        unknown = [seq for seq in cheques if seq not in in_till]
        if unknown or len(set(cheques)) != len(cheques):
            raise RuleViolation(N_("A cheque of this deposit is not in the till."))
        for seq in cheques:
            kind = acc.CHEQUES_FUND if in_till[seq]["fund"] else acc.CHEQUES_ASSOC
            amounts[kind] = amounts.get(kind, 0) + in_till[seq]["amount"]
        lines: list[Line] = []
        fund = assoc = 0
        for kind, cents in amounts.items():
            if not cents:
                continue
            account = acc.counter_account(kind, code)
            held = journal.balance(store, account, EUR)
            if cents > held:
                raise RuleViolation(
                    N_("The deposit of {amount} is more than the {held} held at the counter."),
                    amount=Money(cents),
                    held=Money(held),
                )
            lines.append(Line(account, EUR, -cents))
            if kind in acc.FUND_COUNTER_ACCOUNTS:
                fund += cents
            else:
                assoc += cents
        if fund:
            lines.append(Line(acc.GUARANTEE_BANK, EUR, fund))
        if assoc:
            lines.append(Line(acc.OPERATING_BANK, EUR, assoc))
        details = {"slip": slip.strip(), "cheques": sorted(cheques), "fund": fund, "assoc": assoc}
        written = post(ctx, "deposit", lines, counter=code, details=details)
    return Receipt(written.receipt, written.seq, written.at, "deposit", code, None,
                   (Money(fund + assoc),), details)  # fmt: skip


def cheques_for_deposit(store: Store, code: str) -> list[dict[str, Any]]:
    """The cheques in a till, each marked with whether it belongs to the guarantee fund."""
    from caisse.services.sessions import cheques_in_till

    fund_account = acc.counter_account(acc.CHEQUES_FUND, code)
    rows = cheques_in_till(store, code)
    for row in rows:
        row["fund"] = bool(
            store.scalar(
                "SELECT 1 FROM posting WHERE txn_seq = ? AND account = ?",
                (row["seq"], fund_account),
            )
        )
    return rows


def bank_difference(ctx: Context, deposit_seq: int, credited_cents: int, reason: str) -> Receipt:
    """The bank credited another amount than a deposit: the difference is booked against the
    bank account the deposit went to, as a correction referencing it (treasurer)."""
    ctx.require(Permission.PAY_PARTNERS)
    if not reason.strip():
        raise RuleViolation(N_("A correction needs a reason."))
    store = ctx.store
    with store.transaction():
        original = journal.entry(store, deposit_seq)
        if original is None or original.operation != "deposit" or original.reverses:
            raise NotFound(N_("Entry {seq} is not a bank deposit."), seq=deposit_seq)
        banks = [ln for ln in original.lines if ln.account in (acc.GUARANTEE_BANK,
                                                               acc.OPERATING_BANK)]  # fmt: skip
        deposited = sum(ln.amount for ln in banks)
        gap = credited_cents - deposited
        if gap == 0:
            raise RuleViolation(N_("The bank credited exactly what was deposited: nothing to "
                                   "correct."))  # fmt: skip
        bank = banks[0].account
        written = post(
            ctx, "bank_difference",
            [Line(bank, EUR, gap), Line(acc.CASH_DIFFERENCES, EUR, -gap)],
            memo=reason.strip(),
            details={"deposit": deposit_seq, "slip": original.details.get("slip", ""),
                     "credited": credited_cents, "deposited": deposited},
        )  # fmt: skip
    return Receipt(None, written.seq, written.at, "bank_difference", None, None, (Money(gap),),
                   {"deposit": deposit_seq})  # fmt: skip


def record_online_membership(
    ctx: Context,
    member_uid: str,
    fee_cents: int,
    paid_on: date,
    reference: str,
    source: str = "helloasso",
) -> journal.Written:
    """A fee paid online (HelloAsso): it reached the association's bank, at no counter, so no
    till session. The membership runs twelve months from the day it was paid, or from the end
    of the period still running. A reference already recorded for the member is refused, so
    that importing the same file again posts nothing twice."""
    ctx.require(Permission.MEMBERSHIP)
    _positive(fee_cents)
    reference = reference.strip()
    if not reference:
        raise InputError(N_("An online payment needs its reference."))
    store = ctx.store
    with store.transaction():
        member = members.by_uid(store, member_uid)
        recorded = store.scalar(
            "SELECT 1 FROM txn WHERE member = ? AND operation = 'membership' "
            "AND json_extract(details, '$.method') = 'online' "
            "AND json_extract(details, '$.reference') = ?",
            (member_uid, reference),
        )
        if recorded:
            raise RuleViolation(
                N_("The online payment {reference} is already recorded."), reference=reference
            )
        until = member["membership_until"]
        start, end = next_period(paid_on, date.fromisoformat(until) if until else None)
        written = post(
            ctx,
            "membership",
            [Line(acc.OPERATING_BANK, EUR, fee_cents), Line(acc.FEES, EUR, -fee_cents)],
            member=member_uid,
            details={
                "method": "online",
                "source": source,
                "reference": reference,
                "paid_on": paid_on.isoformat(),
                "from": start.isoformat(),
                "to": end.isoformat(),
            },
        )
        _record_period(store, member_uid, start, end, fee_cents, written.seq)
    return written


def _record_period(store: Store, member_uid: str, start: date, end: date, fee: int,
                   seq: int) -> None:  # fmt: skip
    """The fee history row of a membership paid by entry ``seq``, and the member's validity;
    a member who had left and pays again belongs to the association again."""
    store.execute(
        "INSERT INTO membership (member, starts_on, ends_on, fee, commodity, txn_seq) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (member_uid, start.isoformat(), end.isoformat(), fee, EUR, seq),
    )
    store.execute(
        "UPDATE member SET membership_until = ?, left_on = NULL WHERE uid = ?",
        (end.isoformat(), member_uid),
    )
