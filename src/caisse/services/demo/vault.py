"""The vault in the demo year: each print run delivered by denomination with its serial ranges
(one letter per note, numbers following on from the last run), worn notes destroyed once
before a volunteer, and the vault counted once, as the journal says it should hold."""

from __future__ import annotations

import random
from datetime import date, timedelta

from caisse.domain.serials import SerialRange
from caisse.services import vault
from caisse.services.context import Context
from caisse.services.demo.tills import PRINT_RUN

#: a print run, note (cents) -> notes: 100,000 units
RUN = {5000: 400, 2000: 1_000, 1000: 2_000, 500: 4_000, 200: 5_000, 100: 10_000}
PREFIX = {5000: "F", 2000: "E", 1000: "D", 500: "C", 200: "B", 100: "A"}
WIDTH = 7
#: notes handed back by partners too worn to go out again
WORN = {2000: 3, 1000: 8, 500: 12, 100: 37}
assert sum(d * n for d, n in RUN.items()) == PRINT_RUN


class DemoVault:
    def __init__(self, treasurer: Context, witness: str, first_day: date, days: int) -> None:
        self.treasurer, self.witness = treasurer, witness
        # a generator of its own, so that the vault leaves the rest of the year as it is
        self.rng = random.Random(f"vault-{first_day}")
        self.next_serial = dict.fromkeys(RUN, 1)
        self.runs = 0
        self.destroy_day = first_day + timedelta(days=days * 55 // 100)
        self.count_day = first_day + timedelta(days=days * 80 // 100)

    def deliver(self, memo: str) -> None:
        """A print run from the printer, with its delivery note."""
        self.runs += 1
        serials = {}
        for denomination, number in RUN.items():
            first = self.next_serial[denomination]
            serials[denomination] = [
                SerialRange(PREFIX[denomination], first, first + number - 1, WIDTH)
            ]
            self.next_serial[denomination] = first + number
        today = self.treasurer.today()
        vault.receive(
            self.treasurer, RUN, serials, reference=f"BL-{today:%Y}-{self.runs:03d}", memo=memo
        )

    def destroy_worn(self) -> None:
        """Worn notes among those partners handed back, destroyed with their serials noted."""
        total = sum(d * n for d, n in WORN.items())
        if vault.holdings(self.treasurer.store).balance.cents < total:
            return
        serials = {}
        for denomination, number in WORN.items():
            issued = range(1, self.next_serial[denomination])
            picked = sorted(self.rng.sample(issued, min(number, len(issued))))
            if len(picked) == number:
                serials[denomination] = [
                    SerialRange(PREFIX[denomination], n, n, WIDTH) for n in picked
                ]
        vault.destroy(self.treasurer, WORN, "Billets usés rendus par les prestataires",
                      self.witness, serials)  # fmt: skip

    def count(self) -> None:
        """The treasurer counts the vault and finds what the journal says. The counters took
        notes by amount, so the vault holds each note in the share known by denomination,
        the rest made up in the largest notes that fit."""
        held = vault.holdings(self.treasurer.store)
        left = held.balance.cents
        known = {d: n for d, n in held.by_denomination.items() if n > 0}
        known_total = sum(d * n for d, n in known.items())
        notes: dict[int, int] = {}
        if known_total:
            for denomination, number in known.items():
                share = number * min(left, known_total) // known_total
                if share:
                    notes[denomination] = share
            left -= sum(d * n for d, n in notes.items())
        for denomination in sorted(RUN, reverse=True):
            number = left // denomination
            if number:
                notes[denomination] = notes.get(denomination, 0) + number
                left -= number * denomination
        if left == 0:
            vault.count(self.treasurer, notes)
