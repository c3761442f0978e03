"""The partner directory: entries checked before they are written (SIRET, coordinates, website),
only partners listed, the categories edited by treasurers and administrators, every change
logged."""

from __future__ import annotations

import pytest

from caisse.domain import geo
from caisse.domain.errors import InputError, NotFound, PermissionDenied, RuleViolation
from caisse.services import directory, events, members
from caisse.services.context import Context
from caisse.services.directory import Profile

SIRET = "732 829 320 00074"


@pytest.fixture
def partner(volunteer: Context) -> dict:
    row = members.create(
        volunteer,
        members.MemberFields(
            kind="organisation", organisation="Librairie Elkar", postcode="64100",
            commune="Bayonne", address="2 place de l'Arsenal", is_partner=True,
        ),
    )  # fmt: skip
    return row


def category_id(store, name: str) -> int:
    return next(c["id"] for c in directory.categories(store, include_retired=True)
                if c["name"] == name)  # fmt: skip


def names(store, **kwargs) -> list[str]:
    return [c["name"] for c in directory.categories(store, **kwargs)]


def test_a_new_database_starts_with_the_default_categories(store):
    assert names(store) == list(directory.DEFAULT_CATEGORIES)


def test_an_entry_is_written_and_read_back(treasurer, partner):
    store = treasurer.store
    shops = category_id(store, "Shops")
    entry = Profile(
        trade_name="  Elkar  ", category=shops,
        latitude_e6=geo.parse_latitude("43,49231"), longitude_e6=geo.parse_longitude("-1.4748"),
        website="www.elkar.eus", opening_hours="Tue-Sat 10:00-19:00",
        description="Books in Basque, French and Spanish.", takes_vouchers=True,
        is_exchange_point=True, siret=SIRET,
    )  # fmt: skip
    saved = directory.set_profile(treasurer, partner["uid"], entry)
    assert saved == directory.profile(store, partner["uid"])
    assert saved.trade_name == "Elkar"
    assert saved.website == "https://www.elkar.eus"  # a bare host gets its scheme
    assert saved.siret == "73282932000074"  # spaces gone
    assert (saved.latitude_e6, saved.longitude_e6) == (43_492_310, -1_474_800)
    [row] = directory.entries(store)
    assert row["name"] == "Elkar" and row["organisation"] == "Librairie Elkar"
    assert row["category"] == "Shops" and row["commune"] == "Bayonne"
    assert row["takes_vouchers"] and row["is_exchange_point"] and row["active"]


def test_a_website_already_with_its_scheme_is_kept(treasurer, partner):
    saved = directory.set_profile(treasurer, partner["uid"], Profile(website="http://elkar.eus/"))
    assert saved.website == "http://elkar.eus/"


@pytest.mark.parametrize("siret", ["732 829 320 00075", "1234", "SIRET"])
def test_a_bad_siret_is_refused_with_the_reason(treasurer, partner, siret):
    with pytest.raises(InputError, match=r"The SIRET .* is not valid: it has 14 digits"):
        directory.set_profile(treasurer, partner["uid"], Profile(siret=siret))
    assert directory.profile(treasurer.store, partner["uid"]).siret == ""


def test_coordinates_out_of_range_are_refused_with_the_reason(treasurer, partner):
    uid = partner["uid"]
    with pytest.raises(InputError, match="A latitude lies between -90 and 90 degrees"):
        directory.set_profile(treasurer, uid, Profile(latitude_e6=91_000_000, longitude_e6=0))
    with pytest.raises(InputError, match="A longitude lies between -180 and 180 degrees"):
        directory.set_profile(treasurer, uid, Profile(latitude_e6=0, longitude_e6=-180_000_001))
    with pytest.raises(InputError, match="both the latitude and the longitude"):
        directory.set_profile(treasurer, uid, Profile(latitude_e6=43_000_000))
    with pytest.raises(InputError, match=r"91\.5 is out of range"):
        geo.parse_latitude("91.5")
    with pytest.raises(InputError, match="is not a coordinate"):
        geo.parse_longitude("1°28'W")
    assert directory.profile(treasurer.store, uid).latitude_e6 is None


def test_a_website_and_texts_too_long_are_refused(treasurer, partner):
    with pytest.raises(InputError, match="is not a website address"):
        directory.set_profile(treasurer, partner["uid"], Profile(website="elkar"))
    with pytest.raises(InputError, match="description is too long: 600 characters at most"):
        directory.set_profile(treasurer, partner["uid"], Profile(description="x" * 601))


def test_only_partners_are_listed(treasurer, member):
    with pytest.raises(RuleViolation, match="Héloïse Etxeberri is not a partner"):
        directory.set_profile(treasurer, member["uid"], Profile(trade_name="Chez Héloïse"))
    assert directory.entries(treasurer.store) == []


def test_a_former_partner_leaves_the_directory_but_not_the_full_list(treasurer, partner):
    directory.set_profile(treasurer, partner["uid"], Profile(active=False))
    assert directory.entries(treasurer.store) == []
    [row] = directory.entries(treasurer.store, include_former=True)
    assert not row["active"]


def test_a_volunteer_may_not_edit_the_directory(volunteer, partner):
    store = volunteer.store
    with pytest.raises(PermissionDenied, match="may not edit the partner directory"):
        directory.set_profile(volunteer, partner["uid"], Profile(trade_name="Elkar"))
    with pytest.raises(PermissionDenied):
        directory.add_category(volunteer, "Bookshops")
    with pytest.raises(PermissionDenied):
        directory.retire_category(volunteer, category_id(store, "Shops"))
    assert directory.profile(store, partner["uid"]) == Profile()


def test_every_change_is_logged(treasurer, partner):
    store = treasurer.store
    directory.set_profile(treasurer, partner["uid"], Profile(trade_name="Elkar", siret=SIRET))
    added = directory.add_category(treasurer, "Bookshops")
    directory.rename_category(treasurer, added["id"], "Books")
    directory.retire_category(treasurer, added["id"])
    logged = {e["kind"]: e for e in events.recent(store, limit=10)}
    changed = logged["partner_changed"]
    assert changed["detail"] == {"member": partner["uid"], "fields": ["siret", "trade_name"]}
    assert changed["actor"] == treasurer.actor.uid
    assert logged["category_added"]["detail"] == {"name": "Bookshops"}
    assert logged["category_renamed"]["detail"] == {"old": "Bookshops", "name": "Books"}
    assert logged["category_retired"]["detail"] == {"name": "Books"}


def test_categories_added_renamed_retired_and_moved(admin):
    store = admin.store
    added = directory.add_category(admin, "  Second-hand   goods ")
    assert added["name"] == "Second-hand goods" and names(store)[-1] == "Second-hand goods"
    with pytest.raises(RuleViolation, match='"shops" already exists'):
        directory.add_category(admin, "shops")
    with pytest.raises(InputError, match="Type the category's name"):
        directory.add_category(admin, "   ")
    with pytest.raises(RuleViolation, match="already exists"):
        directory.rename_category(admin, added["id"], "Services")
    directory.rename_category(admin, added["id"], "Second hand")

    directory.move_category(admin, added["id"], -1)
    assert names(store)[-2:] == ["Second hand", "Associations"]
    directory.move_category(admin, category_id(store, "Food and groceries"), -1)  # at the top
    assert names(store)[0] == "Food and groceries"

    directory.retire_category(admin, added["id"])
    assert "Second hand" not in names(store)
    assert "Second hand" in names(store, include_retired=True)
    directory.add_category(admin, "Second hand")  # brought back, not a second one
    assert names(store).count("Second hand") == 1
    with pytest.raises(NotFound, match="no longer exists"):
        directory.rename_category(admin, 9999, "Nothing")


def test_a_retired_category_stays_with_its_partners(admin, partner):
    store = admin.store
    crafts = category_id(store, "Crafts and repairs")
    directory.set_profile(admin, partner["uid"], Profile(category=crafts))
    directory.retire_category(admin, crafts)
    assert directory.profile(store, partner["uid"]).category == crafts
    assert directory.entries(store)[0]["category"] == "Crafts and repairs"
