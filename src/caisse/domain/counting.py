"""Counting a till: pieces by denomination, totals, and what differs from what is expected."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from caisse.domain.errors import InputError
from caisse.domain.money import Money
from caisse.i18n import N_

#: euro notes and coins, in cents, largest first
EUR_NOTES = (50000, 20000, 10000, 5000, 2000, 1000, 500)
EUR_COINS = (200, 100, 50, 20, 10, 5, 2, 1)
EUR_DENOMINATIONS = EUR_NOTES + EUR_COINS


def parse_pieces(text: str, denomination: Money) -> int:
    """A number of pieces typed in a counting grid: a whole number, zero or more."""
    cleaned = text.strip().replace(" ", "").replace("\u202f", "").replace("\xa0", "")
    if not cleaned:
        return 0
    if not cleaned.isdigit():
        raise InputError(
            N_('"{text}" is not a number of pieces of {denomination}: count whole notes or coins.'),
            text=text.strip(),
            denomination=denomination,
        )
    return int(cleaned)


def count_total(pieces: Mapping[int, int], denominations: Iterable[int]) -> int:
    """Cents counted; refuses a denomination that does not exist or a negative count."""
    allowed = set(denominations)
    total = 0
    for denomination, count in pieces.items():
        if denomination not in allowed:
            raise InputError(
                N_("There is no note or coin of {cents} cents in this count."), cents=denomination
            )
        if type(count) is not int or count < 0:
            raise InputError(N_("A count is a whole number of pieces, zero or more."))
        total += denomination * count
    return total


def commission(euros_cents: int, rate_basis_points: int) -> int:
    """The association's commission on a reconversion, rounded half up to the cent."""
    if not 0 <= rate_basis_points <= 10_000:
        raise InputError(N_("The commission rate must be between 0 and 100 %."))
    numerator = euros_cents * rate_basis_points
    return (numerator + 5_000) // 10_000
