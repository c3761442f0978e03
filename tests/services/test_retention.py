"""The retention period: former members listed for erasure once it has passed since the
relationship ended, and erased together, all or none."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from tests.conftest import FixedClock

from caisse.domain.codes import member_number
from caisse.domain.errors import InputError, NotFound, PermissionDenied, RuleViolation
from caisse.services import events, members, operations, partners, privacy
from caisse.services.context import Context
from caisse.store import journal

IBAN = "FR14 2004 1010 0505 0001 3M02 606"


def person(ctx: Context, last_name: str, joined: date) -> dict:
    return members.create(
        ctx, members.MemberFields(first_name="Jon", last_name=last_name), joined_on=joined
    )


def shop(ctx: Context, name: str, joined: date) -> dict:
    fields = members.MemberFields(kind="organisation", organisation=name, is_partner=True)
    return members.create(ctx, fields, joined_on=joined)


def at(ctx: Context, day: date) -> Context:
    """The same user, acting on another day."""
    return replace(ctx, clock=FixedClock(datetime(day.year, day.month, day.day, 10).astimezone()))


def due(store, today: date) -> list[tuple]:
    return [(r["name"], r["status"], r["ended_on"], r["due_since"])
            for r in privacy.due_for_erasure(store, today)]  # fmt: skip


def test_the_retention_period_is_three_years_unless_the_administrator_sets_it(admin, treasurer):
    store = admin.store
    assert privacy.retention_months(store) == 36
    with pytest.raises(PermissionDenied):
        privacy.set_retention_months(treasurer, 24)
    for wrong in (0, 121, -3, 12.5, "24", True):
        with pytest.raises(InputError, match="from 1 to 120 months"):
            privacy.set_retention_months(admin, wrong)  # type: ignore[arg-type]
    privacy.set_retention_months(admin, 24)
    assert privacy.retention_months(store) == 24
    logged = events.recent(store, 1)[0]
    assert logged["kind"] == "setting_changed"
    assert logged["detail"] == {"key": "retention_months", "old": None, "new": 24}


def test_a_member_is_due_the_day_after_the_period_has_passed(admin):
    store = admin.store
    person(admin, "Ametzaga", date(2020, 1, 15))  # never paid: ended the day they joined
    gone = person(admin, "Berria", date(2019, 3, 1))
    members.leave(admin, gone["uid"], on=date(2020, 3, 31))
    person(admin, "Zabala", date(2022, 6, 1))
    assert due(store, date(2023, 1, 15)) == []  # exactly three years
    assert due(store, date(2023, 1, 16)) == [
        ("Jon Ametzaga", "lapsed", date(2020, 1, 15), date(2023, 1, 16))
    ]
    assert len(due(store, date(2023, 3, 31))) == 1  # 31 March + 36 months: still kept that day
    assert due(store, date(2023, 4, 1))[1] == (
        "Jon Berria", "left", date(2020, 3, 31), date(2023, 4, 1))  # fmt: skip
    privacy.set_retention_months(admin, 12)
    assert [r[0] for r in due(store, date(2023, 6, 1))] == ["Jon Ametzaga", "Jon Berria"]
    assert [r[0] for r in due(store, date(2023, 6, 2))] == [
        "Jon Ametzaga", "Jon Berria", "Jon Zabala"]  # fmt: skip


def test_the_relationship_ends_with_the_membership_or_the_last_operation(
    admin, volunteer, treasurer, member, counter
):
    store = admin.store
    paid_until = date.fromisoformat(member["membership_until"])
    three_years_on = privacy.add_months(paid_until, 36)
    assert due(store, three_years_on) == []
    assert due(store, three_years_on + timedelta(days=1)) == [
        ("Héloïse Etxeberri", "lapsed", paid_until, three_years_on + timedelta(days=1))
    ]
    # a partner that never paid a fee but reconverted notes: its last operation ends it
    elkar = shop(admin, "Librairie Elkar", date(2001, 1, 1))
    operations.exchange(volunteer, member["number"], counter, 5000)
    receipt = partners.reconvert(treasurer, elkar["number"], counter, 1000, iban=IBAN)
    far = date(paid_until.year + 10, 1, 1)
    assert "Librairie Elkar" not in [r[0] for r in due(store, far)]  # still owed
    paid_on = paid_until + timedelta(days=40)
    partners.mark_paid(at(treasurer, paid_on), receipt.seq, "VIR-1")
    three_years_on = privacy.add_months(paid_on, 36)
    assert [r[0] for r in due(store, three_years_on)] == ["Héloïse Etxeberri"]
    assert due(store, three_years_on + timedelta(days=1))[1][:3] == (
        "Librairie Elkar", "lapsed", paid_on)  # fmt: skip


def test_erased_members_and_partners_still_owed_are_not_listed(admin, volunteer, treasurer,
                                                              member, counter):  # fmt: skip
    store = admin.store
    erased = person(admin, "Txiki", date(2010, 1, 1))
    privacy.erase(admin, erased["number"], "asked")
    owed = shop(admin, "Ostatua", date(2010, 1, 1))
    operations.exchange(volunteer, member["number"], counter, 5000)
    partners.reconvert(at(treasurer, date(2011, 1, 1)), owed["number"], counter, 1000, iban=IBAN)
    assert due(store, volunteer.today()) == []


def test_erasing_those_due_erases_them_all_in_one_go(admin, db_path):
    store = admin.store
    for name in ("Ametzaga", "Berria", "Zabala"):
        person(admin, name, date(2015, 5, 5))
    numbers = [r["number"] for r in privacy.due_for_erasure(store, admin.today())]
    assert len(numbers) == 3
    assert privacy.erase_many(admin, numbers, "retention period over") == 3
    assert privacy.due_for_erasure(store, admin.today()) == []
    assert b"Ametzaga" not in db_path.read_bytes()
    assert [e["kind"] for e in events.recent(store, 3)] == ["member_erased"] * 3
    assert privacy.erase_many(admin, numbers, "again") == 0
    assert journal.verify(store).ok


def test_erasing_several_is_all_or_nothing(admin, volunteer, treasurer, member, counter):
    store = admin.store
    kept = person(admin, "Ametzaga", date(2015, 5, 5))
    owed = shop(admin, "Ostatua", date(2015, 5, 5))
    operations.exchange(volunteer, member["number"], counter, 5000)
    partners.reconvert(treasurer, owed["number"], counter, 1000, iban=IBAN)
    with pytest.raises(RuleViolation, match="reconversions are still owed"):
        privacy.erase_many(admin, [kept["number"], owed["number"]], "retention period over")
    with pytest.raises(NotFound):
        privacy.erase_many(admin, [kept["number"], member_number(999_999)], "retention period over")
    assert members.by_uid(store, kept["uid"])["last_name"] == "Ametzaga"
    with pytest.raises(PermissionDenied):
        privacy.erase_many(treasurer, [kept["number"]], "retention period over")
    with pytest.raises(InputError, match="Say why"):
        privacy.erase_many(admin, [kept["number"]], " ")
    assert not members.is_erased(members.by_uid(store, kept["uid"]))
