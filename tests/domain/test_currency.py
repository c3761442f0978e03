from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caisse.domain.currency import Currency, parse_parity
from caisse.domain.errors import InputError, RuleViolation
from caisse.domain.money import Money


def test_parity_one_to_one():
    eusko = Currency("Eusko", "EUS", "€u")
    assert eusko.units_for_euros(Money(2000)) == Money(2000, "EUS")


def test_berkshares_parity_is_exact():
    berk = Currency("BerkShares", "BERK", "B$", parity=Fraction(95, 100))
    assert berk.units_for_euros(Money(9500)) == Money(10000, "BERK")
    with pytest.raises(RuleViolation, match="multiple of"):
        berk.units_for_euros(Money(1000))


def test_amount_must_change_into_whole_notes():
    eusko = Currency("Eusko", "EUS", "€u", denominations=(100, 200, 500))
    with pytest.raises(RuleViolation):
        eusko.units_for_euros(Money(1250))


@given(st.integers(min_value=1, max_value=10**6))
def test_exchange_round_trip_at_parity(notes):
    berk = Currency("BerkShares", "BERK", "B$", parity=Fraction(95, 100))
    euros = berk.euros_for_units(Money(notes * 100 * 20, "BERK"))
    assert berk.units_for_euros(euros) == Money(notes * 100 * 20, "BERK")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1", 1),
        ("95/100", Fraction(19, 20)),
        ("0,95", Fraction(19, 20)),
        ("95:100", Fraction(19, 20)),
    ],
)
def test_parse_parity(text, value):
    assert parse_parity(text) == value


@pytest.mark.parametrize("text", ["", "abc", "0", "-1", "1/0"])
def test_bad_parity_is_refused(text):
    with pytest.raises(InputError):
        parse_parity(text)


@pytest.mark.parametrize("code", ["EUR", "E", "TOOLONG", "E1S"])
def test_bad_currency_code(code):
    with pytest.raises(InputError):
        Currency("X", code, "x")
