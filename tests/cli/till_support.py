"""Running the till commands against the shared fixtures' database, and what they wrote."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cli_support import Result

from caisse.store.db import Store


def written(store: Store) -> tuple[int, int, int, int]:
    """Journal entries, sessions, open sessions and closings: what a refusal must not change."""
    return (
        store.scalar("SELECT COUNT(*) FROM txn"),
        store.scalar("SELECT COUNT(*) FROM till_session"),
        store.scalar("SELECT COUNT(*) FROM till_session WHERE closed_at IS NULL"),
        store.scalar("SELECT COUNT(*) FROM closing"),
    )


def runner(caisse: Callable[..., Result], db_path: Path) -> Callable[..., Result]:
    def run(*args: str | Path) -> Result:
        return caisse("--lang", "en", "--db", db_path, *args)

    return run
