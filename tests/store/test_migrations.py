"""Every saved schema version upgrades to the current one and keeps its data."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from caisse.store.db import open_store
from caisse.store.migrations import LATEST

DATA = Path(__file__).resolve().parents[1] / "data"
SAVED = sorted(DATA.glob("schema_v*.sqlite"), key=lambda p: int(p.stem.removeprefix("schema_v")))


def schema(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
        "ORDER BY type, name"
    ).fetchall()


def test_there_is_a_saved_database_for_every_version():
    versions = [int(p.stem.removeprefix("schema_v")) for p in SAVED]
    assert versions == list(range(1, LATEST + 1))


@pytest.mark.parametrize("saved", SAVED, ids=lambda p: p.stem)
def test_saved_version_upgrades_to_the_latest(saved, tmp_path):
    path = tmp_path / saved.name
    shutil.copy(saved, path)
    store = open_store(path)
    assert store.schema_version == LATEST
    fresh = open_store(tmp_path / "fresh.db", create=True)
    assert schema(store.conn) == schema(fresh.conn)
    store.close()
    fresh.close()
