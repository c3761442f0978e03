"""Median service time of each counter operation on the demo database, committed with
synchronous=FULL: exchange, membership fee, reconversion, bank deposit, till opening and till
closing counted in 10 denominations; beside the floor of a bare sqlite3 INSERT + COMMIT.

    python benchmarks/service_times.py [--runs 100]

Works on a copy of the demo made with the backup API, next to it, and deletes it afterwards.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from pathlib import Path

from _common import demo_db, machine, summary
from exchange import bare_inserts, remove

from caisse.domain.counting import EUR_DENOMINATIONS
from caisse.services import auth, operations, partners, sessions, settings, status
from caisse.services.context import Context
from caisse.services.demo.treasury import french_iban
from caisse.store import open_store
from caisse.store.db import Store

COUNTER = "C01"


def timed(samples: list[float], call: Callable[..., object], *args: object, **kw: object) -> None:
    started = time.perf_counter()
    call(*args, **kw)
    samples.append(time.perf_counter() - started)


def spread(cents: int, denominations: tuple[int, ...], lines: int) -> dict[int, int]:
    """``cents`` counted over ``lines`` denominations: one piece of each of the largest that
    fit, then the rest the usual way, so that the count has that many lines."""
    pieces: dict[int, int] = {}
    for d in sorted(denominations, reverse=True):
        if len(pieces) < lines and cents >= d:
            pieces[d], cents = 1, cents - d
    for d in sorted(denominations, reverse=True):
        n, cents = divmod(cents, d)
        if n:
            pieces[d] = pieces.get(d, 0) + n
    assert cents == 0
    return pieces


def count(store: Store) -> sessions.TillCount:
    """The till as counted: 6 lines of euros and 4 of notes, every cheque ticked."""
    exp = sessions.expected(store, COUNTER)
    notes = settings.currency(store).denominations
    return sessions.TillCount(
        euros=spread(exp.cash.cents, EUR_DENOMINATIONS, 6),
        notes=spread(exp.notes.cents, notes, 4),
        cheques=tuple(c["seq"] for c in exp.cheques),
    )


def measure(work: Path, runs: int) -> dict[str, list[float]]:
    store = open_store(work)
    rng = random.Random(1)
    samples: dict[str, list[float]] = {
        k: []
        for k in ("exchange", "fee", "reconversion", "deposit", "open", "close (10 denominations)")
    }
    try:
        volunteer = auth.system_context(store, "benevole")
        treasurer = auth.system_context(store, "tresorier")
        numbers = [
            r[0]
            for r in store.execute(
                "SELECT number FROM member WHERE is_partner = 0 AND membership_until >= date('now')"
            )
        ]
        partner_numbers = [r[0] for r in store.execute(
            "SELECT number FROM member WHERE is_partner = 1")]  # fmt: skip
        ibans = {n: french_iban(rng) for n in partner_numbers}
        if sessions.current(store, COUNTER) is None:
            sessions.open_session(volunteer, COUNTER, count(store))
        operations.receive_notes(treasurer, 20_000 * (runs + 10))
        operations.supply(treasurer, COUNTER, 20_000 * (runs + 10), "bench")
        for i in range(runs + 3):
            ctx: Context = volunteer
            member = numbers[i % len(numbers)]
            s = samples if i >= 3 else {k: [] for k in samples}  # the first three warm up
            timed(s["exchange"], operations.exchange, ctx, member, COUNTER, 4000)
            timed(s["fee"], operations.pay_membership, ctx, member, COUNTER, "individual")
            partner = partner_numbers[i % len(partner_numbers)]
            timed(s["reconversion"], partners.reconvert, treasurer, partner, COUNTER, 2000,
                  iban=ibans[partner])  # fmt: skip
            timed(s["deposit"], operations.deposit, treasurer, COUNTER, f"B{i}", fund_cash=2000)
            timed(s["close (10 denominations)"], sessions.close_session, ctx, COUNTER,
                  count(store))  # fmt: skip
            timed(s["open"], sessions.open_session, ctx, COUNTER, count(store))
        assert status.coverage(store).covered
        return samples
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    demo = demo_db()
    work = demo.with_name("bench-services.db")
    print(machine())
    print(f"demo database: {demo}")
    remove(work)
    with open_store(demo) as source:
        source.backup_to(work)
    try:
        for label, samples in measure(work, args.runs).items():
            print(f"{label:<32} {summary(samples)}")
    finally:
        remove(work)
    print(f"{'floor: bare INSERT + COMMIT':<32} {summary(bare_inserts(demo.parent, args.runs))}")


if __name__ == "__main__":
    main()
