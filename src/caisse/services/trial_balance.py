"""The trial balance: per account and commodity, the debits, the credits and the balance, now or
at the end of a given day, with the totals of each commodity (which must come to zero).

Now, the figures are read off the running balances, which keep each account's debits and credits
as entries are written (schema 11). At the end of a day, a long journal is not summed from its
first entry: the last period closing on or before the day holds the perpetual debits and credits
at its end (``store/period_closings.py``), so only the entries dated after it are added. Without
a closing, the entries are summed from the start.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from caisse.domain.money import EUR
from caisse.i18n import N_, _
from caisse.store import period_closings
from caisse.store.db import Store

#: the kinds of account, as the chart names them, in the order a trial balance lists them
KINDS = {
    "asset": N_("asset"),
    "liability": N_("liability"),
    "income": N_("income"),
    "expense": N_("expense"),
    "memo": N_("notes (off balance sheet)"),
}


@dataclass(frozen=True)
class Row:
    account: str  # the stable key written in the journal
    number: str  # the PCG number, as the administrator maps it
    name: str  # translated
    kind: str
    commodity: str
    debit: int  # cents
    credit: int

    @property
    def balance(self) -> int:
        """Debit minus credit: positive for a debit balance."""
        return self.debit - self.credit

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "balance": self.balance}


@dataclass(frozen=True)
class Total:
    commodity: str
    debit: int
    credit: int

    @property
    def balance(self) -> int:
        return self.debit - self.credit

    @property
    def balanced(self) -> bool:
        return self.debit == self.credit

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "balance": self.balance, "balanced": self.balanced}


@dataclass(frozen=True)
class TrialBalance:
    day: date | None  # None: now, every entry written so far
    rows: tuple[Row, ...]  # accounts with a movement, by commodity (euros first), then number
    totals: tuple[Total, ...]  # one per commodity, in the rows' order
    closing: period_closings.PeriodClosing | None  # the closing the figures start from
    entries_after: int  # entries added to the closing's figures (all of them without one)

    @property
    def balanced(self) -> bool:
        return all(total.balanced for total in self.totals)

    def balances(self) -> dict[tuple[str, str], int]:
        """Balance per (account, commodity), the accounts at zero left out."""
        return {(r.account, r.commodity): r.balance for r in self.rows if r.balance}

    def as_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat() if self.day else None,
            "balanced": self.balanced,
            "from_closing": None
            if self.closing is None
            else {
                "seq": self.closing.seq,
                "kind": self.closing.kind,
                "period_start": self.closing.period_start,
                "period_end": self.closing.period_end,
            },
            "entries_after": self.entries_after,
            "rows": [row.as_dict() for row in self.rows],
            "totals": [total.as_dict() for total in self.totals],
        }


def trial_balance(store: Store, day: date | None = None) -> TrialBalance:
    """The trial balance now, or at the end of ``day`` (entries dated on it included)."""
    figures: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    if day is None:
        for account, commodity, debit, credit in store.conn.execute(
            "SELECT account, commodity, debit, credit FROM balance"
        ):
            figures[(account, commodity)] = [debit, credit]
        entries = int(store.scalar("SELECT COUNT(*) FROM txn"))
        return _assembled(store, day, figures, None, entries)
    before = (day + timedelta(days=1)).isoformat()
    closing = _last_closing(store, day)
    after = None
    if closing is not None:
        after = (date.fromisoformat(closing.period_end) + timedelta(days=1)).isoformat()
        for account, by_commodity in closing.perpetual_totals.items():
            for commodity, amounts in by_commodity.items():
                figures[(account, commodity)] = [amounts["debit"], amounts["credit"]]
    for account, commodity, debit, credit in _movements(store, after, before):
        into = figures[(account, commodity)]
        into[0] += debit
        into[1] += credit
    return _assembled(store, day, figures, closing, _count(store, after, before))


def _assembled(
    store: Store,
    day: date | None,
    figures: dict[tuple[str, str], list[int]],
    closing: period_closings.PeriodClosing | None,
    entries_after: int,
) -> TrialBalance:
    chart = {
        row["key"]: row for row in store.rows("SELECT key, name, pcg, kind, counter FROM account")
    }
    rows = []
    for (account, commodity), (debit, credit) in figures.items():
        if not debit and not credit:
            continue
        found = chart.get(account)
        rows.append(
            Row(
                account=account,
                number=found["pcg"] if found else "",
                name=_(found["name"]).format(counter=found["counter"] or "") if found else account,
                kind=found["kind"] if found else "",
                commodity=commodity,
                debit=debit,
                credit=credit,
            )
        )
    rows.sort(key=lambda r: (r.commodity != EUR, r.commodity, r.number, r.account))
    totals: dict[str, list[int]] = {}
    for row in rows:
        total = totals.setdefault(row.commodity, [0, 0])
        total[0] += row.debit
        total[1] += row.credit
    return TrialBalance(
        day=day,
        rows=tuple(rows),
        totals=tuple(Total(c, d, k) for c, (d, k) in totals.items()),
        closing=closing,
        entries_after=entries_after,
    )


def _last_closing(store: Store, day: date) -> period_closings.PeriodClosing | None:
    """The period closing that ends last on or before ``day``."""
    row = store.conn.execute(
        "SELECT kind, period_start FROM period_closing WHERE period_end <= ? "
        "ORDER BY period_end DESC, kind = 'year' DESC LIMIT 1",
        (day.isoformat(),),
    ).fetchone()
    return None if row is None else period_closings.find(store, row[0], row[1])


def _movements(store: Store, after: str | None, before: str) -> list[tuple[str, str, int, int]]:
    """(account, commodity, debits, credits) of the entries dated from ``after`` (a day; None:
    from the first entry) and before ``before``."""
    sums = (
        "SELECT p.account, p.commodity, "
        "SUM(CASE WHEN p.amount > 0 THEN p.amount ELSE 0 END), "
        "SUM(CASE WHEN p.amount < 0 THEN -p.amount ELSE 0 END) "
    )
    return store.conn.execute(
        sums + "FROM txn t JOIN posting p ON p.txn_seq = t.seq "
        "WHERE t.at >= ? AND t.at < ? GROUP BY p.account, p.commodity",
        (after or "", before or "\uffff"),
    ).fetchall()


def _count(store: Store, after: str | None, before: str | None) -> int:
    return int(
        store.scalar(
            "SELECT COUNT(*) FROM txn WHERE at >= ? AND at < ?", (after or "", before or "\uffff")
        )
    )
