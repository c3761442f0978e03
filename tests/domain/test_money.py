from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caisse.domain.errors import InputError
from caisse.domain.money import EUR, Money, format_amount, format_money, parse_cents

cents = st.integers(min_value=-(10**12), max_value=10**12)


def test_french_format_is_what_a_french_user_reads():
    assert format_money(Money(123450), "fr_FR") == "1\u202f234,50\xa0€"
    assert format_money(Money(1200, "EUS"), "fr_FR") == "12,00\xa0EUS"


def test_english_format():
    assert format_money(Money(123450), "en_GB") == "€1,234.50"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 1200),
        ("12,5", 1250),
        ("12,50", 1250),
        ("1 234,50", 123450),
        ("1\u202f234,50 €", 123450),
        ("0,01", 1),
        ("  20  ", 2000),
    ],
)
def test_parse_french_amounts(text, expected):
    assert parse_cents(text, "fr_FR") == expected


@pytest.mark.parametrize("text", ["", "abc", "12,345", "1,2,3", "12..5", "€"])
def test_parse_refuses_what_is_not_cents(text):
    with pytest.raises(InputError):
        parse_cents(text, "fr_FR")


def test_three_decimals_are_refused_with_a_reason():
    with pytest.raises(InputError, match="more than two decimals"):
        parse_cents("12.345", "en_GB")


@given(cents, st.sampled_from(["fr_FR", "en_GB", "de_DE"]))
def test_format_then_parse_round_trips(value, locale):
    assert parse_cents(format_amount(value, locale), locale) == value


@given(cents, st.sampled_from(["fr_FR", "en_GB"]))
def test_formatted_money_parses_back(value, locale):
    text = format_money(Money(value), locale)
    assert parse_cents(text, locale) == value


@given(cents, cents, cents)
def test_addition_is_exact_and_associative(a, b, c):
    x, y, z = Money(a), Money(b), Money(c)
    assert (x + y) + z == x + (y + z)
    assert (x + y - y) == x
    assert (x + y).cents == a + b
    negated = -x
    assert -negated == x


@given(cents, st.integers(min_value=-1000, max_value=1000))
def test_multiplication_by_whole_numbers(a, k):
    assert (Money(a) * k).cents == a * k
    assert k * Money(a) == Money(a) * k


def test_no_float_ever():
    with pytest.raises(TypeError):
        Money(12.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(100) * 1.5  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money(Decimal("1.00"))  # type: ignore[arg-type]


def test_commodities_do_not_mix():
    with pytest.raises(ValueError):
        Money(100, EUR) + Money(100, "EUS")


@pytest.mark.parametrize("text", ["12,5", "1234,50", "0,01"])
def test_english_refuses_a_comma_it_could_misread(text):
    """In English the comma groups thousands: "12,5" is refused, never read as 125."""
    with pytest.raises(InputError, match="is not an amount"):
        parse_cents(text, "en_GB")


def test_french_accepts_the_keypad_point_and_plain_spaces():
    assert parse_cents("12.50", "fr_FR") == 1250
    assert parse_cents("1 234 567,89", "fr_FR") == 123456789
