"""Till sessions: opened with a counted float, closed with a counted till and a chained Z.

Every operation at an exchange point belongs to its open session (``ledger.post`` refuses
one without). A difference between what is counted and what the journal expects needs a
recount and a comment, and is posted to cash differences (euros) or lost/found notes (units).
Once closed, a session never changes: SQLite triggers refuse it.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from caisse.domain import accounts as acc
from caisse.domain.counting import EUR_DENOMINATIONS, count_total
from caisse.domain.errors import NotFound, RuleViolation
from caisse.domain.journal import Line
from caisse.domain.money import EUR, Money
from caisse.domain.roles import Permission
from caisse.i18n import N_
from caisse.services import counters, personal, settings
from caisse.services.context import Context
from caisse.services.ledger import post
from caisse.store import closings, journal
from caisse.store.db import Store

#: a session open longer than this is flagged, and the counter page asks to close it
MAX_OPEN = timedelta(hours=24)


@dataclass(frozen=True)
class TillCount:
    """What a volunteer counted: pieces by denomination, and the cheques found in the till."""

    euros: dict[int, int] = field(default_factory=dict)  # EUR denomination (cents) -> pieces
    notes: dict[int, int] = field(default_factory=dict)  # unit denomination (cents) -> pieces
    cheques: tuple[int, ...] | None = None  # entry seq of each cheque ticked; None: not counted

    def as_json(self) -> dict[str, Any]:
        return {
            "euros": {str(d): n for d, n in sorted(self.euros.items(), reverse=True) if n},
            "notes": {str(d): n for d, n in sorted(self.notes.items(), reverse=True) if n},
            "cheques": None if self.cheques is None else sorted(self.cheques),
        }


@dataclass(frozen=True)
class Expected:
    """What the journal says the till holds."""

    cash: Money  # euros in the drawer: the fund's and the association's
    notes: Money  # unit notes in stock
    cheques: tuple[dict[str, Any], ...]  # cheques awaiting deposit, one dict each
    cards: Money  # card payments awaiting the bank's settlement

    @property
    def cheques_total(self) -> Money:
        return Money(sum(c["amount"] for c in self.cheques))


@dataclass(frozen=True)
class Differences:
    cash: int
    notes: int
    cheques_missing: tuple[dict[str, Any], ...]

    @property
    def any(self) -> bool:
        return bool(self.cash or self.notes or self.cheques_missing)


def current(store: Store, counter: str) -> dict[str, Any] | None:
    """The open session of an exchange point, with its opener's name."""
    return store.one(
        "SELECT s.*, u.name AS opened_by_name FROM till_session s "
        "LEFT JOIN user u ON u.uid = s.opened_by WHERE s.counter = ? AND s.closed_at IS NULL",
        (counter.strip().upper(),),
    )


def get(store: Store, uid: str) -> dict[str, Any]:
    select = (
        "SELECT s.*, u.name AS opened_by_name, c.name AS closed_by_name FROM till_session s "
        "LEFT JOIN user u ON u.uid = s.opened_by LEFT JOIN user c ON c.uid = s.closed_by "
    )
    row = store.one(select + "WHERE s.uid = ?", (uid,))
    counter, _, number = uid.strip().upper().rpartition("-")
    if row is None and counter and number.isdigit():  # a label, "C01-12": two indexed lookups
        row = store.one(select + "WHERE s.counter = ? AND s.number = ?", (counter, int(number)))
    if row is None:
        raise NotFound(N_('There is no till session "{session}".'), session=uid)
    return row


def label(row: dict[str, Any]) -> str:
    """How people name a session: ``C01-12``."""
    return f"{row['counter']}-{row['number']}"


def is_too_old(row: dict[str, Any], now: datetime) -> bool:
    return now - datetime.fromisoformat(row["opened_at"]) > MAX_OPEN


def expected(store: Store, counter: str) -> Expected:
    unit = settings.currency(store).code

    def balance(kind: str, commodity: str = EUR) -> int:
        return journal.balance(store, acc.counter_account(kind, counter), commodity)

    return Expected(
        cash=Money(balance(acc.TILL_FUND) + balance(acc.TILL_ASSOC)),
        notes=Money(balance(acc.STOCK, unit), unit),
        cheques=tuple(cheques_in_till(store, counter)),
        cards=Money(balance(acc.CARDS_FUND) + balance(acc.CARDS_ASSOC)),
    )


def session_totals(store: Store, session_uid: str) -> dict[str, dict[str, int]]:
    """Per operation of a session so far: entries, euros and units moved."""
    from caisse.services.zreport import totals

    return totals(store, "t.session = ?", (session_uid,))


def cheques_in_till(store: Store, counter: str) -> list[dict[str, Any]]:
    """Cheques received at the exchange point, neither deposited, corrected nor written off."""
    # driven by the postings to the counter's two cheque accounts (indexed), not by every entry
    # of the counter; the deposited and written-off cheques are gathered once, from the entries
    # that took money out of those accounts
    rows = store.rows(
        "SELECT t.seq, t.at, t.receipt, t.details, SUM(p.amount) AS amount "
        "FROM posting p CROSS JOIN txn t ON t.seq = p.txn_seq "
        "WHERE p.account IN (?1, ?2) AND p.amount > 0 AND t.counter = ?3 "
        "AND t.reverses IS NULL AND json_extract(t.details, '$.method') = 'cheque' "
        "AND NOT EXISTS (SELECT 1 FROM txn r WHERE r.reverses = t.seq) "
        "AND t.seq NOT IN (SELECT j.value FROM posting q CROSS JOIN txn d ON d.seq = q.txn_seq, "
        "  json_each(d.details, '$.cheques') j WHERE q.account IN (?1, ?2) AND q.amount < 0 "
        "  AND d.operation IN ('deposit', 'till_difference')) "
        "GROUP BY t.seq ORDER BY t.seq",
        (acc.counter_account(acc.CHEQUES_FUND, counter),
         acc.counter_account(acc.CHEQUES_ASSOC, counter), counter),
    )  # fmt: skip
    resolved = personal.resolve_all(store, [json.loads(row.pop("details")) for row in rows])
    for row, details in zip(rows, resolved, strict=True):
        row["number"] = details.get("cheque_number", "")
        row["bank"] = details.get("cheque_bank", "")
        row["drawer"] = details.get("cheque_drawer", "")
    return rows


def differences(store: Store, counter: str, count: TillCount) -> Differences:
    currency = settings.currency(store)
    exp = expected(store, counter)
    cash = count_total(count.euros, EUR_DENOMINATIONS) - exp.cash.cents
    notes = count_total(count.notes, currency.denominations) - exp.notes.cents
    missing: tuple[dict[str, Any], ...] = ()
    if count.cheques is not None:
        ticked = set(count.cheques)
        known = {c["seq"] for c in exp.cheques}
        if ticked - known:
            raise RuleViolation(N_("A cheque ticked is not in this till; count again."))
        missing = tuple(c for c in exp.cheques if c["seq"] not in ticked)
    return Differences(cash, notes, missing)


def open_session(
    ctx: Context, counter_code: str, count: TillCount, *, comment: str = "", recounted: bool = False
) -> dict[str, Any]:
    """Open the till with the float counted by denomination."""
    _require_counter_work(ctx)
    store = ctx.store
    with store.transaction():
        code = counters.get_active(store, counter_code)["code"]
        already = current(store, code)
        if already is not None:
            raise RuleViolation(
                N_("The till of {counter} is already open, since {since}, by {name}: work in "
                   "that session or close it first."),
                counter=code, since=_when(already["opened_at"]), name=already["opened_by_name"],
            )  # fmt: skip
        diff = differences(store, code, TillCount(count.euros, count.notes, None))
        _require_explained(store, diff, comment, recounted)
        number = (store.scalar("SELECT MAX(number) FROM till_session WHERE counter = ?",
                               (code,)) or 0) + 1  # fmt: skip
        uid = uuid.uuid4().hex
        opening = {**count.as_json(), "comment": comment.strip()}
        store.execute(
            "INSERT INTO till_session (uid, counter, number, opened_at, opened_by, opening_count) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (uid, code, number, ctx.now_iso(), ctx.actor.uid, json.dumps(opening)),
        )
        _post_differences(ctx, code, diff, comment, moment="opening")
    return get(store, uid)


def close_session(
    ctx: Context, counter_code: str, count: TillCount, *, comment: str = "", recounted: bool = False
) -> closings.Closing:
    """Close the till: compare the count with the journal, post any explained difference,
    freeze the session and write its Z, chained to the previous closing."""
    _require_counter_work(ctx)
    store = ctx.store
    if count.cheques is None:
        count = TillCount(count.euros, count.notes, ())
    with store.transaction():
        code = counters.get(store, counter_code)["code"]
        session = current(store, code)
        if session is None:
            raise RuleViolation(N_("The till of {counter} is not open."), counter=code)
        exp = expected(store, code)
        diff = differences(store, code, count)
        _require_explained(store, diff, comment, recounted)
        _post_differences(ctx, code, diff, comment, moment="closing")
        store.execute(
            "UPDATE till_session SET closed_at = ?, closed_by = ? WHERE uid = ?",
            (ctx.now_iso(), ctx.actor.uid, session["uid"]),
        )
        from caisse.services.zreport import session_report

        report = session_report(store, session["uid"], exp, count, diff, comment, recounted)
        last_seq, last_hash = journal.last_link(store)
        return closings.append(
            store,
            closings.Closing(
                seq=0, kind="session", counter=code, session=session["uid"], at=ctx.now_iso(),
                actor=ctx.actor.uid, last_txn=last_seq, last_hash=last_hash, report=report,
            ),
        )  # fmt: skip


def _require_counter_work(ctx: Context) -> None:
    ctx.require(Permission.EXCHANGE)


def _require_explained(store: Store, diff: Differences, comment: str, recounted: bool) -> None:
    if diff.any and not (recounted and comment.strip()):
        unit = settings.currency(store).code
        raise RuleViolation(
            N_("The count differs from what the till should hold (euros {cash}, notes {notes}, "
               "{cheques} cheque(s) missing): count again, then confirm with a comment."),
            cash=_signed(Money(diff.cash)), notes=_signed(Money(diff.notes, unit)),
            cheques=len(diff.cheques_missing),
        )  # fmt: skip


def _post_differences(
    ctx: Context, code: str, diff: Differences, comment: str, moment: str
) -> None:
    """A shortfall or a surplus is the association's: it moves its share of the till."""
    unit = settings.currency(ctx.store).code
    lines: list[Line] = []
    if diff.cash:
        lines += [Line(acc.counter_account(acc.TILL_ASSOC, code), EUR, diff.cash),
                  Line(acc.CASH_DIFFERENCES, EUR, -diff.cash)]  # fmt: skip
    if diff.notes:
        lines += [Line(acc.counter_account(acc.STOCK, code), unit, diff.notes),
                  Line(acc.LOST_FOUND_NOTES, unit, -diff.notes)]  # fmt: skip
    missing = diff.cheques_missing
    for cheque in missing:
        lines += [Line(acc.counter_account(acc.CHEQUES_ASSOC, code), EUR, -cheque["amount"]),
                  Line(acc.CASH_DIFFERENCES, EUR, cheque["amount"])]  # fmt: skip
    if not lines:
        return
    post(
        ctx, "till_difference", lines, counter=code, receipt=False, memo=comment.strip(),
        details={"moment": moment, "cash": diff.cash, "notes": diff.notes,
                 "cheques": [c["seq"] for c in missing]},
    )  # fmt: skip


def _signed(amount: Money) -> str:
    return ("+" if amount.cents > 0 else "") + amount.display()


def _when(iso: str) -> datetime:
    return datetime.fromisoformat(iso)
