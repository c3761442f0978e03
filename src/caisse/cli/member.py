"""`caisse member access-request NUMBER` and `caisse member erase NUMBER`: a member's rights
over their personal data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from caisse.cli.parsing import Command, group
from caisse.i18n import N_, _


def add_member_commands(command: Command, common_options: argparse.ArgumentParser,
                        epilog: str) -> None:  # fmt: skip
    action = group(command, "member", _("one member's personal data: a copy of it, or its erasure"),
                   common_options, epilog)  # fmt: skip

    sub = action("access-request", _("write everything held about a member as one JSON file"),
                 "member:access_request")  # fmt: skip
    sub.add_argument("number", metavar=_("NUMBER"), help=_("member number"))
    sub.add_argument("--output", metavar=_("FILE"), help=_("the file to write (default: stdout)"))
    sub.add_argument("--user", required=True, metavar=_("LOGIN"), help=_("who asks (it is logged)"))
    sub = action("erase", _("erase a member's personal data, keeping the ledger whole"),
                 "member:erase")  # fmt: skip
    sub.add_argument("number", metavar=_("NUMBER"), help=_("member number"))
    sub.add_argument("--reason", required=True, help=_("why (kept in the event log)"))
    sub.add_argument("--user", required=True, metavar=_("LOGIN"), help=_("an administrator"))
    sub.add_argument("--yes", action="store_true", help=_("erase without asking"))


def access_request(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.services import privacy

    with common.writing(args) as store:
        data = privacy.access_request(log_in(store, args.user), args.number)
    if args.output:
        Path(args.output).expanduser().write_bytes(data)
        common.out(_("Everything held about member {number} written to {file}.").format(
            number=args.number, file=args.output))  # fmt: skip
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return common.EXIT_OK


def erase(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.domain.errors import InputError
    from caisse.domain.roles import Permission
    from caisse.services import members, privacy

    with common.writing(args) as store:
        ctx = log_in(store, args.user)
        ctx.require(Permission.SETTINGS)  # before asking, not after
        row = members.by_number(store, args.number)
        if not members.is_erased(row) and not args.yes and not _confirmed(row):
            raise InputError(
                N_("The erasure was not confirmed: nothing was erased. Add --yes to erase "
                   "without asking.")
            )  # fmt: skip
        erased = privacy.erase(ctx, row["number"], args.reason)
    if erased:
        common.out(_("Member {number} erased; the ledger is unchanged.").format(
            number=row["number"]))  # fmt: skip
    else:
        common.out(_("Member {number} was already erased; the database file was compacted "
                     "again.").format(number=row["number"]))  # fmt: skip
    return common.EXIT_OK


def _confirmed(row: dict[str, Any]) -> bool:
    from caisse.services import members

    if not sys.stdin.isatty():
        return False
    question = _("Erase the personal data of {name} ({number})? This cannot be undone. [y/N] ")
    try:
        answer = input(question.format(name=members.display_name(row), number=row["number"]))
    except EOFError:
        return False
    return answer.strip().casefold() in {"y", "yes", _("y"), _("yes")}
