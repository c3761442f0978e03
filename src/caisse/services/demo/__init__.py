"""The demo database: a fictional association and a year of its activity, built in seconds.

Everything is posted through the services, so the demo's journal verifies like a real one.
The database is built into a throwaway file next to the target, without waiting for the disk
after each commit, then moved into place in one step: the result is a normal WAL database,
and a half-built demo never replaces a whole one.
"""

from __future__ import annotations

import os
import random
import sqlite3
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path

from caisse.domain.currency import Currency
from caisse.domain.errors import StoreError
from caisse.domain.roles import Role
from caisse.i18n import N_
from caisse.services import auth, settings, setup
from caisse.services.context import Context
from caisse.services.demo import names
from caisse.services.demo.activity import Clock, Staff, Year
from caisse.services.demo.directory import describe_partners
from caisse.services.demo.people import PeopleMaker
from caisse.store.db import Store
from caisse.store.lock import InstanceLock

#: progress(step done, steps in all)
Progress = Callable[[int, int], None]

__all__ = ["Progress", "build", "is_demo"]


def build(
    path: Path | str,
    *,
    seed: int = 42,
    members: int = 2000,
    partners: int = 300,
    counters: int = 8,
    days: int = 365,
    progress: Progress | None = None,
    today: date | None = None,
) -> Path:
    """Build the demo database at ``path``, replacing an older demo there (never other data).

    ``days`` of history end today (or on ``today``), at the current time.
    """
    path = Path(path)
    if not 1 <= counters <= len(names.COUNTERS):
        raise ValueError(f"the demo has 1 to {len(names.COUNTERS)} exchange points")
    path.parent.mkdir(parents=True, exist_ok=True)
    with InstanceLock(path):
        if path.exists() and not is_demo(path):
            raise StoreError(
                N_("{path} is not a demo database: it was left untouched."), path=str(path)
            )
        building = path.with_name(f".{path.name}.{os.getpid()}.building")
        _remove(building)
        try:
            store = _create(building)
            try:
                _populate(store, seed, members, partners, counters, days, progress, today)
                store.execute("PRAGMA synchronous=FULL")
                store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                store.close()
            for suffix in ("-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            os.replace(building, path)
        finally:
            _remove(building)
    return path


def is_demo(path: Path | str) -> bool:
    """Whether ``path`` is a demo database (read without changing it)."""
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        row = conn.execute("SELECT value FROM setting WHERE key = 'demo'").fetchone()
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    return row is not None and row[0] == "true"


def _remove(building: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)


def _create(building: Path) -> Store:
    currency = Currency(
        names.CURRENCY["name"],
        names.CURRENCY["code"],
        names.CURRENCY["symbol"],
        denominations=names.DENOMINATIONS,
    )
    admin_login, admin_name, _, admin_secret = names.USERS[0]
    store = setup.initialize(
        building,
        settings.Association(**names.ASSOCIATION),
        currency,
        admin_login,
        admin_name,
        admin_secret,
    )
    # a throwaway file until it is complete: no need to wait for the disk at each commit
    store.execute("PRAGMA synchronous=OFF")
    return store


def _populate(
    store: Store,
    seed: int,
    n_members: int,
    n_partners: int,
    n_counters: int,
    days: int,
    progress: Progress | None,
    today: date | None,
) -> None:
    rng = random.Random(seed)
    tz = _paris()
    now = datetime.now(tz).replace(microsecond=0)
    until = now if today is None or today >= now.date() else datetime.combine(today, time.max, tz)
    first_day = until.date() - timedelta(days=days)
    clock = Clock(datetime.combine(first_day, time(7), tz))
    admin = Context(store, auth.system_context(store, names.USERS[0][0]).actor, clock)
    for login, name, role, secret in names.USERS[1:]:
        auth.create_user(admin, login, name, Role(role), secret)

    def ctx(login: str) -> Context:
        return Context(store, auth.system_context(store, login).actor, clock)

    volunteers = [ctx(login) for login, _, role, _ in names.USERS if role == "volunteer"]
    staff = Staff(admin, ctx(names.USERS[1][0]), volunteers)
    year = Year(
        store, rng, clock, staff, unit=names.CURRENCY["code"], first_day=first_day, days=days,
        until=until, tz=tz,
    )  # fmt: skip
    homes = year.open_counters(n_counters)
    maker = PeopleMaker(rng, homes)
    year.run(maker, n_members, n_partners, progress or (lambda done, total: None))
    # a generator of its own: how the entries are drawn leaves the year as it is
    describe_partners(admin, random.Random(f"directory-{seed}"), maker)
    with store.transaction():
        settings.set_installation_counter(admin, year.codes[0])
        store.put_setting("demo", True)


def _paris() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Paris")
    except Exception:  # no time zone database (some Windows installs): the machine's offset
        offset = datetime.now().astimezone().tzinfo
        assert offset is not None
        return offset
