"""The vault: deliveries from the printer by denomination and serial range, notes destroyed,
the vault counted, and what it holds by denomination."""

from __future__ import annotations

import pytest

from caisse.domain import accounts as acc
from caisse.domain.errors import InputError, PermissionDenied, RuleViolation
from caisse.domain.serials import SerialRange, parse_range, parse_ranges
from caisse.services import events, ledger, operations, vault
from caisse.store import journal

A = SerialRange("A", 1, 500, 6)  # 500 notes of 10


def vault_balance(store) -> int:
    return journal.balance(store, acc.VAULT, "EUS")


def written(store) -> tuple[int, int]:
    """Entries of the journal and events of the log: what a refusal must leave as it was."""
    return store.scalar("SELECT COUNT(*) FROM txn"), store.scalar("SELECT COUNT(*) FROM event")


@pytest.fixture
def delivered(treasurer):
    """500 notes of 10 (A000001-A000500) and 200 of 20 (B000001-B000200): 9,000 units."""
    return vault.receive(
        treasurer,
        {1000: 500, 2000: 200},
        {1000: [A], 2000: [parse_range("B000001-B000200")]},
        reference="BL-2026-014",
        memo="Imprimerie Lestrade",
    )


# --- serials typed --------------------------------------------------------------------------
def test_serials_are_read_with_or_without_the_prefix_repeated():
    assert parse_range("A000001-A000500") == A
    assert parse_range("a000001-000500") == A
    assert parse_range("EU10-000001-EU10-000100") == SerialRange("EU10-", 1, 100, 6)
    assert parse_range("EU10-000020") == SerialRange("EU10-", 20, 20, 6)  # one note, not 10..20
    assert parse_range("EU10-000001-000100").size == 100
    assert [r.text for r in parse_ranges("A000007, A000009;B000010-B000012")] == [
        "A000007", "A000009", "B000010-B000012",
    ]  # fmt: skip
    with pytest.raises(InputError, match="ends before it starts"):
        parse_range("A000500-A000001")
    with pytest.raises(InputError, match="is not a serial number"):
        parse_range("ABC")


# --- deliveries -------------------------------------------------------------------------------
def test_a_delivery_by_denomination_enters_the_vault_with_its_serials(treasurer, delivered):
    store = treasurer.store
    assert delivered.amounts[0].cents == 900_000
    assert vault_balance(store) == 900_000
    assert journal.balance(store, acc.NOTES_PRINTED, "EUS") == -900_000
    entry = journal.entry(store, delivered.seq)
    assert entry is not None and entry.operation == "receive_notes"
    assert entry.details["notes"] == {"2000": 200, "1000": 500}
    assert entry.details["reference"] == "BL-2026-014" and entry.memo == "Imprimerie Lestrade"
    ranges = vault.serial_ranges(store)
    assert [(r.denomination, r.range.text, r.reference) for r in ranges] == [
        (1000, "A000001-A000500", "BL-2026-014"),
        (2000, "B000001-B000200", "BL-2026-014"),
    ]
    assert journal.verify(store).ok


def test_several_ranges_may_make_up_one_denomination(treasurer):
    receipt = vault.receive(
        treasurer, {500: 300}, {500: parse_ranges("C000001-C000100 C000201-C000400")}
    )
    assert receipt.amounts[0].cents == 150_000
    assert [r.range.size for r in vault.serial_ranges(treasurer.store)] == [100, 200]


@pytest.mark.parametrize(
    ("notes", "serials", "message"),
    [
        ({300: 10}, {}, r"There is no note of EUS\s?3.00 in this currency"),
        ({1000: 0}, {}, "at least one denomination"),
        ({1000: 499}, {1000: [A]}, "number 500 notes, but 499 are declared"),
        ({1000: 500, 2000: 10}, {1000: [A], 2000: [parse_range("A000490-A000499")]},
         "overlap: each note is given once"),
    ],
)  # fmt: skip
def test_a_wrong_delivery_is_refused_and_nothing_is_written(treasurer, notes, serials, message):
    store = treasurer.store
    before = written(store)
    with pytest.raises(InputError, match=message):
        vault.receive(treasurer, notes, serials)
    assert written(store) == before and vault_balance(store) == 0


def test_serials_already_received_are_refused_naming_the_delivery(treasurer, delivered):
    store = treasurer.store
    before = written(store)
    with pytest.raises(RuleViolation) as refused:
        vault.receive(treasurer, {1000: 10}, {1000: [parse_range("A000495-A000504")]})
    text = str(refused.value)
    assert "A000495-A000504 overlap A000001-A000500" in text
    assert f"journal entry {delivered.seq}, BL-2026-014" in text
    assert written(store) == before and vault_balance(store) == 900_000
    # another prefix, or the next serials, are new notes
    vault.receive(treasurer, {1000: 10}, {1000: [parse_range("A000501-A000510")]})
    assert vault_balance(store) == 910_000


def test_a_cancelled_delivery_frees_its_serials(treasurer, delivered):
    store = treasurer.store
    ledger.correct(treasurer, delivered.seq, "Livraison saisie deux fois")
    assert vault_balance(store) == 0
    assert all(r.cancelled for r in vault.serial_ranges(store))
    vault.receive(treasurer, {1000: 500}, {1000: [A]})
    assert vault_balance(store) == 500_000
    assert journal.verify(store).ok


def test_a_volunteer_may_not_manage_the_vault(volunteer):
    with pytest.raises(PermissionDenied, match="may not manage the vault"):
        vault.receive(volunteer, {1000: 1})
    with pytest.raises(PermissionDenied):
        vault.count(volunteer, {})


# --- destruction --------------------------------------------------------------------------------
def test_worn_notes_are_destroyed_from_the_vault(treasurer, delivered):
    store = treasurer.store
    receipt = vault.destroy(
        treasurer, {1000: 3, 2000: 1}, "Billets usés", "Maialen Irigoien",
        {1000: parse_ranges("A000007 A000009 A000120"), 2000: [parse_range("B000042")]},
    )  # fmt: skip
    assert receipt.amounts[0].cents == 5_000
    assert vault_balance(store) == 895_000
    assert journal.balance(store, acc.NOTES_DESTROYED, "EUS") == 5_000
    entry = journal.entry(store, receipt.seq)
    assert entry is not None and entry.details["witness"] == "Maialen Irigoien"
    assert entry.details["reason"] == "Billets usés"
    destroyed = vault.serial_ranges(store, vault.DESTROY)
    assert [r.range.text for r in destroyed] == ["A000007", "A000009", "A000120", "B000042"]
    # the same note cannot be destroyed twice
    with pytest.raises(RuleViolation, match=f"destroyed on .* entry {receipt.seq}"):
        vault.destroy(treasurer, {1000: 1}, "Usé", "Maialen Irigoien",
                      {1000: [parse_range("A000009")]})  # fmt: skip
    assert journal.verify(store).ok


@pytest.mark.parametrize(
    ("notes", "reason", "witness", "message", "error"),
    [
        ({1000: 1}, " ", "Maialen Irigoien", "Say why the notes are destroyed", InputError),
        ({1000: 1}, "Usé", "", "Name the second person", InputError),
        ({1000: 1}, "Usé", "théo trésorier", "a second person", InputError),
        ({5000: 200}, "Usé", "Maialen Irigoien", r"holds only EUS\s?9,000.00", RuleViolation),
        ({700: 1}, "Usé", "Maialen Irigoien", "There is no note of", InputError),
    ],
)
def test_a_wrong_destruction_is_refused_and_nothing_is_written(
    treasurer, delivered, notes, reason, witness, message, error
):
    store = treasurer.store
    before = written(store)
    with pytest.raises(error, match=message):
        vault.destroy(treasurer, notes, reason, witness)
    assert written(store) == before and vault_balance(store) == 900_000


# --- counts and holdings --------------------------------------------------------------------------
def test_a_count_that_agrees_is_kept_in_the_event_log(treasurer, delivered):
    store = treasurer.store
    entries = store.scalar("SELECT COUNT(*) FROM txn")
    found = vault.count(treasurer, {1000: 500, 2000: 200})
    assert found.difference == 0 and found.seq is None
    assert store.scalar("SELECT COUNT(*) FROM txn") == entries
    event = events.recent(store, 1)[0]
    assert event["kind"] == "vault_count" and event["detail"]["notes"] == {"2000": 200, "1000": 500}
    last = vault.last_count(store)
    assert last is not None and last.notes == {2000: 200, 1000: 500} and last.seq is None


def test_a_count_that_differs_needs_a_comment_then_books_the_difference(treasurer, delivered):
    store = treasurer.store
    before = written(store)
    with pytest.raises(RuleViolation, match=r"differs .* by -EUS\s?10.00: count again"):
        vault.count(treasurer, {1000: 499, 2000: 200})
    assert written(store) == before
    found = vault.count(treasurer, {1000: 499, 2000: 200}, "Recompté deux fois")
    assert found.difference == -1_000 and found.seq is not None
    assert vault_balance(store) == 899_000
    assert journal.balance(store, acc.LOST_FOUND_NOTES, "EUS") == 1_000
    entry = journal.entry(store, found.seq)
    assert entry is not None and entry.operation == "vault_count"
    assert entry.details["notes"] == {"2000": 200, "1000": 499}
    # a count is not reversed: the next count replaces it
    with pytest.raises(RuleViolation, match="count the vault again"):
        ledger.correct(treasurer, found.seq, "Erreur")
    assert journal.verify(store).ok


def test_the_vault_by_denomination_since_its_last_count(treasurer, counter, delivered):
    store = treasurer.store
    # the counter fixture's delivery was by amount: never counted, the vault is partly unknown
    held = vault.holdings(store)
    assert held.count is None and held.received == {2000: 200, 1000: 500}
    assert held.balance.cents == 10_000_000 - 100_000 + 900_000
    assert held.by_amount_only.cents == 10_000_000 - 100_000
    # counted: every note known again
    notes = {5000: 1_980, 1000: 500, 2000: 200}
    vault.count(treasurer, notes)
    held = vault.holdings(store)
    assert held.by_denomination == {5000: 1_980, 2000: 200, 1000: 500}
    assert held.by_amount_only.cents == 0
    # then notes received, destroyed, supplied: the supply says no denomination
    vault.receive(treasurer, {500: 100})
    vault.destroy(treasurer, {1000: 2}, "Déchirés", "Maialen Irigoien")
    operations.supply(treasurer, counter, 50_000, "Jon Courier")
    held = vault.holdings(store)
    assert held.received == {500: 100} and held.destroyed == {1000: 2}
    assert held.by_denomination == {5000: 1_980, 2000: 200, 1000: 498, 500: 100}
    assert held.by_amount_only.cents == -50_000
    assert held.balance == held.known + held.by_amount_only


def test_a_cancelled_delivery_after_the_count_takes_its_notes_back(treasurer, delivered):
    store = treasurer.store
    vault.count(treasurer, {1000: 500, 2000: 200})
    extra = vault.receive(treasurer, {500: 40})
    ledger.correct(treasurer, extra.seq, "Livraison refusée")
    held = vault.holdings(store)
    assert held.received == {} and held.by_denomination == {2000: 200, 1000: 500}
    assert held.by_amount_only.cents == 0


def test_a_delivery_is_cancelled_only_while_the_vault_holds_its_notes(treasurer, counter):
    store = treasurer.store
    operations.supply(treasurer, counter, 9_900_000, "Jon Courier")  # the vault is empty now
    receipt = vault.receive(treasurer, {1000: 10})
    operations.supply(treasurer, counter, 5_000, "Jon Courier")
    before = written(store)
    with pytest.raises(RuleViolation, match=r"holds only EUS\s?50.00: cancelling this entry"):
        ledger.correct(treasurer, receipt.seq, "Erreur")
    assert written(store) == before
    # a destruction cancelled puts its notes back, whatever the vault holds
    destroyed = vault.destroy(treasurer, {1000: 5}, "Usés", "Maialen Irigoien")
    ledger.correct(treasurer, destroyed.seq, "Pas détruits finalement")
    assert vault_balance(store) == 5_000
    assert journal.verify(store).ok


def test_the_demo_year_has_deliveries_with_serials_a_destruction_and_a_count(tmp_path):
    from caisse.services import demo
    from caisse.store import open_store

    path = demo.build(tmp_path / "demo.db", seed=7, members=60, partners=10, counters=2, days=30)
    store = open_store(path)
    try:
        operations_done = {
            r["operation"]: r["n"]
            for r in store.rows("SELECT operation, COUNT(*) AS n FROM txn GROUP BY operation")
        }
        assert operations_done["receive_notes"] >= 1 and operations_done["destroy_notes"] == 1
        received = vault.serial_ranges(store, vault.RECEIVE)
        assert {r.range.prefix for r in received} == {"A", "B", "C", "D", "E", "F"}
        destroyed = vault.serial_ranges(store, vault.DESTROY)
        assert len(destroyed) == 60  # 3 + 8 + 12 + 37 worn notes, each by its serial
        assert all(any(d.range.overlaps(r.range) for r in received) for d in destroyed)
        held = vault.holdings(store)
        assert held.count is not None and held.count.difference == 0
        assert held.count.counted == held.count.expected > 0
        assert journal.verify(store).ok
    finally:
        store.close()
