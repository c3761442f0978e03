"""A synthetic journal of a million entries over five years, for ``benchmarks/million.py``.

Eight exchange points open their till every working morning (Monday to Saturday) with the
float counted and close it every evening with a count and its Z; members pay and renew their
fee; partners reconvert notes about monthly and are paid by transfer three days later; the
counters are supplied when their stock runs low, the vault is refilled from the printer, each
counter's cash and card payments go to the bank weekly, and now and then an exchange typed
twice is corrected. Tills, fees, supplies, deposits, reconversions and corrections go through
the services. The exchanges (three quarters of the journal) and the partners' payments are
posted with ``ledger.post``, as their services post them, without the services' per-call checks
(the member's fee, the stock), which the builder keeps true itself: the services' search for
the reconversions still owed reads the whole journal at each payment. Every entry is chained
and hashed by ``store.journal.append``; the whole is built in one transaction a day with
``synchronous=OFF``, then switched back to ``FULL`` and moved into place in one step.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time as clock_time
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from caisse.domain import accounts as acc
from caisse.domain.currency import Currency
from caisse.domain.journal import Line
from caisse.domain.money import EUR
from caisse.domain.roles import Role
from caisse.services import (
    auth,
    counters,
    ledger,
    members,
    operations,
    partners,
    personal,
    sessions,
    settings,
    setup,
)
from caisse.services.context import Context
from caisse.services.demo import names
from caisse.services.demo.activity import AMOUNTS, Clock
from caisse.services.demo.till import exact
from caisse.services.demo.tills import Tills
from caisse.services.demo.treasury import french_iban

FIRST_DAY = date(2021, 1, 4)  # a Monday
LAST_DAY = date(2025, 12, 31)
MEMBERS = 20_000
PARTNERS = 1_000
CARD_ONE_IN = 5  # exchanges and fees paid by card; the rest in cash
CORRECTION_ONE_IN = 2_000
RECONVERT_EVERY = 30  # days, about, between two reconversions of a partner
PAID_AFTER = 3  # days between a reconversion and its transfer
TZ = ZoneInfo("Europe/Paris")


class Builder:
    def __init__(
        self, path: Path, target: int, seed: int, first_day: date, people: tuple[int, int]
    ) -> None:
        self.path, self.target, self.rng = path, target, random.Random(seed)
        self.first_day, (self.n_members, self.n_partners) = first_day, people
        currency = Currency(
            names.CURRENCY["name"],
            names.CURRENCY["code"],
            names.CURRENCY["symbol"],
            denominations=names.DENOMINATIONS,
        )
        login, name, _role, secret = names.USERS[0]
        self.store = setup.initialize(
            path, settings.Association(**names.ASSOCIATION), currency, login, name, secret
        )
        self.store.execute("PRAGMA synchronous=OFF")
        self.unit = currency.code
        self.clock = Clock(datetime.combine(first_day - timedelta(days=7), time(9), TZ))
        self.admin = self._ctx(login)
        for user_login, user_name, role, user_secret in names.USERS[1:]:
            auth.create_user(self.admin, user_login, user_name, Role(role), user_secret)
        self.treasurer = self._ctx(names.USERS[1][0])
        helpers = [self._ctx(u[0]) for u in names.USERS if u[2] == "volunteer"]
        self.codes = [c[0] for c in names.COUNTERS]
        self.volunteers = {code: helpers[i % len(helpers)] for i, code in enumerate(self.codes)}
        self.tills = Tills(self.store, self.rng, self.treasurer, self.volunteers.__getitem__,
                           self.unit)  # fmt: skip
        self.weights = [self.rng.uniform(0.5, 1.5) for _ in self.codes]
        # members: when each pays next, at which counter; who has paid (may exchange)
        self.due: dict[date, list[tuple[str, str, str]]] = defaultdict(list)
        self.current: dict[str, list[str]] = defaultdict(list)  # counter -> member uids
        self.partners: dict[date, list[tuple[str, str, str]]] = defaultdict(list)
        self.payments: dict[date, list[int]] = defaultdict(list)
        self.others = 150.0  # entries a day other than exchanges, a running estimate

    def _ctx(self, login: str) -> Context:
        return Context(self.store, auth.system_context(self.store, login).actor, self.clock)

    def at(self, day: date, minute: int) -> None:
        self.clock.set(datetime.combine(day, time(minute // 60, minute % 60), TZ))

    def count(self) -> int:
        return int(self.store.scalar("SELECT COALESCE(MAX(seq), 0) FROM txn"))

    # --- the people -------------------------------------------------------------------------
    def people(self) -> None:
        rng = self.rng
        with self.store.transaction():
            for code, name, address, commune in names.COUNTERS:
                counters.create(self.admin, code, name, address, commune)
            for i in range(self.n_members + self.n_partners):
                partner = i >= self.n_members
                fields = (
                    members.MemberFields(
                        kind="organisation", is_partner=True,
                        organisation=f"{rng.choice(names.PARTNER_WORDS)} {i - self.n_members + 1}",
                    )
                    if partner
                    else members.MemberFields(
                        first_name=rng.choice(names.FIRST_NAMES),
                        last_name=rng.choice(names.LAST_NAMES),
                    )
                )  # fmt: skip
                row = members.create(self.admin, fields)
                code = rng.choice(self.codes)
                kind = "organisation" if partner else rng.choice(("individual",) * 4 + ("reduced",))
                first = workday(self.first_day + timedelta(days=rng.randrange(60)))
                self.due[first].append((row["number"], code, kind))
                if partner:
                    later = workday(first + timedelta(days=1 + rng.randrange(RECONVERT_EVERY)))
                    self.partners[later].append((row["number"], code, french_iban(rng)))

    # --- a day ------------------------------------------------------------------------------
    def day(self, day: date, remaining_days: int, last: bool) -> None:
        rng = self.rng
        store = self.store
        before = self.count()
        with store.transaction():
            self.at(day, 8 * 60)
            for seq in self.payments.pop(day, []):
                self.pay_partner(seq)
            self.at(day, 8 * 60 + 40)
            for code in self.codes:
                self.tills.open(code)
                self.tills.morning_supply(code)
            events: list[tuple[int, int, Callable[[], None]]] = []
            order = 0

            def add(run: Callable[[], None]) -> None:
                nonlocal order
                order += 1
                events.append((9 * 60 + rng.randrange(10 * 60), order, run))

            for number, code, kind in self.due.pop(day, []):
                add(lambda n=number, c=code, k=kind: self.fee(day, n, c, k))
            for number, code, iban in self.partners.pop(day, []):
                add(lambda n=number, c=code, i=iban: self.reconvert(day, n, c, i))
            per_day = (self.target - before) / remaining_days
            planned = max(0, round(per_day - self.others * (1.5 if last else 1.0)))
            total_weight = sum(self.weights)
            exchanges = 0
            for code, weight in zip(self.codes, self.weights, strict=True):
                for _ in range(round(planned * weight / total_weight)):
                    add(lambda c=code: self.exchange(c))
                    exchanges += 1
            for minute, _order, run in sorted(events, key=lambda e: e[:2]):
                self.at(day, minute)
                run()
            self.at(day, 19 * 60)
            for code in self.codes:
                if self.tills.deposit_due(code, day):
                    self.tills.deposit(code, day)
                self.tills.return_notes(code)
            if last:
                missing = self.target - self.count()
                for i in range(max(0, missing)):
                    self.exchange(self.codes[i % len(self.codes)])
            self.at(day, 19 * 60 + 5)
            for code in self.codes:
                if last:
                    expected = sessions.expected(store, code)
                    count = exact(expected, names.DENOMINATIONS, cheques=True)
                    sessions.close_session(self.volunteers[code], code, count)
                else:
                    self.tills.close(code)
        others = self.count() - before - exchanges
        self.others = 0.9 * self.others + 0.1 * others

    def fee(self, day: date, number: str, code: str, kind: str) -> None:
        method = "card" if self.rng.randrange(CARD_ONE_IN) == 0 else "cash"
        receipt = operations.pay_membership(self.volunteers[code], number, code, kind, method)
        self.due[workday(day + timedelta(days=358))].append((number, code, kind))
        if kind != "organisation" and receipt.seq:
            uid = self.store.scalar("SELECT member FROM txn WHERE seq = ?", (receipt.seq,))
            if uid not in self.current[code]:
                self.current[code].append(uid)

    def exchange(self, code: str) -> None:
        """What ``operations.exchange`` posts, for a member whose fee is paid."""
        people = self.current[code] or [u for c in self.codes for u in self.current[c]]
        if not people:
            return
        rng = self.rng
        cents = rng.choices([a for a, _ in AMOUNTS], [w for _, w in AMOUNTS])[0]
        self.tills.ensure_stock(code, cents)
        method = "card" if rng.randrange(CARD_ONE_IN) == 0 else "cash"
        paid_to = acc.CARDS_FUND if method == "card" else acc.TILL_FUND
        member = rng.choice(people)
        ctx = self.volunteers[code]
        written = ledger.post(
            ctx,
            "exchange",
            [
                Line(acc.counter_account(paid_to, code), EUR, cents),
                Line(acc.FUND_DUE, EUR, -cents),
                Line(acc.CIRCULATION, self.unit, cents),
                Line(acc.counter_account(acc.STOCK, code), self.unit, -cents),
            ],
            counter=code,
            member=member,
            details=personal.apart(self.store, member, {"method": method}),
        )
        if rng.randrange(CORRECTION_ONE_IN) == 0:
            ledger.correct(self.treasurer, written.seq, "Saisie en double")

    def reconvert(self, day: date, number: str, code: str, iban: str) -> None:
        units = self.rng.randrange(20, 200) * 1000  # 200 to 2,000 units
        circulation = self.store.scalar(
            "SELECT amount FROM balance WHERE account = ? AND commodity = ?",
            (acc.CIRCULATION, self.unit),
        )
        if (circulation or 0) >= units:
            receipt = partners.reconvert(self.treasurer, number, code, units, iban=iban)
            self.payments[workday(day + timedelta(days=PAID_AFTER))].append(receipt.seq)
        later = day + timedelta(days=RECONVERT_EVERY - 5 + self.rng.randrange(10))
        self.partners[workday(later)].append((number, code, iban))

    def pay_partner(self, seq: int) -> None:
        """What ``partners.mark_paid`` posts for the reconversion ``seq``."""
        member, raw = self.store.execute(
            "SELECT member, details FROM txn WHERE seq = ?", (seq,)
        ).fetchone()
        details = json.loads(raw)
        amount = int(details["to_pay"])
        paid = {"pays": seq, "reference": f"VIR-{seq:07d}"}
        paid[personal.KEY] = {"iban": details[personal.KEY]["iban"]}
        ledger.post(
            self.treasurer,
            "partner_payment",
            [Line(acc.PARTNERS_PAYABLE, EUR, amount), Line(acc.GUARANTEE_BANK, EUR, -amount)],
            member=member,
            details=paid,
        )

    def run(self) -> None:
        started = clock_time.perf_counter()
        self.people()
        span = (LAST_DAY - self.first_day).days + 1
        days = [
            self.first_day + timedelta(days=n)
            for n in range(span)
            if (self.first_day + timedelta(days=n)).weekday() != 6
        ]
        for i, day in enumerate(days):
            self.day(day, len(days) - i, last=day == days[-1])
            if day.day == 1 or day == days[-1]:
                done = self.count()
                print(f"{day}: {done:,} entries, {clock_time.perf_counter() - started:.0f} s",
                      file=sys.stderr)  # fmt: skip
        self.store.execute("PRAGMA synchronous=FULL")
        self.store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.store.close()


def workday(day: date) -> date:
    """The day itself, or the Monday after a Sunday: the counters are closed on Sundays."""
    return day + timedelta(days=1) if day.weekday() == 6 else day


def build(
    path: Path,
    target: int = 1_000_000,
    seed: int = 1,
    first_day: date = FIRST_DAY,
    people: tuple[int, int] = (MEMBERS, PARTNERS),
) -> Path:
    """Build the journal at ``path`` (through a throwaway file next to it)."""
    building = path.with_name(f".{path.name}.building")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    Builder(building, target, seed, first_day, people).run()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.replace(building, path)
    return path
