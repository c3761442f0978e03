"""A voucher programme's report: issued, distributed, redeemed, expired, cancelled,
outstanding, the funder's account, and what was redeemed by partner category and by commune;
as PDF and as CSV.

The figures come from the vouchers' rows and are checked against the journal: the unit lines
of the entries that name the programme (issue, redemption, cancellation, expiry) must give
the same value outstanding and redeemed (``matches_journal``). Nobody who received a voucher
is named: the data holds only the organisations that hand them out.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from babel.numbers import format_decimal

from caisse import i18n
from caisse.documents.voucher_report import (
    FIGURES,
    ProgrammeReport,
    Share,
    Tally,
    render_voucher_report,
)
from caisse.domain import accounts as acc
from caisse.domain.text import fold
from caisse.domain.vouchers import PURPOSES
from caisse.i18n import N_, _
from caisse.services import settings, voucher_life
from caisse.services import vouchers as vouchers_service
from caisse.store.db import Store

__all__ = ["ProgrammeReport", "Share", "Tally", "report", "report_csv", "report_pdf"]

CSV_HEADER = (N_("Section"), N_("Item"), N_("Vouchers"), N_("Value"), N_("Currency"))
FORMULA_STARTS = ("=", "+", "-", "@")


def report(store: Store, programme_id: int, today: date | None = None) -> ProgrammeReport:
    prog = vouchers_service.programme(store, programme_id)
    currency = settings.currency(store)
    day = today or date.today()
    by_status = {
        r["status"]: Tally(int(r["n"]), int(r["v"]))
        for r in store.rows(
            "SELECT status, COUNT(*) AS n, COALESCE(SUM(amount), 0) AS v FROM voucher "
            "WHERE programme = ? GROUP BY status",
            (programme_id,),
        )
    }
    issued = store.one(
        "SELECT COUNT(*) AS n, COALESCE(SUM(amount), 0) AS v FROM voucher WHERE programme = ?",
        (programme_id,),
    )
    distributed = store.one(
        "SELECT COUNT(*) AS n, COALESCE(SUM(amount), 0) AS v FROM voucher "
        "WHERE programme = ? AND distributed_to <> ''",
        (programme_id,),
    )
    assert issued is not None and distributed is not None
    out = [by_status.get(s, Tally()) for s in voucher_life.LIVE]
    outstanding = Tally(sum(t.count for t in out), sum(t.value for t in out))
    redeemed = by_status.get("redeemed", Tally())
    journal_outstanding = _journal_units(store, prog["uid"], acc.VOUCHERS_OUTSTANDING)
    journal_redeemed = _journal_units(store, prog["uid"], acc.VOUCHERS_REDEEMED)
    return ProgrammeReport(
        association=settings.association(store).name,
        name=prog["name"],
        purpose=prog["purpose"],
        funder=prog["funder"],
        valid_from=date.fromisoformat(prog["valid_from"]),
        valid_until=date.fromisoformat(prog["valid_until"]),
        on_expiry=prog["on_expiry"],
        partner_commission=prog["partner_commission"],
        budget_cap=prog["budget_cap"],
        unit=currency.code,
        today=day,
        issued=Tally(int(issued["n"]), int(issued["v"])),
        distributed=Tally(int(distributed["n"]), int(distributed["v"])),
        redeemed=redeemed,
        expired=by_status.get("expired", Tally()),
        cancelled=by_status.get("cancelled", Tally()),
        outstanding=outstanding,
        funder_owes=voucher_life.funder_owes(store, programme_id),
        funder_paid=voucher_life.funder_paid(store, programme_id),
        by_category=_shares(
            store,
            "SELECT c.name AS label, COUNT(*) AS n, SUM(v.amount) AS v FROM voucher v "
            "LEFT JOIN partner p ON p.member = v.partner "
            "LEFT JOIN partner_category c ON c.id = p.category "
            "WHERE v.programme = ? AND v.status = 'redeemed' GROUP BY c.id",
            programme_id,
        ),
        by_commune=_shares(
            store,
            "SELECT m.commune AS label, COUNT(*) AS n, SUM(v.amount) AS v FROM voucher v "
            "LEFT JOIN member m ON m.uid = v.partner "
            "WHERE v.programme = ? AND v.status = 'redeemed' GROUP BY m.commune",
            programme_id,
        ),
        journal_outstanding=journal_outstanding,
        journal_redeemed=journal_redeemed,
        matches_journal=(journal_outstanding, journal_redeemed)
        == (outstanding.value, redeemed.value),
    )


def _journal_units(store: Store, programme_uid: str, account: str) -> int:
    """The balance of a vouchers' account over the entries that name the programme."""
    return int(
        store.scalar(
            "SELECT COALESCE(SUM(p.amount), 0) FROM posting p JOIN txn t ON t.seq = p.txn_seq "
            "WHERE p.account = ? AND json_extract(t.details, '$.programme') = ?",
            (account, programme_uid),
        )
    )


def _shares(store: Store, sql: str, programme_id: int) -> tuple[Share, ...]:
    """Largest value first; the lines without a label (no category, no commune) last."""
    merged: dict[str, list[int]] = {}
    for row in store.rows(sql, (programme_id,)):
        label = (row["label"] or "").strip()
        counts = merged.setdefault(label, [0, 0])
        counts[0] += int(row["n"])
        counts[1] += int(row["v"])
    shares = [Share(label, n, v) for label, (n, v) in merged.items()]
    return tuple(sorted(shares, key=lambda s: (not s.label, -s.value, s.label.casefold())))


# -- files -----------------------------------------------------------------------------------


def report_pdf(r: ProgrammeReport) -> bytes:
    return render_voucher_report(r)


def report_csv(r: ProgrammeReport) -> bytes:
    """For a spreadsheet: UTF-8 with BOM, ";" separators, CRLF, the header and the labels in
    the reader's language, amounts as plain numbers with the reader's decimal sign."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([_(h) for h in CSV_HEADER])
    programme = _("Programme")
    writer.writerows(
        [
            [programme, _("Name"), "", _safe(r.name), ""],
            [programme, _("Purpose"), "", _(PURPOSES.get(r.purpose, r.purpose)), ""],
            [programme, _("Funder"), "", _safe(r.funder), ""],
            [programme, _("Valid from"), "", r.valid_from.isoformat(), ""],
            [programme, _("Valid until"), "", r.valid_until.isoformat(), ""],
            [programme, _("Figures on"), "", r.today.isoformat(), ""],
        ]
    )
    section = _("Vouchers")
    for key, label in FIGURES:
        tally: Tally = getattr(r, key)
        writer.writerow([section, _(label), tally.count, _amount(tally.value), r.unit])
    section = _("Funder")
    writer.writerow([section, _("Paid"), "", _amount(r.funder_paid), "EUR"])
    writer.writerow([section, _("Still owes"), "", _amount(r.funder_owes), "EUR"])
    for section, shares, blank in (
        (_("Partner category"), r.by_category, _("No category")),
        (_("Commune"), r.by_commune, _("No commune")),
    ):
        for share in shares:
            writer.writerow(
                [section, _safe(share.label or blank), share.count, _amount(share.value), r.unit]
            )
    return buffer.getvalue().encode("utf-8-sig")


def _amount(cents: int) -> str:
    return format_decimal(Decimal(cents).scaleb(-2), format="0.00", locale=i18n.locale())


def _safe(text: str) -> str:
    """A cell a spreadsheet would read as a formula is prefixed with an apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def suggested_name(r: ProgrammeReport, fmt: str) -> str:
    """ "vouchers-cheques-solidaires-2026-03-12.pdf"."""
    slug = "-".join("".join(c if c.isalnum() else " " for c in fold(r.name)).split())
    return f"{_('vouchers')}-{slug or 'programme'}-{r.today.isoformat()}.{fmt}"
