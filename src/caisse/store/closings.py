"""Closings (the Z of a till session), chained like the journal and verified with it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from caisse.domain.journal import GENESIS_HASH, canonical_json, chain_hash
from caisse.i18n import N_
from caisse.store.db import Store
from caisse.store.journal import Problem


@dataclass(frozen=True)
class Closing:
    seq: int
    kind: str  # "session"
    counter: str | None
    session: str | None
    at: str
    actor: str
    last_txn: int
    last_hash: str
    report: dict[str, Any]
    prev_hash: str = ""
    hash: str = ""

    def canonical(self) -> str:
        return canonical_json(
            {
                "seq": self.seq,
                "kind": self.kind,
                "counter": self.counter,
                "session": self.session,
                "at": self.at,
                "actor": self.actor,
                "last_txn": self.last_txn,
                "last_hash": self.last_hash,
                "report": self.report,
            }
        )


def append(store: Store, closing: Closing) -> Closing:
    """Write the next closing of the chain. Call inside ``store.transaction()``."""
    if not store.conn.in_transaction:
        raise RuntimeError("closings.append must run inside a transaction")
    row = store.conn.execute("SELECT seq, hash FROM closing ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev_hash = (1, GENESIS_HASH) if row is None else (row[0] + 1, row[1])
    numbered = Closing(**{**closing.__dict__, "seq": seq, "prev_hash": prev_hash, "hash": ""})
    digest = chain_hash(prev_hash, numbered.canonical())
    store.execute(
        "INSERT INTO closing (seq, kind, counter, session, at, actor, last_txn, last_hash, "
        "report, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, numbered.kind, numbered.counter, numbered.session, numbered.at, numbered.actor,
         numbered.last_txn, numbered.last_hash, canonical_json(numbered.report), prev_hash,
         digest),
    )  # fmt: skip
    return Closing(**{**numbered.__dict__, "hash": digest})


def _from_row(row: dict[str, Any]) -> Closing:
    return Closing(**{**row, "report": json.loads(row["report"])})


def all_closings(store: Store) -> Iterator[Closing]:
    for row in store.db.query("SELECT * FROM closing ORDER BY seq"):
        yield _from_row(row)


def by_session(store: Store, session_uid: str) -> Closing | None:
    row = store.one("SELECT * FROM closing WHERE session = ?", (session_uid,))
    return None if row is None else _from_row(row)


def verify(store: Store) -> list[Problem]:
    """The closings' own chain, and each closing's link to the journal entry it covers."""
    prev_hash = GENESIS_HASH
    for expected_seq, closing in enumerate(all_closings(store), 1):
        if closing.seq != expected_seq:
            return [Problem(0, N_("Closing {seq} is missing."), {"seq": expected_seq})]
        if closing.prev_hash != prev_hash or chain_hash(prev_hash, closing.canonical()) != (
            closing.hash
        ):
            return [
                Problem(
                    0,
                    N_("Closing {seq} was altered after it was written."),
                    {"seq": closing.seq},
                )
            ]
        covered = store.scalar("SELECT hash FROM txn WHERE seq = ?", (closing.last_txn,))
        if covered != closing.last_hash:
            return [
                Problem(
                    closing.last_txn,
                    N_(
                        "Entry {seq}, the last one covered by closing {closing}, is missing or "
                        "was altered."
                    ),
                    {"seq": closing.last_txn, "closing": closing.seq},
                )
            ]
        prev_hash = closing.hash
    return []
