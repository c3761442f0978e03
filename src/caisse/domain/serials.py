"""Serial numbers printed on notes: a prefix ("A", "EU10-") and a number, and ranges of them.

A range is written "A000001-A000500", or "A000001-000500" when the prefix is not repeated (the
number then has as many digits as the first one's); one serial alone is a range of one note.
Several are separated by commas, semicolons or spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from caisse.domain.errors import InputError
from caisse.i18n import N_

MAX_DIGITS = 12
MAX_PREFIX = 12
_SERIAL = re.compile(r"^(?P<prefix>\S*?)(?P<digits>\d+)$")


@dataclass(frozen=True, order=True)
class SerialRange:
    prefix: str
    first: int
    last: int
    width: int = 0  # digits as printed, leading zeros included

    @property
    def size(self) -> int:
        return self.last - self.first + 1

    def serial(self, number: int) -> str:
        return f"{self.prefix}{number:0{self.width}d}"

    @property
    def text(self) -> str:
        if self.first == self.last:
            return self.serial(self.first)
        return f"{self.serial(self.first)}-{self.serial(self.last)}"

    def overlaps(self, other: SerialRange) -> bool:
        return self.prefix == other.prefix and self.first <= other.last and other.first <= self.last

    def as_json(self) -> dict[str, Any]:
        return {"prefix": self.prefix, "first": self.first, "last": self.last, "width": self.width}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SerialRange:
        return cls(str(data["prefix"]), int(data["first"]), int(data["last"]),
                   int(data.get("width", 0)))  # fmt: skip


def _split_serial(text: str) -> tuple[str, str] | None:
    match = _SERIAL.match(text)
    if match is None:
        return None
    return match["prefix"], match["digits"]


def parse_range(text: str) -> SerialRange:
    """One serial, or a range of them, as typed."""
    cleaned = text.strip().upper()
    for i in range(len(cleaned) - 1, 0, -1):  # a prefix may hold "-": try each split, last first
        if cleaned[i] != "-":
            continue
        left, right = _split_serial(cleaned[:i]), _split_serial(cleaned[i + 1 :])
        if left is None or right is None:
            continue
        (prefix, first), (other, last) = left, right
        if other == prefix or (other == "" and len(last) == len(first)):
            return _checked(text, prefix, first, last)
    whole = _split_serial(cleaned)
    if whole is None:
        raise InputError(
            N_('"{text}" is not a serial number: write a prefix and a number, as "A000123", or '
               'a range, as "A000001-A000500".'),
            text=text.strip(),
        )  # fmt: skip
    return _checked(text, whole[0], whole[1], whole[1])


def _checked(text: str, prefix: str, first: str, last: str) -> SerialRange:
    if len(prefix) > MAX_PREFIX or len(first) > MAX_DIGITS or len(last) > MAX_DIGITS:
        raise InputError(
            N_('"{text}": a serial has at most {prefix} characters before at most {digits} '
               "digits."),
            text=text.strip(), prefix=MAX_PREFIX, digits=MAX_DIGITS,
        )  # fmt: skip
    found = SerialRange(prefix, int(first), int(last), len(first))
    if found.first > found.last:
        raise InputError(
            N_('The range "{text}" ends before it starts: write the first serial, then the last.'),
            text=text.strip(),
        )
    return found


def parse_ranges(text: str) -> tuple[SerialRange, ...]:
    """Serials and ranges separated by commas, semicolons or spaces."""
    parts = text.replace(",", " ").replace(";", " ").split()
    return tuple(parse_range(part) for part in parts)


def first_overlap(
    ranges: Iterable[SerialRange],
) -> tuple[SerialRange, SerialRange] | None:
    """Two ranges of the list that share a serial, if any."""
    ordered = sorted(ranges, key=lambda r: (r.prefix, r.first, r.last))
    for a, b in pairwise(ordered):
        if a.overlaps(b):
            return a, b
    return None
