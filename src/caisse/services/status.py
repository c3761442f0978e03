"""Figures for the status bar, `caisse status` and the treasurer: coverage and counts."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from caisse.domain import accounts as acc
from caisse.domain.money import EUR, Money
from caisse.services import settings
from caisse.store import journal
from caisse.store.db import Store


@dataclass(frozen=True)
class Coverage:
    """Euros held for the guarantee fund against the local currency in circulation.

    ``required`` is the circulation (notes out and vouchers outstanding) converted at parity,
    exact, plus the reconversions and voucher redemptions owed to partners and not yet paid
    (their value left circulation, their euros have not left the fund). The fund is covered
    when what is held reaches it; what is held beyond (commissions, fees paid in notes) belongs
    to the association and awaits a transfer to the operating account.
    """

    guarantee_bank: Money
    at_counters: Money  # fund's cash, cheques and card payments at counters, awaiting the bank
    circulation: Money  # notes out, in the unit
    vouchers: Money  # vouchers outstanding: issued, not yet redeemed, expired or cancelled
    owed_to_partners: Money  # reconversions and voucher redemptions not yet paid
    required: Fraction  # euro cents that circulation and the reconversions owed call for

    @property
    def held(self) -> Money:
        return self.guarantee_bank + self.at_counters

    @property
    def difference(self) -> Fraction:
        return self.held.cents - self.required

    @property
    def covered(self) -> bool:
        return self.difference >= 0

    @property
    def surplus(self) -> Money:
        """Euros held beyond the requirement, rounded down to the cent."""
        return Money(max(0, int(self.difference)))

    @property
    def ratio(self) -> Fraction | None:
        return None if self.required == 0 else Fraction(self.held.cents) / self.required

    def as_dict(self) -> dict[str, Any]:
        return {
            "guarantee_bank": self.guarantee_bank.cents,
            "at_counters": self.at_counters.cents,
            "held": self.held.cents,
            "circulation": self.circulation.cents,
            "vouchers": self.vouchers.cents,
            "owed_to_partners": self.owed_to_partners.cents,
            "required": str(self.required),
            "difference": str(self.difference),
            "covered": self.covered,
        }


def coverage(store: Store) -> Coverage:
    currency = settings.currency(store)
    balances = journal.balances(store)
    fund_kinds = tuple(f"{kind}:" for kind in acc.FUND_COUNTER_ACCOUNTS)
    at_counters = sum(
        amount
        for (account, commodity), amount in balances.items()
        if commodity == EUR and account.startswith(fund_kinds)
    )
    circulation = balances.get((acc.CIRCULATION, currency.code), 0)
    vouchers = balances.get((acc.VOUCHERS_OUTSTANDING, currency.code), 0)
    owed = -balances.get((acc.PARTNERS_PAYABLE, EUR), 0)
    return Coverage(
        guarantee_bank=Money(balances.get((acc.GUARANTEE_BANK, EUR), 0)),
        at_counters=Money(at_counters),
        circulation=currency.unit(circulation),
        vouchers=currency.unit(vouchers),
        owed_to_partners=Money(owed),
        required=Fraction(circulation + vouchers) * currency.parity + owed,
    )


def counter_figures(store: Store, code: str) -> dict[str, Money]:
    """What a counter holds: cash, cheques and card payments by owner, notes in stock."""
    unit = settings.currency(store).code
    b = journal.balances(store)

    def get(kind: str, commodity: str) -> Money:
        return Money(b.get((acc.counter_account(kind, code), commodity), 0), commodity)

    return {
        "till_fund": get(acc.TILL_FUND, EUR),
        "till_assoc": get(acc.TILL_ASSOC, EUR),
        "cheques_fund": get(acc.CHEQUES_FUND, EUR),
        "cheques_assoc": get(acc.CHEQUES_ASSOC, EUR),
        "cards_fund": get(acc.CARDS_FUND, EUR),
        "cards_assoc": get(acc.CARDS_ASSOC, EUR),
        "stock": get(acc.STOCK, unit),
    }


def summary(store: Store) -> dict[str, Any]:
    cov = coverage(store)
    return {
        "association": settings.association(store).name,
        "currency": settings.currency(store).code,
        "schema_version": store.schema_version,
        "members": store.scalar("SELECT COUNT(*) FROM member"),
        "partners": store.scalar("SELECT COUNT(*) FROM member WHERE is_partner = 1"),
        "counters": store.scalar("SELECT COUNT(*) FROM counter WHERE active = 1"),
        "users": store.scalar("SELECT COUNT(*) FROM user WHERE active = 1"),
        "journal_entries": store.scalar("SELECT COUNT(*) FROM txn"),
        "vault": journal.balance(store, acc.VAULT, cov.circulation.commodity),
        "coverage": cov.as_dict(),
    }
