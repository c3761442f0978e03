"""Search as you type over the member registry: the trigram index for words of three
characters or more, the word index for the first one or two letters of a word, a member number
typed first."""

from __future__ import annotations

import pytest

from caisse.services import members
from caisse.services.context import Context


def uids(rows: list[dict]) -> list[str]:
    return [r["uid"] for r in rows]


@pytest.fixture
def people(volunteer: Context) -> dict[str, dict]:
    def add(**fields: object) -> dict:
        return members.create(volunteer, members.MemberFields(**fields))  # type: ignore[arg-type]

    return {
        "heloise": add(
            first_name="Héloïse", last_name="Etxeberri", email="heloise@example.org",
            commune="Bayonne", postcode="64100",
        ),
        "jon": add(first_name="Jon", last_name="Larralde", commune="Anglet", postcode="64600"),
        "cafe": add(
            kind="organisation", organisation="Café du Port", commune="Bayonne",
            postcode="64100", is_partner=True,
        ),
        "eloise": add(first_name="Éloïse", last_name="Duhalde", commune="Biarritz"),
    }  # fmt: skip


def test_accents_and_case_are_ignored(volunteer, people):
    store = volunteer.store
    assert uids(members.search(store, "HELO")) == [people["heloise"]["uid"]]
    assert uids(members.search(store, "etxé")) == [people["heloise"]["uid"]]
    assert uids(members.search(store, "ÉLOÏSE")) == [
        people["eloise"]["uid"],
        people["heloise"]["uid"],
    ]
    assert members.count(volunteer.store, "Heloïse") == 1


def test_words_of_one_or_two_letters_filter_alone_and_with_longer_words(volunteer, people):
    store = volunteer.store
    assert set(uids(members.search(store, "du"))) == {
        people["cafe"]["uid"],
        people["eloise"]["uid"],
    }
    assert uids(members.search(store, "du port")) == [people["cafe"]["uid"]]
    assert uids(members.search(store, "jo")) == [people["jon"]["uid"]]
    assert uids(members.search(store, "et")) == [people["heloise"]["uid"]]  # Etxeberri
    # one or two letters are the start of a word: "x" is in Etxeberri, at no word's start
    assert members.count(store, "x") == 0
    assert members.count(store, "jo zz") == 0


def test_several_words_match_in_any_order(volunteer, people):
    store = volunteer.store
    heloise = [people["heloise"]["uid"]]
    assert uids(members.search(store, "bayonne heloise")) == heloise
    assert uids(members.search(store, "Etxeberri Héloïse")) == heloise
    assert uids(members.search(store, "heloise anglet")) == []
    assert members.count(store, "bayonne") == 2


def test_results_sorted_by_surname_or_organisation_name(volunteer, people):
    names = [members.display_name(r) for r in members.search(volunteer.store, "")]
    assert names == ["Café du Port", "Éloïse Duhalde", "Héloïse Etxeberri", "Jon Larralde"]
    page = members.search(volunteer.store, "", limit=2, offset=1)
    assert [members.display_name(r) for r in page] == ["Éloïse Duhalde", "Héloïse Etxeberri"]


TYPED = ['"', '""', 'hel"', '"hel', 'he"lo', "%", "%%%", "_", "___", "!", "*", "hel*", "()"]
TYPED += ["NEAR(hel lo)", "zzz OR heloise", "-hel", "^hel", ":", "'", "'; DROP TABLE member; --"]


@pytest.mark.parametrize("typed", TYPED)
def test_quotes_wildcards_and_fts_syntax_typed_match_literally(volunteer, people, typed):
    rows = members.search(volunteer.store, typed)
    assert rows == []
    assert members.count(volunteer.store, typed) == 0


def test_a_percent_sign_or_quote_in_the_data_is_found(volunteer):
    odd = members.create(
        volunteer, members.MemberFields(kind="organisation", organisation='Le "100 %" Bio')
    )
    members.create(volunteer, members.MemberFields(last_name="Bioret"))
    assert uids(members.search(volunteer.store, '"100 %"')) == [odd["uid"]]
    assert uids(members.search(volunteer.store, '100 %" bio')) == [odd["uid"]]


def test_a_member_number_typed_comes_first(volunteer, people):
    store = volunteer.store
    jon = people["jon"]["number"]
    # numbers share their first digits: every member contains the first three
    assert members.count(store, jon[:3]) == 4
    found = members.search(store, jon)
    assert uids(found)[0] == people["jon"]["uid"]
    spaced = f"{jon[:3]} {jon[3:]}"
    assert uids(members.search(store, spaced))[0] == people["jon"]["uid"]


def test_a_number_with_a_wrong_check_digit_is_searched_as_text(volunteer, people):
    number = people["jon"]["number"]
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    rows = members.search(volunteer.store, wrong)
    assert people["jon"]["uid"] not in uids(rows)


def test_search_follows_an_edited_member(volunteer, people):
    store = volunteer.store
    jon = people["jon"]
    members.update(
        volunteer,
        jon["uid"],
        members.MemberFields(first_name="Jon", last_name="Harriet", commune="Ustaritz"),
    )
    assert uids(members.search(store, "harriet")) == [jon["uid"]]
    assert uids(members.search(store, "ustaritz jon")) == [jon["uid"]]
    assert members.search(store, "larralde") == []
    assert members.count(store, "anglet") == 0


def test_count_stops_at_its_limit(volunteer, people):
    assert members.count(volunteer.store, "") == 4
    assert members.count(volunteer.store, "", limit=2) == 2
    assert members.count(volunteer.store, "e", limit=1) == 1
    assert members.count(volunteer.store, "bayonne", limit=10) == 2
