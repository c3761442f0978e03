"""Money, dates, rates and references as printed, in the current language (Babel)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

from caisse import i18n
from caisse.domain.money import EUR, Money, format_money

#: how many hex digits of a hash a receipt shows: enough to find the entry, short to read
SHORT_HASH = 16


def money(cents: int, commodity: str = EUR) -> str:
    """ "1 234,50 €" in French; the local unit shows its code: "20,00 EUS"."""
    return format_money(Money(cents, commodity))


def signed_money(cents: int, commodity: str = EUR) -> str:
    """A difference: "+5,00 €", "-5,00 €", or the plain zero."""
    text = money(cents, commodity)
    return "+" + text if cents > 0 else text


def count(n: int) -> str:
    return format_decimal(n, locale=i18n.locale())


def moment(value: datetime) -> str:
    """Date and time to the second: "12 mars 2025, 14:03:27"."""
    return format_datetime(value, format="medium", locale=i18n.locale())


def day(value: date) -> str:
    """ "12 mars 2025"."""
    return format_date(value, format="long", locale=i18n.locale())


def short_day(value: date) -> str:
    """ "12/03/2025"."""
    return format_date(value, format="short", locale=i18n.locale())


def parse_moment(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def rate(basis_points: int) -> str:
    """500 basis points: "5 %"."""
    return format_percent(Decimal(basis_points).scaleb(-4), locale=i18n.locale())


def short_hash(digest: str) -> str:
    return digest[:SHORT_HASH]


def masked_iban(iban: str) -> str:
    """Every character hidden but the last four, in the usual groups of four:
    "•••• •••• •••• •••• •••• •••0 189"."""
    compact = iban.replace(" ", "").upper()
    if len(compact) <= 4:
        return compact
    shown = "•" * (len(compact) - 4) + compact[-4:]
    return " ".join(shown[i : i + 4] for i in range(0, len(shown), 4))
