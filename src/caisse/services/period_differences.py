"""What went missing or turned up over a month or a year: each exchange point's till and bank
differences, signed (+ found, - missing), and the vault's notes received, destroyed and
counted. Part of the treasurer's period report.

Differences are read from the journal's postings to ``cash_differences`` and
``lost_found_notes``, so a corrected difference nets out with its correction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from caisse.domain import accounts as acc
from caisse.domain.money import EUR
from caisse.store.db import Store

#: the vault's operations the report follows, in the unit
VAULT_OPERATIONS = ("receive_notes", "destroy_notes", "vault_count")


@dataclass
class PointDifferences:
    """One exchange point over the period (``code`` "" for deposits made by no point)."""

    code: str
    name: str
    sessions: int = 0  # till sessions closed in the period
    differing: int = 0  # of which a count differed, at their opening or their closing
    cash: int = 0  # euros found (+) or missing (-) in the till's cash
    cheques: int = 0  # euros of cheques missing at a count (-)
    notes: int = 0  # unit cents found (+) or missing (-)
    bank: int = 0  # euros the bank credited beyond (+) or short of (-) the deposits
    bank_entries: int = 0

    @property
    def euros(self) -> int:
        return self.cash + self.cheques + self.bank


@dataclass
class VaultFigures:
    """Unit cents: received from the printer, destroyed, and the vault counts' differences."""

    received: int = 0
    received_entries: int = 0
    destroyed: int = 0
    destroyed_entries: int = 0
    counted: int = 0  # signed: + found in the vault, - missing
    count_entries: int = 0


def _bounds(date_from: date, date_to: date) -> dict[str, str]:
    # entries are stamped in local time: the day is the text's first ten characters, and
    # comparing the text itself keeps to the index on txn(at)
    return {"start": date_from.isoformat(), "after": (date_to + timedelta(days=1)).isoformat()}


def points(store: Store, date_from: date, date_to: date) -> list[PointDifferences]:
    """Every exchange point that closed a till or had a difference in the period."""
    found: dict[str, PointDifferences] = {}
    names = {r["code"]: r["name"] for r in store.rows("SELECT code, name FROM counter")}

    def point(code: str | None) -> PointDifferences:
        code = code or ""
        return found.setdefault(code, PointDifferences(code, names.get(code, "")))

    bounds = _bounds(date_from, date_to)
    for row in store.rows(
        "SELECT s.counter, COUNT(*) AS closed, SUM(EXISTS (SELECT 1 FROM txn d "
        "  WHERE d.session = s.uid AND d.operation = 'till_difference' "
        "  AND d.reverses IS NULL AND NOT EXISTS (SELECT 1 FROM txn r WHERE r.reverses = d.seq)"
        ")) AS differing FROM till_session s "
        "WHERE s.closed_at >= :start AND s.closed_at < :after GROUP BY s.counter",
        bounds,
    ):
        p = point(row["counter"])
        p.sessions, p.differing = row["closed"], row["differing"]
    for row in store.rows(
        "SELECT t.counter, "
        "SUM(CASE WHEN p.account LIKE :till THEN p.amount ELSE 0 END) AS cash, "
        "SUM(CASE WHEN p.account LIKE :cheques THEN p.amount ELSE 0 END) AS cheques, "
        "SUM(CASE WHEN p.account = :lost_found THEN -p.amount ELSE 0 END) AS notes "
        "FROM txn t JOIN txn o ON o.seq = COALESCE(t.reverses, t.seq) "
        "JOIN posting p ON p.txn_seq = t.seq "
        "WHERE t.at >= :start AND t.at < :after AND o.operation = 'till_difference' "
        "GROUP BY t.counter",
        {
            **bounds,
            "till": acc.counter_account(acc.TILL_ASSOC, "%"),
            "cheques": acc.counter_account(acc.CHEQUES_ASSOC, "%"),
            "lost_found": acc.LOST_FOUND_NOTES,
        },
    ):
        p = point(row["counter"])
        p.cash, p.cheques, p.notes = row["cash"], row["cheques"], row["notes"]
    for row in store.rows(
        # a bank difference names the deposit it corrects; the deposit names the point
        "SELECT d.counter, SUM(CASE WHEN t.reverses IS NULL THEN 1 ELSE -1 END) AS entries, "
        "SUM((SELECT -SUM(p.amount) FROM posting p WHERE p.txn_seq = t.seq "
        "     AND p.account = :differences AND p.commodity = :eur)) AS gap "
        "FROM txn t JOIN txn o ON o.seq = COALESCE(t.reverses, t.seq) "
        "LEFT JOIN txn d ON d.seq = json_extract(o.details, '$.deposit') "
        "WHERE t.at >= :start AND t.at < :after AND o.operation = 'bank_difference' "
        "GROUP BY d.counter",
        {**bounds, "differences": acc.CASH_DIFFERENCES, "eur": EUR},
    ):
        p = point(row["counter"])
        p.bank, p.bank_entries = row["gap"] or 0, row["entries"]
    return sorted(found.values(), key=lambda p: (p.code == "", p.code))


def vault(store: Store, date_from: date, date_to: date) -> VaultFigures:
    """The vault's notes over the period, each operation net of its corrections."""
    f = VaultFigures()
    marks = ",".join("?" * len(VAULT_OPERATIONS))
    bounds = _bounds(date_from, date_to)
    for row in store.rows(
        "SELECT o.operation AS op, SUM(CASE WHEN t.reverses IS NULL THEN 1 ELSE -1 END) AS n, "
        "SUM((SELECT SUM(p.amount) FROM posting p WHERE p.txn_seq = t.seq "
        "     AND p.account = ?)) AS vault "
        "FROM txn t JOIN txn o ON o.seq = COALESCE(t.reverses, t.seq) "
        f"WHERE t.at >= ? AND t.at < ? AND o.operation IN ({marks}) GROUP BY o.operation",
        (acc.VAULT, bounds["start"], bounds["after"], *VAULT_OPERATIONS),
    ):
        moved = row["vault"] or 0
        if row["op"] == "receive_notes":
            f.received, f.received_entries = moved, row["n"]
        elif row["op"] == "destroy_notes":
            f.destroyed, f.destroyed_entries = -moved, row["n"]
        else:
            f.counted, f.count_entries = moved, row["n"]
    return f
