"""Errors a user can act on.

Each carries an English message with ``{placeholders}`` and its values; it is translated when it
is shown, so the text follows the language of whoever reads it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel.dates import format_date, format_datetime

from caisse import i18n
from caisse.i18n import _


class CaisseError(Exception):
    """Something the user asked for that cannot be done, said in words they can act on."""

    exit_code = 1

    def __init__(self, message: str, **values: Any) -> None:
        super().__init__(message)
        self.message = message
        self.values = values

    def __str__(self) -> str:
        return _(self.message).format(**{k: _display(v) for k, v in self.values.items()})


class InputError(CaisseError):
    """The input is wrong: an amount, a number, a name."""

    exit_code = 2


class NotFound(CaisseError):
    exit_code = 3


class PermissionDenied(CaisseError):
    exit_code = 4


class RuleViolation(CaisseError):
    """The input is well formed but the rules of the money refuse it."""

    exit_code = 5


class StoreError(CaisseError):
    """The database cannot be used: not Caisse's, too new, locked, damaged."""

    exit_code = 6


def _display(value: Any) -> Any:
    if isinstance(value, datetime):
        return format_datetime(value, format="medium", locale=i18n.locale())
    if isinstance(value, date):
        return format_date(value, format="long", locale=i18n.locale())
    formatter = getattr(value, "display", None)
    return formatter() if callable(formatter) else value
