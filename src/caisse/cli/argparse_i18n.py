"""argparse's own words (usage, errors) in the user's language, through our catalogue.

argparse looks its messages up with ``gettext`` at the moment it shows them; pointing its
``_`` at ours makes "usage:" and "invalid choice" follow ``--lang`` like every other message.
"""

from __future__ import annotations

import argparse

from caisse.i18n import N_, _

#: the messages argparse shows to people, listed so that they are extracted for translation
MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
)


def install() -> None:
    argparse._ = _  # type: ignore[attr-defined]
