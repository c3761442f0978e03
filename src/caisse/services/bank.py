"""The guarantee fund's bank statement: imported from the bank's CSV, its lines matched to the
journal entries that moved the guarantee bank account, and the reconciliation that follows.

Statement lines are not journal entries: importing or matching never writes to the journal.
A journal entry's amount here is what it moved on ``guarantee_bank`` (+ credited to the
account, as on the statement). The slip number of a deposit (and of a bank difference), the
transfer reference of a partner's payment, a surplus transfer or a funder's payment are read in
the entry's details, and looked for in the statement's labels.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from caisse.domain import accounts as acc
from caisse.domain.errors import InputError, NotFound, RuleViolation
from caisse.domain.money import EUR, Money
from caisse.domain.roles import Permission
from caisse.domain.text import fold
from caisse.i18n import N_
from caisse.services import events
from caisse.services.bank_csv import Statement, StatementLine, read_statement
from caisse.services.context import Context
from caisse.store.db import Store

#: a line and an entry of the same amount, with no reference in common, match automatically
#: only when no more than this many days apart and each is the other's only candidate
DAYS_APART = 4
#: shorter references are too common to be looked for in a label
MIN_REFERENCE = 3
REFERENCE_KEYS = ("slip", "reference")


@dataclass(frozen=True)
class ImportResult:
    file_name: str
    layout: str
    lines_read: int
    duplicates: int  # already imported from an earlier statement: skipped
    new: int
    matched: int  # new lines matched automatically
    unmatched: int  # lines of the whole statement history still unmatched
    statement: int | None  # None: nothing new, or a dry run
    dry_run: bool


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
class _Entry:
    seq: int
    at: str
    operation: str
    amount: int
    references: list[str] = field(default_factory=list)
    reverses: int | None = None

    @property
    def day(self) -> date:
        return date.fromisoformat(self.at[:10])


# --- import -----------------------------------------------------------------------------------


class _DryRun(Exception):
    def __init__(self, result: ImportResult) -> None:
        super().__init__()
        self.result = result


def import_statement(
    ctx: Context,
    data: bytes,
    file_name: str,
    *,
    opening_balance: int | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Read a statement, add the lines not seen before, match what can be; all or nothing.
    A dry run does the same, reports it, and writes nothing."""
    ctx.require(Permission.RECONCILE_BANK)
    statement = read_statement(data)
    store = ctx.store
    try:
        with store.transaction():
            result = _import(ctx, statement, data, file_name, opening_balance, dry_run)
            if dry_run:
                raise _DryRun(result)
    except _DryRun as done:
        return done.result
    return result


def fingerprints(lines: Iterable[StatementLine]) -> list[str]:
    """One per line: its day, amount, label and reference, and its rank among the identical
    lines of the same file (two 0,50 € fees on the same day are two lines)."""
    seen: Counter[tuple[str, int, str, str]] = Counter()
    found = []
    for line in lines:
        key = (line.booked_on.isoformat(), line.amount, fold(line.label), fold(line.reference))
        seen[key] += 1
        text = json.dumps([*key, seen[key]], ensure_ascii=False)
        found.append(hashlib.sha256(text.encode("utf-8")).hexdigest())
    return found


def _import(
    ctx: Context,
    statement: Statement,
    data: bytes,
    file_name: str,
    opening_balance: int | None,
    dry_run: bool,
) -> ImportResult:
    store = ctx.store
    prints = fingerprints(statement.lines)
    marks = ",".join("?" * len(prints))
    known = {
        row[0]
        for row in store.execute(
            f"SELECT fingerprint FROM bank_line WHERE fingerprint IN ({marks})", prints
        )
    }
    fresh = [(ln, fp) for ln, fp in zip(statement.lines, prints, strict=True) if fp not in known]
    statement_id = None
    if fresh:
        days = [ln.booked_on.isoformat() for ln in statement.lines]
        opening = opening_balance if opening_balance is not None else statement.opening_balance
        statement_id = store.execute(
            "INSERT INTO bank_statement (file_name, sha256, layout, lines_read, lines_new, "
            "duplicates, first_day, last_day, opening_balance, closing_balance, imported_by, "
            "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (file_name, hashlib.sha256(data).hexdigest(), statement.layout,
             len(statement.lines), len(fresh), len(known), min(days), max(days), opening,
             statement.closing_balance, ctx.actor.uid, ctx.now_iso()),
        ).lastrowid  # fmt: skip
        store.conn.executemany(
            "INSERT INTO bank_line (statement, source_line, booked_on, value_on, label, amount, "
            "reference, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(statement_id, ln.source_line, ln.booked_on.isoformat(),
              ln.value_on.isoformat() if ln.value_on else None, ln.label, ln.amount,
              ln.reference, fp) for ln, fp in fresh],
        )  # fmt: skip
        events.record(store, "bank_statement_imported", actor=ctx.actor.uid, at=ctx.now_iso(),
                      file=file_name, lines=len(fresh), duplicates=len(known))  # fmt: skip
    matched = _auto_match(ctx)
    unmatched = store.scalar(f"SELECT COUNT(*) FROM bank_line l WHERE {_UNMATCHED_LINE}")
    return ImportResult(file_name, statement.layout, len(statement.lines), len(known),
                        len(fresh), matched, unmatched, None if dry_run else statement_id,
                        dry_run)  # fmt: skip


# --- reading ----------------------------------------------------------------------------------

_UNMATCHED_LINE = (
    "NOT EXISTS (SELECT 1 FROM bank_match_line m WHERE m.line = l.id AND m.undone = 0)"
)


def lines(store: Store, *, unmatched_only: bool = False) -> list[dict[str, Any]]:
    """The statement lines, oldest first, each with the entries it is matched to."""
    where = f"WHERE {_UNMATCHED_LINE}" if unmatched_only else ""
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


def entries(store: Store) -> list[_Entry]:
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
        found.append(_Entry(seq, at, operation, amount, refs, reverses))
    return found


def _matched_seqs(store: Store) -> set[int]:
    return {r[0] for r in store.execute("SELECT seq FROM bank_match_entry WHERE undone = 0")}


def awaiting(store: Store) -> list[dict[str, Any]]:
    """Journal entries on the guarantee bank account that no statement line explains yet,
    oldest first. An entry and its correction that both await cancel out and are left out."""
    matched = _matched_seqs(store)
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
        f"WHERE {_UNMATCHED_LINE}"
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


# --- matching ---------------------------------------------------------------------------------


def auto_match(ctx: Context) -> int:
    """Match what can be matched automatically; the number of lines matched."""
    ctx.require(Permission.RECONCILE_BANK)
    with ctx.store.transaction():
        return _auto_match(ctx)


def _compact(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


def _auto_match(ctx: Context) -> int:
    """By reference first: a line whose label (or reference) holds an entry's slip number or
    transfer reference, for the same amount; or for the sum of the entries bearing that
    reference (a deposit and its bank difference). Then by amount and date, when the line and
    the entry are each other's only candidate. A line whose match was undone is left to the
    treasurer."""
    store = ctx.store
    open_lines = store.rows(
        f"SELECT l.id, l.booked_on, l.label, l.reference, l.amount FROM bank_line l "
        f"WHERE {_UNMATCHED_LINE} AND NOT EXISTS (SELECT 1 FROM bank_match_line u "
        f"WHERE u.line = l.id AND u.undone = 1) ORDER BY l.booked_on, l.id"
    )
    matched_seqs = _matched_seqs(store)
    open_entries = [e for e in entries(store) if e.seq not in matched_seqs]
    count = 0
    taken: set[int] = set()
    for line in open_lines:
        text = _compact(f"{line['label']} {line['reference']}")
        by_ref: dict[str, list[_Entry]] = defaultdict(list)
        for e in open_entries:
            if e.seq in taken:
                continue
            for ref in e.references:
                key = _compact(ref)
                if len(key) >= MIN_REFERENCE and key in text:
                    by_ref[key].append(e)
        chosen: list[_Entry] | None = None
        same = [e for group in by_ref.values() for e in group if e.amount == line["amount"]]
        if len({e.seq for e in same}) == 1:
            chosen = same[:1]
        else:
            for group in by_ref.values():
                if len(group) > 1 and sum(e.amount for e in group) == line["amount"]:
                    chosen = group
                    break
        if chosen:
            _record(ctx, "auto", [line["id"]], [e.seq for e in chosen])
            taken.update(e.seq for e in chosen)
            line["done"] = True
            count += 1
    rest = [ln for ln in open_lines if not ln.get("done")]
    free = [e for e in open_entries if e.seq not in taken]

    def near(line: dict[str, Any], e: _Entry) -> bool:
        gap = abs((e.day - date.fromisoformat(line["booked_on"])).days)
        return e.amount == line["amount"] and gap <= DAYS_APART

    for line in rest:
        found = [e for e in free if e.seq not in taken and near(line, e)]
        if len(found) != 1:
            continue
        rivals = [other for other in rest if not other.get("done") and near(other, found[0])]
        if len(rivals) != 1:
            continue
        _record(ctx, "auto", [line["id"]], [found[0].seq])
        taken.add(found[0].seq)
        line["done"] = True
        count += 1
    return count


def match(ctx: Context, line_ids: Sequence[int], seqs: Sequence[int]) -> int:
    """The treasurer ties statement lines to journal entries; the sums must agree exactly."""
    ctx.require(Permission.RECONCILE_BANK)
    line_ids, seqs = list(dict.fromkeys(line_ids)), list(dict.fromkeys(seqs))
    if not line_ids or not seqs:
        raise InputError(N_("Choose at least one statement line and one journal entry."))
    store = ctx.store
    with store.transaction():
        marks = ",".join("?" * len(line_ids))
        rows = {r["id"]: r for r in store.rows(
            f"SELECT l.id, l.amount, {_UNMATCHED_LINE} AS free FROM bank_line l "
            f"WHERE l.id IN ({marks})", line_ids)}  # fmt: skip
        for line_id in line_ids:
            if line_id not in rows:
                raise NotFound(N_("There is no statement line {line}."), line=line_id)
            if not rows[line_id]["free"]:
                raise RuleViolation(N_("Statement line {line} is already matched: unmatch it "
                                       "first."), line=line_id)  # fmt: skip
        amounts = {e.seq: e.amount for e in entries(store)}
        matched = _matched_seqs(store)
        for seq in seqs:
            if seq not in amounts:
                raise NotFound(N_("Journal entry {seq} did not move the guarantee fund's bank "
                                  "account."), seq=seq)  # fmt: skip
            if seq in matched:
                raise RuleViolation(N_("Journal entry {seq} is already matched to a statement "
                                       "line."), seq=seq)  # fmt: skip
        lines_total = sum(rows[i]["amount"] for i in line_ids)
        entries_total = sum(amounts[s] for s in seqs)
        if lines_total != entries_total:
            raise RuleViolation(
                N_("The amounts differ: the statement line(s) come to {lines}, the journal "
                   "entry(ies) to {entries}. A match needs equal sums."),
                lines=Money(lines_total), entries=Money(entries_total),
            )  # fmt: skip
        return _record(ctx, "manual", line_ids, seqs)


def unmatch(ctx: Context, line_id: int) -> list[int]:
    """Undo the match of a statement line (and of the lines matched with it); the match is kept,
    marked undone. Returns the lines set free."""
    ctx.require(Permission.RECONCILE_BANK)
    store = ctx.store
    with store.transaction():
        match_id = store.scalar(
            "SELECT match FROM bank_match_line WHERE line = ? AND undone = 0", (line_id,)
        )
        if match_id is None:
            if store.scalar("SELECT 1 FROM bank_line WHERE id = ?", (line_id,)) is None:
                raise NotFound(N_("There is no statement line {line}."), line=line_id)
            raise RuleViolation(N_("Statement line {line} is not matched."), line=line_id)
        freed = [
            r[0]
            for r in store.execute(
                "SELECT line FROM bank_match_line WHERE match = ? ORDER BY line", (match_id,)
            )
        ]
        store.execute("UPDATE bank_match SET undone_by = ?, undone_at = ? WHERE id = ?",
                      (ctx.actor.uid, ctx.now_iso(), match_id))  # fmt: skip
        store.execute("UPDATE bank_match_line SET undone = 1 WHERE match = ?", (match_id,))
        store.execute("UPDATE bank_match_entry SET undone = 1 WHERE match = ?", (match_id,))
    return freed


def _record(ctx: Context, method: str, line_ids: Sequence[int], seqs: Sequence[int]) -> int:
    store = ctx.store
    amount = store.scalar(
        f"SELECT SUM(amount) FROM bank_line WHERE id IN ({','.join('?' * len(line_ids))})",
        list(line_ids),
    )
    match_id = store.execute(
        "INSERT INTO bank_match (method, amount, matched_by, matched_at) VALUES (?, ?, ?, ?)",
        (method, amount, ctx.actor.uid, ctx.now_iso()),
    ).lastrowid
    assert match_id is not None
    store.conn.executemany("INSERT INTO bank_match_line (match, line) VALUES (?, ?)",
                           [(match_id, i) for i in line_ids])  # fmt: skip
    store.conn.executemany("INSERT INTO bank_match_entry (match, seq) VALUES (?, ?)",
                           [(match_id, s) for s in seqs])  # fmt: skip
    return match_id
