"""The counter's operations and the treasurer's note movements, each one transaction.

Postings (debit positive), per DOMAIN.md:
- exchange: EUR till/cheques of the fund +E, fund_due -E; UNIT circulation +U, counter stock -U
- membership: EUR till/cheques of the association +F, fees -F
- deposit: EUR guarantee (or operating) bank +D, till/cheques -D
- receive notes: UNIT vault +U, notes_printed -U
- supply: UNIT counter stock +U, vault -U
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from caisse.domain import accounts as acc
from caisse.domain.errors import InputError, RuleViolation
from caisse.domain.journal import Line
from caisse.domain.membership import FEE_KINDS, next_period
from caisse.domain.money import EUR, Money
from caisse.domain.roles import Permission
from caisse.i18n import N_
from caisse.services import counters, members, settings
from caisse.services.context import Context
from caisse.services.ledger import Receipt, post
from caisse.store import journal

PAYMENT_METHODS = ("cash", "cheque")


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
    if method == "cash":
        kind = acc.TILL_FUND if fund else acc.TILL_ASSOC
    else:
        kind = acc.CHEQUES_FUND if fund else acc.CHEQUES_ASSOC
    return acc.counter_account(kind, counter)


def _cheque_details(method: str, cheque: Cheque | None) -> dict[str, str]:
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
            details={"method": method, **details},
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
    """A member pays the yearly fee in euros; the membership runs twelve more months."""
    ctx.require(Permission.MEMBERSHIP)
    store = ctx.store
    if fee_kind not in FEE_KINDS:
        raise InputError(N_('Unknown membership fee "{kind}".'), kind=fee_kind)
    fee = amount_cents if amount_cents is not None else settings.membership_fees(store)[fee_kind]
    _positive(fee)
    details = _cheque_details(method, cheque)
    with store.transaction():
        member = members.by_number(store, member_number)
        if fee_kind == "organisation" and member["kind"] != "organisation":
            raise RuleViolation(N_("The organisation fee is for organisations only."))
        counter = counters.get_active(store, counter_code)
        code = counter["code"]
        until = member["membership_until"]
        start, end = next_period(ctx.today(), date.fromisoformat(until) if until else None)
        written = post(
            ctx,
            "membership",
            [Line(_payment_account(method, code, fund=False), EUR, fee), Line(acc.FEES, EUR, -fee)],
            counter=code,
            member=member["uid"],
            details={
                "method": method,
                "fee_kind": fee_kind,
                "from": start.isoformat(),
                "to": end.isoformat(),
                **details,
            },
        )
        store.execute(
            "INSERT INTO membership (member, starts_on, ends_on, fee, commodity, txn_seq) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (member["uid"], start.isoformat(), end.isoformat(), fee, EUR, written.seq),
        )
        store.execute(
            "UPDATE member SET membership_until = ? WHERE uid = ?", (end.isoformat(), member["uid"])
        )
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


def deposit(
    ctx: Context,
    counter_code: str,
    slip: str,
    *,
    fund_cash: int = 0,
    fund_cheques: int = 0,
    assoc_cash: int = 0,
    assoc_cheques: int = 0,
) -> Receipt:
    """A counter's euros taken to the bank: the fund's to the guarantee account, the
    association's (fees) to the operating account, with the bank slip number."""
    ctx.require(Permission.DEPOSIT)
    if not slip.strip():
        raise InputError(N_("A bank deposit needs the slip number."))
    parts = {
        acc.TILL_FUND: fund_cash,
        acc.CHEQUES_FUND: fund_cheques,
        acc.TILL_ASSOC: assoc_cash,
        acc.CHEQUES_ASSOC: assoc_cheques,
    }
    if any(v < 0 for v in parts.values()) or not any(parts.values()):
        raise InputError(N_("The amount must be more than zero."))
    store = ctx.store
    with store.transaction():
        code = counters.get_active(store, counter_code)["code"]
        lines: list[Line] = []
        for kind, cents in parts.items():
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
        fund = fund_cash + fund_cheques
        assoc = assoc_cash + assoc_cheques
        if fund:
            lines.append(Line(acc.GUARANTEE_BANK, EUR, fund))
        if assoc:
            lines.append(Line(acc.OPERATING_BANK, EUR, assoc))
        written = post(ctx, "deposit", lines, counter=code, details={"slip": slip.strip()})
    return Receipt(
        written.receipt,
        written.seq,
        written.at,
        "deposit",
        code,
        None,
        (Money(fund + assoc),),
        {"slip": slip.strip()},
    )
