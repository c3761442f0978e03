"""``caisse accounts list|number|default``: the chart of accounts, and the numbers the
administrator maps to the association's own chart for the FEC and the other exports."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from caisse.cli.parsing import Command, group
from caisse.i18n import _

if TYPE_CHECKING:
    from caisse.services.chart import Account


def add_account_commands(
    command: Command, common_options: argparse.ArgumentParser, epilog: str
) -> None:
    action = group(command, "accounts", _("the chart of accounts and the numbers of its accounts"),
                   common_options, epilog)  # fmt: skip
    password = _("The password is read from CAISSE_PASSWORD, or asked.")

    sub = action("list", _("every account: key, number, name, currency, kind"), "accounts:show")
    sub.add_argument("--json", action="store_true", help=_("print JSON, for scripts"))

    sub = action("number", _("give an account another number in the association's chart"),
                 "accounts:number")  # fmt: skip
    sub.add_argument("key", metavar=_("KEY"), help=_("the account's key, e.g. guarantee_bank"))
    sub.add_argument("number", metavar=_("NUMBER"), help=_("3 to 10 digits, e.g. 512200"))
    sub.add_argument("--user", required=True, metavar=_("LOGIN"),
                     help=_("who changes it (an administrator)"))  # fmt: skip
    sub.epilog = " ".join((
        _("The first digit follows the account's kind: 1 to 5 for an asset or a liability, "
          "6 for an expense, 7 for an income, 8 or 0 for the notes counted in the unit. "
          "Several accounts may share a number. The journal is not changed."),
        password, epilog,
    ))  # fmt: skip

    sub = action("default", _("give an account back its default number"), "accounts:default")
    sub.add_argument("key", metavar=_("KEY"), help=_("the account's key, e.g. guarantee_bank"))
    sub.add_argument("--user", required=True, metavar=_("LOGIN"),
                     help=_("who changes it (an administrator)"))  # fmt: skip
    sub.epilog = " ".join((password, epilog))


def show(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.services import chart

    with common.reading(args) as store:
        found = chart.accounts(store)
    if args.json:
        rows = [
            {
                "key": a.key,
                "number": a.number,
                "default": a.default,
                "name": a.name,
                "commodity": a.commodity,
                "kind": a.kind,
                "counter": a.counter or None,
            }
            for a in found
        ]
        common.out(json.dumps(rows, ensure_ascii=False, indent=2))
        return common.EXIT_OK
    headers = (_("Number"), _("Key"), _("Currency"), _("Kind"), _("Account"))
    lines = [
        (a.number + ("*" if a.mapped else ""), a.key, a.commodity, a.kind_label, a.name)
        for a in found
    ]
    widths = [max(len(line[i]) for line in [headers, *lines]) for i in range(4)]
    for cells in [headers, *lines]:
        common.out("  ".join([cells[i].ljust(widths[i]) for i in range(4)] + [cells[4]]))
    if any(a.mapped for a in found):
        common.out()
        common.out(_("* mapped by the administrator; caisse accounts default KEY restores "
                     "the chart's number."))  # fmt: skip
    return common.EXIT_OK


def number(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.services import chart

    with common.writing(args) as store:
        before = chart.get(store, args.key)
        ctx = log_in(store, args.user)
        after = chart.set_number(ctx, args.key, args.number)
    _changed(before, after)
    return common.EXIT_OK


def default(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.services import chart

    with common.writing(args) as store:
        before = chart.get(store, args.key)
        ctx = log_in(store, args.user)
        after = chart.reset_number(ctx, args.key)
    _changed(before, after)
    return common.EXIT_OK


def _changed(before: Account, after: Account) -> None:
    from caisse.cli.common import out

    if before.number == after.number:
        out(_("{key} ({name}) keeps the number {number}.").format(
            key=after.key, name=after.name, number=after.number))  # fmt: skip
        return
    out(_("{key} ({name}): number {old} is now {new}.").format(
        key=after.key, name=after.name, old=before.number, new=after.number))  # fmt: skip
