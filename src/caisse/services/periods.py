"""Monthly and annual closings: a closed period's totals are written once, chained, and the
period is frozen (the journal refuses an entry dated in it; corrections are dated now).

Months close in order, from the month of the journal's first entry, once they have ended and no
till session opened in them is still open. A year closes once its months are closed up to
December (the months with activity, when the journal started during the year) and the year
before it, if it had any, is closed: it sums its months and carries the balances at its end
forward, which is where the next year's perpetual totals start from.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date

from babel.dates import format_date, format_skeleton

from caisse import i18n
from caisse.domain.errors import InputError, RuleViolation
from caisse.domain.journal import GENESIS_HASH
from caisse.domain.roles import Permission
from caisse.i18n import N_
from caisse.services.context import Context
from caisse.store import period_closings
from caisse.store.db import Store
from caisse.store.period_closings import Balances, PeriodClosing, Totals, next_day

MONTH = "month"
YEAR = "year"


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The first and last days of a month; a month outside 1-12 is refused."""
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        raise InputError(
            N_("{year}-{month} is not a month: give a year and a month from 1 to 12."),
            year=year,
            month=month,
        )
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def label(kind: str, start: date | str) -> str:
    """``October 2026`` or ``2026``, in the current language."""
    day = date.fromisoformat(start) if isinstance(start, str) else start
    if kind == YEAR:
        return str(day.year)
    return format_skeleton("yMMMM", day, locale=i18n.locale())


def _day(day: date | str) -> str:
    value = date.fromisoformat(day) if isinstance(day, str) else day
    return format_date(value, format="long", locale=i18n.locale())


def closings(store: Store) -> list[PeriodClosing]:
    """Every period closing, in the order they were made."""
    return list(period_closings.all_closings(store))


def closed_until(store: Store) -> date | None:
    """The last day of the last closed period: no entry may be dated on or before it."""
    value = period_closings.closed_until(store)
    return None if value is None else date.fromisoformat(value)


def next_month(store: Store) -> tuple[int, int] | None:
    """The month to close next (year, month), or None when the journal is empty."""
    previous = period_closings.last(store, MONTH)
    if previous is not None:
        after = date.fromisoformat(next_day(previous.period_end))
        return after.year, after.month
    first = store.scalar("SELECT MIN(at) FROM txn")
    if first is None:
        return None
    return int(first[:4]), int(first[5:7])


def close_month(ctx: Context, year: int, month: int) -> PeriodClosing:
    """Close a month: its totals, the perpetual totals and balances at its end, the hash of the
    last entry dated in it, chained to the previous closing. Nothing is written on refusal."""
    ctx.require(Permission.CLOSE_PERIODS)
    start, end = month_bounds(year, month)
    store = ctx.store
    with store.transaction():
        if period_closings.find(store, MONTH, start.isoformat()) is not None:
            raise RuleViolation(N_("{period} is already closed."), period=label(MONTH, start))
        _require_ended(ctx, MONTH, start, end)
        _require_in_order(store, start)
        _require_tills_closed(store, start, end)
        previous = period_closings.last(store, MONTH)
        period = _movements(store, start.isoformat(), next_day(end.isoformat()))
        perpetual = _added(previous.perpetual_totals if previous else {}, period)
        entries = store.scalar(
            "SELECT COUNT(*) FROM txn WHERE at >= ? AND at < ?",
            (start.isoformat(), next_day(end.isoformat())),
        )
        last_txn, last_hash = _last_entry(store, start.isoformat(), end.isoformat(), previous)
        return period_closings.append(
            store,
            PeriodClosing(
                seq=0, kind=MONTH, period_start=start.isoformat(), period_end=end.isoformat(),
                entries=entries, last_txn=last_txn, last_hash=last_hash, period_totals=period,
                perpetual_totals=perpetual, balances=_balances(perpetual),
                created_at=ctx.now_iso(), actor=ctx.actor.uid,
            ),
        )  # fmt: skip


def close_year(ctx: Context, year: int) -> PeriodClosing:
    """Close a year whose months are closed: the sum of its months, the perpetual totals and
    the balances at its end, carried forward. Nothing is written on refusal."""
    ctx.require(Permission.CLOSE_PERIODS)
    start, _ = month_bounds(year, 1)
    end = date(year, 12, 31)
    store = ctx.store
    with store.transaction():
        if period_closings.find(store, YEAR, start.isoformat()) is not None:
            raise RuleViolation(N_("The year {period} is already closed."), period=year)
        _require_ended(ctx, YEAR, start, end)
        months = period_closings.in_range(
            store, MONTH, start.isoformat(), date(year, 12, 1).isoformat()
        )
        if not months or months[-1].period_end != end.isoformat():
            following = next_month(store)
            raise RuleViolation(
                N_(
                    "The year {period} closes once its months are closed up to December: "
                    "close {month} first."
                ),
                period=year,
                month=label(MONTH, date(*following, 1)) if following else label(MONTH, end),
            )
        had_months = period_closings.in_range(
            store, MONTH, date(year - 1, 1, 1).isoformat(), date(year - 1, 12, 1).isoformat()
        )
        if (
            had_months
            and period_closings.find(store, YEAR, date(year - 1, 1, 1).isoformat()) is None
        ):
            raise RuleViolation(
                N_("Years close in order: close {previous} first."), previous=year - 1
            )
        december = months[-1]
        period: Totals = {}
        for closed in months:
            period = _added(period, closed.period_totals)
        return period_closings.append(
            store,
            PeriodClosing(
                seq=0, kind=YEAR, period_start=start.isoformat(), period_end=end.isoformat(),
                entries=sum(m.entries for m in months), last_txn=december.last_txn,
                last_hash=december.last_hash, period_totals=period,
                perpetual_totals=december.perpetual_totals, balances=december.balances,
                created_at=ctx.now_iso(), actor=ctx.actor.uid,
            ),
        )  # fmt: skip


def _require_ended(ctx: Context, kind: str, start: date, end: date) -> None:
    if ctx.today() <= end:
        raise RuleViolation(
            N_("{period} has not ended yet: it can be closed from {day}."),
            period=label(kind, start),
            day=_day(next_day(end.isoformat())),
        )


def _require_in_order(store: Store, start: date) -> None:
    expected = next_month(store)
    if expected is None:
        raise RuleViolation(N_("The journal is empty: there is no month to close yet."))
    first = date(*expected, 1)
    if start == first:
        return
    if start > first:
        raise RuleViolation(
            N_("Months close in order: close {first} before {period}."),
            first=label(MONTH, first),
            period=label(MONTH, start),
        )
    began = str(store.scalar("SELECT MIN(at) FROM txn"))
    journal_start = date(int(began[:4]), int(began[5:7]), 1)
    if start < journal_start:
        raise RuleViolation(
            N_("The journal starts in {first}: there is nothing to close before it."),
            first=label(MONTH, journal_start),
        )
    raise RuleViolation(N_("{period} is already closed."), period=label(MONTH, start))


def _require_tills_closed(store: Store, start: date, end: date) -> None:
    open_tills = store.rows(
        "SELECT counter, opened_at FROM till_session WHERE closed_at IS NULL AND opened_at < ? "
        "ORDER BY counter",
        (next_day(end.isoformat()),),
    )
    if open_tills:
        raise RuleViolation(
            N_(
                "The till of {counters} is still open since {since}: close it (count the till) "
                "before closing {period}."
            ),
            counters=", ".join(row["counter"] for row in open_tills),
            since=_day(open_tills[0]["opened_at"][:10]),
            period=label(MONTH, start),
        )


def _movements(store: Store, from_day: str, before_day: str) -> Totals:
    """Debits and credits per account and commodity of the entries dated in a period."""
    totals: Totals = defaultdict(dict)
    for account, commodity, debit, credit in store.execute(
        "SELECT p.account, p.commodity, "
        "SUM(CASE WHEN p.amount > 0 THEN p.amount ELSE 0 END), "
        "SUM(CASE WHEN p.amount < 0 THEN -p.amount ELSE 0 END) "
        "FROM txn t JOIN posting p ON p.txn_seq = t.seq WHERE t.at >= ? AND t.at < ? "
        "GROUP BY p.account, p.commodity ORDER BY p.account, p.commodity",
        (from_day, before_day),
    ):
        totals[account][commodity] = {"debit": debit, "credit": credit}
    return dict(totals)


def _added(base: Totals, more: Totals) -> Totals:
    result: Totals = {a: {c: dict(f) for c, f in by.items()} for a, by in base.items()}
    for account, by_commodity in more.items():
        for commodity, figures in by_commodity.items():
            into = result.setdefault(account, {}).setdefault(commodity, {"debit": 0, "credit": 0})
            into["debit"] += figures["debit"]
            into["credit"] += figures["credit"]
    return {a: dict(sorted(by.items())) for a, by in sorted(result.items())}


def _balances(perpetual: Totals) -> Balances:
    """Debit minus credit per account and commodity, the accounts left at zero omitted."""
    result: Balances = {}
    for account, by_commodity in perpetual.items():
        for commodity, figures in by_commodity.items():
            if figures["debit"] != figures["credit"]:
                result.setdefault(account, {})[commodity] = figures["debit"] - figures["credit"]
    return result


def _last_entry(
    store: Store, start: str, end: str, previous: PeriodClosing | None
) -> tuple[int, str]:
    """The last entry of the chain dated on or before ``end``: the last one dated in the month
    (read through the index on the date, not by walking back from the end of the journal), or
    the previous closing's, since nothing dated before the month can be written after it. The
    first month closed is the journal's first, with nothing dated before it."""
    in_month = store.scalar(
        "SELECT MAX(seq) FROM txn INDEXED BY txn_at WHERE at >= ? AND at < ?",
        (start, next_day(end)),
    )
    seq = max(int(in_month or 0), previous.last_txn if previous else 0)
    if seq == 0:
        return 0, GENESIS_HASH
    return seq, str(store.scalar("SELECT hash FROM txn WHERE seq = ?", (seq,)))
