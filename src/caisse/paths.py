"""Where the data lives: the platform's data folder, never next to the program."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP = "Caisse"


def data_dir() -> Path:
    override = os.environ.get("CAISSE_DATA_DIR")
    return Path(override) if override else user_data_path(APP, appauthor=False)


def default_db_path() -> Path:
    """The user's database."""
    return data_dir() / "caisse.db"


def demo_db_path() -> Path:
    """The demo database, built on first use."""
    return data_dir() / "demo.db"
