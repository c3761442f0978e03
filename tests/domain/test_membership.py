from datetime import date

from caisse.domain.membership import is_current, next_period
from caisse.domain.text import fold


def test_first_fee_runs_twelve_months_from_today():
    assert next_period(date(2026, 3, 10), None) == (date(2026, 3, 10), date(2027, 3, 9))


def test_early_renewal_continues_the_running_period():
    assert next_period(date(2026, 3, 1), date(2026, 3, 9)) == (date(2026, 3, 10), date(2027, 3, 9))


def test_late_renewal_starts_today():
    assert next_period(date(2026, 5, 1), date(2026, 3, 9)) == (date(2026, 5, 1), date(2027, 4, 30))


def test_leap_day():
    assert next_period(date(2028, 2, 29), None)[1] == date(2029, 2, 27)


def test_current_until_the_last_day_included():
    assert is_current(date(2026, 3, 9), date(2026, 3, 9))
    assert not is_current(date(2026, 3, 10), date(2026, 3, 9))
    assert not is_current(date(2026, 3, 10), None)


def test_fold_for_search():
    assert "helo" in fold("Héloïse")
    assert fold("  ÉTXE  Berri ") == "etxe berri"
    assert fold("Cœur") == "coeur"
