import pytest
from hypothesis import given
from hypothesis import strategies as st

from caisse.domain.codes import check_member_number, member_number
from caisse.domain.errors import InputError


@given(st.integers(min_value=10000, max_value=99_999_999))
def test_every_single_digit_error_is_caught(seq):
    number = member_number(seq)
    for i, digit in enumerate(number):
        for other in "0123456789":
            if other != digit:
                typo = number[:i] + other + number[i + 1 :]
                with pytest.raises(InputError):
                    check_member_number(typo)


@given(st.integers(min_value=10000, max_value=99_999_999))
def test_every_adjacent_swap_is_caught(seq):
    number = member_number(seq)
    for i in range(len(number) - 1):
        if number[i] != number[i + 1]:
            swapped = number[:i] + number[i + 1] + number[i] + number[i + 2 :]
            with pytest.raises(InputError, match="check digit"):
                check_member_number(swapped)


def test_spaces_are_forgiven():
    number = member_number(12345)
    assert check_member_number(f" {number[:3]} {number[3:]} ") == number


def test_letters_are_not_a_number():
    with pytest.raises(InputError, match="digits"):
        check_member_number("ABC")
