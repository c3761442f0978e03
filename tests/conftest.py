"""Shared fixtures: a fresh database with users, an exchange point supplied with notes, a
member whose fee is paid. GUI tests run offscreen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from caisse import i18n
from caisse.domain.currency import Currency
from caisse.domain.roles import Role
from caisse.services import auth, counters, members, operations, sessions, setup
from caisse.services.context import Context
from caisse.services.settings import Association
from caisse.store.db import Store

ADMIN_PASSWORD = "admin-pass"
TREASURER_PASSWORD = "treasurer-pass"
VOLUNTEER_PIN = "1234"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages in English unless a test asks for French with the ``french`` fixture."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def french() -> Iterator[None]:
    i18n.set_language("fr")
    yield
    i18n.set_language("en")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "caisse.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    s = setup.initialize(
        db_path,
        Association("Monnaie Test", commune="Bayonne"),
        Currency("Eusko", "EUS", "€u"),
        "admin",
        "Ada Admin",
        ADMIN_PASSWORD,
    )
    yield s
    s.close()


@pytest.fixture
def admin(store: Store) -> Context:
    return auth.login(store, "admin", ADMIN_PASSWORD)


@pytest.fixture
def treasurer(store: Store, admin: Context) -> Context:
    auth.create_user(admin, "tresor", "Théo Trésorier", Role.TREASURER, TREASURER_PASSWORD)
    return auth.login(store, "tresor", TREASURER_PASSWORD)


@pytest.fixture
def volunteer(store: Store, admin: Context) -> Context:
    auth.create_user(admin, "benevole", "Béa Bénévole", Role.VOLUNTEER, VOLUNTEER_PIN)
    return auth.login(store, "benevole", VOLUNTEER_PIN)


@pytest.fixture
def counter(admin: Context, treasurer: Context) -> str:
    """Exchange point C01, its till open, holding 1,000 units of notes."""
    counters.create(admin, "C01", "Bayonne, Le Petit Bayonne")
    sessions.open_session(treasurer, "C01", sessions.TillCount())
    operations.receive_notes(treasurer, 10_000_000)
    operations.supply(treasurer, "C01", 100_000, "Jon Courier")
    return "C01"


@pytest.fixture
def member(volunteer: Context, counter: str) -> dict:
    """A member whose yearly fee is paid."""
    row = members.create(
        volunteer, members.MemberFields(first_name="Héloïse", last_name="Etxeberri")
    )
    operations.pay_membership(volunteer, row["number"], counter, "individual")
    return members.by_uid(volunteer.store, row["uid"])


class FixedClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current
