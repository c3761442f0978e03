"""A year at the exchange points, posted through the services in the order it happened.

The services' clock is moved forward event by event, so every journal entry carries the time it
would have had: notes delivered by the printer, counters supplied when their stock runs low,
people joining (many at the launch), paying and renewing their fee, exchanging euros for notes
(more on Saturdays and in December), and each counter's euros taken to the bank every Monday.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from functools import partial

from caisse.domain import accounts as acc
from caisse.services import counters, ledger, members, operations, status
from caisse.services.context import Context
from caisse.services.demo import names
from caisse.services.demo.people import PeopleMaker, Person
from caisse.store import journal
from caisse.store.db import Store

#: relative activity by month and by weekday (Monday first), in percent
SEASON = (0, 80, 80, 90, 100, 100, 110, 130, 120, 100, 95, 105, 150)
WEEKDAY = (60, 80, 100, 90, 110, 180, 40)
#: euro amounts of an exchange, in cents, with how often each is chosen
AMOUNTS = (
    (2000, 22), (3000, 12), (4000, 10), (5000, 18), (6000, 6), (7000, 2), (8000, 6),
    (10000, 12), (1500, 2), (2500, 2), (12000, 2), (15000, 3), (20000, 2), (30000, 1),
)  # fmt: skip
EXCHANGES_PER_MEMBER_YEAR = 5
CHEQUE_PERCENT = 10
CORRECTION_ONE_IN = 400
LAUNCH_BOOST = 6  # sign-ups are this many times likelier in the first weeks
PRINT_RUN = 10_000_000  # 100,000 units of notes from the printer
LOW_STOCK = 150_000  # a counter under 1,500 units is supplied in the morning
STOCK_TARGET = 400_000
OPENS, LUNCH, REOPENS, CLOSES = 9 * 60, 12 * 60 + 30, 14 * 60, 19 * 60

Progress = Callable[[int, int], None]


class Clock:
    """The services' clock; it only moves forward, so the journal stays in time order."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def set(self, moment: datetime) -> None:
        self.current = max(moment, self.current + timedelta(seconds=1))

    def __call__(self) -> datetime:
        return self.current


@dataclass
class Staff:
    admin: Context
    treasurer: Context
    volunteers: list[Context]


@dataclass(order=True)
class Event:
    minute: int
    order: int
    run: Callable[[], None] = field(compare=False)


class Year:
    def __init__(
        self,
        store: Store,
        rng: random.Random,
        clock: Clock,
        staff: Staff,
        *,
        unit: str,
        first_day: date,
        days: int,
        until: datetime,
        tz: tzinfo,
    ) -> None:
        self.store, self.rng, self.clock, self.staff = store, rng, clock, staff
        self.unit, self.first_day, self.days, self.until, self.tz = unit, first_day, days, until, tz
        self.codes: list[str] = []
        self.people: list[Person] = []  # individuals who joined, candidates for exchanges
        self.cum_activity: list[int] = []
        self.slip = rng.randrange(1_000_000, 2_000_000)

    # --- set-up -----------------------------------------------------------------------------
    def open_counters(self, n: int) -> dict[str, list[str]]:
        """Create the first ``n`` exchange points; returns commune -> codes."""
        self.at(self.first_day, 7 * 60)
        homes: dict[str, list[str]] = {}
        for code, name, address, commune in names.COUNTERS[:n]:
            counters.create(self.staff.admin, code, name, address, commune)
            self.codes.append(code)
            homes.setdefault(commune, []).append(code)
        self.at(self.first_day, 8 * 60)
        operations.receive_notes(self.staff.treasurer, PRINT_RUN, "Première livraison")
        for code in self.codes:
            self.supply(code, STOCK_TARGET)
        return homes

    # --- the year ---------------------------------------------------------------------------
    def run(self, maker: PeopleMaker, n_members: int, n_partners: int, progress: Progress) -> None:
        joins = self.schedule(n_members)
        partner_joins = self.schedule(n_partners)
        for d in range(self.days + 1):
            day = self.first_day + timedelta(days=d)
            newcomers = [maker.individual() for _ in range(joins.get(d, 0))]
            newcomers += [maker.partner() for _ in range(partner_joins.get(d, 0))]
            with self.store.transaction():
                self.one_day(day, newcomers)
            progress(d + 1, self.days + 1)

    def schedule(self, count: int) -> dict[int, int]:
        """How many people join on each full day: more at the launch, in season, on Saturdays."""
        full_days = max(1, self.days)
        weights = []
        for d in range(full_days):
            day = self.first_day + timedelta(days=d)
            w = self.day_weight(day) if self.open_on(day) else 0
            weights.append(w * (LAUNCH_BOOST if d < full_days // 16 else 1))
        if not any(weights):
            weights = [1] * full_days
        result: dict[int, int] = {}
        for d in self.rng.choices(range(full_days), weights, k=count):
            result[d] = result.get(d, 0) + 1
        return result

    def day_weight(self, day: date) -> int:
        return SEASON[day.month] * WEEKDAY[day.weekday()]

    def is_open(self, code: str, day: date) -> bool:
        weekday = day.weekday()
        if weekday == 6:
            return code in names.SUMMER_SUNDAYS and day.month in (7, 8)
        return weekday in names.OPENING.get(code, range(6))

    def open_on(self, day: date) -> list[str]:
        return [c for c in self.codes if self.is_open(c, day)]

    def one_day(self, day: date, newcomers: list[Person]) -> None:
        open_codes = self.open_on(day)
        events: list[Event] = []

        def add(minute: int, run: Callable[[], None]) -> None:
            events.append(Event(minute, len(events), run))

        if day.weekday() == 0 and day != self.first_day:
            for i, code in enumerate(self.codes):
                add(8 * 60 + 5 * i, partial(self.deposit, code))
        for code in open_codes:
            add(8 * 60 + 40, partial(self.morning_supply, code))
        if open_codes:
            for person in newcomers:
                code = self.where(person, open_codes)
                add(self.minute(), partial(self.join, person, code))
            for person in self.visitors(day):
                code = self.where(person, open_codes)
                add(self.minute(), partial(self.visit, person, code))
        for event in sorted(events):
            moment = datetime.combine(day, time(event.minute // 60, event.minute % 60), self.tz)
            moment += timedelta(seconds=self.rng.randrange(60))
            if moment > self.until:
                break
            self.clock.set(moment)
            event.run()

    def minute(self) -> int:
        while True:
            minute = self.rng.randrange(OPENS, CLOSES)
            if not LUNCH <= minute < REOPENS:
                return minute

    def where(self, person: Person, open_codes: list[str]) -> str:
        if person.home in open_codes and self.rng.randrange(100) < 85:
            return person.home
        return self.rng.choice(open_codes)

    def visitors(self, day: date) -> list[Person]:
        """The members who come to exchange today: a share of those who joined, by activity."""
        if not self.people:
            return []
        weekly = sum(WEEKDAY)
        num = len(self.people) * EXCHANGES_PER_MEMBER_YEAR * self.day_weight(day) * 7
        den = 365 * 100 * weekly
        count = num // den + (1 if self.rng.randrange(den) < num % den else 0)
        return self.rng.choices(self.people, cum_weights=self.cum_activity, k=count)

    def at(self, day: date, minute: int) -> None:
        self.clock.set(datetime.combine(day, time(minute // 60, minute % 60), self.tz))

    def volunteer(self, code: str) -> Context:
        week = self.clock().date().isocalendar().week
        staff = self.staff.volunteers
        return staff[(self.codes.index(code) + week) % len(staff)]

    # --- what happens at a counter --------------------------------------------------------
    def join(self, person: Person, code: str) -> None:
        row = members.create(self.volunteer(code), person.fields)
        person.number = row["number"]
        if not person.pays_fee:
            return
        self.pay(person, code)
        if person.activity:
            self.people.append(person)
            last = self.cum_activity[-1] if self.cum_activity else 0
            self.cum_activity.append(last + person.activity)
            if self.rng.randrange(100) < 70:
                self.exchange(person, code)

    def visit(self, person: Person, code: str) -> None:
        today = self.clock().date()
        if person.until is None:
            return
        if person.until < today:
            if not person.renews:
                return  # lapsed: they no longer come
            self.pay(person, code)
        elif (person.until - today).days <= 30 and person.renews and self.rng.randrange(2):
            self.pay(person, code)  # renews early, the new year runs on from the old one
        self.exchange(person, code)

    def pay(self, person: Person, code: str) -> None:
        method, cheque = self.payment(person, percent=15)
        receipt = operations.pay_membership(
            self.volunteer(code), person.number, code, person.fee_kind, method, cheque
        )
        person.until = date.fromisoformat(receipt.details["to"])

    def exchange(self, person: Person, code: str) -> None:
        amounts, weights = zip(*AMOUNTS, strict=True)
        euros = self.rng.choices(amounts, weights)[0]
        self.ensure_stock(code, euros)
        ctx = self.volunteer(code)
        method, cheque = self.payment(person, percent=CHEQUE_PERCENT)
        receipt = operations.exchange(ctx, person.number, code, euros, method, cheque)
        if self.rng.randrange(CORRECTION_ONE_IN) == 0:
            # a mistyped amount, cancelled at once and typed again
            self.clock.set(self.clock() + timedelta(minutes=1))
            ledger.correct(ctx, receipt.seq, "Montant mal saisi, corrigé avec l'adhérent")
            self.clock.set(self.clock() + timedelta(minutes=1))
            self.ensure_stock(code, euros)
            operations.exchange(ctx, person.number, code, euros, method, cheque)

    def payment(self, person: Person, percent: int) -> tuple[str, operations.Cheque | None]:
        if self.rng.randrange(100) >= percent:
            return "cash", None
        cheque = operations.Cheque(
            bank=self.rng.choice(names.BANKS),
            number=f"{self.rng.randrange(10**7):07d}",
            drawer=person.display,
        )
        return "cheque", cheque

    # --- the treasurer --------------------------------------------------------------------
    def stock(self, code: str) -> int:
        return journal.balance(self.store, acc.counter_account(acc.STOCK, code), self.unit)

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
            operations.receive_notes(self.staff.treasurer, PRINT_RUN, "Nouvelle impression")
        courier = self.rng.choice(names.USERS[:2])[1]
        operations.supply(self.staff.treasurer, code, units, courier)

    def deposit(self, code: str) -> None:
        figures = status.counter_figures(self.store, code)
        parts = {
            "fund_cash": figures["till_fund"].cents,
            "fund_cheques": figures["cheques_fund"].cents,
            "assoc_cash": figures["till_assoc"].cents,
            "assoc_cheques": figures["cheques_assoc"].cents,
        }
        if not any(parts.values()):
            return
        self.slip += self.rng.randrange(1, 40)
        operations.deposit(self.staff.treasurer, code, f"{self.slip:07d}", **parts)
