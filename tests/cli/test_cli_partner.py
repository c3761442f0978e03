"""`caisse partner show|set` and `caisse categories list|add|rename|retire`."""

from __future__ import annotations

import pytest
from cli_support import ADMIN_PASSWORD, TREASURER_PASSWORD, VOLUNTEER_PIN, assert_clean_failure

from caisse.services import directory, events, members


@pytest.fixture
def partner(treasurer) -> dict:
    return members.create(
        treasurer,
        members.MemberFields(
            kind="organisation", organisation="Librairie Elkar", address="2 place de l'Arsenal",
            postcode="64100", commune="Bayonne", is_partner=True,
        ),
    )  # fmt: skip


def run(caisse, db_path, *args):
    return caisse("--lang", "en", "--db", db_path, *args)


def set_entry(caisse, db_path, number, *options, user="tresor"):
    return run(caisse, db_path, "partner", "set", number, *options, "--user", user)


def test_set_changes_only_the_options_given(caisse, db_path, store, partner, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", TREASURER_PASSWORD)
    number = partner["number"]
    result = set_entry(caisse, db_path, number, "--trade-name", "Elkar", "--category", "shops",
                       "--lat", "43,4923", "--lon", "-1.4748", "--website", "www.elkar.eus",
                       "--vouchers", "yes", "--siret", "732 829 320 00074")  # fmt: skip
    assert result.code == 0, result.err
    assert result.out.startswith(f"Directory entry of Elkar ({number}) saved; changed: trade name")
    result = set_entry(caisse, db_path, number, "--hours", "Mon-Sat 10:00-19:00",
                       "--exchange-point", "yes")  # fmt: skip
    assert result.code == 0, result.err
    assert "changed: opening hours, exchange point." in result.out
    entry = directory.profile(store, partner["uid"])
    assert entry.trade_name == "Elkar" and entry.website == "https://www.elkar.eus"
    assert (entry.latitude_e6, entry.longitude_e6) == (43_492_300, -1_474_800)
    assert entry.takes_vouchers and entry.is_exchange_point and entry.active
    assert entry.opening_hours == "Mon-Sat 10:00-19:00" and entry.siret == "73282932000074"
    shown = run(caisse, db_path, "partner", "show", number)
    assert shown.code == 0, shown.err
    lines = dict(line.split(None, 1) for line in shown.out.splitlines() if "  " in line)
    assert "Shops" in shown.out and "43.4923, -1.4748" in shown.out
    assert "2 place de l'Arsenal, 64100 Bayonne" in shown.out
    assert lines["SIRET"].strip() == "73282932000074"

    again = set_entry(caisse, db_path, number, "--active", "no", "--lat", "", "--lon", "")
    assert again.code == 0, again.err
    entry = directory.profile(store, partner["uid"])
    assert not entry.active and entry.latitude_e6 is None and entry.trade_name == "Elkar"
    assert "former partner" in run(caisse, db_path, "partner", "show", number).out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--lat", "91", "--lon", "1"], "--lat: 91 is out of range"),
        (["--lat", "43", "--lon", "1,5°"], '--lon: "1,5°" is not a coordinate'),
        (["--lat", "43"], "Give both --lat and --lon"),
        (["--siret", "732 829 320 00075"], 'The SIRET "732 829 320 00075" is not valid'),
        (["--category", "Bakeries"], 'No category is named "Bakeries". The categories: Food'),
        (["--website", "elkar"], '"elkar" is not a website address'),
    ],
)
def test_bad_input_is_refused_before_the_password(caisse, db_path, store, partner, options,
                                                  message):  # fmt: skip
    # no password given: the refusal comes before it is asked
    result = set_entry(caisse, db_path, partner["number"], *options)
    assert_clean_failure(result, 2)
    assert message in result.err
    assert directory.profile(store, partner["uid"]) == directory.Profile()


def test_a_member_who_is_not_a_partner_is_refused(caisse, db_path, member, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", TREASURER_PASSWORD)
    result = set_entry(caisse, db_path, member["number"], "--vouchers", "yes")
    assert_clean_failure(result, 5)
    assert "Héloïse Etxeberri" in result.err and "is not a partner" in result.err
    assert_clean_failure(run(caisse, db_path, "partner", "show", member["number"]), 5)


def test_a_volunteer_may_not_change_the_directory(caisse, db_path, store, partner, volunteer,
                                                  monkeypatch):  # fmt: skip
    monkeypatch.setenv("CAISSE_PASSWORD", VOLUNTEER_PIN)
    result = set_entry(caisse, db_path, partner["number"], "--vouchers", "yes", user="benevole")
    assert_clean_failure(result, 4)
    assert "may not edit the partner directory" in result.err
    assert not directory.profile(store, partner["uid"]).takes_vouchers
    refused = run(caisse, db_path, "categories", "add", "Bookshops", "--user", "benevole")
    assert_clean_failure(refused, 4)


def test_categories_listed_added_renamed_and_retired(caisse, db_path, store, admin, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", ADMIN_PASSWORD)
    listed = run(caisse, db_path, "categories", "list")
    assert listed.code == 0 and listed.out.splitlines() == list(directory.DEFAULT_CATEGORIES)

    added = run(caisse, db_path, "categories", "add", "  Bookshops ", "--user", "admin")
    assert added.code == 0 and added.out.strip() == 'The category "Bookshops" is in the list.'
    twice = run(caisse, db_path, "categories", "add", "bookshops", "--user", "admin")
    assert_clean_failure(twice, 5)

    renamed = run(caisse, db_path, "categories", "rename", "BOOKSHOPS", "Books", "--user", "admin")
    assert renamed.code == 0 and renamed.out.strip() == '"Bookshops" is renamed "Books".'
    retired = run(caisse, db_path, "categories", "retire", "Books", "--user", "admin")
    assert retired.code == 0 and "no longer offered" in retired.out
    assert "Books" not in run(caisse, db_path, "categories", "list").out
    assert (
        "Books  (retired)" in run(caisse, db_path, "categories", "list", "--all").out.splitlines()
    )
    unknown = run(caisse, db_path, "categories", "retire", "Nothing", "--user", "admin")
    assert_clean_failure(unknown, 3)
    kinds = [e["kind"] for e in events.recent(store, limit=20)]
    assert {"category_added", "category_renamed", "category_retired"} <= set(kinds)
