"""A member's standing (current, lapsed, left) as fees are paid, time passes, they leave and
come back; the fee history; a partner's reconversions and what is owed to them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from tests.conftest import FixedClock

from caisse.domain.errors import RuleViolation
from caisse.services import events, ledger, members, operations, partners, personal
from caisse.services.context import Context

IBAN = "FR14 2004 1010 0505 0001 3M02 606"


def at(ctx: Context, day: date) -> Context:
    """The same user, on another day."""
    return Context(ctx.store, ctx.actor, FixedClock(datetime(day.year, day.month, day.day, 10)))


def test_a_fee_makes_a_member_current_until_the_last_day_it_covers(volunteer, counter):
    row = members.create(volunteer, members.MemberFields(first_name="Jon", last_name="Larralde"))
    today = volunteer.today()
    assert members.status(row, today) == "lapsed"  # never paid
    assert members.fee_history(volunteer.store, row["uid"]) == []
    receipt = operations.pay_membership(volunteer, row["number"], counter, "individual")
    row = members.by_uid(volunteer.store, row["uid"])
    until = date.fromisoformat(row["membership_until"])
    assert members.status(row, today) == "current"
    assert members.status(row, until) == "current"
    assert members.status(row, until + timedelta(days=1)) == "lapsed"
    [fee] = members.fee_history(volunteer.store, row["uid"])
    assert (fee["starts_on"], fee["ends_on"]) == (today.isoformat(), until.isoformat())
    assert fee["fee"] == 1500 and fee["commodity"] == "EUR"
    assert fee["receipt"] == receipt.number and fee["method"] == "cash"
    assert fee["paid_at"] == receipt.at


def test_a_member_who_left_is_left_until_they_pay_again(volunteer, member, counter):
    store = volunteer.store
    today = volunteer.today()
    row = members.leave(volunteer, member["uid"], "moved to Lyon")
    assert row["left_on"] == today.isoformat()
    assert members.status(row, today) == "left"  # although the fee still runs
    with pytest.raises(RuleViolation, match="already left"):
        members.leave(volunteer, member["uid"])
    left = [e for e in events.recent(store) if e["kind"] == "member_left"]
    # the reason is kept apart from the append-only log, where erasure reaches it
    assert "moved to Lyon" not in str(left[0]["detail"])
    assert personal.resolve(store, left[0]["detail"])["leaving_reason"] == "moved to Lyon"
    operations.pay_membership(volunteer, member["number"], counter, "individual")
    row = members.by_uid(store, member["uid"])
    assert row["left_on"] is None and members.status(row, today) == "current"
    first, second = reversed(members.fee_history(store, member["uid"]))  # latest first
    start = date.fromisoformat(second["starts_on"])
    assert start == date.fromisoformat(first["ends_on"]) + timedelta(days=1)  # paid early


def test_a_member_who_left_by_mistake_rejoins(volunteer, member):
    members.leave(volunteer, member["uid"])
    row = members.rejoin(volunteer, member["uid"])
    assert row["left_on"] is None and members.status(row, volunteer.today()) == "current"
    with pytest.raises(RuleViolation, match="has not left"):
        members.rejoin(volunteer, member["uid"])


def test_a_departure_recorded_ahead_takes_effect_on_its_day(volunteer, member):
    later = volunteer.today() + timedelta(days=10)
    row = members.leave(volunteer, member["uid"], on=later)
    assert members.status(row, volunteer.today()) == "current"
    assert members.status(row, later) == "left"


def test_a_lapsed_member_pays_and_is_current_from_that_day(volunteer, counter):
    row = members.create(volunteer, members.MemberFields(last_name="Ospital"))
    operations.pay_membership(volunteer, row["number"], counter, "individual")
    first_end = date.fromisoformat(members.by_uid(volunteer.store, row["uid"])["membership_until"])
    later = at(volunteer, first_end + timedelta(days=40))
    assert members.status(members.by_uid(later.store, row["uid"]), later.today()) == "lapsed"
    operations.pay_membership(later, row["number"], counter, "reduced")
    row = members.by_uid(later.store, row["uid"])
    assert members.status(row, later.today()) == "current"
    latest = members.fee_history(later.store, row["uid"])[0]
    assert latest["starts_on"] == later.today().isoformat()  # no gap paid for
    assert latest["fee"] == 500


def test_a_corrected_fee_leaves_the_history(volunteer, member):
    [fee] = members.fee_history(volunteer.store, member["uid"])
    ledger.correct(volunteer, fee["seq"], "wrong member")
    assert members.fee_history(volunteer.store, member["uid"]) == []
    row = members.by_uid(volunteer.store, member["uid"])
    assert members.status(row, volunteer.today()) == "lapsed"


def test_a_fee_paid_online_has_its_reference_and_no_receipt(admin, volunteer):
    row = members.create(volunteer, members.MemberFields(last_name="Harriet"))
    operations.record_online_membership(admin, row["uid"], 1500, date(2026, 3, 2), "HA-40000014")
    [fee] = members.fee_history(admin.store, row["uid"])
    assert fee["method"] == "online" and fee["reference"] == "HA-40000014"
    assert fee["receipt"] is None and fee["starts_on"] == "2026-03-02"


def test_consents_given_and_withdrawn_are_dated_in_the_event_log(volunteer, member):
    store = volunteer.store
    assert members.consents(member) == {"newsletter": False, "events": False, "photos": False}
    row = members.set_consents(volunteer, member["uid"], {"events": True, "photos": True})
    assert members.consents(row) == {"newsletter": False, "events": True, "photos": True}
    members.set_consents(volunteer, member["uid"], {"photos": False, "events": True})
    logged = [(e["kind"], e["detail"]["purpose"]) for e in reversed(events.recent(store))
              if e["kind"].startswith("consent_")]  # fmt: skip
    assert logged == [("consent_given", "events"), ("consent_given", "photos"),
                      ("consent_withdrawn", "photos")]  # fmt: skip


@pytest.fixture
def partner(volunteer, member, counter) -> dict:
    row = members.create(
        volunteer,
        members.MemberFields(kind="organisation", organisation="Librairie Elkar", is_partner=True),
    )
    operations.pay_membership(volunteer, row["number"], counter, "organisation")
    operations.exchange(volunteer, member["number"], counter, 50_000)
    return members.by_uid(volunteer.store, row["uid"])


def test_a_partners_reconversions_say_what_is_owed_paid_or_cancelled(treasurer, partner, counter):
    store = treasurer.store
    first = partners.reconvert(treasurer, partner["number"], counter, 10_000, iban=IBAN)
    second = partners.reconvert(treasurer, partner["number"], counter, 20_000)
    third = partners.reconvert(treasurer, partner["number"], counter, 4_000)
    partners.mark_paid(treasurer, first.seq, "VIR-2026-001")
    ledger.correct(treasurer, third.seq, "counted twice")
    rows = members.reconversions(store, partner["uid"])
    assert [r["seq"] for r in rows] == [third.seq, second.seq, first.seq]  # latest first
    assert [r["state"] for r in rows] == ["cancelled", "owed", "paid"]
    paid = rows[2]
    assert (paid["units"], paid["to_pay"], paid["commission"]) == (10_000, 9_500, 500)
    assert paid["reference"] == "VIR-2026-001" and paid["paid_at"] is not None
    assert paid["unit_commodity"] == "EUS" and paid["receipt"] == first.number
    owed = sum(r["to_pay"] for r in rows if r["state"] == "owed")
    assert owed == 19_000 == sum(int(r["to_pay"]) for r in partners.owed(store))
