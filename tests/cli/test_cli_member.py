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


def member_cmd(caisse, db_path, action: str, number: str, *extra: str, user: str = "benevole"):
    return caisse("--lang", "en", "--db", db_path, "member", action, number,
                  *(("--user", user) if user else ()), *extra)  # fmt: skip


def test_show_tells_the_standing_the_fees_and_the_consents(caisse, db_path, person):
    result = member_cmd(caisse, db_path, "show", person["number"], user="")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"Maïté {LAST} — member {person['number']} (individual)"
    assert lines[1].startswith("Member until ")
    assert "  no  Receives the newsletter by e-mail" in lines
    [fee] = [line for line in lines if "paid on" in line]
    assert "€15.00" in fee and "(cash)" in fee and "C01-" in fee


def test_card_writes_the_pdf(caisse, db_path, person, tmp_path, monkeypatch):
    from tests.documents.pdfread import pages, pdf_text

    from caisse.documents.member_card import grouped

    monkeypatch.setenv("CAISSE_PASSWORD", VOLUNTEER_PIN)
    output = tmp_path / "cards" / "card.pdf"
    result = member_cmd(caisse, db_path, "card", person["number"], "-o", str(output),
                        "--layout", "card")  # fmt: skip
    assert result.code == 0, result.err
    assert str(output) in result.out
    pdf = output.read_bytes()
    assert grouped(person["number"]) in pdf_text(pdf) and LAST in pdf_text(pdf)
    assert round(float(pages(pdf)[0].mediabox.width)) == 243  # 85.6 mm


def test_card_by_default_in_the_current_folder(caisse, db_path, person, tmp_path, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", VOLUNTEER_PIN)
    monkeypatch.chdir(tmp_path)
    result = member_cmd(caisse, db_path, "card", person["number"])
    assert result.code == 0, result.err
    assert (tmp_path / f"member-card-{person['number']}.pdf").read_bytes().startswith(b"%PDF")


def test_leave_then_rejoin(caisse, db_path, store, person, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", VOLUNTEER_PIN)
    result = member_cmd(caisse, db_path, "leave", person["number"], "--reason", "moved away")
    assert result.code == 0, result.err
    assert "left the association on" in result.out
    assert members.by_uid(store, person["uid"])["left_on"] is not None
    shown = member_cmd(caisse, db_path, "show", person["number"], user="")
    assert shown.out.splitlines()[1].startswith("Left the association on ")
    refused = member_cmd(caisse, db_path, "card", person["number"])
    assert_clean_failure(refused, 5)
    again = member_cmd(caisse, db_path, "leave", person["number"])
    assert_clean_failure(again, 5)
    result = member_cmd(caisse, db_path, "rejoin", person["number"])
    assert result.code == 0, result.err
    assert "a member of the association again. Member until" in result.out
    assert members.by_uid(store, person["uid"])["left_on"] is None


def test_consent_records_only_what_is_given(caisse, db_path, store, person, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", VOLUNTEER_PIN)
    result = member_cmd(caisse, db_path, "consent", person["number"], "--events", "yes",
                        "--photos", "yes")  # fmt: skip
    assert result.code == 0, result.err
    assert "  yes  Is invited to the association's events" in result.out.splitlines()
    result = member_cmd(caisse, db_path, "consent", person["number"], "--photos", "no")
    assert result.code == 0, result.err
    assert members.consents(members.by_uid(store, person["uid"])) == {
        "newsletter": False, "events": True, "photos": False,
    }  # fmt: skip
    nothing = member_cmd(caisse, db_path, "consent", person["number"])
    assert_clean_failure(nothing, 2)
    assert "--newsletter" in nothing.err
