"""Invented members and partners of the demo, drawn from a seeded random generator."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from caisse.domain.text import fold
from caisse.services.demo import names
from caisse.services.members import MemberFields


@dataclass
class Person:
    """A member as the simulation follows them through the year."""

    fields: MemberFields
    fee_kind: str  # "individual", "reduced" or "organisation"
    home: str  # the exchange point they usually go to
    activity: int  # relative weight: how often they come to exchange
    renews: bool  # whether they renew once their membership ends
    pays_fee: bool = True  # a few sign up and never pay
    number: str = ""
    until: date | None = None
    sector: str = ""  # a partner's trade (names.SECTOR_CATEGORY)
    hosts: str = ""  # the exchange point in a partner's shop, if any

    @property
    def display(self) -> str:
        f = self.fields
        return f.organisation or f"{f.first_name} {f.last_name}"


class PeopleMaker:
    def __init__(self, rng: random.Random, counter_homes: dict[str, list[str]]) -> None:
        """``counter_homes`` maps a commune to the exchange points in it (maybe none)."""
        self.rng = rng
        self.homes = counter_homes
        self.all_counters = sorted({c for cs in counter_homes.values() for c in cs})
        self.emails: set[str] = set()
        self.trade_names: set[str] = set()
        self.partners: list[Person] = []  # every partner made, joined or not
        self.communes = [c for c, _, _ in names.COMMUNES]
        self.postcodes = {c: p for c, p, _ in names.COMMUNES}
        self.weights = [w for _, _, w in names.COMMUNES]
        # the shops that hold one of the exchange points join first among partners
        self.hosts = [
            (code, address, commune)
            for code, _, address, commune in names.COUNTERS
            if code in self.all_counters and code in names.HOSTS
        ]

    def _commune(self) -> str:
        return self.rng.choices(self.communes, self.weights)[0]

    def _home(self, commune: str) -> str:
        local = self.homes.get(commune, [])
        if local and self.rng.random() < 0.85:
            return self.rng.choice(local)
        # people from villages without a counter go to the nearest town's, the first ones
        return self.rng.choice(self.all_counters[: max(2, len(self.all_counters) // 2)])

    def _phone(self) -> str:
        # 06 39 98 and 05 36 49 are ranges the telecoms regulator keeps for fiction
        return f"06 39 98 {self.rng.randrange(100):02d} {self.rng.randrange(100):02d}"

    def _email(self, local: str) -> str:
        base = "".join(c if c.isalnum() else "." for c in fold(local)).strip(".")
        base = ".".join(part for part in base.split(".") if part)
        email, n = f"{base}@example.org", 1
        while email in self.emails:
            n += 1
            email = f"{base}{n}@example.org"
        self.emails.add(email)
        return email

    def individual(self) -> Person:
        rng = self.rng
        first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
        commune = self._commune()
        fields = MemberFields(
            kind="individual",
            first_name=first,
            last_name=last,
            email=self._email(f"{first}.{last}") if rng.random() < 0.9 else "",
            phone=self._phone() if rng.random() < 0.6 else "",
            postcode=self.postcodes[commune],
            commune=commune,
        )
        return Person(
            fields,
            fee_kind="reduced" if rng.random() < 0.15 else "individual",
            home=self._home(commune),
            activity=rng.choices((1, 2, 4, 8), (40, 30, 20, 10))[0],
            renews=rng.random() < 0.7,
            pays_fee=rng.random() < 0.98,
        )

    def partner(self) -> Person:
        rng = self.rng
        if self.hosts:
            return self._host(*self.hosts.pop(0))
        for _ in range(50):
            sector, templates = rng.choice(names.PARTNER_KINDS)
            trade = rng.choice(templates).format(x=rng.choice(names.PARTNER_WORDS))
            if trade not in self.trade_names:
                break
        else:
            trade = f"{trade} {len(self.trade_names) + 1}"
        self.trade_names.add(trade)
        if trade.startswith(("Association", "Bar associatif", "Tiers-lieu")):
            sector = "association"
        commune = self._commune()
        fields = MemberFields(
            kind="organisation",
            organisation=trade,
            email=self._email(trade),
            phone=f"05 36 49 {rng.randrange(100):02d} {rng.randrange(100):02d}",
            address=f"{rng.randint(1, 60)} {rng.choice(names.STREETS)}",
            postcode=self.postcodes[commune],
            commune=commune,
            is_partner=True,
        )
        person = Person(fields, "organisation", self._home(commune), activity=0, renews=True,
                        sector=sector)  # fmt: skip
        self.partners.append(person)
        return person

    def _host(self, code: str, address: str, commune: str) -> Person:
        trade, sector, _description = names.HOSTS[code]
        self.trade_names.add(trade)
        fields = MemberFields(
            kind="organisation",
            organisation=trade,
            email=self._email(trade),
            phone=f"05 36 49 {self.rng.randrange(100):02d} {self.rng.randrange(100):02d}",
            address=address,
            postcode=self.postcodes[commune],
            commune=commune,
            is_partner=True,
        )
        person = Person(fields, "organisation", code, activity=0, renews=True, sector=sector,
                        hosts=code)  # fmt: skip
        self.partners.append(person)
        return person
