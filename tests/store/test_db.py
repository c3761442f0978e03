import sqlite3

import pytest

from caisse.domain.errors import StoreError
from caisse.store.db import APPLICATION_ID, open_store
from caisse.store.lock import InstanceLock
from caisse.store.migrations import LATEST


def test_new_database_has_the_pragmas_money_needs(tmp_path):
    store = open_store(tmp_path / "new.db", create=True)
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert store.schema_version == LATEST


def test_missing_file_is_not_created_without_asking(tmp_path):
    with pytest.raises(StoreError, match="There is no database"):
        open_store(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()


def test_a_text_file_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("hello")
    with pytest.raises(StoreError, match="not even an SQLite file"):
        open_store(path)
    assert path.read_text() == "hello"


def test_another_applications_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not Caisse's"):
        open_store(path)
    assert path.read_bytes() == before


def test_a_newer_database_is_refused(tmp_path):
    path = tmp_path / "newer.db"
    open_store(path, create=True).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (?, '2030-01-01')", (LATEST + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer Caisse"):
        open_store(path)


def test_second_instance_is_refused_while_the_first_holds_the_lock(tmp_path):
    path = tmp_path / "c.db"
    with InstanceLock(path), pytest.raises(StoreError, match="already open"):
        InstanceLock(path).acquire()
    InstanceLock(path).acquire().release()  # free again once the first is gone


def test_transaction_is_all_or_nothing(tmp_path):
    store = open_store(tmp_path / "t.db", create=True)
    with pytest.raises(RuntimeError), store.transaction():
        store.put_setting("a", 1)
        raise RuntimeError("boom")
    assert store.get_setting("a") is None


def test_nested_transaction_rolls_back_only_itself(tmp_path):
    store = open_store(tmp_path / "t.db", create=True)
    with store.transaction():
        store.put_setting("outer", 1)
        with pytest.raises(RuntimeError), store.transaction():
            store.put_setting("inner", 2)
            raise RuntimeError("boom")
    assert store.get_setting("outer") == 1
    assert store.get_setting("inner") is None


def test_busy_database_gives_a_clear_message(tmp_path):
    path = tmp_path / "busy.db"
    first = open_store(path, create=True)
    second = open_store(path)
    second.conn.execute("PRAGMA busy_timeout=50")
    with first.transaction(), pytest.raises(StoreError, match="busy"), second.transaction():
        pass
    first.close()
    second.close()


def test_backup_is_a_consistent_database(store, tmp_path):
    dest = store.backup_to(tmp_path / "backup" / "copy.db")
    copy = open_store(dest)
    assert copy.get_setting("association")["name"] == "Monnaie Test"
    copy.close()
    with pytest.raises(StoreError, match="already exists"):
        store.backup_to(dest)
