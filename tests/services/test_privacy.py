"""A member's access request and erasure: nothing personal left in the database file, the
ledger whole and verifying."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from caisse.domain.errors import PermissionDenied, RuleViolation
from caisse.services import events, ledger, members, operations, partners, privacy, status
from caisse.services.context import Context
from caisse.store import journal

IBAN = "FR14 2004 1010 0505 0001 3M02 606"
FIRST, LAST, EMAIL = "Maïté", "Oyhénart-Ibáñez", "maite.oyhenart@exemple.eus"
#: what must be gone from the file: the names and e-mail as typed, and as folded for search
TRACES = [FIRST, LAST, EMAIL, "maite", "oyhenart", "ibanez", "0559123456", "Ainhoa"]


@pytest.fixture
def person(volunteer: Context, counter: str) -> dict:
    """A member with an exchange and a fee behind them."""
    row = members.create(
        volunteer,
        members.MemberFields(
            first_name=FIRST, last_name=LAST, email=EMAIL, phone="0559123456",
            postcode="64310", commune="Ainhoa",
        ),
    )  # fmt: skip
    operations.pay_membership(volunteer, row["number"], counter, "individual")
    operations.exchange(volunteer, row["number"], counter, 4000)
    return members.by_uid(volunteer.store, row["uid"])


def file_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    wal = Path(f"{path}-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def traces_in(path: Path) -> list[str]:
    data = file_bytes(path).lower()
    return [t for t in TRACES if t.lower().encode("utf-8") in data]


def test_erased_member_leaves_no_personal_data_in_the_file(admin, person, db_path):
    store = admin.store
    store.compact()  # everything written so far reaches the file, so the check means something
    assert traces_in(db_path) == TRACES
    coverage = status.coverage(store)
    history = ledger.listing(store, member=person["uid"])
    assert privacy.erase(admin, person["number"], "asked by e-mail on 3 March") is True
    assert traces_in(db_path) == []
    assert journal.verify(store).ok
    assert status.coverage(store) == coverage
    row = members.by_uid(store, person["uid"])
    assert row["number"] == person["number"] and row["kind"] == "individual"
    assert members.display_name(row) == f"Erased member {person['number']}"
    assert ledger.listing(store, member=person["uid"]) == history
    assert store.scalar("SELECT COUNT(*) FROM membership WHERE member = ?", (person["uid"],)) == 1
    for text in ("Oyhénart", "maite", "oyh", "ma"):
        assert members.search(store, text) == [], text
    assert [r["uid"] for r in members.search(store, person["number"])] == [person["uid"]]
    erased = events.recent(store, 1)[0]
    assert erased["kind"] == "member_erased"
    assert erased["detail"] == {"member": person["uid"], "reason": "asked by e-mail on 3 March"}


def test_erasing_twice_is_harmless(admin, person):
    privacy.erase(admin, person["number"], "asked")
    logged = len(events.recent(admin.store, 1000))
    assert privacy.erase(admin, person["number"], "asked again") is False
    assert len(events.recent(admin.store, 1000)) == logged
    assert journal.verify(admin.store).ok


def test_only_an_administrator_may_erase(volunteer, treasurer, person):
    for ctx in (volunteer, treasurer):
        with pytest.raises(PermissionDenied):
            privacy.erase(ctx, person["number"], "asked")
    assert members.by_uid(volunteer.store, person["uid"])["last_name"] == LAST


def test_a_reason_is_needed(admin, person):
    with pytest.raises(Exception, match="Say why"):
        privacy.erase(admin, person["number"], "  ")


def test_a_partner_owed_a_reconversion_may_not_be_erased(admin, treasurer, volunteer, person,
                                                         counter):  # fmt: skip
    row = members.create(
        volunteer,
        members.MemberFields(kind="organisation", organisation="Librairie Elkar", is_partner=True),
    )
    operations.pay_membership(volunteer, row["number"], counter, "organisation")
    receipt = partners.reconvert(treasurer, row["number"], counter, 1000, iban=IBAN)
    with pytest.raises(RuleViolation, match="reconversions are still owed"):
        privacy.erase(admin, row["number"], "closed down")
    assert members.by_uid(admin.store, row["uid"])["organisation"] == "Librairie Elkar"
    partners.mark_paid(treasurer, receipt.seq, "VIR-1")
    privacy.erase(admin, row["number"], "closed down")
    erased = members.by_uid(admin.store, row["uid"])
    assert erased["organisation"] == "" and erased["iban"] == ""
    assert members.display_name(erased) == f"Erased member {row['number']}"
    assert journal.verify(admin.store).ok


def test_access_request_holds_everything_about_the_member(volunteer, person):
    data = privacy.access_request(volunteer, person["number"])
    document = json.loads(data.decode("utf-8"))
    assert FIRST.encode("utf-8") in data  # UTF-8, not escaped
    held = document["member"]
    assert held["first_name"] == FIRST and held["last_name"] == LAST
    assert held["email"] == EMAIL and held["number"] == person["number"]
    assert "id" not in held and "search" not in held
    receipts = {e["receipt"] for e in ledger.listing(volunteer.store, member=person["uid"])}
    assert {e["receipt"] for e in document["journal"]} == receipts and len(receipts) == 2
    assert {e["operation"] for e in document["journal"]} == {"exchange", "membership"}
    assert "40.00" in {e["euros"] for e in document["journal"]}
    assert len(document["memberships"]) == 1
    assert "member_created" in {e["kind"] for e in document["events"]}
    logged = events.recent(volunteer.store, 1)[0]
    assert logged["kind"] == "access_request"
    assert logged["detail"] == {"member": person["uid"]}


def test_no_event_names_the_member(admin, person):
    members.update(
        admin, person["uid"], members.MemberFields(first_name=FIRST, last_name="Oyhénart")
    )
    privacy.access_request(admin, person["number"])
    details = admin.store.scalar("SELECT group_concat(detail, ' ') FROM event")
    assert not any(t.lower() in details.lower() for t in TRACES)
