"""A voucher programme's report as PDF: what was issued, distributed, redeemed, expired,
cancelled and is still outstanding, what the funder owes, and where the vouchers were spent
(by partner category and by commune). Plain data in, no beneficiary anywhere: there is none in
the data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.platypus import Flowable

from caisse.documents import formats as fmt
from caisse.documents.layout import grid, para
from caisse.documents.report_parts import WIDTH, build, pairs, section, st
from caisse.domain.money import EUR
from caisse.domain.vouchers import PURPOSES
from caisse.i18n import N_, _


@dataclass(frozen=True)
class Tally:
    """How many vouchers, and their value in cents of the unit."""

    count: int = 0
    value: int = 0


@dataclass(frozen=True)
class Share:
    """One line of a breakdown: a partner category or a commune, and what was redeemed there."""

    label: str  # "" when the partner has none
    count: int
    value: int


@dataclass(frozen=True)
class ProgrammeReport:
    association: str
    name: str
    purpose: str  # a key of domain.vouchers.PURPOSES
    funder: str
    valid_from: date
    valid_until: date
    on_expiry: str  # "funder" or "association"
    partner_commission: bool
    budget_cap: int | None  # euro cents
    unit: str  # the currency's code
    today: date
    issued: Tally
    distributed: Tally  # ever handed to an organisation, whatever happened after
    redeemed: Tally
    expired: Tally
    cancelled: Tally
    outstanding: Tally  # issued, not yet redeemed, expired or cancelled
    funder_owes: int  # euro cents, from the journal; negative: the funder is owed back
    funder_paid: int  # euro cents
    by_category: tuple[Share, ...]
    by_commune: tuple[Share, ...]
    journal_outstanding: int  # cents of the unit, from the journal's entries for the programme
    journal_redeemed: int
    matches_journal: bool


#: the report's figures, in the order printed, with their labels
FIGURES = (
    ("issued", N_("Issued")),
    ("distributed", N_("Distributed")),
    ("redeemed", N_("Redeemed")),
    ("expired", N_("Expired")),
    ("cancelled", N_("Cancelled")),
    ("outstanding", N_("Outstanding")),
)
ON_EXPIRY = {
    "funder": N_("their euros go back to the funder"),
    "association": N_("their euros stay with the association"),
}


def title(r: ProgrammeReport) -> str:
    return _("Voucher programme report: {name}").format(name=r.name)


def render_voucher_report(r: ProgrammeReport) -> bytes:
    s = st()
    heading = title(r)
    story: list[Flowable] = [
        para(heading, s.title),
        para(r.association, s.bold),
        para(_("Figures on {day}").format(day=fmt.day(r.today)), s.body),
        section(_("Programme"), pairs(_programme_pairs(r))),
        section(_("Vouchers"), _figures(r)),
        para(_check_line(r), s.small),
        section(_("Funder"), pairs(_funder_pairs(r))),
        section(
            _("Redeemed by partner category"),
            _shares(r, r.by_category, _("Partner category"), _("No category")),
        ),
        section(_("Redeemed by commune"), _shares(r, r.by_commune, _("Commune"), _("No commune"))),
    ]
    footer = f"{r.association} · {heading}"
    return build(story, title=heading, author=r.association, footer=footer)


def _programme_pairs(r: ProgrammeReport) -> list[tuple[str, str]]:
    cap = fmt.money(r.budget_cap) if r.budget_cap is not None else _("none")
    return [
        (_("Purpose"), _(PURPOSES.get(r.purpose, r.purpose))),
        (_("Funder"), r.funder),
        (_("Valid from"), fmt.day(r.valid_from)),
        (_("Valid until"), fmt.day(r.valid_until)),
        (_("Budget cap"), cap),
        (_("Partners' commission"), _("yes") if r.partner_commission else _("no")),
        (_("Expired vouchers"), _(ON_EXPIRY.get(r.on_expiry, r.on_expiry))),
    ]


def _funder_pairs(r: ProgrammeReport) -> list[tuple[str, str]]:
    owes = (
        _("Still owes") if r.funder_owes >= 0 else _("Owed back")
    )  # paid for vouchers that expired
    return [
        (_("Paid"), fmt.money(r.funder_paid, EUR)),
        (owes, fmt.money(abs(r.funder_owes), EUR)),
    ]


def _figures(r: ProgrammeReport) -> Flowable:
    s = st()
    rows: list[list[Flowable | str]] = [
        [para(_("Vouchers"), s.bold), para(_("Count"), s.right_bold),
         para(_("Value"), s.right_bold)],
    ]  # fmt: skip
    for key, label in FIGURES:
        tally: Tally = getattr(r, key)
        style_l, style_r = (s.bold, s.right_bold) if key == "outstanding" else (s.body, s.right)
        rows.append([para(_(label), style_l), para(fmt.count(tally.count), style_r),
                     para(fmt.money(tally.value, r.unit), style_r)])  # fmt: skip
    return grid(rows, [0.4 * WIDTH, 0.15 * WIDTH, 0.25 * WIDTH], total_rows=1)


def _check_line(r: ProgrammeReport) -> str:
    if r.matches_journal:
        return _("The journal's entries for this programme give the same outstanding and "
                 "redeemed values.")  # fmt: skip
    return _(
        "The journal's entries for this programme differ: {outstanding} outstanding and "
        "{redeemed} redeemed. Run caisse verify and tell the treasurer."
    ).format(outstanding=fmt.money(r.journal_outstanding, r.unit),
             redeemed=fmt.money(r.journal_redeemed, r.unit))  # fmt: skip


def _shares(r: ProgrammeReport, shares: tuple[Share, ...], head: str, blank: str) -> Flowable:
    s = st()
    rows: list[list[Flowable | str]] = [
        [para(head, s.bold), para(_("Count"), s.right_bold),
         para(_("Value"), s.right_bold)],
    ]  # fmt: skip
    for share in shares:
        rows.append([para(share.label or blank, s.body), para(fmt.count(share.count), s.right),
                     para(fmt.money(share.value, r.unit), s.right)])  # fmt: skip
    if not shares:
        rows.append([para(_("No voucher redeemed yet."), s.small), "", ""])
        return grid(rows, [0.4 * WIDTH, 0.15 * WIDTH, 0.25 * WIDTH])
    rows.append([para(_("Total"), s.bold), para(fmt.count(r.redeemed.count), s.right_bold),
                 para(fmt.money(r.redeemed.value, r.unit), s.right_bold)])  # fmt: skip
    return grid(rows, [0.4 * WIDTH, 0.15 * WIDTH, 0.25 * WIDTH], total_rows=1)
