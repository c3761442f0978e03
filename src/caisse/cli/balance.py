"""``caisse balance``: the trial balance, per account and currency, now or at the end of a day."""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from typing import TYPE_CHECKING

from babel.numbers import format_decimal

from caisse import i18n
from caisse.cli.parsing import Command, optional_day
from caisse.i18n import _

if TYPE_CHECKING:
    from caisse.store.period_closings import PeriodClosing


def add_balance_commands(
    command: Command, common_options: argparse.ArgumentParser, epilog: str
) -> None:
    sub = command(
        "balance",
        _("the trial balance: debits, credits and balance of every account"),
        "balance:show",
    )
    sub.add_argument(
        "--date",
        metavar=_("DATE"),
        help=_("at the end of this day, e.g. 2026-12-31 (default: now)"),
    )
    sub.add_argument("--json", action="store_true", help=_("print JSON, for scripts"))
    sub.epilog = " ".join(
        (
            _("Each currency's debits and credits must be equal: the command says so when not."),
            epilog,
        )
    )


def _amount(cents: int) -> str:
    return format_decimal(Decimal(cents) / 100, format="#,##0.00", locale=i18n.locale())


def show(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.services import trial_balance

    day = optional_day(args.date)
    with common.reading(args) as store:
        found = trial_balance.trial_balance(store, day)
    if args.json:
        common.out(json.dumps(found.as_dict(), ensure_ascii=False, indent=2))
        return common.EXIT_OK if found.balanced else common.EXIT_BROKEN
    if day is None:
        common.out(_("Trial balance now"))
    else:
        common.out(_("Trial balance at the end of {day}").format(day=day.isoformat()))
    if not found.rows:
        common.out(_("No entry in the journal yet."))
        return common.EXIT_OK
    headers = (_("Number"), _("Account"), _("Debit"), _("Credit"), _("Balance"))
    for total in found.totals:
        rows = [r for r in found.rows if r.commodity == total.commodity]
        lines = [
            (r.number, r.name, _amount(r.debit), _amount(r.credit), _amount(r.balance))
            for r in rows
        ]
        footer = (
            "",
            _("Total {commodity}").format(commodity=total.commodity),
            _amount(total.debit),
            _amount(total.credit),
            _amount(total.balance),
        )
        widths = [max(len(line[i]) for line in [headers, footer, *lines]) for i in range(5)]

        def line(cells: tuple[str, ...], widths: list[int] = widths) -> str:
            left = [cells[i].ljust(widths[i]) for i in range(2)]
            right = [cells[i].rjust(widths[i]) for i in range(2, 5)]
            return "  ".join(left + right).rstrip()

        common.out()
        common.out(total.commodity)
        common.out(line(headers))
        for cells in lines:
            common.out(line(cells))
        common.out(line(footer))
    common.out()
    common.out(
        _("From the closing of {period}, then {entries} entries after it.").format(
            period=_closing_label(found.closing), entries=common.number(found.entries_after)
        )
        if found.closing is not None
        else _("Summed from the journal's first entry: {entries} entries.").format(
            entries=common.number(found.entries_after)
        )
    )
    unbalanced = [t for t in found.totals if not t.balanced]
    for total in unbalanced:
        common.err(
            common.coloured(
                _(
                    "The {commodity} debits and credits differ by {difference}: the journal is "
                    "not balanced. Run caisse verify."
                ).format(commodity=total.commodity, difference=_amount(total.balance)),
                False,
            )
        )
    return common.EXIT_BROKEN if unbalanced else common.EXIT_OK


def _closing_label(closing: PeriodClosing) -> str:
    from caisse.services import periods

    return periods.label(closing.kind, closing.period_start)
