"""The journal cannot be edited through SQLite, and an edit made around the triggers is found."""

import sqlite3

import pytest

from caisse.services import operations
from caisse.store import journal
from caisse.store.db import open_store


def test_update_and_delete_are_refused_by_sqlite(store, volunteer, member, counter):
    conn = sqlite3.connect(store.path)
    for sql in (
        "UPDATE posting SET amount = amount + 1 WHERE txn_seq = 1",
        "DELETE FROM posting WHERE txn_seq = 1",
        "UPDATE txn SET memo = 'x' WHERE seq = 1",
        "DELETE FROM txn WHERE seq = 1",
        "INSERT INTO txn (seq, at, actor, operation, prev_hash, hash) "
        "VALUES (99, 'x', 'x', 'x', 'x', 'x')",
    ):
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(sql)
    conn.close()


def tamper(path, sql, *, restore_triggers=True):
    """What someone with the sqlite3 shell could do: drop the guards, edit, put them back."""
    conn = sqlite3.connect(path)
    guards = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
        "AND name IN ('posting_no_update', 'txn_no_update')"
    ).fetchall()
    for name, _ in guards:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute(sql)
    if restore_triggers:
        for _, create in guards:
            conn.execute(create)
    conn.commit()
    conn.close()


def test_edited_amount_is_found_and_named(store, volunteer, member, counter):
    for _ in range(3):
        operations.exchange(volunteer, member["number"], counter, 1000)
    assert journal.verify(store).ok
    tamper(store.path, "UPDATE posting SET amount = amount * 10 WHERE txn_seq = 5")
    report = journal.verify(store)
    assert not report.ok
    assert report.problems[0].seq == 5
    assert "altered" in report.problems[0].message


def test_edited_date_is_found(store, volunteer, member, counter):
    operations.exchange(volunteer, member["number"], counter, 1000)
    tamper(store.path, "UPDATE txn SET at = '2020-01-01T00:00:00+00:00' WHERE seq = 2")
    report = journal.verify(store)
    assert [p.seq for p in report.problems] == [2]
    assert any(t in report.problems[-1].message for t in ("altered", "follow"))


def test_missing_triggers_are_reported(store, volunteer, member, counter):
    tamper(store.path, "SELECT 1", restore_triggers=False)
    report = journal.verify(store)
    assert report.problems[0].seq == 0 and "triggers" in report.problems[0].message


def test_balances_kept_by_trigger_are_checked(store, volunteer, member, counter):
    store.execute("UPDATE balance SET amount = amount + 1 WHERE account = 'vault'")
    report = journal.verify(store)
    assert "add up to" in report.problems[0].message


def test_debits_and_credits_kept_for_the_trial_balance_are_checked(store, volunteer, member,
                                                                   counter):  # fmt: skip
    operations.exchange(volunteer, member["number"], counter, 1000)
    assert journal.verify(store).ok
    # the same balance, but debits and credits both one cent more
    store.execute("UPDATE balance SET debit = debit + 1, credit = credit + 1 "
                  "WHERE account = 'circulation'")  # fmt: skip
    report = journal.verify(store)
    assert [p.values["account"] for p in report.problems] == ["circulation"]
    assert "debits" in report.problems[0].message and "add up to" in report.problems[0].message


def test_hash_ignores_row_ids_so_a_restored_copy_verifies(
    store, volunteer, member, counter, tmp_path
):
    operations.exchange(volunteer, member["number"], counter, 1000)
    copy = store.backup_to(tmp_path / "restored.db")
    dst = sqlite3.connect(copy)
    dst.execute("UPDATE user SET id = id + 1000")  # other row ids, same meaning
    dst.execute("UPDATE member SET id = id + 1000")
    dst.commit()
    dst.close()
    restored = open_store(copy)
    report = journal.verify(restored)
    assert report.ok and report.last_hash == journal.verify(store).last_hash


def test_an_amount_made_a_fraction_of_a_cent_is_refused(store, volunteer, member, counter):
    """Lines read in a page share one object when equal; an amount turned into a fraction of a
    cent behind the program's back is still refused when read."""
    first = operations.exchange(volunteer, member["number"], counter, 2_000)
    second = operations.exchange(volunteer, member["number"], counter, 2_000)
    assert journal.entry(store, first.seq).lines == journal.entry(store, second.seq).lines
    tamper(
        store.path,
        f"UPDATE posting SET amount = 2000.5 WHERE txn_seq = {second.seq} AND line = 1",
    )
    reopened = open_store(store.path)
    try:
        with pytest.raises(TypeError, match="integer cents"):
            list(journal.entries(reopened))
    finally:
        reopened.close()
