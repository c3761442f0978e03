"""Money as integer cents of one commodity, parsed and formatted with Babel at the edges.

There is no float anywhere here: amounts are ``int`` cents, ratios are ``Fraction``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import (
    NumberFormatError,
    format_currency,
    format_decimal,
    get_group_symbol,
    parse_decimal,
)

from caisse import i18n
from caisse.domain.errors import InputError
from caisse.i18n import N_

EUR = "EUR"
CENTS = 100


@dataclass(frozen=True, order=True, slots=True)
class Money:
    """An amount in cents of one commodity (``EUR`` or the local unit's code)."""

    cents: int
    commodity: str = EUR

    def __post_init__(self) -> None:
        if type(self.cents) is not int:
            raise TypeError(f"Money needs integer cents, got {type(self.cents).__name__}")

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.commodity != self.commodity:
            raise ValueError(f"cannot combine {self.commodity} with {other.commodity}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.cents + other.cents, self.commodity)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.cents - other.cents, self.commodity)

    def __neg__(self) -> Money:
        return Money(-self.cents, self.commodity)

    def __mul__(self, factor: int) -> Money:
        if type(factor) is not int:
            raise TypeError("Money multiplies by whole numbers only")
        return Money(self.cents * factor, self.commodity)

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return self.cents != 0

    @property
    def decimal(self) -> Decimal:
        return Decimal(self.cents).scaleb(-2)

    def display(self, locale: str | None = None) -> str:
        return format_money(self, locale)

    @classmethod
    def zero(cls, commodity: str = EUR) -> Money:
        return cls(0, commodity)


def format_money(money: Money, locale: str | None = None) -> str:
    """ "1 234,50 €" in French, "€1,234.50" in English; the local unit shows its code."""
    return format_currency(money.decimal, money.commodity, locale=locale or i18n.locale())


def format_amount(cents: int, locale: str | None = None) -> str:
    """The number alone, "1 234,50", for input fields."""
    number = Decimal(cents).scaleb(-2)
    return format_decimal(number, format="#,##0.00", locale=locale or i18n.locale())


def parse_cents(text: str, locale: str | None = None) -> int:
    """Read an amount typed by a person in their locale: "1 234,50", "12", "12,5", "12,50 €".

    Parsing is strict: what the locale could read two ways ("12,5" in English, where the comma
    groups thousands) is refused rather than guessed, and so is anything that is not exactly a
    number of cents (three decimals, letters, nothing).
    """
    locale = locale or i18n.locale()
    cleaned = text.strip()
    for symbol in ("€", "EUR", "eur"):
        cleaned = cleaned.replace(symbol, "")
    cleaned = cleaned.strip()
    if not cleaned:
        raise InputError(N_("Type an amount, for example {example}."), example=_example(locale))
    group = get_group_symbol(locale)
    spaces = (" ", "\xa0", "\u202f")
    for space in spaces:
        cleaned = cleaned.replace(space, group if group in spaces else "")
    try:
        number = parse_decimal(cleaned, locale=locale, strict=True)
    except NumberFormatError:
        number = None
    if number is None or not number.is_finite():
        raise InputError(
            N_('"{text}" is not an amount. Type digits, for example {example}.'),
            text=text.strip(),
            example=_example(locale),
        )
    cents = number.scaleb(2)
    if cents != cents.to_integral_value():
        raise InputError(
            N_('"{text}" has more than two decimals: amounts are counted in cents.'),
            text=text.strip(),
        )
    return int(cents)


def _example(locale: str) -> str:
    return format_amount(1250, locale)
