"""Opening a Caisse database: pragmas, identity checks, migrations, transactions, backups."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from caisse.domain.errors import StoreError
from caisse.i18n import N_
from caisse.store.migrations import LATEST, MIGRATIONS

#: PRAGMA application_id of a Caisse database: "CAIS" in ASCII
APPLICATION_ID = 0x43414953
BUSY_TIMEOUT_MS = 5000
SQLITE_MAGIC = b"SQLite format 3\x00"


class Store:
    """One connection to a Caisse database, set up the way money needs it."""

    def __init__(self, path: Path | str, conn: sqlite3.Connection) -> None:
        self.path = Path(path)
        self.conn = conn
        self.db = sqlite_utils.Database(conn)

    # --- transactions -------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One atomic unit of work. Nested calls become savepoints of the outer transaction.

        The outer transaction starts with ``BEGIN IMMEDIATE`` so that a second writer waits
        (up to the busy timeout) at the start rather than failing half-way.
        """
        if self.conn.in_transaction:
            with self.db.atomic():
                yield self
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _busy_error(exc) from exc
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise _busy_error(exc) from exc

    # --- queries --------------------------------------------------------------------------
    def one(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        for row in self.db.query(sql, params):
            return row
        return None

    def rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        return list(self.db.query(sql, params))

    def scalar(self, sql: str, params: Any = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    # --- settings ---------------------------------------------------------------------------
    def get_setting(self, key: str, default: Any = None) -> Any:
        value = self.scalar("SELECT value FROM setting WHERE key = ?", (key,))
        return default if value is None else json.loads(value)

    def put_setting(self, key: str, value: Any) -> None:
        self.execute(
            "INSERT INTO setting (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value, ensure_ascii=False, sort_keys=True)),
        )

    # --- life cycle -------------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return schema_version(self.conn)

    def backup_to(self, destination: Path | str) -> Path:
        """A consistent copy through SQLite's backup API, never a file copy."""
        destination = Path(destination)
        if destination.exists():
            raise StoreError(
                N_("{path} already exists: choose a new file name for the backup."),
                path=str(destination),
            )
        destination.parent.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(destination)
        try:
            self.conn.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        return destination

    def compact(self) -> None:
        """Rewrite the database file so that deleted or overwritten content is really gone.

        SQLite does not wipe what a transaction deletes or overwrites: the old rows stay in the
        write-ahead log until a checkpoint, and in free pages (or the free space of pages) of
        the file until they are reused. Erasing a person must leave nothing readable, so the
        log is copied into the file and emptied, the file is rebuilt by ``VACUUM``, and the log
        that ``VACUUM`` wrote is copied and emptied again. Runs outside any transaction; fails
        without harm when another program is reading the database.
        """
        if self.conn.in_transaction:
            raise StoreError(N_("The database cannot be compacted during a transaction."))
        self._checkpoint()
        self.conn.execute("VACUUM")
        self._checkpoint()

    def _checkpoint(self) -> None:
        busy = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:
            raise StoreError(
                N_(
                    "The database is in use by another program, so its file could not be "
                    "compacted. Close the other Caisse programs and try again."
                )
            )

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect(path: Path | str) -> sqlite3.Connection:
    """A raw connection with the pragmas money needs: WAL, full sync, foreign keys, busy wait."""
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise StoreError(
                N_(
                    "The database {path} cannot use write-ahead logging (it may be on a network "
                    "share or read-only). Keep it on a local disk."
                ),
                path=str(path),
            )
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _open_error(path, exc) from exc
    except StoreError:
        conn.close()
        raise
    return conn


def open_store(path: Path | str, *, create: bool = False) -> Store:
    """Open a Caisse database, upgrading its schema if it is older than this program.

    With ``create``, a missing file is created with the latest schema. Any other file is
    refused with a message saying why: not a database, not Caisse's, newer than this program.
    """
    path = Path(path)
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise StoreError(
            N_(
                'There is no database at {path}. Create one with "caisse init" or choose '
                "another file."
            ),
            path=str(path),
        )
    if exists:
        with path.open("rb") as fp:
            if fp.read(16) != SQLITE_MAGIC:
                raise StoreError(
                    N_("{path} is not a Caisse database (it is not even an SQLite file)."),
                    path=str(path),
                )
        _check_identity(path)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(path)
    try:
        _migrate(conn, path)
    except BaseException:
        conn.close()
        raise
    return Store(path, conn)


def schema_version(conn: sqlite3.Connection) -> int:
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not has_table:
        return 0
    return conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0]


def _check_identity(path: Path) -> None:
    """Refuse another application's database or a newer Caisse's, without writing to it."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise _open_error(path, exc) from exc
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
        version = schema_version(conn) if app_id == APPLICATION_ID else 0
    except sqlite3.DatabaseError as exc:
        raise _open_error(path, exc) from exc
    finally:
        conn.close()
    if app_id != APPLICATION_ID and tables:
        raise StoreError(
            N_("{path} is an SQLite database but not Caisse's: it was left untouched."),
            path=str(path),
        )
    if version > LATEST:
        raise StoreError(
            N_(
                "{path} was written by a newer Caisse (schema {found}); this program knows "
                "schema {known} at most. Install the newer Caisse to open it."
            ),
            path=str(path),
            found=version,
            known=LATEST,
        )


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    current = schema_version(conn)
    if current == LATEST:
        return
    if current > 0:
        _safety_copy(conn, path, current)
    for version, sql in MIGRATIONS:
        if version <= current:
            continue
        try:
            conn.execute("BEGIN IMMEDIATE")
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                (version, datetime.now().astimezone().isoformat(timespec="seconds")),
            )
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(
                N_(
                    "Upgrading {path} to schema {version} failed ({error}); the database was "
                    "left as it was."
                ),
                path=str(path),
                version=version,
                error=str(exc),
            ) from exc


def _statements(sql: str) -> Iterator[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    buffer = ""
    for line in sql.splitlines(keepends=True):
        if line.strip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()


def _safety_copy(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Before an upgrade, keep a copy of the database as it was."""
    copy = path.with_name(f"{path.name}.schema{version}.bak")
    if copy.exists():
        return
    target = sqlite3.connect(copy)
    try:
        conn.backup(target)
    finally:
        target.close()


def _busy_error(exc: sqlite3.OperationalError) -> StoreError | sqlite3.OperationalError:
    if "locked" in str(exc) or "busy" in str(exc):
        return StoreError(
            N_(
                "The database is busy: another Caisse program is writing to it. Try again in a "
                "moment, or close the other program."
            )
        )
    return exc


def _open_error(path: Path | str, exc: sqlite3.Error) -> StoreError:
    if "locked" in str(exc) or "busy" in str(exc):
        return StoreError(
            N_("{path} is locked by another program. Close it and try again."), path=str(path)
        )
    return StoreError(
        N_("{path} cannot be opened as a database: {error}."), path=str(path), error=str(exc)
    )
