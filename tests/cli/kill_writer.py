"""A writer to be killed: ``python kill_writer.py DB MODE``, run by test_kill.py.

It opens the database the way ``caisse`` does (the instance lock held) and writes through the
services. Each line it prints is said only once its transaction is committed:
- ``exchanges``: exchanges of one unit, one per transaction ("OK seq receipt"), the till closed
  and opened again every 20 ("SESSION label");
- ``batch``: one transaction of 300 exchanges, "CLOSING" (not committed), the closing and
  reopening of the till, 1,000 more exchanges; "DONE" once committed. A kill in between must
  leave none of it.
"""

from __future__ import annotations

import sys

from caisse.domain.counting import EUR_DENOMINATIONS
from caisse.services import auth, operations, sessions
from caisse.services.context import Context
from caisse.store.db import open_store
from caisse.store.lock import InstanceLock

COUNTER = "C01"


def pieces(cents: int, denominations: tuple[int, ...]) -> dict[int, int]:
    result = {}
    for d in sorted(denominations, reverse=True):
        result[d], cents = divmod(cents, d)
    assert cents == 0
    return result


def exact_count(ctx: Context) -> sessions.TillCount:
    exp = sessions.expected(ctx.store, COUNTER)
    return sessions.TillCount(
        euros=pieces(exp.cash.cents, EUR_DENOMINATIONS),
        notes=pieces(exp.notes.cents, (100,)),
        cheques=tuple(c["seq"] for c in exp.cheques),
    )


def say(text: str) -> None:
    print(text, flush=True)


def main(db: str, mode: str, member: str) -> None:
    store = open_store(db)
    with InstanceLock(store.path):
        ctx = auth.login(store, "benevole", "1234")
        if sessions.current(store, COUNTER) is None:  # killed between a closing and an opening
            sessions.open_session(ctx, COUNTER, exact_count(ctx))
        if mode == "batch":
            with store.transaction():
                for _ in range(300):
                    operations.exchange(ctx, member, COUNTER, 100)
                say("CLOSING")
                sessions.close_session(ctx, COUNTER, exact_count(ctx))
                sessions.open_session(ctx, COUNTER, exact_count(ctx))
                for _ in range(1000):
                    operations.exchange(ctx, member, COUNTER, 100)
            say("DONE")
            return
        n = 0
        while True:
            receipt = operations.exchange(ctx, member, COUNTER, 100)
            say(f"OK {receipt.seq} {receipt.number}")
            n += 1
            if n % 20 == 0:
                sessions.close_session(ctx, COUNTER, exact_count(ctx))
                row = sessions.open_session(ctx, COUNTER, exact_count(ctx))
                say(f"SESSION {sessions.label(row)}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
