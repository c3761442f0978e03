"""``caisse report z SESSION``: the Z of a closed till session, as text or as a PDF;
``caisse report day``: the counter's day, every session closed that day, as a PDF;
``caisse report month|year``: the treasurer's report of a month or a year, as a PDF."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from caisse.cli import common
from caisse.cli.common import out
from caisse.cli.operations import log_in
from caisse.domain.errors import InputError, RuleViolation
from caisse.domain.money import Money
from caisse.i18n import N_, _
from caisse.services import counters, ledger, sessions
from caisse.store import closings


def z_report(args: argparse.Namespace) -> int:
    if args.output:
        return _z_pdf(args)
    with common.reading(args) as store:
        row = sessions.get(store, args.session)
        closing = closings.by_session(store, row["uid"])
        if closing is None:
            raise RuleViolation(N_("Session {session} is still open: close it to get its Z."),
                                session=sessions.label(row))  # fmt: skip
    show_z(closing)
    return common.EXIT_OK


def _z_pdf(args: argparse.Namespace) -> int:
    if not args.user:
        raise InputError(N_("Say who prints the Z with --user: printing it is logged."))
    output = Path(args.output).expanduser()
    with common.writing(args) as store:
        row = sessions.get(store, args.session)
        if closings.by_session(store, row["uid"]) is None:
            raise RuleViolation(N_("Session {session} is still open: close it to get its Z."),
                                session=sessions.label(row))  # fmt: skip
        ctx = log_in(store, args.user)
        from caisse.services import receipts  # drawing PDFs loads reportlab: only when asked

        pdf = receipts.z_report_pdf(ctx, row["uid"])
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    partial.write_bytes(pdf)
    partial.replace(output)
    out(_("Z of session {session} written to {path}.").format(
        session=sessions.label(row), path=output))  # fmt: skip
    return common.EXIT_OK


def day_report(args: argparse.Namespace) -> int:
    try:
        day = date.fromisoformat(args.date) if args.date else date.today()
    except ValueError:
        raise InputError(N_('"{text}" is not a date: write it as 2026-11-26.'),
                         text=args.date) from None  # fmt: skip
    output = Path(args.output).expanduser()
    with common.writing(args) as store:
        code = counters.get(store, args.counter)["code"]
        ctx = log_in(store, args.user)
        from caisse.services import receipts  # drawing PDFs loads reportlab: only when asked

        pdf = receipts.day_report_pdf(ctx, code, day)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    partial.write_bytes(pdf)
    partial.replace(output)
    out(_("Day report of {counter} for {day} written to {path}.").format(
        counter=code, day=day.isoformat(), path=output))  # fmt: skip
    return common.EXIT_OK


def month_report(args: argparse.Namespace) -> int:
    return _period_report(args, "month")


def year_report(args: argparse.Namespace) -> int:
    return _period_report(args, "year")


def _period_report(args: argparse.Namespace, kind: str) -> int:
    from caisse.services import period_report  # drawing PDFs loads reportlab: only when asked

    period_report.period_bounds(kind, args.period)  # a mistyped period before the password
    output = Path(args.output).expanduser()
    with common.writing(args) as store:
        ctx = log_in(store, args.user)
        pdf = period_report.report_pdf(ctx, kind, args.period)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    partial.write_bytes(pdf)
    partial.replace(output)
    out(_("Report of {period} written to {path}.").format(period=args.period.strip(),
                                                          path=output))  # fmt: skip
    return common.EXIT_OK


def show_z(closing: closings.Closing) -> None:
    r: dict[str, Any] = closing.report
    unit = r["unit"]
    out(_("Z closing {seq}: {association}, exchange point {counter} ({name}), session "
          "{counter}-{number}").format(
        seq=closing.seq, association=r["association"], counter=r["counter"],
        name=r["counter_name"], number=r["session_number"]))  # fmt: skip
    out(_("Opened {opened} by {opener}; closed {closed} by {closer}").format(
        opened=r["opened_at"], opener=r["opened_by"], closed=r["closed_at"],
        closer=r["closed_by"]))  # fmt: skip
    for title, key in ((_("Period"), "period"), (_("Perpetual"), "perpetual")):
        out(title)
        for operation, t in r[key].items():
            out(f"  {ledger.operation_label(operation)}: {t['count']} — "
                f"{Money(t['eur']).display()} / {Money(t['units'], unit).display()}")  # fmt: skip
    for what, commodity in (("cash", "EUR"), ("notes", unit), ("cheques", "EUR")):
        out(_("{what}: expected {expected}, counted {counted}, difference {difference}").format(
            what=_(LABELS[what]), expected=Money(r["expected"][what], commodity).display(),
            counted=Money(r["counted"][what], commodity).display(),
            difference=Money(r["differences"][what], commodity).display()))  # fmt: skip
    if r["comment"]:
        out(_("Comment: {comment}").format(comment=r["comment"]))
    out(_("Last entry covered: {seq}, hash {hash}").format(seq=closing.last_txn,
                                                          hash=closing.last_hash))  # fmt: skip
    out(_("Hash of the closing: {hash}").format(hash=closing.hash))


LABELS = {"cash": N_("Cash"), "notes": N_("Notes"), "cheques": N_("Cheques")}
