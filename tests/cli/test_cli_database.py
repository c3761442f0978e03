"""`caisse init`, `status`, `verify`, `backup`, and databases the program must refuse."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from cli_support import VOLUNTEER_PIN, assert_clean_failure

from caisse.store import journal, open_store


def init_args(path: Path, *extra: str) -> list[str | Path]:
    return [
        "--lang", "en", "--db", path, "init", "--association", "Monnaie de la Baie",
        "--commune", "Douarnenez", "--currency-name", "Penn", "--currency-code", "PEN",
        "--currency-symbol", "P", "--admin-name", "Anna Kerjean", *extra,
    ]  # fmt: skip


def test_init_creates_a_database_that_status_reads(caisse, tmp_path, monkeypatch):
    path = tmp_path / "new" / "caisse.db"
    monkeypatch.setenv("CAISSE_PASSWORD", "a long secret")
    result = caisse(*init_args(path, "--denominations", "1 2 5 10 20"))
    assert result.code == 0, result.err
    assert str(path) in result.out
    with open_store(path) as store:
        assert store.get_setting("currency")["denominations"] == [100, 200, 500, 1000, 2000]
        assert store.get_setting("language") == "en"  # --lang given at creation is kept
        assert store.scalar("SELECT login FROM user") == "admin"
    status = caisse("--db", path, "status", "--json")
    assert json.loads(status.out)["association"] == "Monnaie de la Baie"


def test_init_refuses_an_existing_file_and_a_short_password(caisse, db_path, store, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", "a long secret")
    assert_clean_failure(caisse(*init_args(db_path)), 6)
    monkeypatch.setenv("CAISSE_PASSWORD", "short")
    other = db_path.with_name("other.db")
    result = caisse(*init_args(other))
    assert_clean_failure(result, 2)
    assert "at least 8 characters" in result.err
    assert list(other.parent.glob("other.db*")) == []


def test_init_bad_currency_code(caisse, tmp_path, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", "a long secret")
    args = init_args(tmp_path / "x.db")
    args[args.index("PEN")] = "EUR"
    assert_clean_failure(caisse(*args), 2)
    assert not (tmp_path / "x.db").exists()


def test_status_shows_coverage_and_counts(caisse, db_path, member):
    result = caisse("--lang", "en", "--db", db_path, "status")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Monnaie Test: Eusko (EUS)"
    assert lines[1] == "Coverage: covered, €0.00 held for EUS0.00 in circulation"
    assert "\033[" not in result.out  # no colours when the output is not a terminal
    assert "Members: 1, of whom 0 partners" in result.out
    data = json.loads(caisse("--db", db_path, "status", "--json").out)
    assert data["coverage"]["covered"] is True
    assert data["members"] == 1 and data["journal_entries"] == 3 and data["demo"] is False


def test_status_shows_a_gap_in_red_words(caisse, db_path, store, member):
    # a euro taken from the guarantee bank account behind the journal's back
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO balance (account, commodity, amount) VALUES ('guarantee_bank', 'EUR', -100) "
        "ON CONFLICT DO UPDATE SET amount = amount - 100"
    )
    conn.commit()
    conn.close()
    result = caisse("--lang", "en", "--db", db_path, "status")
    assert "Coverage: NOT covered, €1.00 missing" in result.out


def exchange(caisse, db_path: Path, number: str, amount: str) -> None:
    result = caisse(
        "--lang", "en", "--db", db_path, "exchange", "--member", number, "--counter", "C01",
        "--amount", amount, "--user", "benevole",
    )  # fmt: skip
    assert result.code == 0, result.err


def test_verify_accepts_a_whole_journal(caisse, db_path, member, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", VOLUNTEER_PIN)
    exchange(caisse, db_path, member["number"], "20")
    result = caisse("--lang", "en", "--db", db_path, "verify")
    assert result.code == 0, result.out
    assert result.out.startswith("OK: 4 journal entries, chained and balanced.")
    with open_store(db_path) as store:
        assert journal.verify(store).last_hash in result.out


@pytest.mark.parametrize("restore_triggers", [False, True], ids=["triggers-dropped", "restored"])
def test_verify_names_the_entry_edited_with_the_sqlite_shell(
    caisse, db_path, member, monkeypatch, restore_triggers
):
    monkeypatch.setenv("CAISSE_PASSWORD", VOLUNTEER_PIN)
    for amount in ("20", "30", "40"):
        exchange(caisse, db_path, member["number"], amount)
    conn = sqlite3.connect(db_path)
    target = conn.execute(
        "SELECT seq FROM txn WHERE operation = 'exchange' ORDER BY seq LIMIT 1 OFFSET 1"
    ).fetchone()[0]
    # what someone with the sqlite3 shell would do: drop the protection, edit, maybe restore it
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'posting'"
    ).fetchall()
    for name, _ in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute(
        "UPDATE posting SET amount = amount * 10 WHERE txn_seq = ? AND account = 'fund_due'",
        (target,),
    )
    conn.execute(
        "UPDATE posting SET amount = amount * 10 WHERE txn_seq = ? AND account = 'till_fund:C01'",
        (target,),
    )
    if restore_triggers:
        for _, sql in triggers:
            conn.execute(sql)
    conn.commit()
    conn.close()
    result = caisse("--lang", "en", "--db", db_path, "verify")
    assert result.code == 7
    assert f"Entry {target} was altered after it was written" in result.out
    assert f"First broken entry: {target}." in result.out
    assert ("Protection triggers are missing" in result.out) is not restore_triggers
    data = json.loads(caisse("--db", db_path, "verify", "--json").out)
    assert data["ok"] is False
    assert target in [p["entry"] for p in data["problems"]]


def test_backup_through_the_backup_api_opens_and_verifies(caisse, db_path, member, tmp_path):
    destination = tmp_path / "copies" / "caisse-backup.db"
    result = caisse("--lang", "en", "--db", db_path, "backup", destination)
    assert result.code == 0, result.err
    assert "Backup written to" in result.out
    with open_store(destination) as copy:
        report = journal.verify(copy)
        assert report.ok and report.entries == 3
        assert copy.scalar("SELECT COUNT(*) FROM member") == 1
    with open_store(db_path) as store:
        event = store.one("SELECT kind, detail FROM event ORDER BY id DESC LIMIT 1")
    assert event["kind"] == "backup"
    assert str(destination) in json.loads(event["detail"])["path"]
    again = caisse("--lang", "en", "--db", db_path, "backup", destination)
    assert_clean_failure(again, 6)
    assert "already exists" in again.err


def test_missing_database(caisse, tmp_path):
    missing = tmp_path / "nowhere" / "caisse.db"
    result = caisse("--lang", "en", "--db", missing, "status")
    assert_clean_failure(result, 6)
    assert "There is no database at" in result.err
    assert not missing.parent.exists()


def test_a_file_that_is_not_a_database(caisse, tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("shopping list\n")
    result = caisse("--lang", "en", "--db", text, "verify")
    assert_clean_failure(result, 6)
    assert "not even an SQLite file" in result.err
    assert text.read_text() == "shopping list\n"


def test_another_programs_database(caisse, tmp_path, monkeypatch):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
    conn.commit()
    conn.close()
    monkeypatch.setenv("CAISSE_PASSWORD", VOLUNTEER_PIN)
    args = ("--member", "100009", "--counter", "C01", "--amount", "20", "--user", "benevole")
    result = caisse("--lang", "en", "--db", other, "exchange", *args)
    assert_clean_failure(result, 6)
    assert "is an SQLite database but not Caisse's" in result.err
    conn = sqlite3.connect(other)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master")]
    conn.close()
    assert tables == ["photos"]


def test_a_database_from_a_newer_caisse(caisse, db_path, store, member, monkeypatch):
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO schema_version VALUES (99, '2030-01-01T00:00:00+01:00')")
    conn.commit()
    conn.close()
    before = store.scalar("SELECT COUNT(*) FROM txn")
    monkeypatch.setenv("CAISSE_PASSWORD", VOLUNTEER_PIN)
    result = caisse(
        "--lang", "en", "--db", db_path, "exchange", "--member", member["number"],
        "--counter", "C01", "--amount", "20", "--user", "benevole",
    )  # fmt: skip
    assert_clean_failure(result, 6)
    assert "newer Caisse (schema 99)" in result.err
    assert store.scalar("SELECT COUNT(*) FROM txn") == before


def test_init_asks_the_password_twice_without_echo(caisse, tmp_path, monkeypatch):
    import getpass

    typed = iter(["a long secret", "a long secreT"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(typed))
    path = tmp_path / "asked.db"
    result = caisse(*init_args(path))
    assert_clean_failure(result, 2)
    assert "The two passwords differ" in result.err
    assert list(tmp_path.glob("asked.db*")) == []
    typed = iter(["a long secret", "a long secret"])
    assert caisse(*init_args(path)).code == 0
    with open_store(path) as store:
        assert store.scalar("SELECT COUNT(*) FROM user") == 1
