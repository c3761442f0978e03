"""(a) One `operations.exchange` committed with synchronous=FULL on the demo database, beside
the floor: a bare sqlite3 INSERT + COMMIT with the same pragmas in the same folder.

    python benchmarks/exchange.py [--runs 300]

Works on a copy of the demo made with the backup API, next to it, and deletes it afterwards.
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from pathlib import Path

from _common import demo_db, machine, summary

from caisse.services import auth, operations, status
from caisse.store import open_store
from caisse.store.db import BUSY_TIMEOUT_MS


def exchanges(work: Path, runs: int, synchronous: str) -> list[float]:
    store = open_store(work)
    store.execute(f"PRAGMA synchronous={synchronous}")
    try:
        volunteer = auth.system_context(store, "benevole")
        treasurer = auth.system_context(store, "tresorier")
        numbers = [
            r[0]
            for r in store.execute(
                "SELECT number FROM member WHERE is_partner = 0 AND membership_until >= date('now')"
            )
        ]
        operations.receive_notes(treasurer, 2000 * (runs + 10))
        operations.supply(treasurer, "C01", 2000 * (runs + 10), "bench")
        for i in range(5):  # warm the caches
            operations.exchange(volunteer, numbers[i], "C01", 2000)
        samples = []
        for i in range(runs):
            started = time.perf_counter()
            operations.exchange(volunteer, numbers[i % len(numbers)], "C01", 2000)
            samples.append(time.perf_counter() - started)
        assert status.coverage(store).covered
        return samples
    finally:
        store.close()


def bare_inserts(folder: Path, runs: int) -> list[float]:
    path = folder / "bench-floor.db"
    remove(path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, at TEXT, amount INTEGER)")
        samples = []
        for i in range(runs + 5):
            started = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO t (at, amount) VALUES (?, ?)", (time.ctime(), i))
            conn.execute("COMMIT")
            if i >= 5:
                samples.append(time.perf_counter() - started)
        return samples
    finally:
        conn.close()
        remove(path)


def remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    demo = demo_db()
    work = demo.with_name("bench-exchange.db")
    print(machine())
    print(f"demo database: {demo}")
    for synchronous in ("FULL", "OFF"):
        remove(work)
        with open_store(demo) as source:
            source.backup_to(work)
        try:
            label = "exchange service, synchronous=" + synchronous
            print(f"{label:<40} {summary(exchanges(work, args.runs, synchronous))}")
        finally:
            remove(work)
    floor = bare_inserts(demo.parent, args.runs)
    print(f"{'bare INSERT + COMMIT, synchronous=FULL':<40} {summary(floor)}")


if __name__ == "__main__":
    main()
