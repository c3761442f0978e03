"""Monthly and annual closings of the journal, chained like the Z closings and verified with
the journal.

A closing freezes its period: the trigger ``txn_not_in_closed_period`` (schema 8) refuses any
entry dated on or before the end of the last closed period, and ``journal.append`` says so first
in the user's words.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from caisse.domain.journal import GENESIS_HASH, canonical_json, chain_hash
from caisse.i18n import N_
from caisse.store.db import Store
from caisse.store.journal import Problem

#: {account: {commodity: {"debit": cents, "credit": cents}}}
Totals = dict[str, dict[str, dict[str, int]]]
#: {account: {commodity: cents}}, debit positive
Balances = dict[str, dict[str, int]]


@dataclass(frozen=True)
class PeriodClosing:
    seq: int
    kind: str  # "month" or "year"
    period_start: str  # ISO date
    period_end: str
    entries: int
    last_txn: int
    last_hash: str
    period_totals: Totals
    perpetual_totals: Totals
    balances: Balances
    created_at: str
    actor: str
    prev_hash: str = ""
    hash: str = ""

    def canonical(self) -> str:
        return canonical_json(
            {
                "seq": self.seq,
                "kind": self.kind,
                "period_start": self.period_start,
                "period_end": self.period_end,
                "entries": self.entries,
                "last_txn": self.last_txn,
                "last_hash": self.last_hash,
                "period_totals": self.period_totals,
                "perpetual_totals": self.perpetual_totals,
                "balances": self.balances,
                "created_at": self.created_at,
                "actor": self.actor,
            }
        )


_JSON_FIELDS = ("period_totals", "perpetual_totals", "balances")


def append(store: Store, closing: PeriodClosing) -> PeriodClosing:
    """Write the next period closing of the chain. Call inside ``store.transaction()``."""
    if not store.conn.in_transaction:
        raise RuntimeError("period_closings.append must run inside a transaction")
    row = store.conn.execute(
        "SELECT seq, hash FROM period_closing ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    seq, prev_hash = (1, GENESIS_HASH) if row is None else (row[0] + 1, row[1])
    numbered = PeriodClosing(**{**closing.__dict__, "seq": seq, "prev_hash": prev_hash, "hash": ""})
    digest = chain_hash(prev_hash, numbered.canonical())
    store.execute(
        "INSERT INTO period_closing (seq, kind, period_start, period_end, entries, last_txn, "
        "last_hash, period_totals, perpetual_totals, balances, created_at, actor, prev_hash, "
        "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, numbered.kind, numbered.period_start, numbered.period_end, numbered.entries,
         numbered.last_txn, numbered.last_hash, canonical_json(numbered.period_totals),
         canonical_json(numbered.perpetual_totals), canonical_json(numbered.balances),
         numbered.created_at, numbered.actor, prev_hash, digest),
    )  # fmt: skip
    return PeriodClosing(**{**numbered.__dict__, "hash": digest})


def _from_row(row: dict[str, Any]) -> PeriodClosing:
    return PeriodClosing(**{**row, **{k: json.loads(row[k]) for k in _JSON_FIELDS}})


def all_closings(store: Store) -> Iterator[PeriodClosing]:
    for row in store.db.query("SELECT * FROM period_closing ORDER BY seq"):
        yield _from_row(row)


def last(store: Store, kind: str) -> PeriodClosing | None:
    """The closing of that kind with the latest period."""
    row = store.one(
        "SELECT * FROM period_closing WHERE kind = ? ORDER BY period_end DESC LIMIT 1", (kind,)
    )
    return None if row is None else _from_row(row)


def find(store: Store, kind: str, period_start: str) -> PeriodClosing | None:
    row = store.one(
        "SELECT * FROM period_closing WHERE kind = ? AND period_start = ?", (kind, period_start)
    )
    return None if row is None else _from_row(row)


def in_range(store: Store, kind: str, first: str, last_day: str) -> list[PeriodClosing]:
    """The closings of that kind whose period starts between two dates, in order."""
    return [
        _from_row(row)
        for row in store.db.query(
            "SELECT * FROM period_closing WHERE kind = ? AND period_start BETWEEN ? AND ? "
            "ORDER BY period_start",
            (kind, first, last_day),
        )
    ]


def closed_until(store: Store) -> str | None:
    """The last day of the last closed period, or None when nothing is closed."""
    value = store.scalar("SELECT MAX(period_end) FROM period_closing")
    return None if value is None else str(value)


def verify(store: Store) -> list[Problem]:
    """The period closings' chain, each one's link to the last entry it covers, and no entry
    written into a closed period after its closing."""
    prev_hash = GENESIS_HASH
    latest: PeriodClosing | None = None
    for expected_seq, closing in enumerate(all_closings(store), 1):
        if closing.seq != expected_seq:
            return [Problem(0, N_("Period closing {seq} is missing."), {"seq": expected_seq})]
        if closing.prev_hash != prev_hash or chain_hash(prev_hash, closing.canonical()) != (
            closing.hash
        ):
            return [
                Problem(
                    0,
                    N_("Period closing {seq} ({start} to {end}) was altered after it was written."),
                    {"seq": closing.seq, "start": closing.period_start, "end": closing.period_end},
                )
            ]
        if closing.last_txn:
            covered = store.scalar("SELECT hash FROM txn WHERE seq = ?", (closing.last_txn,))
            if covered != closing.last_hash:
                return [
                    Problem(
                        closing.last_txn,
                        N_(
                            "Entry {seq}, the last one covered by period closing {closing}, is "
                            "missing or was altered."
                        ),
                        {"seq": closing.last_txn, "closing": closing.seq},
                    )
                ]
        if latest is None or closing.period_end > latest.period_end:
            latest = closing
        prev_hash = closing.hash
    if latest is not None:
        intruder = store.scalar(
            "SELECT MIN(seq) FROM txn WHERE at < ? AND seq > ?",
            (next_day(latest.period_end), latest.last_txn),
        )
        if intruder is not None:
            return [
                Problem(
                    intruder,
                    N_(
                        "Entry {seq} is dated in a period closed by period closing {closing} "
                        "but was written after it."
                    ),
                    {"seq": intruder, "closing": latest.seq},
                )
            ]
    return []


def next_day(day: str) -> str:
    """The ISO date after ``day``: entries dated up to ``day`` are those with ``at`` below it."""
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()
