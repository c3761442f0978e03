"""The treasurer's side of the demo year: reconversion rounds, transfers to partners, bank
details that pass the checks real ones do."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from stdnum import iban as iban_check

#: units handed back by a partner at one reconversion, in cents, with how often each is chosen
RECONVERSIONS = ((5000, 10), (10000, 20), (15000, 15), (20000, 20), (30000, 15), (50000, 12),
                 (80000, 6), (120000, 2))  # fmt: skip
PARTNERS_PER_ROUND = (3, 12)
PAYMENT_DELAY = (2, 6)  # days between a reconversion and the transfer
UNPAID_LAST_DAYS = 10  # reconversions this close to the end still await their transfer
#: a round never takes more than this share of the notes in circulation
ROUND_SHARE = 4
#: five-digit bank codes of French banks (Banque de France register)
BANK_CODES = ("10278", "30003", "30004", "20041", "11006", "42559", "16807", "30066")


def french_iban(rng: random.Random) -> str:
    """A French IBAN with a valid RIB key and valid IBAN check digits."""
    bank, branch = rng.choice(BANK_CODES), f"{rng.randrange(100_000):05d}"
    account = f"{rng.randrange(10**11):011d}"
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    bban = f"{bank}{branch}{account}{key:02d}"
    return f"FR{iban_check.calc_check_digits('FR00' + bban)}{bban}"


def round_days(rng: random.Random, first: date, last: date) -> set[date]:
    """Days of reconversion rounds: every week or two, counted back from near the end."""
    days: set[date] = set()
    day = last - timedelta(days=3)
    while day >= first + timedelta(days=7):
        days.add(day)
        day -= timedelta(days=rng.choice((7, 14)))
    return days


@dataclass
class Transfers:
    """Reconversions awaiting the treasurer's transfer: entry seq -> day it is paid."""

    due: dict[int, date] = field(default_factory=dict)
    reference: int = 0

    def schedule(self, rng: random.Random, seq: int, day: date, end: date) -> None:
        if (end - day).days >= UNPAID_LAST_DAYS:
            self.due[seq] = day + timedelta(days=rng.randint(*PAYMENT_DELAY))

    def payable(self, day: date) -> list[int]:
        paid = sorted(seq for seq, on in self.due.items() if on <= day)
        for seq in paid:
            del self.due[seq]
        return paid

    def next_reference(self, day: date) -> str:
        self.reference += 1
        return f"VIR-{day.year}-{self.reference:04d}"
