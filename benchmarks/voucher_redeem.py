"""Checking and redeeming a voucher at the counter, on the demo database committed with
synchronous=FULL: the check a scan triggers (decode, signature, the voucher's record and its
programme) and the redemption (the same check, then one entry and the voucher's row), timed one
by one over vouchers of a batch of 1,000 issued first.

    python benchmarks/voucher_redeem.py [--runs 200]

Works on a copy of the demo made with the backup API, next to it, and deletes it afterwards.
"""

from __future__ import annotations

import argparse
import time
from datetime import timedelta
from pathlib import Path

from _common import demo_db, machine, summary
from exchange import remove
from service_times import COUNTER, count

from caisse.services import auth, sessions, voucher_keys, vouchers
from caisse.services.demo.treasury import french_iban
from caisse.store import open_store

PASSPHRASE = "benchmark passphrase"


def measure(work: Path, runs: int) -> dict[str, list[float]]:
    import random

    store = open_store(work)
    samples: dict[str, list[float]] = {"issue 1,000 (one batch)": [], "check": [], "redeem": []}
    try:
        volunteer = auth.system_context(store, "benevole")
        treasurer = auth.system_context(store, "tresorier")
        voucher_keys.create_key(treasurer, PASSPHRASE)
        today = treasurer.today()
        programme = vouchers.create_programme(treasurer, vouchers.ProgrammeFields(
            name="Bons de mesure", purpose="gift", funder="Mairie",
            face_values=(1000,), valid_from=today, valid_until=today + timedelta(days=90),
        ))  # fmt: skip
        started = time.perf_counter()
        batch = vouchers.issue(treasurer, programme["id"], 1000, 1000, PASSPHRASE)
        samples["issue 1,000 (one batch)"].append(time.perf_counter() - started)
        payloads = [v["payload"] for v in vouchers.batch_vouchers(store, batch.id)]
        partner = store.scalar("SELECT number FROM member WHERE is_partner = 1 LIMIT 1")
        iban = french_iban(random.Random(1))
        if sessions.current(store, COUNTER) is None:
            sessions.open_session(volunteer, COUNTER, count(store))
        for payload in payloads[:runs]:
            started = time.perf_counter()
            assert vouchers.check(store, payload, today).ok
            samples["check"].append(time.perf_counter() - started)
            started = time.perf_counter()
            vouchers.redeem(volunteer, payload, partner, COUNTER, iban=iban)
            samples["redeem"].append(time.perf_counter() - started)
        return samples
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    demo = demo_db()
    work = demo.with_name("bench-vouchers.db")
    print(machine())
    remove(work)
    with open_store(demo) as source:
        source.backup_to(work)
    try:
        for label, samples in measure(work, args.runs).items():
            print(f"{label:<26} {summary(samples)}")
    finally:
        remove(work)


if __name__ == "__main__":
    main()
