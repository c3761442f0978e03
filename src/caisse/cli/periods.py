"""``caisse close month|year|list``: closing a month or a year of the journal, and the closings
made so far."""

from __future__ import annotations

import argparse
import json
import re
from typing import TYPE_CHECKING

from caisse.cli.parsing import Command, group
from caisse.domain.errors import InputError
from caisse.i18n import N_, _

if TYPE_CHECKING:
    from caisse.store.period_closings import PeriodClosing


def add_period_commands(
    command: Command, common_options: argparse.ArgumentParser, epilog: str
) -> None:
    action = group(command, "close", _("close a month or a year of the journal"), common_options,
                   epilog)  # fmt: skip
    password = _("The password is read from CAISSE_PASSWORD, or asked.")

    sub = action("month", _("close a month: its entries can no longer change"), "periods:month")
    sub.add_argument("month", metavar=_("YYYY-MM"), help=_("the month, e.g. 2026-10"))
    sub.add_argument("--user", required=True, metavar=_("LOGIN"),
                     help=_("who closes it (a treasurer or an administrator)"))  # fmt: skip
    sub.epilog = " ".join((
        _("Months close in order, once they have ended and every till opened in them is "
          "closed."), password, epilog,
    ))  # fmt: skip

    sub = action("year", _("close a year whose months are closed"), "periods:year")
    sub.add_argument("year", type=int, metavar=_("YYYY"), help=_("the year, e.g. 2026"))
    sub.add_argument("--user", required=True, metavar=_("LOGIN"),
                     help=_("who closes it (a treasurer or an administrator)"))  # fmt: skip
    sub.epilog = " ".join((
        _("Its balances at the end of December are carried forward."), password, epilog,
    ))  # fmt: skip

    sub = action("list", _("the months and years closed so far"), "periods:show")
    sub.add_argument("--json", action="store_true", help=_("print JSON, for scripts"))


def _month(text: str) -> tuple[int, int]:
    found = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text)
    if found is None or not 1 <= int(found[2]) <= 12:
        raise InputError(
            N_("{text} is not a month: write it as year-month, e.g. 2026-10."), text=text
        )
    return int(found[1]), int(found[2])


def month(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.services import periods

    year, number = _month(args.month)
    with common.writing(args) as store:
        ctx = log_in(store, args.user)
        closing = periods.close_month(ctx, year, number)
    _closed(closing)
    return common.EXIT_OK


def year(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.services import periods

    with common.writing(args) as store:
        ctx = log_in(store, args.user)
        closing = periods.close_year(ctx, args.year)
    _closed(closing)
    return common.EXIT_OK


def _closed(closing: PeriodClosing) -> None:
    from caisse.cli.common import number, out
    from caisse.services import periods

    out(
        _("{period} closed (period closing {seq}): {entries} entries, up to journal entry "
          "{last}; hash {hash}.").format(
            period=periods.label(closing.kind, closing.period_start), seq=closing.seq,
            entries=number(closing.entries), last=number(closing.last_txn),
            hash=closing.hash[:16],
        )
    )  # fmt: skip


def show(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.services import periods

    with common.reading(args) as store:
        found = periods.closings(store)
    if args.json:
        common.out(json.dumps([c.__dict__ for c in found], ensure_ascii=False, indent=2))
        return common.EXIT_OK
    if not found:
        common.out(_("No month or year is closed yet."))
    kinds = {periods.MONTH: _("month"), periods.YEAR: _("year")}
    for closing in found:
        common.out(
            _("{seq}. {kind} {period}: {entries} entries, up to journal entry {last}, closed "
              "{at}; hash {hash}").format(
                seq=closing.seq, kind=kinds[closing.kind],
                period=periods.label(closing.kind, closing.period_start),
                entries=common.number(closing.entries), last=common.number(closing.last_txn),
                at=closing.created_at[:16].replace("T", " "), hash=closing.hash[:16],
            )
        )  # fmt: skip
    return common.EXIT_OK
