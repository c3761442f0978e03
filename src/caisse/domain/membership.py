"""Membership periods: a fee covers twelve months from the day it is paid, or from the end of
the period still running when a member renews early."""

from __future__ import annotations

from datetime import date, timedelta

MEMBER_KINDS = ("individual", "organisation")
#: fee grid keys; the amounts are settings
FEE_KINDS = ("individual", "reduced", "organisation")


def add_year(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def next_period(today: date, current_until: date | None) -> tuple[date, date]:
    """(first day, last day) of the period a fee paid today buys."""
    if current_until is not None and current_until >= today:
        start = current_until + timedelta(days=1)
    else:
        start = today
    return start, add_year(start) - timedelta(days=1)


def is_current(today: date, until: date | None) -> bool:
    return until is not None and until >= today


#: a member's standing: paid up, fee overdue, or gone (whatever the fee covered)
STATUSES = ("current", "lapsed", "left")


def status(today: date, until: date | None, left_on: date | None) -> str:
    if left_on is not None and left_on <= today:
        return "left"
    return "current" if is_current(today, until) else "lapsed"
