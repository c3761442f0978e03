"""Pieces shared by the command declarations: a group of sub-commands under one command."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date

from caisse.domain.errors import InputError
from caisse.i18n import N_, _

#: declares a top-level command: (name, summary, "module:function" handler) -> its parser
Command = Callable[[str, str, str], argparse.ArgumentParser]
#: declares a sub-command of a group, same arguments
Action = Callable[[str, str, str], argparse.ArgumentParser]


def group(
    command: Command,
    name: str,
    summary: str,
    common_options: argparse.ArgumentParser,
    epilog: str,
    *,
    title: str | None = None,
    metavar: str | None = None,
) -> Action:
    """``caisse NAME ACTION ...``: the group's parser, and a function declaring its actions,
    each taking the global options and their handler."""
    parser = command(name, summary, "")
    actions = parser.add_subparsers(
        title=title or _("actions"), metavar=metavar or _("ACTION"), required=True
    )

    def action(action_name: str, action_summary: str, handler: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(action_name, parents=[common_options], add_help=False,
                                 help=action_summary, description=action_summary,
                                 epilog=epilog)  # fmt: skip
        sub.set_defaults(handler=handler)
        return sub

    return action


def optional_day(text: str | None) -> date | None:
    """A date given as an option, ISO written; None when the option was not given."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            N_('"{text}" is not a date: write it as YYYY-MM-DD, e.g. 2026-01-31.'), text=text
        ) from None
