"""`caisse session open|close|status`: counts by denomination, differences, the Z."""

from __future__ import annotations

import json

import pytest
from cli_support import TREASURER_PASSWORD, VOLUNTEER_PIN, assert_clean_failure
from till_support import runner, written

from caisse.services import operations, sessions
from caisse.store import closings, journal


@pytest.fixture
def run(caisse, db_path, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", VOLUNTEER_PIN)
    return runner(caisse, db_path)


# the fixtures leave in C01's till the member's fee (15.00) and 1,000 units of notes
EXACT = ("--euros", "10x1 5x1", "--notes", "50x20")


def close(run, *extra):
    return run("session", "close", "--counter", "C01", *extra, "--user", "benevole")


def test_close_with_the_exact_count_prints_the_z(run, store, member):
    result = close(run, *EXACT)
    assert result.code == 0, result.err
    assert "Cash (euros): expected €15.00, counted €15.00" in result.out
    assert "No difference." in result.out
    closing = next(closings.all_closings(store))
    assert f"Z closing {closing.seq}" in result.out and closing.hash in result.out
    assert sessions.current(store, "C01") is None
    assert journal.verify(store).ok


def test_a_difference_is_shown_then_refused_until_recounted_with_a_comment(run, store, member):
    before = written(store)
    short = ("--euros", "10x1", "--notes", "50x20")
    result = close(run, *short)
    assert_clean_failure(result, 5)
    assert "difference -€5.00" in result.out
    assert "count again, then confirm with a comment" in result.err
    assert_clean_failure(close(run, *short, "--recounted"), 5)
    assert_clean_failure(close(run, *short, "--comment", "a note missing"), 5)
    assert written(store) == before
    result = close(run, *short, "--recounted", "--comment", "a note missing")
    assert result.code == 0, result.err
    assert next(closings.all_closings(store)).report["differences"]["cash"] == -500


@pytest.mark.parametrize(
    ("count", "message"),
    [
        (("--euros", "10x1.5"), '"1.5" in "10x1.5" is not a whole number of pieces.'),
        (("--euros", "10x-1"), "is not a whole number of pieces"),
        (("--euros", "3x1"), 'There is no note or coin of €3.00: "3x1".'),
        (("--notes", "0,50x2"), "There is no note or coin of EUS0.50"),
        (("--euros", "15"), '"15" is not a count'),
        (("--euros", "1O x2"), "is not a count"),
        (("--euros", "0.505x1"), "is not a value of a note or coin"),
    ],
)
def test_a_count_that_is_not_whole_pieces_of_a_denomination(run, store, member, count, message):
    before = written(store)
    result = close(run, *count)
    assert_clean_failure(result, 2)
    assert message in result.err
    assert written(store) == before


def test_cheques_are_ticked_by_entry_number(run, store, volunteer, member):
    cheque = operations.exchange(volunteer, member["number"], "C01", 3000, "cheque",
                                 operations.Cheque("La Nef", "123"))  # fmt: skip
    notes = ("--euros", "10x1 5x1", "--notes", "50x19 20x1")
    before = written(store)
    assert_clean_failure(close(run, *notes, "--cheques", "12,abc"), 2)
    result = close(run, *notes, "--cheques", "99999")
    assert_clean_failure(result, 5)
    assert "not in this till" in result.err
    result = close(run, *notes)  # no cheque ticked: one missing
    assert_clean_failure(result, 5)
    assert f"Cheque not ticked: entry {cheque.seq}" in result.out
    assert written(store) == before
    assert close(run, *notes, "--cheques", str(cheque.seq)).code == 0


def test_open_refuses_a_second_session_and_a_wrong_float(run, store, member, monkeypatch):
    before = written(store)
    result = run("session", "open", "--counter", "C01", *EXACT, "--user", "benevole")
    assert_clean_failure(result, 5)
    assert "already open" in result.err and "by Théo Trésorier" in result.err
    assert written(store) == before
    assert close(run, *EXACT).code == 0
    wrong = run("session", "open", "--counter", "C01", "--euros", "10x1", "--notes", "50x20",
                "--user", "benevole")  # fmt: skip
    assert_clean_failure(wrong, 5)
    assert "difference -€5.00" in wrong.out
    result = run("session", "open", "--counter", "C01", *EXACT, "--user", "benevole")
    assert result.code == 0, result.err
    assert "session C01-2" in result.out


def test_two_users_opening_the_same_counter(run, store, member, treasurer, monkeypatch):
    assert close(run, *EXACT).code == 0
    opened = run("session", "open", "--counter", "C01", *EXACT, "--user", "benevole")
    assert opened.code == 0, opened.err
    before = written(store)
    monkeypatch.setenv("CAISSE_PASSWORD", TREASURER_PASSWORD)
    second = run("session", "open", "--counter", "C01", *EXACT, "--user", "tresor")
    assert_clean_failure(second, 5)
    assert "already open" in second.err and "Béa Bénévole" in second.err
    assert written(store) == before


def test_an_operation_on_a_closed_session_is_refused(run, store, member):
    assert close(run, *EXACT).code == 0
    before = written(store)
    result = run("exchange", "--member", member["number"], "--counter", "C01",
                 "--amount", "20", "--user", "benevole")  # fmt: skip
    assert_clean_failure(result, 5)
    assert "is not open" in result.err
    assert_clean_failure(close(run, *EXACT), 2)
    assert written(store) == before


def test_status_says_who_opened_and_what_the_till_holds(run, store, member, volunteer):
    operations.exchange(volunteer, member["number"], "C01", 2000, "card")
    result = run("session", "status")
    assert result.code == 0, result.err
    assert "C01: open, session C01-1" in result.out and "Théo Trésorier" in result.out
    assert "Cash €15.00; notes EUS980.00; cheques €0.00 (0); cards €20.00" in result.out
    data = json.loads(run("session", "status", "--counter", "C01", "--json").out)
    assert data[0]["expected"] == {"cash": 1500, "notes": 98000, "cheques": 0, "cards": 2000}
    assert data[0]["too_old"] is False


def test_status_warns_about_a_session_open_more_than_a_day(run, store, member):
    with store.transaction():  # the fixtures' session, as if opened long ago
        store.execute("UPDATE till_session SET opened_at = '2020-01-01T08:00:00+01:00'")
    result = run("session", "status", "--counter", "C01")
    assert "Open for more than 24 hours" in result.out
    assert json.loads(run("session", "status", "--json").out)[0]["too_old"] is True


def test_exchange_by_card_and_a_cheque_without_a_number(run, store, member):
    args = ("exchange", "--member", member["number"], "--counter", "C01", "--amount", "20",
            "--user", "benevole")  # fmt: skip
    result = run(*args, "--method", "card")
    assert result.code == 0, result.err
    assert "paid by card" in result.out
    before = written(store)
    result = run(*args, "--method", "cheque", "--cheque-bank", "La Nef")
    assert_clean_failure(result, 2)
    assert "A cheque needs its number." in result.err
    assert written(store) == before
