"""One row of an import read into what a member and a membership need, or refused with why."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from caisse.domain.errors import InputError
from caisse.domain.money import parse_cents
from caisse.domain.text import fold
from caisse.i18n import N_

from .mapping import RowValues

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DATE_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M")
VALIDATED = ("valide", "validated", "paid", "paye")
YES = ("oui", "yes", "true", "1", "x", "vrai")


@dataclass(frozen=True)
class Person:
    kind: str
    first_name: str
    last_name: str
    organisation: str
    email: str
    phone: str
    address: str
    postcode: str
    commune: str
    consent_newsletter: bool | None  # None: the file does not say


@dataclass(frozen=True)
class Payment:
    reference: str
    paid_on: date
    fee_cents: int
    tariff: str


@dataclass(frozen=True)
class ParsedRow:
    person: Person
    payment: Payment | None


class Skipped(InputError):
    """A row rightly left out (an order refunded or cancelled): not an error in the file."""


def parse_row(values: RowValues, *, membership: bool) -> ParsedRow:
    status = values.get_text("status")
    if "status" in values and fold(status) not in VALIDATED:
        raise Skipped(N_('Order status "{status}": not imported.'), status=status or "—")
    person = _person(values)
    payment = _payment(values) if membership else None
    return ParsedRow(person, payment)


def _person(values: RowValues) -> Person:
    last, first = values.get_text("last_name"), values.get_text("first_name")
    organisation = values.get_text("organisation")
    if not last and not organisation:
        raise InputError(N_("No last name and no organisation: who is it?"))
    email = values.get_text("email")
    if email and not EMAIL.match(email):
        raise InputError(N_('"{email}" is not an e-mail address.'), email=email)
    consent = None
    if "newsletter" in values:
        consent = fold(values.get_text("newsletter")) in YES
    return Person(
        kind="organisation" if organisation else "individual",
        first_name=first,
        last_name=last,
        organisation=organisation,
        email=email,
        phone=values.get_text("phone"),
        address=" ".join(values.get_text("address").split()),
        postcode=values.get_text("postcode"),
        commune=values.get_text("commune"),
        consent_newsletter=consent,
    )


def _payment(values: RowValues) -> Payment:
    text = values.get_text("date")
    paid_on = parse_date(text)
    amount = values.get_text("amount")
    fee = parse_amount(amount)
    if fee <= 0:
        raise InputError(N_('The amount "{amount}" is not a fee paid.'), amount=amount)
    return Payment(values.get_text("reference"), paid_on, fee, values.get_text("tariff"))


def parse_date(text: str) -> date:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise InputError(
        N_('"{text}" is not a date: expected day/month/year, e.g. 14/12/2026 16:15.'),
        text=text or "—",
    )


def parse_amount(text: str) -> int:
    """ "85,00" (French) or "85.00"; integer cents, never a float."""
    cleaned = text.strip()
    if not cleaned:
        raise InputError(N_("The amount is empty."))
    locale = "fr_FR" if "," in cleaned or "." not in cleaned else "en_US"
    return parse_cents(cleaned, locale)
