"""The demo database: a small one is built through the services and is whole."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from itertools import pairwise

import pytest

from caisse.domain.errors import StoreError
from caisse.domain.roles import Role
from caisse.services import auth, demo, partners, settings, status
from caisse.store import closings, journal, open_store

SMALL = {"members": 60, "partners": 10, "counters": 2, "days": 30}


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    steps = []
    demo.build(path, seed=7, progress=lambda done, total: steps.append((done, total)), **SMALL)
    assert steps[-1] == (31, 31)
    return path


@pytest.fixture
def demo_store(demo_path):
    store = open_store(demo_path)
    yield store
    store.close()


def test_the_demos_chain_verifies_and_the_fund_is_covered(demo_store):
    report = journal.verify(demo_store)
    assert report.ok, report.problems
    assert report.entries > 60
    assert status.coverage(demo_store).covered
    assert status.coverage(demo_store).circulation.cents > 0


def test_the_demo_has_the_people_and_places_asked_for(demo_store):
    summary = status.summary(demo_store)
    assert summary["members"] == 70 and summary["partners"] == 10
    assert summary["counters"] == 2
    assert demo_store.get_setting("demo") is True
    assert settings.installation_counter(demo_store) == "C01"
    partners = demo_store.rows("SELECT kind, organisation FROM member WHERE is_partner = 1")
    assert {p["kind"] for p in partners} == {"organisation"}
    assert len({p["organisation"] for p in partners}) == 10
    emails = [r[0] for r in demo_store.execute("SELECT email FROM member WHERE email <> ''")]
    assert all(e.endswith("@example.org") for e in emails)
    assert len(set(emails)) == len(emails)


def test_a_month_of_every_operation_in_time_order(demo_store):
    operations = {r[0] for r in demo_store.execute("SELECT DISTINCT operation FROM txn")}
    assert {
        "receive_notes",
        "supply",
        "membership",
        "exchange",
        "deposit",
        "reconversion",
        "partner_payment",
        "return_notes",
    } <= operations
    times = [datetime.fromisoformat(r[0]) for r in demo_store.execute("SELECT at FROM txn")]
    assert times == sorted(times)
    assert times[-1] <= datetime.now().astimezone()
    assert (times[-1].date() - times[0].date()).days >= 25
    # every exchange is in whole notes and paid by a member whose fee was current
    bad = demo_store.scalar(
        "SELECT COUNT(*) FROM txn t JOIN posting p ON p.txn_seq = t.seq "
        "WHERE t.operation = 'exchange' AND p.account = 'circulation' AND p.amount % 100 <> 0"
    )
    assert bad == 0


def test_every_day_the_tills_are_opened_and_closed_with_a_chained_z(demo_store):
    today = datetime.now().astimezone().date().isoformat()
    sessions = demo_store.rows("SELECT * FROM till_session ORDER BY opened_at")
    assert len(sessions) > 40
    # one session a day per counter, each opened and closed the same day, but today's
    assert all(s["closed_at"] or s["opened_at"] >= today for s in sessions)
    assert all(s["closed_at"] is None or s["closed_at"][:10] == s["opened_at"][:10]
               for s in sessions)  # fmt: skip
    assert len({(s["counter"], s["opened_at"][:10]) for s in sessions}) == len(sessions)
    chain = list(closings.all_closings(demo_store))
    assert len(chain) == sum(1 for s in sessions if s["closed_at"])
    assert all(b.prev_hash == a.hash for a, b in pairwise(chain))
    assert closings.verify(demo_store) == []
    # every operation at a counter belongs to a session
    assert demo_store.scalar("SELECT COUNT(*) FROM txn WHERE counter IS NOT NULL "
                             "AND session IS NULL") == 0  # fmt: skip


def test_payments_by_card_and_cheque_and_deposits_by_cheque(demo_store):
    methods = {r[0] for r in demo_store.execute(
        "SELECT DISTINCT json_extract(details, '$.method') FROM txn "
        "WHERE operation IN ('exchange', 'membership')")}  # fmt: skip
    assert {"cash", "cheque", "card"} <= methods
    deposited = demo_store.scalar(
        "SELECT COUNT(*) FROM txn, json_each(txn.details, '$.cheques') WHERE operation = 'deposit'"
    )
    assert deposited > 0


def test_partners_reconvert_most_are_paid_the_last_still_owed(demo_store):
    reconversions = demo_store.rows(
        "SELECT t.seq, m.is_partner, m.iban FROM txn t JOIN member m ON m.uid = t.member "
        "WHERE t.operation = 'reconversion'"
    )
    assert reconversions and all(r["is_partner"] and r["iban"] for r in reconversions)
    seqs = {r["seq"] for r in reconversions}
    owed = [r for r in partners.owed(demo_store) if r["seq"] in seqs]
    assert 0 < len(owed) < len(reconversions)
    assert all(partners.checked_iban(r["iban"]) == r["iban"] for r in reconversions)


@pytest.mark.parametrize(
    ("login", "secret", "role"),
    [("admin", "admin1234", Role.ADMIN), ("tresorier", "tresor1234", Role.TREASURER),
     ("benevole", "1234", Role.VOLUNTEER)],
)  # fmt: skip
def test_the_demo_users_log_in(demo_store, login, secret, role):
    assert auth.login(demo_store, login, secret).actor.role is role


def test_the_file_is_a_normal_wal_database_with_nothing_left_beside(demo_path):
    conn = sqlite3.connect(demo_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    leftovers = [p.name for p in demo_path.parent.iterdir() if "building" in p.name]
    assert leftovers == []


def test_same_seed_same_people_and_a_demo_is_rebuilt_in_place(tmp_path):
    tiny = {"members": 8, "partners": 2, "counters": 1, "days": 3}
    path = tmp_path / "demo.db"
    demo.build(path, seed=3, **tiny)
    with open_store(path) as store:
        first = store.rows("SELECT first_name, last_name, organisation FROM member ORDER BY id")
    demo.build(path, seed=3, **tiny)
    with open_store(path) as store:
        second = store.rows("SELECT first_name, last_name, organisation FROM member ORDER BY id")
        assert journal.verify(store).ok
    assert first == second


def test_a_real_database_is_never_replaced(store, db_path):
    with pytest.raises(StoreError, match="not a demo database"):
        demo.build(db_path, members=5, partners=1, counters=1, days=2)
    assert store.scalar("SELECT COUNT(*) FROM user") == 1


def test_an_older_day_can_be_chosen(tmp_path):
    path = demo.build(
        tmp_path / "old.db", members=5, partners=1, counters=1, days=10, today=date(2024, 3, 9)
    )
    with open_store(path) as store:
        last = store.scalar("SELECT MAX(at) FROM txn")
    assert last.startswith("2024-03-0")


def test_the_demo_has_vouchers_issued_paid_for_and_redeemed(demo_store):
    from caisse.services import status, voucher_life, voucher_reports, vouchers

    (programme,) = vouchers.programmes(demo_store)
    assert programme["name"] == "Bons solidaires" and programme["purpose"] == "social"
    report = voucher_reports.report(demo_store, programme["id"])
    assert report.matches_journal
    redeemed = sum(b["statuses"]["redeemed"] for b in vouchers.batches(demo_store))
    assert redeemed > 0
    assert voucher_life.funder_owes(demo_store, programme["id"]) == 0
    assert status.coverage(demo_store).covered
