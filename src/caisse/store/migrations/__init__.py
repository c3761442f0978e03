"""Versioned schema migrations: ``NNN_name.sql`` files applied in order, each in a transaction."""

from __future__ import annotations

from importlib import resources


#: (version, sql) in order; the last one is the version this program writes
def load() -> list[tuple[int, str]]:
    found = []
    for item in resources.files(__package__).iterdir():
        name = item.name
        if name.endswith(".sql") and name[:3].isdigit():
            found.append((int(name[:3]), item.read_text(encoding="utf-8")))
    found.sort()
    versions = [v for v, _ in found]
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"migrations are not numbered 1..n: {versions}")
    return found


MIGRATIONS = load()
LATEST = MIGRATIONS[-1][0]
