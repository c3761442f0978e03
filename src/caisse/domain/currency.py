"""The local currency: its name, code, notes and parity with the euro."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from math import gcd

from caisse.domain.errors import InputError, RuleViolation
from caisse.domain.money import EUR, Money
from caisse.i18n import N_

DEFAULT_DENOMINATIONS = (100, 200, 500, 1000, 2000, 5000)


@dataclass(frozen=True)
class Currency:
    """Settings of the unit the association issues.

    ``parity`` is euros per unit as an exact ratio: 1 for the Eusko, 95/100 for BerkShares
    (95 dollars buy 100 units).
    """

    name: str
    code: str
    symbol: str
    denominations: tuple[int, ...] = DEFAULT_DENOMINATIONS
    parity: Fraction = field(default_factory=lambda: Fraction(1))

    def __post_init__(self) -> None:
        code = self.code.strip().upper()
        if not (2 <= len(code) <= 5 and code.isalpha()) or code == EUR:
            raise InputError(
                N_("The currency code must be 2 to 5 letters and not EUR, for example EUS.")
            )
        object.__setattr__(self, "code", code)
        if not self.name.strip():
            raise InputError(N_("The currency needs a name."))
        if not self.denominations or any(d <= 0 for d in self.denominations):
            raise InputError(N_("Note denominations must be positive amounts."))
        object.__setattr__(self, "denominations", tuple(sorted(set(self.denominations))))
        if self.parity <= 0:
            raise InputError(N_("The parity must be a positive ratio, such as 1 or 95/100."))

    def unit(self, cents: int) -> Money:
        return Money(cents, self.code)

    @property
    def note_step(self) -> int:
        """The smallest amount of notes a counter can hand over exactly."""
        step = 0
        for d in self.denominations:
            step = gcd(step, d)
        return step

    def units_for_euros(self, euros: Money) -> Money:
        """Units handed over for an amount of euros at parity; refused if not exact in notes."""
        if euros.commodity != EUR:
            raise ValueError("units_for_euros takes euros")
        exact = Fraction(euros.cents) / self.parity
        if exact.denominator != 1 or exact.numerator % self.note_step:
            raise RuleViolation(
                N_(
                    "{amount} does not change into whole notes at parity {parity}: choose a "
                    "multiple of {step}."
                ),
                amount=euros,
                parity=parity_text(self.parity),
                step=Money(_euros_for_step(self), EUR),
            )
        return Money(exact.numerator, self.code)

    def euros_for_units(self, units: Money) -> Money:
        """Euros that back an amount of units, rounded down to the cent only for display."""
        exact = Fraction(units.cents) * self.parity
        return Money(exact.numerator // exact.denominator, EUR)


def _euros_for_step(currency: Currency) -> int:
    """The smallest euro amount that changes into whole notes."""
    step = Fraction(currency.note_step) * currency.parity
    # the smallest multiple of the note step whose euro value is whole cents
    k = step.denominator
    return int(step * k)


def parity_text(parity: Fraction) -> str:
    """ "1" or "95/100"."""
    return str(parity)


def parse_parity(text: str) -> Fraction:
    """ "1", "95/100", "0.95" or "0,95" as an exact ratio."""
    cleaned = text.strip().replace(",", ".").replace(":", "/")
    try:
        value = Fraction(cleaned)
    except (ValueError, ZeroDivisionError):
        raise InputError(
            N_('"{text}" is not a parity: type a ratio such as 1 or 95/100.'), text=text
        ) from None
    if value <= 0:
        raise InputError(N_("The parity must be a positive ratio, such as 1 or 95/100."))
    return value
