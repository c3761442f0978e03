"""The exchange points' tills in the demo year: opened each working morning with the float
counted, supplied with notes, their euros taken to the bank weekly, closed each evening."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from caisse.domain import accounts as acc
from caisse.domain.money import EUR
from caisse.services import operations, sessions
from caisse.services.context import Context
from caisse.services.demo import names
from caisse.services.demo.till import evening_count, exact
from caisse.store import journal
from caisse.store.db import Store

PRINT_RUN = 10_000_000  # 100,000 units of notes from the printer
LOW_STOCK = 150_000  # a counter under 1,500 units is supplied in the morning
STOCK_TARGET = 400_000
DEPOSIT_EVERY = 7  # days between two bank deposits of a counter
RETURN_HANDED_BACK = 50_000  # notes handed back by partners go to the vault beyond 500 units
RETURN_STOCK_ONE_IN = 8  # now and then, a counter with too many notes sends some back


class Tills:
    def __init__(
        self,
        store: Store,
        rng: random.Random,
        treasurer: Context,
        volunteer: Callable[[str], Context],
        unit: str,
        deliver: Callable[[str], None],
    ) -> None:
        self.store, self.rng, self.treasurer, self.volunteer = store, rng, treasurer, volunteer
        self.deliver = deliver  # a print run from the printer into the vault, with its memo
        self.unit = unit
        self.notes = names.DENOMINATIONS
        self.slip = rng.randrange(1_000_000, 2_000_000)
        self.last_deposit: dict[str, date] = {}

    def balance(self, kind: str, code: str, commodity: str = EUR) -> int:
        return journal.balance(self.store, acc.counter_account(kind, code), commodity)

    def stock(self, code: str) -> int:
        return self.balance(acc.STOCK, code, self.unit)

    # --- the session ------------------------------------------------------------------------
    def open(self, code: str) -> None:
        if sessions.current(self.store, code) is not None:
            return
        expected = sessions.expected(self.store, code)
        sessions.open_session(self.volunteer(code), code, exact(expected, self.notes,
                                                                  cheques=False))  # fmt: skip

    def close(self, code: str) -> None:
        if sessions.current(self.store, code) is None:
            return
        count, comment = evening_count(self.rng, sessions.expected(self.store, code), self.notes)
        sessions.close_session(
            self.volunteer(code), code, count, comment=comment, recounted=bool(comment)
        )

    # --- notes ------------------------------------------------------------------------------
    def morning_supply(self, code: str) -> None:
        held = self.stock(code)
        if held < LOW_STOCK:
            self.supply(code, STOCK_TARGET - held)

    def ensure_stock(self, code: str, units: int) -> None:
        held = self.stock(code)
        if held < units:  # a volunteer called the treasurer, who came with notes
            self.supply(code, STOCK_TARGET - held)

    def supply(self, code: str, units: int) -> None:
        units -= units % 10_000  # whole bundles of 100 units
        if journal.balance(self.store, acc.VAULT, self.unit) < units:
            self.deliver("Nouvelle impression")
        operations.supply(self.treasurer, code, units, self.courier())

    def courier(self) -> str:
        return self.rng.choice(names.USERS[:2])[1]

    def return_notes(self, code: str) -> None:
        """Notes handed back by partners go to the vault; a counter over-stocked sends some."""
        handed_back = self.balance(acc.RETURNED, code, self.unit)
        if handed_back >= RETURN_HANDED_BACK:
            operations.return_notes(self.treasurer, code, handed_back, self.courier(),
                                    handed_back=True)  # fmt: skip
        excess = self.stock(code) - STOCK_TARGET
        if excess >= 10_000 and self.rng.randrange(RETURN_STOCK_ONE_IN) == 0:
            operations.return_notes(self.treasurer, code, excess - excess % 10_000, self.courier())

    # --- the bank ---------------------------------------------------------------------------
    def deposit_due(self, code: str, day: date) -> bool:
        last = self.last_deposit.get(code)
        return last is None or (day - last).days >= DEPOSIT_EVERY

    def deposit(self, code: str, day: date) -> None:
        """The week's cash (the fund's and the association's), cheques and card settlements."""
        self.last_deposit[code] = day
        till_fund, till_assoc = (
            self.balance(acc.TILL_FUND, code),
            self.balance(acc.TILL_ASSOC, code),
        )
        parts = {
            # a shortfall the association bore leaves less cash than the fund's share
            "fund_cash": max(0, till_fund + min(0, till_assoc)),
            "assoc_cash": max(0, till_assoc),
            "fund_cards": self.balance(acc.CARDS_FUND, code),
            "assoc_cards": self.balance(acc.CARDS_ASSOC, code),
        }
        cheques = [c["seq"] for c in sessions.cheques_in_till(self.store, code)]
        if not (any(parts.values()) or cheques):
            return
        self.slip += self.rng.randrange(1, 40)
        operations.deposit(self.treasurer, code, f"{self.slip:07d}", cheques=cheques, **parts)
