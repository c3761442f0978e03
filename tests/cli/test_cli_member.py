"""`caisse member access-request` and `caisse member erase`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import ADMIN_PASSWORD, VOLUNTEER_PIN, assert_clean_failure

from caisse.services import members, operations
from caisse.store import journal

LAST, EMAIL = "Oyhénart", "maite.oyhenart@exemple.eus"


@pytest.fixture
def person(volunteer, counter) -> dict:
    row = members.create(
        volunteer, members.MemberFields(first_name="Maïté", last_name=LAST, email=EMAIL)
    )
    operations.pay_membership(volunteer, row["number"], counter, "individual")
    operations.exchange(volunteer, row["number"], counter, 2000)
    return members.by_uid(volunteer.store, row["uid"])


def erase(caisse, db_path, number: str, *extra: str, user: str = "admin"):
    return caisse("--lang", "en", "--db", db_path, "member", "erase", number,
                  "--reason", "asked", "--user", user, *extra)  # fmt: skip


def test_access_request_writes_one_json_file(caisse, db_path, person, tmp_path, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", VOLUNTEER_PIN)
    output = tmp_path / "copy.json"
    result = caisse("--lang", "en", "--db", db_path, "member", "access-request",
                    person["number"], "--output", output, "--user", "benevole")  # fmt: skip
    assert result.code == 0, result.err
    assert output.name in result.out
    document = json.loads(output.read_text("utf-8"))
    assert document["member"]["last_name"] == LAST and document["member"]["email"] == EMAIL
    assert len(document["journal"]) == 2


def test_access_request_to_stdout(caisse, db_path, person, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", VOLUNTEER_PIN)
    result = caisse("--lang", "en", "--db", db_path, "member", "access-request",
                    person["number"], "--user", "benevole")  # fmt: skip
    assert result.code == 0, result.err
    assert json.loads(result.out)["member"]["first_name"] == "Maïté"


def test_erase_without_a_terminal_or_yes_writes_nothing(caisse, db_path, store, person,
                                                        monkeypatch):  # fmt: skip
    monkeypatch.setenv("CAISSE_PASSWORD", ADMIN_PASSWORD)
    result = erase(caisse, db_path, person["number"])
    assert_clean_failure(result, 2)
    assert "nothing was erased" in result.err
    assert members.by_uid(store, person["uid"])["last_name"] == LAST


def test_erase_with_yes(caisse, db_path, store, person, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", ADMIN_PASSWORD)
    result = erase(caisse, db_path, person["number"], "--yes")
    assert result.code == 0, result.err
    assert f"Member {person['number']} erased" in result.out
    data = db_path.read_bytes()
    wal = Path(f"{db_path}-wal")
    data += wal.read_bytes() if wal.exists() else b""
    for text in (LAST, "Maïté", EMAIL, "oyhenart"):
        assert text.encode("utf-8") not in data
    assert journal.verify(store).ok
    verified = caisse("--lang", "en", "--db", db_path, "verify")
    assert verified.code == 0, verified.err
    again = erase(caisse, db_path, person["number"], "--yes")
    assert again.code == 0 and "already erased" in again.out


def test_a_volunteer_may_not_erase(caisse, db_path, store, person, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", VOLUNTEER_PIN)
    result = erase(caisse, db_path, person["number"], "--yes", user="benevole")
    assert_clean_failure(result, 4)
    assert members.by_uid(store, person["uid"])["last_name"] == LAST


def test_an_unknown_number_is_refused(caisse, db_path, store, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", ADMIN_PASSWORD)
    result = erase(caisse, db_path, "1234", "--yes")
    assert result.code in (2, 3)
    assert_clean_failure(result, result.code)
