"""Reading the guarantee fund's bank statement against the journal: the statement's lines and
what each is matched to, the journal entries that moved the guarantee bank account, those the
bank has not booked yet, and the reconciliation that follows. Reads only."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from caisse.domain import accounts as acc
from caisse.domain.money import EUR
from caisse.store.db import Store

#: where a journal entry keeps the reference the bank's label shows: a deposit's slip number,
#: a transfer's reference (partner payment, surplus, funder payment)
REFERENCE_KEYS = ("slip", "reference")


@dataclass(frozen=True)
class Summary:
    statements: int
    first_day: str | None
    last_day: str | None
    opening_balance: int
    lines_total: int
    lines: int
    unmatched_lines: int
    unmatched_total: int
    journal_balance: int
    pending: int  # entries up to the last day, not on the statement
    pending_total: int
    later: int  # entries after the last day
    later_total: int
    before_total: int  # unmatched entries before the first line: the opening balance's part
    closing_stated: int | None  # what the last file said its closing balance was

    @property
    def statement_balance(self) -> int:
        return self.opening_balance + self.lines_total

    @property
    def reconciled_balance(self) -> int:
        """What the journal should show, given the bank: the statement's balance, less the
        bank's lines the journal lacks, plus the entries the bank has not booked yet."""
        return (self.statement_balance - self.unmatched_total + self.pending_total
                + self.later_total)  # fmt: skip

    @property
    def difference(self) -> int:
        """The journal's balance less the reconciled one: zero once reconciled. Otherwise the
        opening balance does not agree with the entries before the statement's first line
        (``before_total``), or the history of statements has a gap."""
        return self.journal_balance - self.reconciled_balance

    @property
    def closing_gap(self) -> int | None:
        """The balance the last file states less the one computed from the lines: not zero
        when lines are missing (a statement not imported) or the opening balance is wrong."""
        return None if self.closing_stated is None else self.closing_stated - self.statement_balance

    def as_json(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items()}
        data.update(statement_balance=self.statement_balance,
                    reconciled_balance=self.reconciled_balance, difference=self.difference,
                    closing_gap=self.closing_gap)  # fmt: skip
        return data


@dataclass
class Entry:
    seq: int
    at: str
    operation: str
    amount: int
    references: list[str] = field(default_factory=list)
    reverses: int | None = None

    @property
    def day(self) -> date:
        return date.fromisoformat(self.at[:10])


UNMATCHED_LINE = "NOT EXISTS (SELECT 1 FROM bank_match_line m WHERE m.line = l.id AND m.undone = 0)"


def lines(store: Store, *, unmatched_only: bool = False) -> list[dict[str, Any]]:
    """The statement lines, oldest first, each with the entries it is matched to."""
    where = f"WHERE {UNMATCHED_LINE}" if unmatched_only else ""
    rows = store.rows(
        "SELECT l.id, l.booked_on, l.value_on, l.label, l.amount, l.reference, l.statement "
        f"FROM bank_line l {where} ORDER BY l.booked_on, l.id"
    )
    matched: dict[int, dict[str, Any]] = {}
    for line, match, method, seqs in store.execute(
        "SELECT ml.line, m.id, m.method, (SELECT group_concat(e.seq) FROM bank_match_entry e "
        "WHERE e.match = m.id AND e.undone = 0) FROM bank_match_line ml "
        "JOIN bank_match m ON m.id = ml.match WHERE ml.undone = 0"
    ):
        matched[line] = {"match": match, "method": method,
                         "seqs": sorted(int(s) for s in seqs.split(","))}  # fmt: skip
    for row in rows:
        found = matched.get(row["id"])
        row["match"] = found["match"] if found else None
        row["method"] = found["method"] if found else None
        row["seqs"] = found["seqs"] if found else []
    return rows


def entries(store: Store) -> list[Entry]:
    """Every journal entry that moved the guarantee bank account, with its references."""
    found = []
    for seq, at, operation, details, reverses, amount in store.execute(
        "SELECT t.seq, t.at, t.operation, t.details, t.reverses, SUM(p.amount) FROM posting p "
        "JOIN txn t ON t.seq = p.txn_seq WHERE p.account = ? AND p.commodity = ? "
        "GROUP BY t.seq HAVING SUM(p.amount) <> 0 ORDER BY t.seq",
        (acc.GUARANTEE_BANK, EUR),
    ):
        info = json.loads(details)
        refs = [str(info[k]).strip() for k in REFERENCE_KEYS if str(info.get(k, "")).strip()]
        found.append(Entry(seq, at, operation, amount, refs, reverses))
    return found


def matched_seqs(store: Store) -> set[int]:
    return {r[0] for r in store.execute("SELECT seq FROM bank_match_entry WHERE undone = 0")}


def awaiting(store: Store) -> list[dict[str, Any]]:
    """Journal entries on the guarantee bank account that no statement line explains yet,
    oldest first. An entry and its correction that both await cancel out and are left out."""
    matched = matched_seqs(store)
    open_entries = [e for e in entries(store) if e.seq not in matched]
    reversed_pairs = {e.reverses for e in open_entries if e.reverses}
    open_seqs = {e.seq for e in open_entries}
    cancelled = {s for s in reversed_pairs if s in open_seqs}
    cancelled |= {e.seq for e in open_entries if e.reverses in cancelled}
    return [
        {"seq": e.seq, "at": e.at, "operation": e.operation, "amount": e.amount,
         "reference": ", ".join(e.references)}
        for e in open_entries if e.seq not in cancelled
    ]  # fmt: skip


def summary(store: Store) -> Summary:
    """The reconciliation: the statement's balance, the journal's, and what explains the gap."""
    head = store.one(
        "SELECT COUNT(*) AS statements, MIN(first_day) AS first_day, MAX(last_day) AS last_day "
        "FROM bank_statement"
    )
    assert head is not None
    opening = store.scalar(
        "SELECT opening_balance FROM bank_statement WHERE opening_balance IS NOT NULL "
        "ORDER BY first_day, id LIMIT 1"
    )
    closing = store.scalar(
        "SELECT closing_balance FROM bank_statement ORDER BY last_day DESC, id DESC LIMIT 1"
    )
    all_lines = store.one("SELECT COUNT(*) AS n, COALESCE(SUM(amount), 0) AS total FROM bank_line")
    open_lines = store.one(
        "SELECT COUNT(*) AS n, COALESCE(SUM(amount), 0) AS total FROM bank_line l "
        f"WHERE {UNMATCHED_LINE}"
    )
    assert all_lines is not None and open_lines is not None
    first, last = head["first_day"], head["last_day"]
    before = pending = later = 0
    n_pending = n_later = 0
    for row in awaiting(store):
        day = row["at"][:10]
        if first is not None and day < first:
            before += row["amount"]
        elif last is None or day <= last:
            pending += row["amount"]
            n_pending += 1
        else:
            later += row["amount"]
            n_later += 1
    return Summary(
        statements=head["statements"], first_day=first, last_day=last,
        opening_balance=opening or 0, lines_total=all_lines["total"], lines=all_lines["n"],
        unmatched_lines=open_lines["n"], unmatched_total=open_lines["total"],
        journal_balance=_journal_balance(store), pending=n_pending, pending_total=pending,
        later=n_later, later_total=later, before_total=before, closing_stated=closing,
    )  # fmt: skip


def _journal_balance(store: Store) -> int:
    value = store.scalar(
        "SELECT amount FROM balance WHERE account = ? AND commodity = ?",
        (acc.GUARANTEE_BANK, EUR),
    )
    return int(value or 0)


def candidates(store: Store, line_ids: Sequence[int]) -> list[dict[str, Any]]:
    """Entries awaiting the bank that may go with these lines: those of the lines' total
    amount first (nearest in date first), then the others of the same sign."""
    rows = store.rows(
        f"SELECT booked_on, amount FROM bank_line WHERE id IN ({','.join('?' * len(line_ids))})",
        list(line_ids),
    )
    if not rows:
        return []
    total = sum(r["amount"] for r in rows)
    day = date.fromisoformat(min(r["booked_on"] for r in rows))
    found = [r for r in awaiting(store) if (r["amount"] > 0) == (total > 0)]

    def order(row: dict[str, Any]) -> tuple[int, int]:
        gap = abs((date.fromisoformat(row["at"][:10]) - day).days)
        return (0 if row["amount"] == total else 1, gap)

    return sorted(found, key=order)
