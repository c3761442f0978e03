"""SQLite through sqlite-utils: connection, schema, migrations, the journal, backups."""

from caisse.store.db import Store, open_store

__all__ = ["Store", "open_store"]
