"""Writing and reading the hash-chained journal, and proving it whole."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from caisse.domain.errors import RuleViolation
from caisse.domain.journal import GENESIS_HASH, Entry, Line
from caisse.i18n import N_
from caisse.store.db import Store

APPEND_ONLY_TRIGGERS = (
    "txn_is_gapless",
    "txn_session_is_open",
    "till_session_closed_is_final",
    "closing_is_gapless",
    "closing_no_update",
    "closing_no_delete",
    "txn_no_update",
    "txn_no_delete",
    "posting_only_on_last",
    "posting_no_update",
    "posting_no_delete",
    "posting_updates_balance",
    "period_closing_is_gapless",
    "period_closing_no_update",
    "period_closing_no_delete",
    "txn_not_in_closed_period",
)


@dataclass(frozen=True)
class Written:
    seq: int
    hash: str
    receipt: str | None
    at: str


def last_link(store: Store) -> tuple[int, str]:
    row = store.conn.execute("SELECT seq, hash FROM txn ORDER BY seq DESC LIMIT 1").fetchone()
    return (0, GENESIS_HASH) if row is None else (row[0], row[1])


def append(store: Store, entry: Entry) -> Written:
    """Write one balanced entry at the end of the chain. Call inside ``store.transaction()``."""
    if not store.conn.in_transaction:
        raise RuntimeError("journal.append must run inside a transaction")
    entry.check_balanced()
    _refuse_closed_period(store, entry)
    unknown = _unknown_accounts(store, entry)
    if unknown:
        raise RuleViolation(
            N_("Unknown account(s) in the entry: {accounts}."), accounts=", ".join(unknown)
        )
    last_seq, prev_hash = last_link(store)
    seq = last_seq + 1
    digest = entry.chain_hash(seq, prev_hash)
    store.execute(
        "INSERT INTO txn (seq, at, actor, counter, operation, member, receipt, reverses, memo, "
        "details, session, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            seq,
            entry.at,
            entry.actor,
            entry.counter,
            entry.operation,
            entry.member,
            entry.receipt,
            entry.reverses,
            entry.memo,
            json.dumps(entry.details, sort_keys=True, ensure_ascii=False),
            entry.session,
            prev_hash,
            digest,
        ),
    )
    store.conn.executemany(
        "INSERT INTO posting (txn_seq, line, account, commodity, amount) VALUES (?, ?, ?, ?, ?)",
        [(seq, i, ln.account, ln.commodity, ln.amount) for i, ln in enumerate(entry.lines, 1)],
    )
    return Written(seq, digest, entry.receipt, entry.at)


def _refuse_closed_period(store: Store, entry: Entry) -> None:
    """Say in the user's words what the trigger ``txn_not_in_closed_period`` would refuse."""
    closed_until = store.scalar("SELECT MAX(period_end) FROM period_closing")
    if closed_until is not None and entry.at[:10] <= closed_until:
        raise RuleViolation(
            N_(
                "The entry is dated {day}, in a period closed up to {closed}: a closed period "
                "never changes. Record it, or its correction, with today's date."
            ),
            day=entry.at[:10],
            closed=closed_until,
        )


def _unknown_accounts(store: Store, entry: Entry) -> list[str]:
    keys = sorted({ln.account for ln in entry.lines})
    marks = ",".join("?" * len(keys))
    known = {r[0] for r in store.execute(f"SELECT key FROM account WHERE key IN ({marks})", keys)}
    return [k for k in keys if k not in known]


def entries(
    store: Store, start: int = 1, stop: int | None = None
) -> Iterator[tuple[int, Entry, str, str]]:
    """(seq, entry, prev_hash, hash) in order from ``start`` up to ``stop`` (included; None:
    the end), read in pages so a long journal streams."""
    page = 5000
    seq = start
    end = -1 if stop is None else stop
    while True:
        txns = store.conn.execute(
            "SELECT seq, at, actor, counter, operation, member, receipt, reverses, memo, "
            "details, prev_hash, hash, session FROM txn WHERE seq >= ? AND (? < 0 OR seq <= ?) "
            "ORDER BY seq LIMIT ?",
            (seq, end, end, page),
        ).fetchall()
        if not txns:
            return
        first, last = txns[0][0], txns[-1][0]
        lines: dict[int, list[Line]] = defaultdict(list)
        # the same line recurs often (an exchange of 20 euros at a counter): a line is
        # immutable, so one object serves them all within the page (a line whose amount is
        # not an integer is never shared: making it raises, as it must)
        made: dict[tuple[str, str, int], Line] = {}
        for txn_seq, account, commodity, amount in store.conn.execute(
            "SELECT txn_seq, account, commodity, amount FROM posting "
            "WHERE txn_seq BETWEEN ? AND ? ORDER BY txn_seq, line",
            (first, last),
        ):
            key = (account, commodity, amount)
            line = made.get(key) if type(amount) is int else None
            if line is None:
                line = made[key] = Line(account, commodity, amount)
            lines[txn_seq].append(line)
        for row in txns:
            entry = Entry(
                at=row[1],
                actor=row[2],
                counter=row[3],
                operation=row[4],
                member=row[5],
                receipt=row[6],
                reverses=row[7],
                memo=row[8],
                details=json.loads(row[9]),
                lines=tuple(lines.get(row[0], ())),
                session=row[12],
            )
            yield row[0], entry, row[10], row[11]
        seq = last + 1


def entry(store: Store, seq: int) -> Entry | None:
    for found_seq, found, _, _ in entries(store, seq):
        return found if found_seq == seq else None
    return None


def balances(store: Store) -> dict[tuple[str, str], int]:
    """Balances per (account, commodity) as kept by the trigger."""
    return {
        (row[0], row[1]): row[2]
        for row in store.execute("SELECT account, commodity, amount FROM balance")
    }


def balance(store: Store, account: str, commodity: str) -> int:
    value = store.scalar(
        "SELECT amount FROM balance WHERE account = ? AND commodity = ?", (account, commodity)
    )
    return value or 0


@dataclass(frozen=True)
class Problem:
    """What verification found wrong, with the first entry it concerns (0: not an entry)."""

    seq: int
    message: str  # English source with placeholders
    values: dict[str, object]


@dataclass(frozen=True)
class Report:
    entries: int
    last_hash: str
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(store: Store) -> Report:
    """Walk the chain and the balances; stop the chain walk at the first broken entry."""
    problems: list[Problem] = []
    present = {r[0] for r in store.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    missing = [t for t in APPEND_ONLY_TRIGGERS if t not in present]
    if missing:
        problems.append(
            Problem(
                0, N_("Protection triggers are missing: {names}."), {"names": ", ".join(missing)}
            )
        )
    before_walk = len(problems)
    prev_hash = GENESIS_HASH
    expected_seq = 1
    count = 0
    totals: dict[tuple[str, str], int] = defaultdict(int)
    moved: dict[tuple[str, str, bool], int] = defaultdict(int)  # debits (True) and credits
    for seq, found, stored_prev, stored_hash in entries(store):
        count += 1
        if seq != expected_seq:
            problems.append(
                Problem(
                    expected_seq,
                    N_("Entry {seq} is missing from the journal."),
                    {"seq": expected_seq},
                )
            )
            break
        if stored_prev != prev_hash:
            problems.append(
                Problem(
                    seq,
                    N_("Entry {seq} does not follow the entry before it (previous hash differs)."),
                    {"seq": seq},
                )
            )
            break
        if found.chain_hash(seq, prev_hash) != stored_hash:
            problems.append(
                Problem(
                    seq,
                    N_(
                        "Entry {seq} was altered after it was written "
                        "(its hash does not match its content)."
                    ),
                    {"seq": seq},
                )
            )
            break
        try:
            found.check_balanced()
        except RuleViolation as exc:
            problems.append(
                Problem(
                    seq,
                    N_("Entry {seq} does not balance: {detail}"),
                    {"seq": seq, "detail": str(exc)},
                )
            )
            break
        for ln in found.lines:
            totals[(ln.account, ln.commodity)] += ln.amount
            moved[(ln.account, ln.commodity, ln.amount > 0)] += abs(ln.amount)
        prev_hash = stored_hash
        expected_seq += 1
    chain_whole = len(problems) == before_walk
    from caisse.store import closings, period_closings

    problems.extend(closings.verify(store))
    problems.extend(period_closings.verify(store))
    if chain_whole:
        kept = {k: v for k, v in balances(store).items() if v}
        computed = {k: v for k, v in totals.items() if v}
        for key in sorted(set(kept) | set(computed)):
            if kept.get(key, 0) != computed.get(key, 0):
                problems.append(
                    Problem(
                        0,
                        N_(
                            "The balance of account {account} ({commodity}) is {kept} but its "
                            "entries add up to {computed}."
                        ),
                        {
                            "account": key[0],
                            "commodity": key[1],
                            "kept": kept.get(key, 0),
                            "computed": computed.get(key, 0),
                        },
                    )
                )
                break
        problems.extend(_kept_movements(store, moved))
    return Report(count, prev_hash, tuple(problems))


def _kept_movements(store: Store, moved: dict[tuple[str, str, bool], int]) -> list[Problem]:
    """The debits and credits the running balances keep, against the entries' own."""
    for account, commodity, debit, credit in store.execute(
        "SELECT account, commodity, debit, credit FROM balance ORDER BY account, commodity"
    ):
        for kept, is_debit in ((debit, True), (credit, False)):
            computed = moved.get((account, commodity, is_debit), 0)
            if kept != computed:
                message = (
                    N_("The debits of account {account} ({commodity}) are kept as {kept} but "
                       "its entries add up to {computed}.") if is_debit else
                    N_("The credits of account {account} ({commodity}) are kept as {kept} but "
                       "its entries add up to {computed}.")
                )  # fmt: skip
                values = {"account": account, "commodity": commodity, "kept": kept,
                          "computed": computed}  # fmt: skip
                return [Problem(0, message, values)]
    return []
