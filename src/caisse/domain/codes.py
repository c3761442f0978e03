"""Member numbers: a sequence with a Damm check digit.

Damm catches every single-digit error and every swap of adjacent digits, which Luhn does not.
"""

from __future__ import annotations

from stdnum import damm

from caisse.domain.errors import InputError
from caisse.i18n import N_

FIRST_MEMBER_SEQUENCE = 10000


def member_number(sequence: int) -> str:
    base = str(sequence)
    return base + damm.calc_check_digit(base)


def looks_like_number(text: str) -> bool:
    cleaned = text.strip().replace(" ", "")
    return cleaned.isdigit() and len(cleaned) >= 2


def check_member_number(text: str) -> str:
    """The number cleaned of spaces, or a clear refusal when the check digit is wrong."""
    cleaned = text.strip().replace(" ", "")
    if not cleaned.isdigit() or len(cleaned) < 2:
        raise InputError(N_('"{text}" is not a member number: it is made of digits.'), text=text)
    if not damm.is_valid(cleaned):
        raise InputError(
            N_("Member number {number} has a wrong check digit: check for a typo."),
            number=cleaned,
        )
    return cleaned
