"""Counts typed on the command line: "50x2 20x3 0,50x4" is two 50 notes, three 20 notes and
four 50-cent coins. Also the cheques ticked: "all", "none" or entry numbers."""

from __future__ import annotations

from collections.abc import Iterable

from caisse.domain.errors import InputError
from caisse.domain.money import Money
from caisse.i18n import N_


def parse_count(text: str | None, denominations: Iterable[int], commodity: str) -> dict[int, int]:
    """Pieces by denomination (cents); a denomination given twice is added up."""
    allowed = set(denominations)
    pieces: dict[int, int] = {}
    for part in (text or "").replace(";", " ").split():
        value, sep, count = part.lower().partition("x")
        if not sep or not value or not count:
            raise InputError(
                N_('"{part}" is not a count: write the value, "x" and the number of pieces, '
                   'as "20x3" for three 20 notes or "0,50x4" for four 50-cent coins.'),
                part=part,
            )  # fmt: skip
        cents = _denomination(value, part)
        if cents not in allowed:
            raise InputError(
                N_('There is no note or coin of {value}: "{part}".'),
                value=Money(cents, commodity) if cents > 0 else value,
                part=part,
            )
        if not count.isdigit():
            raise InputError(
                N_('"{count}" in "{part}" is not a whole number of pieces.'), count=count, part=part
            )
        pieces[cents] = pieces.get(cents, 0) + int(count)
    return pieces


def _denomination(value: str, part: str) -> int:
    """ "50", "0.50", "0,50" as cents; a value with more than two decimals is refused."""
    units, sep, decimals = value.replace(",", ".").partition(".")
    if not units.isdigit() or (sep and (not decimals.isdigit() or len(decimals) > 2)):
        raise InputError(N_('"{value}" in "{part}" is not a value of a note or coin.'),
                         value=value, part=part)  # fmt: skip
    return int(units) * 100 + (int(decimals.ljust(2, "0")) if sep else 0)


def parse_cheques(text: str | None, in_till: Iterable[int]) -> tuple[int, ...]:
    """ "all", "none" (or nothing) or entry numbers separated by commas."""
    cleaned = (text or "none").strip().lower()
    if cleaned == "all":
        return tuple(in_till)
    if cleaned == "none":
        return ()
    seqs = []
    for part in cleaned.replace(" ", ",").split(","):
        if not part.isdigit():
            raise InputError(
                N_('"{part}" is not the entry number of a cheque: give "all", "none" or '
                   "numbers separated by commas, as listed by caisse session status."),
                part=part,
            )  # fmt: skip
        seqs.append(int(part))
    return tuple(seqs)
