"""The treasurer's month and year reports: what the journal records over the period, per
operation, per exchange point and per partner, net of corrections, and the coverage."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from caisse.domain import accounts as acc
from caisse.domain.errors import InputError
from caisse.domain.money import EUR
from caisse.domain.roles import Permission
from caisse.i18n import N_, _
from caisse.services import events, members, period_differences, settings, status
from caisse.services.context import Context
from caisse.services.period_differences import PointDifferences, VaultFigures
from caisse.store.db import Store

if TYPE_CHECKING:
    from caisse.documents.period_report import PeriodData

#: operations whose entries name the partner they pay
PARTNER_OPERATIONS = ("reconversion", "voucher_redemption")


@dataclass
class Figures:
    """Entries, euros and units an operation moved, net of its corrections."""

    count: int = 0
    eur: int = 0
    units: int = 0
    commission: int = 0  # euros kept as commission (reconversions, voucher redemptions)

    def add(self, count: int, eur: int, units: int, commission: int) -> None:
        self.count += count
        self.eur += eur
        self.units += units
        self.commission += commission


@dataclass
class CounterFigures:
    code: str
    name: str
    operations: dict[str, Figures] = field(default_factory=dict)


@dataclass
class PartnerFigures:
    uid: str
    number: str
    name: str
    reconversions: int = 0  # entries
    redemptions: int = 0  # voucher redemptions
    units: int = 0  # notes and vouchers handed back, unit cents
    to_pay: int = 0  # euros owed for them, commission deducted
    commission: int = 0

    @property
    def count(self) -> int:
        return self.reconversions + self.redemptions


@dataclass
class PeriodFigures:
    date_from: date
    date_to: date
    unit: str
    operations: dict[str, Figures]  # operation -> figures, net of corrections
    corrections: int  # correcting entries in the period (already netted above)
    methods: dict[str, int]  # exchange euros by payment method
    counters: list[CounterFigures]
    partners: list[PartnerFigures]  # most euros to pay first
    coverage: status.Coverage
    coverage_now: bool  # False: the period is over, the coverage is the one of today
    points: list[PointDifferences] = field(default_factory=list)  # till and bank differences
    vault: VaultFigures = field(default_factory=VaultFigures)


def figures(
    store: Store, date_from: date, date_to: date, today: date | None = None
) -> PeriodFigures:
    """One grouped pass over the period's entries (each correction counted against the
    operation it reverses, its amounts negated)."""
    unit = settings.currency(store).code
    operations: dict[str, Figures] = {}
    methods: dict[str, int] = {}
    by_counter: dict[str, dict[str, Figures]] = {}
    by_partner: dict[str, PartnerFigures] = {}
    corrections = 0
    for row in store.rows(
        "WITH moved AS (SELECT t.seq, t.counter, t.member, o.operation AS op, "
        "json_extract(o.details, '$.method') AS method, "
        "CASE WHEN t.reverses IS NULL THEN 1 ELSE -1 END AS sign, "
        "SUM(CASE WHEN p.commodity = :eur AND p.amount > 0 THEN p.amount ELSE 0 END) AS eur, "
        "SUM(CASE WHEN p.commodity <> :eur AND p.amount > 0 THEN p.amount ELSE 0 END) AS units, "
        "SUM(CASE WHEN p.account = :commissions THEN -p.amount ELSE 0 END) AS commission, "
        "SUM(CASE WHEN p.account = :payable THEN -p.amount ELSE 0 END) AS payable "
        "FROM txn t JOIN txn o ON o.seq = COALESCE(t.reverses, t.seq) "
        "JOIN posting p ON p.txn_seq = t.seq "
        "WHERE substr(t.at, 1, 10) BETWEEN :start AND :end GROUP BY t.seq) "
        "SELECT op, counter, member, method, SUM(sign) AS count, "
        "SUM(CASE WHEN sign < 0 THEN 1 ELSE 0 END) AS corrections, "
        "SUM(sign * eur) AS eur, SUM(sign * units) AS units, "
        "SUM(commission) AS commission, SUM(payable) AS payable "
        "FROM moved GROUP BY op, counter, member, method",
        {
            "eur": EUR,
            "commissions": acc.COMMISSIONS,
            "payable": acc.PARTNERS_PAYABLE,
            "start": date_from.isoformat(),
            "end": date_to.isoformat(),
        },
    ):
        op = row["op"]
        values = (row["count"], row["eur"], row["units"], row["commission"])
        corrections += row["corrections"]
        operations.setdefault(op, Figures()).add(*values)
        if row["counter"]:
            by_counter.setdefault(row["counter"], {}).setdefault(op, Figures()).add(*values)
        if op == "exchange":
            method = row["method"] or "cash"
            methods[method] = methods.get(method, 0) + row["eur"]
        if op in PARTNER_OPERATIONS and row["member"]:
            p = by_partner.setdefault(row["member"], PartnerFigures(row["member"], "", ""))
            if op == "reconversion":
                p.reconversions += row["count"]
            else:
                p.redemptions += row["count"]
            p.units += row["units"]
            p.to_pay += row["payable"]
            p.commission += row["commission"]
    names = {r["code"]: r["name"] for r in store.rows("SELECT code, name FROM counter")}
    counters = [
        CounterFigures(code, names.get(code, ""), dict(ops))
        for code, ops in sorted(by_counter.items())
    ]
    if by_partner:
        marks = ",".join("?" * len(by_partner))
        for m in store.rows(f"SELECT * FROM member WHERE uid IN ({marks})", list(by_partner)):
            p = by_partner[m["uid"]]
            p.number, p.name = m["number"], members.display_name(m)
    partners = sorted(by_partner.values(), key=lambda p: (-p.to_pay, -p.units, p.number))
    today = today or date.today()
    return PeriodFigures(
        date_from=date_from,
        date_to=date_to,
        unit=unit,
        operations={op: f for op, f in operations.items() if f.count or f.eur or f.units},
        corrections=corrections,
        methods={m: c for m, c in methods.items() if c},
        counters=counters,
        partners=partners,
        coverage=status.coverage(store),
        coverage_now=date_to >= today,
        points=period_differences.points(store, date_from, date_to),
        vault=period_differences.vault(store, date_from, date_to),
    )


def period_bounds(kind: str, period: str) -> tuple[date, date]:
    """``("month", "2026-10")`` or ``("year", "2026")``: the first and last days."""
    text = period.strip()
    if kind == "month" and re.fullmatch(r"\d{4}-\d{2}", text) and 1 <= int(text[5:]) <= 12:
        start = date(int(text[:4]), int(text[5:]), 1)
        after = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return start, after - timedelta(days=1)
    if kind == "year" and re.fullmatch(r"\d{4}", text):
        return date(int(text), 1, 1), date(int(text), 12, 31)
    if kind == "month":
        raise InputError(N_('"{text}" is not a month: write it as 2026-10.'), text=period)
    if kind == "year":
        raise InputError(N_('"{text}" is not a year: write it as 2026.'), text=period)
    raise InputError(N_('"{kind}" is not a kind of report: ask for "month" or "year".'),
                     kind=kind)  # fmt: skip


def report_figures(ctx: Context, kind: str, period: str) -> PeriodFigures:
    """The figures of the month's ("2026-10") or the year's ("2026") report (treasurer)."""
    ctx.require(Permission.PAY_PARTNERS)
    start, end = period_bounds(kind, period)
    return figures(ctx.store, start, end, today=ctx.now().date())


def months_with_entries(store: Store) -> list[str]:
    """The months ("2026-10") holding journal entries, the latest first: the first and last
    entries bound them, then one look into the index on txn(at) per month between."""
    first, last = (store.scalar(f"SELECT substr({end}(at), 1, 7) FROM txn")
                   for end in ("MIN", "MAX"))  # fmt: skip
    if not first or not last:
        return []
    months = []
    year, month = int(first[:4]), int(first[5:])
    while f"{year:04d}-{month:02d}" <= last:
        after = (year + month // 12, month % 12 + 1)
        if store.scalar(
            "SELECT 1 FROM txn WHERE at >= ? AND at < ? LIMIT 1",
            (f"{year:04d}-{month:02d}", f"{after[0]:04d}-{after[1]:02d}"),
        ):
            months.append(f"{year:04d}-{month:02d}")
        year, month = after
    return months[::-1]


def default_month(months: list[str], today: date) -> str | None:
    """The last month already ended, else the latest one (``months`` latest first)."""
    this_month = today.isoformat()[:7]
    return next((m for m in months if m < this_month), months[0] if months else None)


@dataclass(frozen=True)
class SummaryLine:
    """A line of the report's main figures; None where the line has no such figure."""

    label: str  # translated
    count: int | None = None
    eur: int | None = None
    units: int | None = None
    signed: bool = False  # a difference: + found, - missing


def summary(f: PeriodFigures) -> list[SummaryLine]:
    """The report's main figures, as the treasury page shows them before printing."""

    def op(name: str) -> Figures:
        return f.operations.get(name, Figures())

    exchange, fees, reconversion = op("exchange"), op("membership"), op("reconversion")
    issued, redeemed = op("voucher_issue"), op("voucher_redemption")
    points = f.points
    cov = f.coverage
    return [
        SummaryLine(_("Exchanges"), exchange.count, exchange.eur, exchange.units),
        SummaryLine(_("Membership fees"), fees.count, fees.eur, None),
        SummaryLine(_("Reconversions"), reconversion.count, reconversion.eur, reconversion.units),
        SummaryLine(_("Commissions kept"), None, sum(t.commission for t in f.operations.values())),
        SummaryLine(_("Vouchers issued"), issued.count, issued.eur, issued.units),
        SummaryLine(_("Vouchers redeemed"), redeemed.count, redeemed.eur, redeemed.units),
        SummaryLine(
            _("Till differences (sessions with one)"),
            sum(p.differing for p in points),
            sum(p.cash + p.cheques for p in points),
            sum(p.notes for p in points),
            signed=True,
        ),
        SummaryLine(
            _("Bank differences"),
            sum(p.bank_entries for p in points),
            sum(p.bank for p in points),
            None,
            signed=True,
        ),
        SummaryLine(
            _("Coverage now") if f.coverage_now else _("Coverage on the day of printing"),
            None,
            int(cov.difference),
            None,
            signed=True,
        ),
    ]


def report_pdf(ctx: Context, kind: str, period: str) -> bytes:
    """The month's ("2026-10") or the year's ("2026") report as PDF, logged."""
    from caisse.documents.period_report import render_period  # loads reportlab

    ctx.require(Permission.PAY_PARTNERS)
    start, end = period_bounds(kind, period)
    store = ctx.store
    with store.transaction():
        f = figures(store, start, end, today=ctx.now().date())
        pdf = render_period(document(store, f, kind))
        events.record(
            store,
            "period_report_exported",
            actor=ctx.actor.uid,
            at=ctx.now_iso(),
            report=kind,
            period=period.strip(),
        )
    return pdf


#: the order of the summary's lines; other operations follow, by name
ORDER = (
    "exchange",
    "membership",
    "reconversion",
    "voucher_issue",
    "voucher_redemption",
    "voucher_cancellation",
    "voucher_expiry",
    "voucher_funder_payment",
    "partner_payment",
    "deposit",
    "till_difference",
    "bank_difference",
    "supply",
    "return_notes",
    "receive_notes",
    "destroy_notes",
    "vault_count",
    "surplus_transfer",
)


def document(store: Store, f: PeriodFigures, kind: str) -> PeriodData:
    """What the PDF shows, as plain data."""
    from babel.dates import format_date

    from caisse import i18n
    from caisse.documents import formats as fmt
    from caisse.documents import model
    from caisse.documents import period_report as doc
    from caisse.services.ledger import operation_label
    from caisse.services.receipts import _methods, identity

    def key(op: str) -> tuple[int, str]:
        return (ORDER.index(op) if op in ORDER else len(ORDER), op)

    summary = model.Totals(
        tuple(
            model.TotalRow(operation_label(op), t.count, t.eur, t.units)
            for op, t in sorted(f.operations.items(), key=lambda kv: key(kv[0]))
        ),
        model.TotalRow(_("Corrections (netted in the lines above)"), f.corrections, 0, 0)
        if f.corrections
        else None,
    )

    def moved(ops: dict[str, Figures], op: str, what: str) -> int:
        t = ops.get(op)
        return getattr(t, what) if t else 0

    counters = tuple(
        doc.CounterRow(
            c.code,
            c.name,
            moved(c.operations, "exchange", "eur"),
            moved(c.operations, "membership", "eur"),
            moved(c.operations, "reconversion", "units"),
            moved(c.operations, "voucher_redemption", "units"),
            moved(c.operations, "deposit", "eur"),
            sum(t.count for t in c.operations.values()),
        )
        for c in f.counters
    )
    partners = tuple(
        doc.PartnerRow(p.number, p.name, p.count, p.units, p.to_pay, p.commission)
        for p in f.partners
    )
    differences = tuple(
        doc.DifferenceRow(
            p.code,
            p.name if p.code else _("No exchange point"),
            p.sessions,
            p.differing,
            p.cash,
            p.cheques,
            p.notes,
            p.bank,
        )
        for p in f.points
    )
    v = f.vault
    vault = (
        doc.VaultRow(_("Notes received from the printer"), v.received_entries, v.received),
        doc.VaultRow(_("Notes destroyed"), v.destroyed_entries, v.destroyed),
        doc.VaultRow(
            _("Vault counts: notes found (+) or missing (-)"),
            v.count_entries,
            v.counted,
            signed=True,
        ),
    )
    cov = f.coverage
    coverage = (
        (_("Guarantee fund at the bank"), fmt.money(cov.guarantee_bank.cents)),
        (_("Held at the exchange points"), fmt.money(cov.at_counters.cents)),
        (_("Notes in circulation"), fmt.money(cov.circulation.cents, f.unit)),
        (_("Vouchers outstanding"), fmt.money(cov.vouchers.cents, f.unit)),
        (_("Owed to partners"), fmt.money(cov.owed_to_partners.cents)),
        (_("Required"), fmt.money(int(cov.required))),
        (_("Held"), fmt.money(cov.held.cents)),
        (_("Difference"), fmt.signed_money(int(cov.difference))),
    )
    if f.coverage_now:
        coverage_title = _("Coverage of the guarantee fund")
        note = _("The coverage as it stands now, the period not being over.")
    else:
        coverage_title = _("Coverage at the time of printing")
        note = _(
            "The period is over: this is the coverage on the day of printing, not at the end "
            "of the period. The journal does not keep a past coverage to show here."
        )
    if kind == "month":
        title = _("Monthly report")
        period = format_date(f.date_from, "LLLL yyyy", locale=i18n.locale())
    else:
        title = _("Annual report")
        period = str(f.date_from.year)
    span = _("From {start} to {end}").format(start=fmt.day(f.date_from), end=fmt.day(f.date_to))
    return doc.PeriodData(
        identity=identity(store),
        unit=f.unit,
        title=title,
        period=period,
        span=span,
        summary=summary,
        commissions=sum(t.commission for t in f.operations.values()),
        methods=_methods(f.methods),
        counters=counters,
        partners=partners,
        differences=differences,
        vault=vault,
        coverage_title=coverage_title,
        coverage=coverage,
        coverage_note=note,
    )
