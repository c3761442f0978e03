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
