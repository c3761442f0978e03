"""`caisse exchange` and `caisse correct`: receipts, and clear refusals that write nothing."""

from __future__ import annotations

import pytest
from cli_support import TREASURER_PASSWORD, VOLUNTEER_PIN, assert_clean_failure

from caisse.domain.codes import member_number
from caisse.services import members, settings
from caisse.store.lock import InstanceLock


def journal_size(store) -> int:
    return store.scalar("SELECT COUNT(*) FROM txn")


@pytest.fixture
def exchange(caisse, db_path, member, monkeypatch):
    """`caisse exchange` as the volunteer at C01, with the member of the fixtures by default."""
    monkeypatch.setenv("CAISSE_PASSWORD", VOLUNTEER_PIN)

    def run(*extra: str, amount: str = "20.00", number: str | None = None, user="benevole"):
        return caisse(
            "--lang", "en", "--db", db_path, "exchange",
            "--member", number or member["number"], "--counter", "C01",
            "--amount", amount, "--user", user, *extra,
        )  # fmt: skip

    return run


def test_exchange_prints_the_receipt_and_the_amounts(exchange, store):
    before = journal_size(store)
    result = exchange(amount="20.00")
    assert result.code == 0, result.err
    assert "Receipt C01-000003: €20.00 exchanged for EUS20.00." in result.out
    assert journal_size(store) == before + 1
    row = store.one("SELECT operation, details FROM txn ORDER BY seq DESC LIMIT 1")
    assert row["operation"] == "exchange"


def test_french_amount_with_a_comma(caisse, db_path, member, store, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", VOLUNTEER_PIN)
    result = caisse(
        "--db", db_path, "--lang", "fr", "exchange", "--member", member["number"],
        "--counter", "C01", "--amount", "25,50", "--user", "benevole",
    )  # fmt: skip
    # 25,50 € at parity 1 is 25,50 EUS: the default notes (1, 2, 5...) cannot pay the 50 cents
    assert result.code == 5
    result = caisse(
        "--db", db_path, "--lang", "fr", "exchange", "--member", member["number"],
        "--counter", "C01", "--amount", "25,00", "--user", "benevole",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "25,00\xa0€" in result.out


def test_cheque_needs_its_number_and_is_recorded_with_it(exchange, store):
    result = exchange("--method", "cheque", "--cheque-bank", "La Nef")
    assert_clean_failure(result, 2)
    assert "A cheque needs its number." in result.err
    result = exchange("--method", "cheque", "--cheque-bank", "La Nef", "--cheque-number", "77")
    assert result.code == 0, result.err
    assert "by cheque" in result.out
    assert '"cheque_number": "77"' in store.scalar("SELECT details FROM txn ORDER BY seq DESC")


def test_the_installations_counter_is_the_default(caisse, db_path, member, admin, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", VOLUNTEER_PIN)
    args = ("--lang", "en", "--db", db_path, "exchange", "--member", member["number"])
    result = caisse(*args, "--amount", "10", "--user", "benevole")
    assert_clean_failure(result, 2)
    assert "--counter" in result.err
    settings.set_installation_counter(admin, "C01")
    assert caisse(*args, "--amount", "10", "--user", "benevole").code == 0


@pytest.mark.parametrize(
    ("amount", "code", "message"),
    [
        ("-5", 2, "The amount must be more than zero."),
        ("0", 2, "The amount must be more than zero."),
        ("abc", 2, '"abc" is not an amount.'),
        ("12.345", 2, "more than two decimals"),
        ("1500", 5, "over the limit of €1,000.00"),
    ],
)
def test_bad_amounts_are_refused(exchange, store, amount, code, message):
    before = journal_size(store)
    result = exchange(f"--amount={amount}")
    assert_clean_failure(result, code)
    assert message in result.err
    assert journal_size(store) == before


def test_unknown_member_wrong_check_digit_and_lapsed_member(exchange, store, volunteer):
    before = journal_size(store)
    unknown = exchange(number=member_number(99999))
    assert_clean_failure(unknown, 3)
    assert "No member has the number" in unknown.err
    good = member_number(10000)
    typo = good[:-1] + str((int(good[-1]) + 1) % 10)
    assert_clean_failure(exchange(number=typo), 2)
    newcomer = members.create(volunteer, members.MemberFields(first_name="Ane", last_name="Unpaid"))
    lapsed = exchange(number=newcomer["number"])
    assert_clean_failure(lapsed, 5)
    assert "has not paid a membership fee yet" in lapsed.err
    assert journal_size(store) == before


def test_counter_without_enough_notes(exchange, store):
    before = journal_size(store)
    result = exchange(amount="1000")  # the counter holds 1,000 units less the fixtures' use
    assert result.code == 0
    result = exchange(amount="20")
    assert_clean_failure(result, 5)
    assert "Ask the treasurer for a supply" in result.err
    assert journal_size(store) == before + 1


def test_wrong_password_and_unknown_user(exchange, store, monkeypatch):
    before = journal_size(store)
    monkeypatch.setenv("CAISSE_PASSWORD", "9999")
    assert_clean_failure(exchange(), 4)
    assert_clean_failure(exchange(user="nobody"), 4)
    assert journal_size(store) == before
    failed = store.scalar("SELECT COUNT(*) FROM event WHERE kind = 'login_failed'")
    assert failed == 2


def test_a_database_locked_by_another_caisse_is_refused(exchange, store, db_path):
    before = journal_size(store)
    with InstanceLock(db_path):
        result = exchange()
    assert_clean_failure(result, 6)
    assert "already open in another Caisse program" in result.err
    assert journal_size(store) == before
    assert exchange().code == 0


def test_correct_cancels_an_entry_by_reversal(caisse, exchange, store, db_path):
    assert exchange(amount="30").code == 0
    seq = journal_size(store)
    result = caisse(
        "--lang", "en", "--db", db_path, "correct", str(seq), "--reason", "typed 30 for 20",
        "--user", "benevole",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert f"Entry {seq} is cancelled by entry {seq + 1}" in result.out
    row = store.one("SELECT reverses, memo FROM txn WHERE seq = ?", (seq + 1,))
    assert row == {"reverses": seq, "memo": "typed 30 for 20"}
    again = caisse(
        "--lang", "en", "--db", db_path, "correct", str(seq), "--reason", "again",
        "--user", "benevole",
    )  # fmt: skip
    assert_clean_failure(again, 5)


def test_a_user_without_the_right_role_is_refused(caisse, db_path, store, member, monkeypatch):
    supply_seq = store.scalar("SELECT seq FROM txn WHERE operation = 'supply'")
    before = journal_size(store)
    monkeypatch.setenv("CAISSE_PASSWORD", VOLUNTEER_PIN)
    args = ("--lang", "en", "--db", db_path, "correct", str(supply_seq), "--reason", "oops")
    result = caisse(*args, "--user", "benevole")
    assert_clean_failure(result, 4)
    assert "may not move notes between the vault and a counter" in result.err
    assert journal_size(store) == before
    monkeypatch.setenv("CAISSE_PASSWORD", TREASURER_PASSWORD)
    assert caisse(*args, "--user", "tresor").code == 0
