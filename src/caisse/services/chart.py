"""The chart of accounts as the administrator maps it: each account's number in the
association's own chart, used by the FEC and the other exports.

An account's key (``guarantee_bank``, ``till_fund:C01``) is what the journal writes and hashes;
its number is an attribute of the ``account`` table only, so remapping a number never touches
the journal, its hashes or the closings. Several accounts may share a number: an accountant
may pool the tills of every exchange point into one 530000.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from caisse.domain import accounts as acc
from caisse.domain.errors import InputError, NotFound, RuleViolation
from caisse.domain.roles import Permission
from caisse.i18n import N_, _
from caisse.services import events
from caisse.services.context import Context
from caisse.store.db import Store

NUMBER = re.compile(r"\d{3,10}")

#: the classes of the French PCG an account of each kind may take, by first digit.
#:
#: Règlement ANC 2014-03 (the PCG), art. 932-1, and règlement ANC 2018-06 for associations:
#: classes 1 to 5 are the balance sheet (1 equity and long-term debts, 2 fixed assets,
#: 3 stocks, 4 third parties, owed either way, 5 banks and cash, overdrafts included), so an
#: asset or a liability may sit in any of them; class 6 holds the expenses (charges), class 7
#: the income (produits). Class 8 holds the special accounts, among them 80 for commitments
#: kept off the balance sheet; class 0 is where the 1982 chart, and many accounting programs
#: still, keep such memo accounts. The notes and vouchers counted in the unit are memo
#: accounts: class 8 or 0. Class 9 (cost accounting) takes none of Caisse's accounts.
CLASSES: dict[str, str] = {
    acc.Kind.ASSET: "12345",
    acc.Kind.LIABILITY: "12345",
    acc.Kind.INCOME: "7",
    acc.Kind.EXPENSE: "6",
    acc.Kind.MEMO: "80",
}

#: what the first digit of each kind must be, said to whoever typed another
CLASS_RULES = {
    acc.Kind.ASSET: N_("an asset takes a number of classes 1 to 5 (the balance sheet)"),
    acc.Kind.LIABILITY: N_("a liability takes a number of classes 1 to 5 (the balance sheet)"),
    acc.Kind.INCOME: N_("an income account takes a number of class 7"),
    acc.Kind.EXPENSE: N_("an expense account takes a number of class 6"),
    acc.Kind.MEMO: N_("a memo account (notes and vouchers in the unit) takes a number of "
                      "class 8 or 0"),
}  # fmt: skip

KIND_LABELS = {
    acc.Kind.ASSET: N_("Asset"),
    acc.Kind.LIABILITY: N_("Liability"),
    acc.Kind.INCOME: N_("Income"),
    acc.Kind.EXPENSE: N_("Expense"),
    acc.Kind.MEMO: N_("Memo (notes)"),
}


@dataclass(frozen=True)
class Account:
    key: str
    name: str  # translated
    number: str
    default: str  # the chart's number
    commodity: str  # "EUR" or the unit's code
    kind: str
    counter: str  # the exchange point's code, "" for the association's accounts

    @property
    def mapped(self) -> bool:
        return self.number != self.default

    @property
    def kind_label(self) -> str:
        return _(KIND_LABELS.get(acc.Kind(self.kind), self.kind))


def accounts(store: Store) -> list[Account]:
    """Every account, the euros first, in the order of their numbers."""
    numbers = {r["code"]: r["number"] for r in store.rows("SELECT code, number FROM counter")}
    found = [
        Account(
            key=row["key"],
            name=_(row["name"]).format(counter=row["counter"] or ""),
            number=row["pcg"],
            default=_default(row["key"], row["counter"], numbers),
            commodity=row["commodity"],
            kind=row["kind"],
            counter=row["counter"] or "",
        )
        for row in store.rows("SELECT key, name, pcg, commodity, kind, counter FROM account")
    ]
    found.sort(key=lambda a: (a.commodity != "EUR", a.number, a.key))
    return found


def get(store: Store, key: str) -> Account:
    for account in accounts(store):
        if account.key == key.strip():
            return account
    raise NotFound(N_('There is no account "{key}": "caisse accounts list" shows them.'),
                   key=key)  # fmt: skip


def check_number(kind: str, number: str) -> str:
    """The number as it will be written, or an :class:`InputError` saying the rule."""
    text = number.strip()
    if not NUMBER.fullmatch(text):
        raise InputError(
            N_('"{number}" is not an account number: write 3 to 10 digits, nothing else, '
               "for example 512200."),
            number=number,
        )  # fmt: skip
    allowed = CLASSES[acc.Kind(kind)]
    if text[0] not in allowed:
        raise InputError(
            N_("{number} cannot be this account's number: {rule}."),
            number=text,
            rule=_(CLASS_RULES[acc.Kind(kind)]),
        )
    return text


def set_number(ctx: Context, key: str, number: str) -> Account:
    """Give the account another number in the association's chart (administrator)."""
    ctx.require(Permission.SETTINGS)
    store = ctx.store
    with store.transaction():
        account = get(store, key)
        new = check_number(account.kind, number)
        if new == account.number:
            return account
        _write(ctx, account, new, reset=False)
    return get(store, account.key)


def reset_number(ctx: Context, key: str) -> Account:
    """Give the account back the number of Caisse's chart (administrator)."""
    ctx.require(Permission.SETTINGS)
    store = ctx.store
    with store.transaction():
        account = get(store, key)
        if not account.mapped:
            raise RuleViolation(N_("{key} already has its default number, {number}."),
                                key=account.key, number=account.default)  # fmt: skip
        _write(ctx, account, account.default, reset=True)
    return get(store, account.key)


def _write(ctx: Context, account: Account, number: str, *, reset: bool) -> None:
    ctx.store.execute("UPDATE account SET pcg = ? WHERE key = ?", (number, account.key))
    events.record(
        ctx.store,
        "account_number_changed",
        actor=ctx.actor.uid,
        at=ctx.now_iso(),
        account=account.key,
        old=account.number,
        new=number,
        default=reset,
    )


def _default(key: str, counter: str | None, numbers: dict[str, int]) -> str:
    if counter is None:
        for spec in acc.GLOBAL_ACCOUNTS:
            if spec.key == key:
                return spec.pcg
        return ""
    for spec in acc.counter_specs(counter, numbers.get(counter, 0)):
        if spec.key == key:
            return spec.pcg
    return ""
