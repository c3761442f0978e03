"""`caisse vault`: receive, destroy, count and show, and their refusals."""

from __future__ import annotations

import json

import pytest
from cli_support import TREASURER_PASSWORD, assert_clean_failure
from till_support import runner

from caisse.cli.vault import parse_notes
from caisse.domain import accounts as acc
from caisse.domain.errors import InputError
from caisse.store import journal

NOTES = (100, 200, 500, 1000, 2000, 5000)


@pytest.fixture
def run(caisse, db_path, treasurer, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", TREASURER_PASSWORD)
    return runner(caisse, db_path)


def vault_balance(store) -> int:
    return journal.balance(store, acc.VAULT, "EUS")


def written(store) -> tuple[int, int]:
    """Journal entries and vault counts of the event log (a log-in is an event too)."""
    return (
        store.scalar("SELECT COUNT(*) FROM txn"),
        store.scalar("SELECT COUNT(*) FROM event WHERE kind = 'vault_count'"),
    )


def receive(run, *extra):
    return run("vault", "receive", "--notes", "10x500,20x1000", "--range",
               "10:A000001-A000500", "--range", "20:B000001-B001000", *extra,
               "--user", "tresor")  # fmt: skip


def test_notes_are_typed_as_the_till_counts_them():
    assert parse_notes("10x500,20x1000", NOTES, "EUS") == {1000: 500, 2000: 1000}
    assert parse_notes("10x500 20x1000;5x3", NOTES, "EUS") == {1000: 500, 2000: 1000, 500: 3}
    with pytest.raises(InputError, match="There is no note or coin of"):
        parse_notes("3x10", NOTES, "EUS")


def test_receive_destroy_count_and_show(run, store):
    result = receive(run, "--reference", "BL-2026-014")
    assert result.code == 0, result.err
    assert "EUS25,000.00 of notes received into the vault, 2 serial range(s)" in result.out
    assert vault_balance(store) == 2_500_000

    result = run("vault", "destroy", "--notes", "10x3", "--reason", "usés", "--witness",
                 "Maialen Irigoien", "--range", "10:A000007,A000009-A000010",
                 "--user", "tresor")  # fmt: skip
    assert result.code == 0, result.err
    assert "EUS30.00 of notes destroyed before Maialen Irigoien" in result.out
    assert vault_balance(store) == 2_497_000

    result = run("vault", "count", "--notes", "10x497 20x1000", "--user", "tresor")
    assert result.code == 0, result.err
    assert "as the journal says: the count is kept in the event log" in result.out

    result = run("vault", "show")
    assert result.code == 0, result.err
    assert "Vault: EUS24,970.00 by the journal." in result.out
    assert "Last count:" in result.out and "by Théo Trésorier" in result.out
    assert "received EUS10.00: A000001-A000500 (500 notes)" in result.out
    assert "destroyed EUS10.00: A000009-A000010 (2 notes)" in result.out
    assert "BL-2026-014" in result.out

    shown = json.loads(run("vault", "show", "--json").out)
    assert shown["balance"] == 2_497_000
    assert shown["by_denomination"] == {"2000": 1000, "1000": 497}
    assert shown["last_count"]["difference"] == 0 and shown["last_count"]["entry"] is None
    assert [s["text"] for s in shown["serials"] if s["operation"] == "destroy_notes"] == [
        "A000007", "A000009-A000010",
    ]  # fmt: skip
    assert journal.verify(store).ok


def test_a_count_that_differs_is_booked_once_confirmed(run, store):
    receive(run)
    before = written(store)
    refused = run("vault", "count", "--notes", "10x499 20x1000", "--user", "tresor")
    assert_clean_failure(refused, 5)
    assert "by -EUS10.00: count again, then confirm with a comment" in refused.err
    assert written(store) == before
    result = run("vault", "count", "--notes", "10x499 20x1000", "--comment", "recompté",
                 "--user", "tresor")  # fmt: skip
    assert result.code == 0, result.err
    assert "-EUS10.00 booked as lost or found notes" in result.out
    assert vault_balance(store) == 2_499_000
    assert journal.balance(store, acc.LOST_FOUND_NOTES, "EUS") == 1_000


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("receive", "--notes", "3x10"), 2, "There is no note or coin of EUS3.00"),
        (("receive", "--notes", "10x499", "--range", "10:C000001-C000500"), 2,
         "number 500 notes, but 499 are declared"),
        (("receive", "--notes", "10x10", "--range", "10:A000495-A000504"), 5,
         "overlap A000001-A000500, received on"),
        (("receive", "--notes", "10x1", "--range", "A000600"), 2, "is not a range"),
        (("receive", "--notes", "10x1", "--range", "3:A000600"), 2, "There is no note of"),
        (("destroy", "--notes", "50x1000", "--reason", "usés", "--witness", "Maialen"), 5,
         "The vault holds only EUS25,000.00"),
        (("destroy", "--notes", "10x1", "--reason", " ", "--witness", "Maialen"), 2,
         "Say why the notes are destroyed"),
    ],
)  # fmt: skip
def test_refusals_write_nothing(run, store, args, code, message):
    receive(run)
    before = written(store)
    result = run("vault", *args, "--user", "tresor")
    assert_clean_failure(result, code)
    assert message in result.err
    assert written(store) == before and vault_balance(store) == 2_500_000


def test_a_volunteer_may_not_receive_notes(caisse, db_path, volunteer, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", "1234")
    result = runner(caisse, db_path)("vault", "receive", "--notes", "10x1", "--user", "benevole")
    assert_clean_failure(result, 4)
    assert "may not manage the vault" in result.err
