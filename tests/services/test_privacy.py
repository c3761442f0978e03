"""A member's access request and erasure: nothing personal left in the database file, the
ledger whole and verifying."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from caisse.domain.errors import PermissionDenied, RuleViolation
from caisse.services import (
    directory,
    events,
    ledger,
    members,
    operations,
    partners,
    privacy,
    sessions,
    status,
)
from caisse.services.context import Context
from caisse.services.operations import Cheque
from caisse.store import journal

IBAN = "FR14 2004 1010 0505 0001 3M02 606"
FIRST, LAST, EMAIL = "Maïté", "Oyhénart-Ibáñez", "maite.oyhenart@exemple.eus"
DRAWER = "Gracianne Mendiburu"
#: why she left, which says more than the association needs to keep
LEAVING = "Part soigner sa mère à Tardets"
#: what must be gone from the file: the names and e-mail as typed, and as folded for search,
#: and the drawer of the cheque she paid her fee with
TRACES = [FIRST, LAST, EMAIL, "maite", "oyhenart", "ibanez", "0559123456", "Ainhoa", "Mendiburu"]
#: a partner's: its name, bank details and directory entry
PARTNER_TRACES = [
    "Librairie Elkar",
    "Elkar liburudenda",
    "FR1420041010050500013M02606",
    "elkar-liburuak.eus",
    "Liburuak euskaraz",
    "73282932000074",
    "Lun-sam 9h-19h",
]


@pytest.fixture
def person(volunteer: Context, counter: str) -> dict:
    """A member with a fee paid by a cheque someone else signed, and an exchange."""
    row = members.create(
        volunteer,
        members.MemberFields(
            first_name=FIRST, last_name=LAST, email=EMAIL, phone="0559123456",
            postcode="64310", commune="Ainhoa",
        ),
    )  # fmt: skip
    operations.pay_membership(volunteer, row["number"], counter, "individual", "cheque",
                              Cheque("Crédit Agricole", "0004321", DRAWER))  # fmt: skip
    operations.exchange(volunteer, row["number"], counter, 4000)
    return members.by_uid(volunteer.store, row["uid"])


@pytest.fixture
def shop(volunteer: Context, treasurer: Context, person: dict, counter: str) -> dict:
    """A partner listed in the directory, paid for a reconversion."""
    row = members.create(
        volunteer,
        members.MemberFields(kind="organisation", organisation="Librairie Elkar", is_partner=True),
    )
    operations.pay_membership(volunteer, row["number"], counter, "organisation")
    category = directory.add_category(treasurer, "Librairies")
    directory.set_profile(treasurer, row["uid"], directory.Profile(
        trade_name="Elkar liburudenda", category=category["id"], website="elkar-liburuak.eus",
        opening_hours="Lun-sam 9h-19h", description="Liburuak euskaraz", siret="73282932000074",
        latitude_e6=43_492_949, longitude_e6=-1_475_000, takes_vouchers=True,
    ))  # fmt: skip
    receipt = partners.reconvert(treasurer, row["number"], counter, 1000, iban=IBAN)
    partners.mark_paid(treasurer, receipt.seq, "VIR-1")
    return members.by_uid(volunteer.store, row["uid"])


def file_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    wal = Path(f"{path}-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def traces_in(path: Path, traces: list[str] = TRACES) -> list[str]:
    data = file_bytes(path).lower()
    return [t for t in traces if t.lower().encode("utf-8") in data]


def test_erased_member_leaves_no_personal_data_in_the_file(admin, person, db_path):
    store = admin.store
    members.leave(admin, person["uid"], LEAVING)
    store.compact()  # everything written so far reaches the file, so the check means something
    assert traces_in(db_path, [*TRACES, LEAVING]) == [*TRACES, LEAVING]
    coverage = status.coverage(store)
    history = ledger.listing(store, member=person["uid"])
    members.set_consents(admin, person["uid"], {"newsletter": True, "photos": True})
    assert privacy.erase(admin, person["number"], "asked by e-mail on 3 March") is True
    assert traces_in(db_path, [*TRACES, LEAVING]) == []
    assert journal.verify(store).ok
    assert status.coverage(store) == coverage
    row = members.by_uid(store, person["uid"])
    assert row["number"] == person["number"] and row["kind"] == "individual"
    assert members.display_name(row) == f"Erased member {person['number']}"
    assert members.consents(row) == {"newsletter": False, "events": False, "photos": False}
    # the same entries, the cheque's drawer now unknown
    history[-1]["details"]["cheque_drawer"] = ""
    assert ledger.listing(store, member=person["uid"]) == history
    assert [c["drawer"] for c in sessions.cheques_in_till(store, "C01")] == [""]
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


def test_an_erased_partner_leaves_no_bank_details_nor_directory_entry(admin, shop, db_path):
    store = admin.store
    store.compact()
    assert traces_in(db_path, PARTNER_TRACES) == PARTNER_TRACES
    assert privacy.erase(admin, shop["number"], "closed down") is True
    assert traces_in(db_path, PARTNER_TRACES) == []
    assert journal.verify(store).ok
    entry = directory.profile(store, shop["uid"])
    assert entry.trade_name == entry.website == entry.siret == entry.description == ""
    assert entry.latitude_e6 is None and not entry.active
    listed = directory.entries(store, include_former=True)
    assert shop["uid"] not in {r["uid"] for r in listed}
    payment = ledger.listing(store, member=shop["uid"], limit=1)[0]
    assert payment["operation"] == "partner_payment" and payment["details"]["iban"] == ""


def test_access_request_of_a_partner_holds_its_entry_and_bank_details(treasurer, shop):
    members.leave(treasurer, shop["uid"], "closed down")
    document = json.loads(privacy.access_request(treasurer, shop["number"]))
    assert document["member"]["left_on"] == treasurer.today().isoformat()
    assert document["member"]["consent_photos"] == 0
    entry = document["partner"]
    assert entry["trade_name"] == "Elkar liburudenda" and entry["category"] == "Librairies"
    assert entry["latitude"] == "43.492949" and entry["longitude"] == "-1.475"
    assert entry["siret"] == "73282932000074" and entry["takes_vouchers"] is True
    compact = IBAN.replace(" ", "")
    assert document["personal_details"] == [
        {"kind": "iban", "value": compact},
        {"kind": "leaving_reason", "value": "closed down"},
    ]
    left = next(e for e in document["events"] if e["kind"] == "member_left")
    assert left["detail"]["leaving_reason"] == "closed down"
    ibans = {e["operation"]: e["details"].get("iban") for e in document["journal"]}
    assert ibans == {"reconversion": compact, "partner_payment": compact, "membership": None}


def test_access_request_gives_the_drawer_of_a_cheque(volunteer, person):
    document = json.loads(privacy.access_request(volunteer, person["number"]))
    assert document["partner"] is None
    assert document["personal_details"] == [{"kind": "cheque_drawer", "value": DRAWER}]
    fee = next(e for e in document["journal"] if e["operation"] == "membership")
    assert fee["details"]["cheque_drawer"] == DRAWER and "personal" not in fee["details"]
