"""The treasurer's month or year report as PDF: the period's operations, the exchange points,
the partners and the coverage, in the house style of the day report."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable

from caisse.documents import formats as fmt
from caisse.documents.layout import grid, para
from caisse.documents.model import Identity, Totals
from caisse.documents.report_parts import (
    WIDTH,
    build,
    difference,
    methods_table,
    section,
    st,
    totals_table,
)
from caisse.i18n import _


@dataclass(frozen=True)
class CounterRow:
    code: str
    name: str
    exchanges: int  # euros
    memberships: int  # euros
    reconversions: int  # units handed back
    redemptions: int  # units of vouchers handed in
    deposits: int  # euros taken to the bank
    entries: int


@dataclass(frozen=True)
class PartnerRow:
    number: str
    name: str
    entries: int
    units: int  # notes and vouchers handed back
    to_pay: int  # euros, commission deducted
    commission: int


@dataclass(frozen=True)
class DifferenceRow:
    """An exchange point's differences over the period, signed: + found, - missing."""

    code: str
    name: str
    sessions: int  # till sessions closed
    differing: int  # of which one differed at its opening or closing
    cash: int  # euros
    cheques: int  # euros of cheques missing
    notes: int  # unit cents
    bank: int  # euros the bank credited beyond or short of the deposits


@dataclass(frozen=True)
class VaultRow:
    label: str
    entries: int
    units: int  # unit cents
    signed: bool = False


@dataclass(frozen=True)
class PeriodData:
    identity: Identity
    unit: str
    title: str  # "Monthly report" / "Annual report"
    period: str  # "October 2026", "2026"
    span: str  # "from … to …"
    summary: Totals
    commissions: int
    methods: tuple[tuple[str, int], ...]
    counters: tuple[CounterRow, ...]
    partners: tuple[PartnerRow, ...]
    differences: tuple[DifferenceRow, ...]
    vault: tuple[VaultRow, ...]
    coverage_title: str
    coverage: tuple[tuple[str, str], ...]
    coverage_note: str


def render_period(d: PeriodData) -> bytes:
    s = st()
    heading = f"{d.title} · {d.period}"
    story: list[Flowable] = [
        para(heading, s.title),
        para(d.identity.name, s.bold),
        para(d.span, s.body),
        section(_("Operations of the period"), totals_table(d.summary, d.unit)),
        para(
            _("Commissions kept on reconversions and voucher redemptions: {amount}").format(
                amount=fmt.money(d.commissions)
            ),
            s.body,
        ),
        section(_("Exchanges by payment method"), methods_table(d.methods)),
        section(_("By exchange point"), _counters(d)),
        para(_("By partner"), s.heading),
        _partners(d),
        section(
            _("Differences by exchange point"),
            _differences(d),
            para(
                _(
                    "Signed: + found, - missing. Till differences are those of the counts at "
                    "the opening and the closing of the sessions (differing: the sessions with "
                    "one); bank differences, deposits the bank credited for another amount. "
                    "Sessions are counted in the period they closed in."
                ),
                s.small,
            ),
        ),
        section(_("Vault"), _vault(d)),
        section(d.coverage_title, _coverage(d), para(d.coverage_note, s.small)),
    ]
    footer = f"{d.identity.name} · {heading}"
    return build(story, title=heading, author=d.identity.name, footer=footer)


def _counters(d: PeriodData) -> Flowable:
    s = st()
    unit = d.unit
    head = [
        para(_("Exchange point"), s.bold),
        para(_("Entries"), s.right_bold),
        para(_("Exchanges"), s.right_bold),
        para(_("Fees"), s.right_bold),
        para(_("Reconverted"), s.right_bold),
        para(_("Vouchers in"), s.right_bold),
        para(_("Deposits"), s.right_bold),
    ]
    rows = [head]
    for c in d.counters:
        rows.append(
            [
                para(f"{c.code} · {c.name}", s.body),
                para(fmt.count(c.entries), s.right),
                para(fmt.money(c.exchanges), s.right),
                para(fmt.money(c.memberships), s.right),
                para(fmt.money(c.reconversions, unit), s.right),
                para(fmt.money(c.redemptions, unit), s.right),
                para(fmt.money(c.deposits), s.right),
            ]
        )
    if not d.counters:
        rows.append([para(_("No operation."), s.small)] + [""] * 6)
    w = WIDTH
    return grid(rows, [0.17 * w, 0.11 * w, 0.14 * w, 0.15 * w, 0.15 * w, 0.14 * w, 0.14 * w])


def _partners(d: PeriodData) -> Flowable:
    s = st()
    head = [
        para(_("No."), s.bold),
        para(_("Partner"), s.bold),
        para(_("Entries"), s.right_bold),
        para(_("Handed back"), s.right_bold),
        para(_("To pay"), s.right_bold),
        para(_("Commission"), s.right_bold),
    ]
    rows = [head]
    for p in d.partners:
        rows.append(
            [
                para(p.number, s.body),
                para(p.name, s.body),
                para(fmt.count(p.entries), s.right),
                para(fmt.money(p.units, d.unit), s.right),
                para(fmt.money(p.to_pay), s.right),
                para(fmt.money(p.commission), s.right),
            ]
        )
    if d.partners:
        rows.append(
            [
                "",
                para(_("Total"), s.bold),
                para(fmt.count(sum(p.entries for p in d.partners)), s.right_bold),
                para(fmt.money(sum(p.units for p in d.partners), d.unit), s.right_bold),
                para(fmt.money(sum(p.to_pay for p in d.partners)), s.right_bold),
                para(fmt.money(sum(p.commission for p in d.partners)), s.right_bold),
            ]
        )
        total = 1
    else:
        rows.append(["", para(_("No reconversion or voucher redemption."), s.small)] + [""] * 4)
        total = 0
    w = WIDTH
    return grid(rows, [0.1 * w, 0.3 * w, 0.11 * w, 0.18 * w, 0.16 * w, 0.15 * w], total_rows=total)


def _coverage(d: PeriodData) -> Flowable:
    s = st()
    rows = [[para(label, s.body), para(value, s.right)] for label, value in d.coverage]
    return grid(rows, [0.43 * WIDTH, 0.22 * WIDTH], header=False, total_rows=1)


def _differences(d: PeriodData) -> Flowable:
    s = st()
    unit = d.unit
    head = [
        para(_("Exchange point"), s.bold),
        para(_("Sessions closed"), s.right_bold),
        para(_("Differing"), s.right_bold),
        para(_("Cash"), s.right_bold),
        para(_("Cheques"), s.right_bold),
        para(_("Notes ({unit})").format(unit=unit), s.right_bold),
        para(_("Bank"), s.right_bold),
    ]
    rows: list[list[Flowable | str]] = [head]
    for p in d.differences:
        rows.append(
            [
                para(f"{p.code} · {p.name}" if p.code else p.name, s.body),
                para(fmt.count(p.sessions), s.right),
                para(fmt.count(p.differing), s.right),
                difference(p.cash),
                difference(p.cheques),
                difference(p.notes, unit),
                difference(p.bank),
            ]
        )
    if d.differences:
        rows.append(
            [
                para(_("Total"), s.bold),
                para(fmt.count(sum(p.sessions for p in d.differences)), s.right_bold),
                para(fmt.count(sum(p.differing for p in d.differences)), s.right_bold),
                difference(sum(p.cash for p in d.differences)),
                difference(sum(p.cheques for p in d.differences)),
                difference(sum(p.notes for p in d.differences), unit),
                difference(sum(p.bank for p in d.differences)),
            ]
        )
    else:
        rows.append([para(_("No till closed and no difference."), s.small)] + [""] * 6)
    w = WIDTH
    return grid(
        rows,
        [0.21 * w, 0.14 * w, 0.11 * w, 0.13 * w, 0.12 * w, 0.15 * w, 0.14 * w],
        total_rows=1 if d.differences else 0,
    )


def _vault(d: PeriodData) -> Flowable:
    s = st()
    rows: list[list[Flowable | str]] = [
        [
            para(_("Operation"), s.bold),
            para(_("Entries"), s.right_bold),
            para(_("Notes ({unit})").format(unit=d.unit), s.right_bold),
        ]
    ]
    for v in d.vault:
        amount = (
            difference(v.units, d.unit)
            if v.signed
            else para(fmt.money(v.units, d.unit) if v.units else "–", s.right)
        )
        rows.append([para(v.label, s.body), para(fmt.count(v.entries), s.right), amount])
    return grid(rows, [0.43 * WIDTH, 0.13 * WIDTH, 0.22 * WIDTH])
