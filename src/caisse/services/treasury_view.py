"""What the treasury page shows, read-only: the coverage of the guarantee fund and its parts,
the notes held in the vault and at each counter, what is owed to partners, and the months'
circulation, exchanges, reconversions and voucher redemptions."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from caisse.domain import accounts as acc
from caisse.domain.money import EUR, Money
from caisse.services import counters, partners, settings, status, vault
from caisse.store.db import Store


@dataclass(frozen=True)
class CounterHolding:
    """The guarantee fund's euros at one exchange point, awaiting the bank."""

    code: str
    name: str
    cash: Money  # the fund's cash in the till
    cheques: Money  # the fund's cheques to deposit
    cards: Money  # card payments for exchanges awaiting the bank's settlement

    @property
    def total(self) -> Money:
        return self.cash + self.cheques + self.cards


@dataclass(frozen=True)
class CoverageParts:
    """The coverage figure and every part of it, exact: the circulation and the vouchers are
    converted at parity as fractions of a cent when the parity is not 1."""

    coverage: status.Coverage
    counters: tuple[CounterHolding, ...]
    parity: Fraction

    @property
    def guarantee_bank(self) -> Money:
        return self.coverage.guarantee_bank

    @property
    def held(self) -> Money:
        return self.coverage.held

    @property
    def circulation_eur(self) -> Fraction:
        """Euro cents the notes in circulation call for."""
        return Fraction(self.coverage.circulation.cents) * self.parity

    @property
    def vouchers_eur(self) -> Fraction:
        """Euro cents the vouchers outstanding call for."""
        return Fraction(self.coverage.vouchers.cents) * self.parity

    @property
    def owed_to_partners(self) -> Money:
        return self.coverage.owed_to_partners

    @property
    def required(self) -> Fraction:
        return self.coverage.required

    @property
    def difference(self) -> Fraction:
        return self.coverage.difference

    @property
    def covered(self) -> bool:
        return self.coverage.covered


def coverage_parts(store: Store) -> CoverageParts:
    """The coverage with the euros each exchange point holds for the fund: every active point,
    and a closed one still holding some (so the parts always add up to the whole)."""
    cov = status.coverage(store)
    holdings = []
    for row in counters.list_counters(store):
        figures = status.counter_figures(store, row["code"])
        holding = CounterHolding(
            row["code"],
            row["name"],
            figures["till_fund"],
            figures["cheques_fund"],
            figures["cards_fund"],
        )
        if row["active"] or holding.cash or holding.cheques or holding.cards:
            holdings.append(holding)
    return CoverageParts(cov, tuple(holdings), settings.currency(store).parity)


@dataclass(frozen=True)
class CounterStock:
    """Notes at one exchange point. The journal knows amounts only: the denominations are those
    of the point's last till count (opening or closing), as counted then."""

    code: str
    name: str
    stock: Money  # notes in stock, by the journal, now
    returned: Money  # notes handed back by partners, awaiting their return to the vault
    counted_at: str | None  # when the last count was made; None: never counted
    counted_at_closing: bool  # the last count closed a session (else it opened one)
    notes: dict[int, int]  # denomination (cents) -> pieces at that count

    @property
    def counted(self) -> Money:
        return Money(sum(d * n for d, n in self.notes.items()), self.stock.commodity)


@dataclass(frozen=True)
class NoteStock:
    vault: Money  # notes not issued, by the journal, now
    counters: tuple[CounterStock, ...]
    circulation: Money
    denominations: tuple[int, ...]
    vault_counted_at: str | None = None  # the vault's last count; None: never counted
    vault_notes: dict[int, int] = field(default_factory=dict)  # denomination -> notes counted

    @property
    def vault_counted(self) -> Money:
        return Money(sum(d * n for d, n in self.vault_notes.items()), self.vault.commodity)

    @property
    def at_counters(self) -> Money:
        return sum((c.stock + c.returned for c in self.counters), Money(0, self.vault.commodity))


def note_stock(store: Store) -> NoteStock:
    currency = settings.currency(store)
    unit = currency.code
    balances = {
        (row["account"], row["commodity"]): row["amount"]
        for row in store.rows("SELECT account, commodity, amount FROM balance")
    }

    def units(account: str) -> Money:
        return Money(balances.get((account, unit), 0), unit)

    last_counts = _last_counts(store)
    stocks = []
    for row in counters.list_counters(store):
        code = row["code"]
        stock = units(acc.counter_account(acc.STOCK, code))
        returned = units(acc.counter_account(acc.RETURNED, code))
        at, closing, notes = last_counts.get(code, (None, False, {}))
        if row["active"] or stock or returned:
            stocks.append(CounterStock(code, row["name"], stock, returned, at, closing, notes))
    count = vault.last_count(store)
    return NoteStock(
        units(acc.VAULT), tuple(stocks), units(acc.CIRCULATION), currency.denominations,
        count.at if count else None, count.notes if count else {},
    )  # fmt: skip


def _last_counts(store: Store) -> dict[str, tuple[str, bool, dict[int, int]]]:
    """Each point's last count: the opening count of its open session, else the closing count
    of its last session. One row per point (its highest session number)."""
    result: dict[str, tuple[str, bool, dict[int, int]]] = {}
    for row in store.rows(
        "SELECT s.counter, s.opened_at, s.closed_at, s.opening_count, c.report "
        "FROM till_session s LEFT JOIN closing c ON c.session = s.uid "
        "WHERE s.number = (SELECT MAX(number) FROM till_session l WHERE l.counter = s.counter)"
    ):
        if row["closed_at"] is None or row["report"] is None:
            at, closing, count = row["opened_at"], False, json.loads(row["opening_count"])
        else:
            at, closing, count = row["closed_at"], True, json.loads(row["report"])["count"]
        notes = {int(d): int(n) for d, n in (count.get("notes") or {}).items() if n}
        result[row["counter"]] = (at, closing, dict(sorted(notes.items(), reverse=True)))
    return result


def owed(store: Store) -> list[dict[str, Any]]:
    """What is owed to partners, oldest first (``partners.owed``), each row with the operation
    it pays ("reconversion" or "voucher_redemption") and ``to_pay`` in cents."""
    rows = partners.owed(store)
    if not rows:
        return rows
    operations = dict(
        store.execute(
            "SELECT seq, operation FROM txn WHERE seq IN (SELECT value FROM json_each(?))",
            (json.dumps([r["seq"] for r in rows]),),
        ).fetchall()
    )
    for row in rows:
        row["operation"] = operations[row["seq"]]
        row["to_pay"] = int(row["to_pay"])
    return rows


@dataclass(frozen=True)
class Month:
    month: str  # "2026-03"
    circulation: int  # notes in circulation at the month's end, unit cents
    exchanges: int  # euros received for notes, net of corrections, cents
    reconversions: int  # euros of the notes reconverted (before the commission), cents
    voucher_redemptions: int  # euros of the vouchers redeemed (before any commission), cents


#: the operations whose euros are counted in a month, through their line on ``fund_due``
MONTHLY_OPERATIONS = ("exchange", "reconversion", "voucher_redemption")


def monthly(store: Store, months: int = 12, until: date | None = None) -> list[Month]:
    """The last ``months`` months up to the one of ``until`` (today by default), oldest first.

    One pass over the postings to circulation and to ``fund_due`` (both indexed), grouped by
    month and operation. A correction carries the operation it reverses with its lines
    negated, so the sums are net of corrections, in the month the correction was made.
    """
    unit = settings.currency(store).code
    end = until or date.today()
    sums: dict[str, dict[str, int]] = {}
    for month, operation, account, amount in store.execute(
        "SELECT substr(t.at, 1, 7), CASE WHEN p.account = ?1 THEN '' ELSE t.operation END, "
        "p.account, SUM(p.amount) FROM posting p JOIN txn t ON t.seq = p.txn_seq "
        "WHERE (p.account = ?1 AND p.commodity = ?2) "
        "OR (p.account = ?3 AND p.commodity = ?4 AND t.operation IN (?5, ?6, ?7)) "
        "GROUP BY 1, 2, 3",
        (acc.CIRCULATION, unit, acc.FUND_DUE, EUR, *MONTHLY_OPERATIONS),
    ):
        into = sums.setdefault(month, {})
        key = "circulation" if account == acc.CIRCULATION else operation
        into[key] = into.get(key, 0) + amount
    wanted = _months_ending(end, months)
    before = sum(
        figures.get("circulation", 0) for month, figures in sums.items() if month < wanted[0]
    )
    result = []
    running = before
    for month in wanted:
        figures = sums.get(month, {})
        running += figures.get("circulation", 0)
        result.append(
            Month(
                month,
                running,
                -figures.get("exchange", 0),
                figures.get("reconversion", 0),
                figures.get("voucher_redemption", 0),
            )
        )
    return result


def _months_ending(end: date, count: int) -> list[str]:
    year, month = end.year, end.month
    out = []
    for _ in range(max(1, count)):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]
