"""The guarantee fund's bank statement: imported from the bank's CSV, and its lines matched to
the journal entries that moved the guarantee bank account (the reconciliation that follows is
read in ``bank_reading``, whose functions are reached from here too).

Statement lines are not journal entries: importing or matching never writes to the journal.
A journal entry's amount here is what it moved on ``guarantee_bank`` (+ credited to the
account, as on the statement). The slip number of a deposit (and of a bank difference), the
transfer reference of a partner's payment, a surplus transfer or a funder's payment are read in
the entry's details, and looked for in the statement's labels.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from caisse.domain.errors import InputError, NotFound, RuleViolation
from caisse.domain.money import Money
from caisse.domain.roles import Permission
from caisse.domain.text import fold
from caisse.i18n import N_
from caisse.services import events
from caisse.services.bank_csv import Statement, StatementLine, read_statement
from caisse.services.bank_reading import (
    UNMATCHED_LINE,
    Entry,
    Summary,
    awaiting,
    candidates,
    entries,
    lines,
    matched_seqs,
    summary,
)
from caisse.services.context import Context

#: a line and an entry of the same amount, with no reference in common, match automatically
#: only when no more than this many days apart and each is the other's only candidate
DAYS_APART = 4
#: shorter references are too common to be looked for in a label
MIN_REFERENCE = 3

__all__ = [
    "ImportResult", "Summary", "auto_match", "awaiting", "candidates", "entries",
    "fingerprints", "import_statement", "lines", "match", "reference_pattern", "summary",
    "unmatch",
]  # fmt: skip


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
    unmatched = store.scalar(f"SELECT COUNT(*) FROM bank_line l WHERE {UNMATCHED_LINE}")
    return ImportResult(file_name, statement.layout, len(statement.lines), len(known),
                        len(fresh), matched, unmatched, None if dry_run else statement_id,
                        dry_run)  # fmt: skip


# --- matching ---------------------------------------------------------------------------------


def auto_match(ctx: Context) -> int:
    """Match what can be matched automatically; the number of lines matched."""
    ctx.require(Permission.RECONCILE_BANK)
    with ctx.store.transaction():
        return _auto_match(ctx)


def _compact(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


def reference_pattern(compact: str) -> re.Pattern[str]:
    """A reference as a label may write it: "BD-1002" is found in "REM ESP BD 1002" and
    "BD1002", not in "BD-10021"; the text searched is folded (no accents, lower case)."""
    body = r"[\W_]*".join(re.escape(ch) for ch in compact)
    return re.compile(rf"(?<![^\W_]){body}(?![^\W_])")


def _auto_match(ctx: Context) -> int:
    """By reference first: a line whose label (or reference) holds an entry's slip number or
    transfer reference, for the same amount; or for the sum of the entries bearing that
    reference (a deposit and its bank difference). Then by amount and date, when the line and
    the entry are each other's only candidate. A line whose match was undone is left to the
    treasurer. Entries are looked up by amount, so a year's statement matches in moments."""
    store = ctx.store
    open_lines = store.rows(
        f"SELECT l.id, l.booked_on, l.label, l.reference, l.amount FROM bank_line l "
        f"WHERE {UNMATCHED_LINE} AND NOT EXISTS (SELECT 1 FROM bank_match_line u "
        f"WHERE u.line = l.id AND u.undone = 1) ORDER BY l.booked_on, l.id"
    )
    already = matched_seqs(store)
    open_entries = [e for e in entries(store) if e.seq not in already]
    keys = {e.seq: [k for k in map(_compact, e.references) if len(k) >= MIN_REFERENCE]
            for e in open_entries}  # fmt: skip
    patterns = {k: reference_pattern(k) for ks in keys.values() for k in ks}
    by_amount: dict[int, list[Entry]] = defaultdict(list)
    by_key: dict[str, list[Entry]] = defaultdict(list)
    for e in open_entries:
        by_amount[e.amount].append(e)
        for k in set(keys[e.seq]):
            by_key[k].append(e)
    groups_by_sum: dict[int, list[str]] = defaultdict(list)
    for k, group in by_key.items():
        if len(group) > 1:
            groups_by_sum[sum(e.amount for e in group)].append(k)
    taken: set[int] = set()
    done: set[int] = set()

    def take(line: dict[str, Any], chosen: list[Entry]) -> None:
        _record(ctx, "auto", [line["id"]], [e.seq for e in chosen])
        taken.update(e.seq for e in chosen)
        done.add(line["id"])

    for line in open_lines:
        text = fold(f"{line['label']} {line['reference']}")

        def named(k: str, text: str = text) -> bool:
            return patterns[k].search(text) is not None

        same = [e for e in by_amount.get(line["amount"], ())
                if e.seq not in taken and any(named(k) for k in keys[e.seq])]  # fmt: skip
        if len(same) == 1:
            take(line, same)
            continue
        for k in groups_by_sum.get(line["amount"], ()):
            group = by_key[k]
            if not any(e.seq in taken for e in group) and named(k):
                take(line, group)
                break

    def near(line: dict[str, Any], e: Entry) -> bool:
        gap = abs((e.day - date.fromisoformat(line["booked_on"])).days)
        return gap <= DAYS_APART

    rest: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for line in open_lines:
        if line["id"] not in done:
            rest[line["amount"]].append(line)
    for amount, lines_of_amount in rest.items():
        for line in lines_of_amount:
            found = [e for e in by_amount.get(amount, ())
                     if e.seq not in taken and near(line, e)]  # fmt: skip
            if len(found) != 1:
                continue
            rivals = [o for o in lines_of_amount if o["id"] not in done and near(o, found[0])]
            if len(rivals) == 1:
                take(line, found)
    return len(done)


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
            f"SELECT l.id, l.amount, {UNMATCHED_LINE} AS free FROM bank_line l "
            f"WHERE l.id IN ({marks})", line_ids)}  # fmt: skip
        for line_id in line_ids:
            if line_id not in rows:
                raise NotFound(N_("There is no statement line {line}."), line=line_id)
            if not rows[line_id]["free"]:
                raise RuleViolation(N_("Statement line {line} is already matched: unmatch it "
                                       "first."), line=line_id)  # fmt: skip
        amounts = {e.seq: e.amount for e in entries(store)}
        matched = matched_seqs(store)
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
