"""What every command shares: which database, which language, secrets, and how to print."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from babel.numbers import format_decimal, format_percent

from caisse import i18n, paths
from caisse.domain.errors import InputError
from caisse.i18n import N_, _
from caisse.services import settings
from caisse.store.db import Store, open_store
from caisse.store.lock import InstanceLock

PASSWORD_VARIABLE = "CAISSE_PASSWORD"
EXIT_OK = 0
EXIT_BROKEN = 7  # `caisse verify` found the journal altered or unbalanced
EXIT_INTERRUPTED = 130


def db_path(args: argparse.Namespace) -> Path:
    return Path(args.db).expanduser() if args.db else paths.default_db_path()


def language_given(args: argparse.Namespace) -> bool:
    return bool(args.lang or os.environ.get("CAISSE_LANG"))


def use_database_language(args: argparse.Namespace, store: Store) -> None:
    """Without --lang or CAISSE_LANG, speak the language chosen in the database's settings."""
    if language_given(args):
        return
    chosen = settings.language(store)
    if chosen:
        i18n.set_language(chosen)


def open_db(args: argparse.Namespace, path: Path | None = None) -> Store:
    store = open_store(path or db_path(args))
    use_database_language(args, store)
    return store


@contextmanager
def reading(args: argparse.Namespace) -> Iterator[Store]:
    store = open_db(args)
    try:
        yield store
    finally:
        store.close()


@contextmanager
def writing(args: argparse.Namespace) -> Iterator[Store]:
    """The database, held against other Caisse programs while this command writes to it.

    The file is opened (and so checked) before the lock is taken, so that pointing at a wrong
    path leaves nothing behind.
    """
    store = open_db(args)
    try:
        with InstanceLock(store.path):
            yield store
    finally:
        store.close()


def read_secret(prompt: str, *, twice: bool = False) -> str:
    """The password or PIN: from CAISSE_PASSWORD for scripts, else typed without echo."""
    secret = os.environ.get(PASSWORD_VARIABLE)
    if secret is not None:
        return secret
    try:
        secret = getpass.getpass(prompt)
        if twice and getpass.getpass(_("Type it again: ")) != secret:
            raise InputError(N_("The two passwords differ. Nothing was created."))
    except EOFError:
        raise InputError(
            N_("No password was typed. Type it when asked, or set {variable}."),
            variable=PASSWORD_VARIABLE,
        ) from None
    return secret


def number(n: int) -> str:
    return format_decimal(n, locale=i18n.locale())


def out(text: str = "") -> None:
    print(text)


def err(text: str) -> None:
    print(text, file=sys.stderr)


def coloured(text: str, good: bool) -> str:
    """Green or red on a terminal that shows colours; plain text otherwise."""
    if not sys.stdout.isatty() or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return text
    return f"\033[{'32' if good else '31'}m{text}\033[0m"


class StepProgress:
    """A percentage on stderr: rewritten in place on a terminal, every tenth otherwise."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.shown = -1
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        step = 1 if self.tty else 10
        if percent // step == self.shown // step and percent != 100:
            return
        self.shown = percent
        if self.tty:
            sys.stderr.write(f"\r{self.label} {_percent(percent)}")
            if percent == 100:
                sys.stderr.write("\n")
        else:
            sys.stderr.write(f"{self.label} {_percent(percent)}\n")
        sys.stderr.flush()


def _percent(percent: int) -> str:
    return format_percent(Decimal(percent) / 100, locale=i18n.locale())
