"""Search as you type over 100,000 members: what the members page does on one keystroke
(``members.count`` then the first page of ``members.search``), timed for realistic typing.

    python benchmarks/member_search.py [--members 100000] [--db PATH] [--rounds 20]

The database is built once through the services (one outer transaction, ``synchronous=OFF``
on the throwaway file, the demo's invented names, accents included) and kept at ``--db`` for
the next runs and for ``gui_memory.py``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import machine

from caisse.domain.currency import Currency
from caisse.services import auth, members, setup
from caisse.services.demo import names
from caisse.services.demo.people import PeopleMaker
from caisse.services.settings import Association
from caisse.store import open_store
from caisse.store.db import Store

DEFAULT_DB = Path(tempfile.gettempdir()) / "caisse-members-100k.db"
PAGE = 200  # MembersModel.PAGE and COUNT_CAP, without importing Qt here
COUNT_CAP = 10_000


def build(path: Path, n: int, seed: int = 7) -> Path:
    """``n`` members (about 5% organisations) created through ``members.create``."""
    if path.exists():
        store = open_store(path)
        try:
            if members.count(store) >= n:
                return path
        finally:
            store.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    print(f"building {n:,} members at {path}", file=sys.stderr)
    started = time.perf_counter()
    store = setup.initialize(
        path,
        Association(**names.ASSOCIATION),
        Currency(names.CURRENCY["name"], names.CURRENCY["code"], names.CURRENCY["symbol"]),
        "admin",
        "Ada Admin",
        "bench-password",
    )
    store.execute("PRAGMA synchronous=OFF")
    try:
        admin = auth.system_context(store, "admin")
        rng = random.Random(seed)
        homes = {commune: ["C01"] for commune, _, _ in names.COMMUNES}
        maker = PeopleMaker(rng, homes)
        with store.transaction():
            for i in range(n):
                person = maker.partner() if rng.random() < 0.05 else maker.individual()
                members.create(admin, person.fields)
                if i and i % 10000 == 0:
                    print(f"  {i:,} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        store.execute("PRAGMA synchronous=FULL")
        store.execute("PRAGMA optimize")
        store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path


def keystroke(store: Store, text: str) -> None:
    """What the members page does once the typing pauses: the count (stopped past 10,000),
    then the first page."""
    members.count(store, text, limit=COUNT_CAP + 1)
    members.search(store, text, limit=PAGE, offset=0)


def typing(word: str) -> list[str]:
    """The texts the search field holds as ``word`` is typed one key at a time."""
    return [word[: i + 1] for i in range(len(word))]


def sequences(store: Store) -> dict[str, list[str]]:
    rng = random.Random(3)
    numbers = [r[0] for r in store.execute("SELECT number FROM member ORDER BY random() LIMIT 5")]
    email = store.scalar("SELECT email FROM member WHERE email <> '' ORDER BY random() LIMIT 1")
    someone = store.one(
        "SELECT first_name, last_name FROM member WHERE kind = 'individual' "
        "ORDER BY random() LIMIT 1"
    )
    assert someone is not None
    rng.shuffle(numbers)
    return {
        "one letter": ["h", "e", "a", "z"],
        "two letters": ["he", "et", "ma", "zu"],
        "h, he, hel, helo, heloise": typing("heloise"),
        "etxe": typing("etxe"),
        "bayonne (no member lives there)": typing("bayonne"),
        "a commune: lezignac": typing("lezignac"),
        "first and last name": typing(f"{someone['first_name']} {someone['last_name']}"),
        "member number, digit by digit": [p for n in numbers[:3] for p in typing(n)],
        "e-mail fragment": typing(email.split("@")[0][:12]),
        "nothing typed": [""],
    }


def percentile(ms: list[float], p: float) -> float:
    ordered = sorted(ms)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def measure(store: Store, rounds: int) -> None:
    every: list[float] = []
    print(f"{'typing':<36} {'keys':>5} {'p50':>8} {'p95':>8} {'max':>8}   (ms per keystroke)")
    for label, texts in sequences(store).items():
        for text in texts:  # warm the page cache once
            keystroke(store, text)
        samples: list[float] = []
        for _ in range(rounds):
            for text in texts:
                started = time.perf_counter()
                keystroke(store, text)
                samples.append((time.perf_counter() - started) * 1000)
        every += samples
        print(
            f"{label:<36} {len(texts):>5} {statistics.median(samples):>8.2f} "
            f"{percentile(samples, 0.95):>8.2f} {max(samples):>8.2f}"
        )
    print(
        f"{'all keystrokes':<36} {len(every):>5} {statistics.median(every):>8.2f} "
        f"{percentile(every, 0.95):>8.2f} {max(every):>8.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    path = build(args.db, args.members)
    store = open_store(path)
    try:
        print(f"{members.count(store):,} members; {machine()}")
        measure(store, args.rounds)
    finally:
        store.close()


if __name__ == "__main__":
    main()
