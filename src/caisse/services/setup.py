"""Creating a new Caisse database: association, currency, chart of accounts, first admin."""

from __future__ import annotations

from pathlib import Path

from caisse.domain.accounts import GLOBAL_ACCOUNTS, UNIT
from caisse.domain.currency import Currency
from caisse.domain.errors import StoreError
from caisse.i18n import N_, _
from caisse.services import auth, directory, events
from caisse.services.settings import (
    DEFAULT_EXCHANGE_LIMIT,
    DEFAULT_FEES,
    Association,
    currency_setting,
)
from caisse.store.db import Store, open_store


def initialize(
    path: Path | str,
    association: Association,
    currency: Currency,
    admin_login: str,
    admin_name: str,
    admin_secret: str,
) -> Store:
    """Create a database at ``path`` and set it up; refused if a Caisse database is there."""
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        raise StoreError(
            N_("{path} already exists: choose another file or delete it first."), path=str(path)
        )
    auth.validate_secret(auth.Role.ADMIN, admin_secret)
    store = open_store(path, create=True)
    try:
        seed(store, association, currency)
        auth.create_first_admin(store, admin_login, admin_name, admin_secret)
    except BaseException:
        store.close()
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    return store


def seed(store: Store, association: Association, currency: Currency) -> None:
    with store.transaction():
        store.put_setting("association", association.__dict__)
        store.put_setting("currency", currency_setting(currency))
        store.put_setting("exchange_limit", DEFAULT_EXCHANGE_LIMIT)
        store.put_setting("membership_fees", DEFAULT_FEES)
        for spec in GLOBAL_ACCOUNTS:
            store.execute(
                "INSERT INTO account (key, name, pcg, commodity, kind) VALUES (?, ?, ?, ?, ?)",
                (
                    spec.key,
                    spec.name,
                    spec.pcg,
                    currency.code if spec.commodity == UNIT else spec.commodity,
                    spec.kind.value,
                ),
            )
        directory.seed_categories(store, [_(name) for name in directory.DEFAULT_CATEGORIES])
        events.record(
            store, "database_created", association=association.name, currency=currency.code
        )
