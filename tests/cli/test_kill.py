"""A writer killed with SIGKILL at random moments: after each kill the database opens, the chain
verifies, every receipt the writer said was committed is there, the last entry is whole, no
session is half written, and work goes on."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from caisse.services import auth, operations, sessions
from caisse.store import closings, journal
from caisse.store.db import open_store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

WRITER = Path(__file__).with_name("kill_writer.py")
SRC = Path(__file__).resolve().parents[2] / "src"


def start(db: Path, mode: str, member: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(db), mode, member],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def kill(proc: subprocess.Popen[str]) -> str:
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return out


def check_whole(db: Path, committed: list[tuple[int, str]]) -> None:
    store = open_store(db)
    try:
        report = journal.verify(store)  # chain, balances of every entry, closings
        assert report.ok, report.problems
        for seq, receipt in committed:
            assert store.scalar("SELECT receipt FROM txn WHERE seq = ?", (seq,)) == receipt
        last = journal.entry(store, report.entries)
        assert last is not None
        last.check_balanced()
        # a kill between a closing and the next opening leaves the till closed: both are whole
        assert store.scalar("SELECT COUNT(*) FROM till_session WHERE closed_at IS NULL") <= 1
        closed = store.scalar("SELECT COUNT(*) FROM till_session WHERE closed_at IS NOT NULL")
        assert closed == sum(1 for _ in closings.all_closings(store))
        # no entry outside a session, none in a closed session after its closing
        assert store.scalar("SELECT COUNT(*) FROM txn WHERE counter IS NOT NULL "
                            "AND session IS NULL") == 0  # fmt: skip
    finally:
        store.close()


@pytest.fixture
def db(db_path, store, treasurer, member):
    operations.supply(treasurer, "C01", 9_000_000, "Jon Courier")
    store.close()
    return db_path


def test_killed_at_random_moments_the_journal_stays_whole(db, member):
    rng = random.Random()
    committed: list[tuple[int, str]] = []
    for _ in range(5):
        proc = start(db, "exchanges", member["number"])
        assert proc.stdout is not None
        wanted = rng.randrange(3, 45)
        seen = 0
        while seen < wanted:
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else ""
            if line.startswith("OK "):
                _, seq, receipt = line.split()
                committed.append((int(seq), receipt))
                seen += 1
        time.sleep(rng.random() / 50)  # somewhere in the next operation
        for line in kill(proc).splitlines():
            if line.startswith("OK "):
                _, seq, receipt = line.split()
                committed.append((int(seq), receipt))
        check_whole(db, committed)
    # work goes on, in the session the writer left open or in a new one
    store = open_store(db)
    try:
        ctx = auth.login(store, "benevole", "1234")
        if sessions.current(store, "C01") is None:
            expected = sessions.expected(store, "C01")
            assert expected.cash.cents % 100 == 0 and expected.notes.cents % 100 == 0
            count = sessions.TillCount(
                euros={100: expected.cash.cents // 100}, notes={100: expected.notes.cents // 100}
            )
            sessions.open_session(ctx, "C01", count)
        receipt = operations.exchange(ctx, member["number"], "C01", 100)
        assert receipt.seq == journal.verify(store).entries
    finally:
        store.close()


def test_killed_during_a_long_transaction_none_of_it_is_written(db, member):
    before = open_store(db)
    entries, session = before.scalar("SELECT COUNT(*) FROM txn"), sessions.current(before, "C01")
    before.close()
    proc = start(db, "batch", member["number"])
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "CLOSING"
    time.sleep(random.random() / 20)  # in the closing or the thousand exchanges after it
    out = kill(proc)
    assert "DONE" not in out
    check_whole(db, [])
    store = open_store(db)
    try:
        assert store.scalar("SELECT COUNT(*) FROM txn") == entries
        assert sessions.current(store, "C01") == session
        assert store.scalar("SELECT COUNT(*) FROM closing") == 0
    finally:
        store.close()
    proc = start(db, "batch", member["number"])  # and the same batch, left alone, is whole
    out, err = proc.communicate(timeout=60)
    assert out.split() == ["CLOSING", "DONE"], err
    check_whole(db, [])
