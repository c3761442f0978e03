"""Counting a demo till the way a volunteer would: pieces by denomination, largest first."""

from __future__ import annotations

import random
from collections.abc import Sequence

from caisse.domain.counting import EUR_DENOMINATIONS
from caisse.services import sessions

#: one closing in this many shows a small difference, recounted and explained
DIFFERENCE_ONE_IN = 40
CASH_SLIPS = (-1000, -500, -200, -100, -50, -20, -10, 10, 50, 100, 200)
NOTE_SLIPS = (-500, -200, -100, 100)
CASH_COMMENTS = (
    "Erreur de rendu de monnaie, recompté à deux",
    "Pièce tombée derrière le tiroir, recompté",
    "Rendu de monnaie oublié sur une adhésion",
    "Écart constaté au recomptage, origine inconnue",
)
NOTE_COMMENTS = (
    "Un billet manquant après recomptage",
    "Billet retrouvé sous le tiroir-caisse",
    "Deux billets collés comptés pour un",
)


def pieces(cents: int, denominations: Sequence[int]) -> dict[int, int]:
    """``cents`` as pieces of the given denominations, the largest first."""
    if cents < 0:
        raise ValueError(f"cannot count {cents} cents")
    result: dict[int, int] = {}
    for denomination in sorted(denominations, reverse=True):
        n, cents = divmod(cents, denomination)
        if n:
            result[denomination] = n
    if cents:
        raise ValueError(f"{cents} cents cannot be counted in {denominations}")
    return result


def exact(
    expected: sessions.Expected, notes: Sequence[int], *, cheques: bool
) -> sessions.TillCount:
    """What a careful count finds: exactly what the journal expects."""
    return sessions.TillCount(
        euros=pieces(expected.cash.cents, EUR_DENOMINATIONS),
        notes=pieces(expected.notes.cents, notes),
        cheques=tuple(c["seq"] for c in expected.cheques) if cheques else None,
    )


def evening_count(
    rng: random.Random, expected: sessions.Expected, notes: Sequence[int]
) -> tuple[sessions.TillCount, str]:
    """The closing count: mostly exact; now and then a small difference, with its comment."""
    cash, held = expected.cash.cents, expected.notes.cents
    comment = ""
    if rng.randrange(DIFFERENCE_ONE_IN) == 0:
        if rng.randrange(3) and cash:
            slip = rng.choice(CASH_SLIPS)
            cash = cash + slip if cash + slip >= 0 else cash - slip
            comment = rng.choice(CASH_COMMENTS)
        else:
            slip = rng.choice(NOTE_SLIPS)
            held = held + slip if held + slip >= 0 else held - slip
            comment = rng.choice(NOTE_COMMENTS)
    count = sessions.TillCount(
        euros=pieces(cash, EUR_DENOMINATIONS),
        notes=pieces(held, notes),
        cheques=tuple(c["seq"] for c in expected.cheques),
    )
    return count, comment
