"""`caisse members import` and `caisse members export`."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pytest
from cli_support import ADMIN_PASSWORD, assert_clean_failure

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "services"))
from helloasso_file import ROWS, helloasso_csv, row


@pytest.fixture
def file(tmp_path: Path) -> Path:
    path = tmp_path / "adhesions.csv"
    path.write_bytes(helloasso_csv([*ROWS, row(ref="9", amount="vingt")]))
    return path


def members_in(store) -> int:
    return store.scalar("SELECT COUNT(*) FROM member")


def test_dry_run_reports_each_refused_row_and_the_counts(caisse, db_path, store, file):
    result = caisse("--lang", "en", "--db", db_path, "members", "import", file, "--dry-run")
    assert result.code == 0, result.err
    assert "line 8: refused" in result.out and '"vingt" is not an amount' in result.out
    assert "line 5: skipped" in result.out and "Remboursé" in result.out
    assert "to create: 3" in result.out and "memberships to record: 3" in result.out
    assert members_in(store) == 0


def test_with_refused_rows_and_no_terminal_nothing_is_written(caisse, db_path, store, file,
                                                             monkeypatch):  # fmt: skip
    monkeypatch.setenv("CAISSE_PASSWORD", ADMIN_PASSWORD)
    result = caisse("--lang", "en", "--db", db_path, "members", "import", file, "--user", "admin")
    assert result.code == 2
    assert "nothing was imported" in result.err
    assert members_in(store) == 0


def test_yes_imports_the_clean_rows_and_again_changes_nothing(caisse, db_path, store, file,
                                                              monkeypatch):  # fmt: skip
    monkeypatch.setenv("CAISSE_PASSWORD", ADMIN_PASSWORD)
    args = ("--lang", "en", "--db", db_path, "members", "import", file, "--user", "admin", "--yes")
    result = caisse(*args)
    assert result.code == 0, result.err
    assert "Imported: 3 created, 0 updated, 3 memberships." in result.out
    assert members_in(store) == 3
    result = caisse(*args)
    assert "unchanged: 3" in result.out and members_in(store) == 3


def test_a_real_import_needs_a_user(caisse, db_path, store, file):
    result = caisse("--lang", "en", "--db", db_path, "members", "import", file)
    assert_clean_failure(result, 2)


def test_a_missing_column_or_garbage_is_one_clear_line(caisse, db_path, store, tmp_path):
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(bytes(range(256)) * 50)
    result = caisse("--lang", "en", "--db", db_path, "members", "import", garbage, "--dry-run")
    assert_clean_failure(result, 2)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = caisse("--lang", "en", "--db", db_path, "members", "import", empty, "--dry-run")
    assert_clean_failure(result, 2)


def test_export_writes_a_spreadsheet_csv(caisse, db_path, store, file, tmp_path, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", ADMIN_PASSWORD)
    caisse("--db", db_path, "members", "import", file, "--user", "admin", "--yes")
    out = tmp_path / "members.csv"
    result = caisse(
        "--lang", "en", "--db", db_path, "members", "export", "--output", out, "--user", "admin"
    )
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Number" and len(rows) == 4


@pytest.fixture
def gone(admin) -> list[dict]:
    """Two members who joined years ago and never paid, one still here."""
    from datetime import date

    from caisse.services import members

    rows = [
        members.create(
            admin, members.MemberFields(first_name="Jon", last_name=name), joined_on=joined
        )
        for name, joined in (("Ametzaga", date(2015, 5, 5)), ("Berria", date(2016, 2, 1)))
    ]
    members.create(admin, members.MemberFields(first_name="Jon", last_name="Zabala"))
    return rows


def test_due_for_erasure_lists_them_as_text_and_json(caisse, db_path, store, gone):
    import json

    result = caisse("--lang", "en", "--db", db_path, "members", "due-for-erasure")
    assert result.code == 0, result.err
    assert "2 members are due for erasure: the relationship ended more than 36 months ago" in (
        result.out
    )
    assert f"{gone[0]['number']}  Jon Ametzaga (Lapsed), ended on 5 May 2015" in result.out
    assert "Zabala" not in result.out
    result = caisse("--lang", "en", "--db", db_path, "members", "due-for-erasure", "--json")
    document = json.loads(result.out)
    assert document["retention_months"] == 36
    assert [m["number"] for m in document["members"]] == [r["number"] for r in gone]
    assert document["members"][1] == {
        "number": gone[1]["number"], "name": "Jon Berria", "kind": "individual",
        "status": "lapsed", "ended_on": "2016-02-01", "due_since": "2019-02-02",
    }  # fmt: skip


def test_erase_due_asks_unless_yes_and_erases_them_all(caisse, db_path, store, gone,
                                                       monkeypatch):  # fmt: skip
    from caisse.services import members
    from caisse.store import journal

    monkeypatch.setenv("CAISSE_PASSWORD", ADMIN_PASSWORD)
    args = ("--lang", "en", "--db", db_path, "members", "erase-due", "--reason",
            "retention period over", "--user", "admin")  # fmt: skip
    refused = caisse(*args)
    assert refused.code == 2 and "nothing was erased" in refused.err
    assert not members.is_erased(members.by_uid(store, gone[0]["uid"]))
    result = caisse(*args, "--yes")
    assert result.code == 0, result.err
    assert "2 members erased; the ledger is unchanged." in result.out
    assert b"Ametzaga" not in db_path.read_bytes() and b"Berria" not in db_path.read_bytes()
    assert all(members.is_erased(members.by_uid(store, r["uid"])) for r in gone)
    assert journal.verify(store).ok
    again = caisse(*args, "--yes")
    assert again.code == 0 and "No member is due for erasure" in again.out


def test_only_an_administrator_erases_those_due(caisse, db_path, store, gone, treasurer,
                                                monkeypatch):  # fmt: skip
    from cli_support import TREASURER_PASSWORD

    monkeypatch.setenv("CAISSE_PASSWORD", TREASURER_PASSWORD)
    result = caisse("--lang", "en", "--db", db_path, "members", "erase-due", "--reason", "x",
                    "--user", "tresor", "--yes")  # fmt: skip
    assert_clean_failure(result, 4)
    assert "Ametzaga" not in result.out
