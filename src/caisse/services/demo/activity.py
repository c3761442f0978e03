"""A year at the exchange points, posted through the services in the order it happened.

The services' clock is moved forward event by event, so every journal entry carries the time it
would have had. Each working morning an exchange point opens its till with the float counted,
and each evening closes it with a count and its Z. In between: notes delivered by the printer,
counters supplied when their stock runs low, people joining (many at the launch), paying and
renewing their fee, exchanging euros for notes (more on Saturdays and in December) in cash, by
cheque or by card; each counter's euros taken to the bank weekly; partners reconverting notes
every week or two and paid by transfer a few days later.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from functools import partial

from caisse.domain import accounts as acc
from caisse.services import (
    counters,
    ledger,
    members,
    operations,
    partners,
    settings,
    status,
    treasury,
)
from caisse.services.context import Context
from caisse.services.demo import names
from caisse.services.demo.people import PeopleMaker, Person
from caisse.services.demo.tills import Tills
from caisse.services.demo.treasury import (
    PARTNERS_PER_ROUND,
    RECONVERSIONS,
    ROUND_SHARE,
    Transfers,
    french_iban,
    round_days,
)
from caisse.services.demo.vault import DemoVault
from caisse.services.demo.vouchers import (
    FUNDER_PAYS_AFTER,
    VOUCHER_PARTNERS_PER_ROUND,
    DemoVouchers,
)
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
#: how people pay, in percent: (by cheque, by card, in notes); the rest in cash
EXCHANGE_METHODS = (10, 15, 0)
FEE_METHODS = (15, 10, 20)
CORRECTION_ONE_IN = 400
LAUNCH_BOOST = 6  # sign-ups are this many times likelier in the first weeks
OPENS, LUNCH, REOPENS, CLOSES = 9 * 60, 12 * 60 + 30, 14 * 60, 19 * 60
TRANSFERS_AT, TILL_OPENS, ROUND_AT, TILL_CLOSES = 8 * 60, 8 * 60 + 40, 10 * 60, 19 * 60 + 5

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
        self.partners: list[Person] = []  # partners who joined, who reconvert notes
        self.ibans: dict[str, str] = {}
        self.vault = DemoVault(staff.treasurer, names.USERS[2][1], first_day, days)
        self.tills = Tills(store, rng, staff.treasurer, self.volunteer, unit, self.vault.deliver)
        self.rounds = round_days(rng, first_day, until.date())
        self.round_pending = False
        self.transfers = Transfers()
        # a generator of its own, so that the vouchers leave the rest of the year as it is
        self.vouchers = DemoVouchers.plan(
            random.Random(f"vouchers-{first_day}"), until.date(), first_day
        )

    # --- set-up -----------------------------------------------------------------------------
    def open_counters(self, n: int) -> dict[str, list[str]]:
        """Create the first ``n`` exchange points; returns commune -> codes. Each is supplied
        with notes the first morning it opens."""
        self.at(self.first_day, 7 * 60)
        homes: dict[str, list[str]] = {}
        for code, name, address, commune in names.COUNTERS[:n]:
            counters.create(self.staff.admin, code, name, address, commune)
            self.codes.append(code)
            homes.setdefault(commune, []).append(code)
        self.at(self.first_day, 8 * 60)
        self.vault.deliver("Première livraison")
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

        if day.weekday() < 5:
            add(TRANSFERS_AT, partial(self.pay_partners, day))
        if day.day == 1:
            add(TRANSFERS_AT + 5, partial(self.transfer_surplus, day))
        if self.vouchers is not None and day == self.vouchers.start:
            add(TRANSFERS_AT + 10, partial(self.vouchers.launch, self.staff.treasurer))
        if self.vouchers is not None and day == self.vouchers.start + timedelta(
            days=FUNDER_PAYS_AFTER
        ):
            add(TRANSFERS_AT + 15, partial(self.vouchers.funder_pays, self.staff.treasurer, day))
        if day == self.vault.destroy_day:
            add(TRANSFERS_AT + 20, self.vault.destroy_worn)
        if day == self.vault.count_day:
            add(TRANSFERS_AT + 25, self.vault.count)
        for i, code in enumerate(open_codes):
            add(TILL_OPENS + i, partial(self.tills.open, code))
            add(TILL_OPENS + 10, partial(self.tills.morning_supply, code))
            if self.tills.deposit_due(code, day):
                add(TILL_OPENS + 12, partial(self.tills.deposit, code, day))
                add(TILL_OPENS + 14, partial(self.tills.return_notes, code))
            add(TILL_CLOSES + i, partial(self.tills.close, code))
        if open_codes:
            self.round_pending = self.round_pending or day in self.rounds
            if self.round_pending and self.partners:
                self.round_pending = False
                add(ROUND_AT, partial(self.reconversion_round, day, open_codes))
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
        if person.fields.is_partner:
            self.partners.append(person)
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
            self.pay(person, code, renewal=True)
        elif (person.until - today).days <= 30 and person.renews and self.rng.randrange(2):
            self.pay(person, code, renewal=True)  # renews early, the year runs on from the old one
        self.exchange(person, code)

    def pay(self, person: Person, code: str, renewal: bool = False) -> None:
        fee = self.fees[person.fee_kind]
        in_notes = renewal and fee % 100 == 0  # a renewing member may have notes to pay with
        method, cheque = self.payment(person, FEE_METHODS, notes=in_notes)
        receipt = operations.pay_membership(
            self.volunteer(code), person.number, code, person.fee_kind, method, cheque
        )
        person.until = date.fromisoformat(receipt.details["to"])

    @property
    def fees(self) -> dict[str, int]:
        return settings.membership_fees(self.store)

    def exchange(self, person: Person, code: str) -> None:
        amounts, weights = zip(*AMOUNTS, strict=True)
        euros = self.rng.choices(amounts, weights)[0]
        self.tills.ensure_stock(code, euros)
        ctx = self.volunteer(code)
        method, cheque = self.payment(person, EXCHANGE_METHODS)
        receipt = operations.exchange(ctx, person.number, code, euros, method, cheque)
        if self.rng.randrange(CORRECTION_ONE_IN) == 0:
            # a mistyped amount, cancelled at once and typed again
            self.clock.set(self.clock() + timedelta(minutes=1))
            ledger.correct(ctx, receipt.seq, "Montant mal saisi, corrigé avec l'adhérent")
            self.clock.set(self.clock() + timedelta(minutes=1))
            self.tills.ensure_stock(code, euros)
            operations.exchange(ctx, person.number, code, euros, method, cheque)

    def payment(
        self, person: Person, percents: tuple[int, int, int], *, notes: bool = False
    ) -> tuple[str, operations.Cheque | None]:
        cheque, card, units = percents
        draw = self.rng.randrange(100)
        if draw < card:
            return "card", None
        if notes and draw < card + units:
            return "units", None
        if draw >= 100 - cheque:
            return "cheque", operations.Cheque(
                bank=self.rng.choice(names.BANKS),
                number=f"{self.rng.randrange(10**7):07d}",
                drawer=person.display,
            )
        return "cash", None

    # --- the treasurer --------------------------------------------------------------------
    def reconversion_round(self, day: date, open_codes: list[str]) -> None:
        """Partners hand back notes at an open counter; each is paid a few days later."""
        ctx = self.staff.treasurer
        low, high = PARTNERS_PER_ROUND
        chosen = self.rng.sample(
            self.partners, min(len(self.partners), self.rng.randint(low, high))
        )
        budget = journal.balance(self.store, acc.CIRCULATION, self.unit) // ROUND_SHARE
        amounts, weights = zip(*RECONVERSIONS, strict=True)
        for partner in chosen:
            units = self.rng.choices(amounts, weights)[0]
            if units > budget:
                break
            budget -= units
            code = partner.home if partner.home in open_codes else open_codes[0]
            self.clock.set(self.clock() + timedelta(minutes=self.rng.randrange(2, 9)))
            iban = self.ibans.get(partner.number)
            if iban is None:
                iban = self.ibans[partner.number] = french_iban(self.rng)
            receipt = partners.reconvert(ctx, partner.number, code, units, iban=iban,
                                         notes_handed=units)  # fmt: skip
            self.transfers.schedule(self.rng, receipt.seq, day, self.until.date())
        if self.vouchers is not None and self.vouchers.payloads:
            self.voucher_round(day, open_codes)

    def voucher_round(self, day: date, open_codes: list[str]) -> None:
        """Some partners also hand in the social-aid vouchers their customers spent."""
        assert self.vouchers is not None
        rng = self.vouchers.rng
        wanted = rng.randint(*VOUCHER_PARTNERS_PER_ROUND)
        chosen = rng.sample(self.partners, min(len(self.partners), wanted))
        for partner in chosen:
            code = partner.home if partner.home in open_codes else open_codes[0]
            iban = self.ibans.get(partner.number)
            if iban is None:
                iban = self.ibans[partner.number] = french_iban(rng)
            self.clock.set(self.clock() + timedelta(minutes=rng.randrange(2, 9)))
            for seq in self.vouchers.hand_in(self.volunteer(code), partner.number, code, iban):
                self.transfers.schedule(rng, seq, day, self.until.date())

    def transfer_surplus(self, day: date) -> None:
        """On the first of the month the treasurer moves last month's commissions and fees paid
        in notes out of the guarantee fund, to the euro."""
        surplus = status.coverage(self.store).surplus.cents
        if surplus >= 100:
            treasury.transfer_surplus(self.staff.treasurer, surplus - surplus % 100,
                                      f"VIR-FG-{day:%Y%m}")  # fmt: skip

    def pay_partners(self, day: date) -> None:
        for seq in self.transfers.payable(day):
            partners.mark_paid(self.staff.treasurer, seq, self.transfers.next_reference(day))
