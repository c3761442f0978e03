"""``caisse``: the window with no command, and commands for the rest.

Every message goes through the catalogue; an error a user can act on is one line on stderr in
their language and an exit code from its class, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
from collections.abc import Sequence

from caisse import __version__, i18n
from caisse.cli import argparse_i18n
from caisse.i18n import N_, _

EXIT_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _tolerant_output()
    i18n.set_language(early_language(argv))
    argparse_i18n.install()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already explained
        return exc.code if isinstance(exc.code, int) else 1
    # the commands' modules (and the database layer) load only once a command runs, so that
    # --help and --version answer at once
    from caisse.domain.errors import CaisseError, StoreError

    module, function = args.handler.split(":")
    handler = getattr(importlib.import_module(f"caisse.cli.{module}"), function)
    try:
        return int(handler(args))
    except CaisseError as exc:
        return failure(str(exc), exc.exit_code)
    except sqlite3.Error as exc:
        error = StoreError(N_("The database cannot be used: {error}."), error=str(exc))
        return failure(str(error), error.exit_code)
    except OSError as exc:
        return failure(_("{file}: {error}").format(file=exc.filename or "", error=exc.strerror), 1)
    except KeyboardInterrupt:
        return failure(_("Interrupted: nothing more was done."), EXIT_INTERRUPTED)


def _tolerant_output() -> None:
    """Output redirected to a file on Windows is written in a code page without the narrow
    no-break space of French numbers: replace what it cannot hold rather than crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower().replace("-", "") != "utf8":
            reconfigure(errors="replace")


def failure(message: str, code: int) -> int:
    print(_("caisse: {message}").format(message=message), file=sys.stderr)
    return code


def early_language(argv: list[str]) -> str | None:
    """The --lang asked for, read before the help texts are built so that they follow it."""
    chosen = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            chosen = argv[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg.split("=", 1)[1]
    if chosen not in i18n.LANGUAGES:
        chosen = None  # argparse will say what is wrong with it
    return chosen or os.environ.get("CAISSE_LANG")


def add_globals(parser: argparse.ArgumentParser, *, on_command: bool) -> None:
    """--db, --lang, --help and --version, accepted before or after any command."""
    default = argparse.SUPPRESS if on_command else None
    group = parser.add_argument_group(_("global options"))
    group.add_argument(
        "--db",
        metavar=_("PATH"),
        default=default,
        help=_("the database to use (default: yours, in the data folder of this computer)"),
    )
    group.add_argument(
        "--lang",
        choices=sorted(i18n.LANGUAGES),
        default=default,
        help=_("language of the messages (default: the database's setting, else French)"),
    )
    group.add_argument("-h", "--help", action="help", help=_("show this help and exit"))
    group.add_argument(
        "--version",
        action="version",
        version=f"caisse {__version__}",
        help=_("show the version and exit"),
    )


EXIT_CODES = N_(
    "Exit codes: 0 done; 1 other error; 2 wrong input; 3 not found; 4 not allowed; "
    "5 refused by the rules of the money; 6 database unusable (missing, not Caisse's, newer, "
    "locked); 7 journal altered (verify); 130 interrupted."
)


def build_parser() -> argparse.ArgumentParser:
    common_options = argparse.ArgumentParser(add_help=False)
    add_globals(common_options, on_command=True)
    parser = argparse.ArgumentParser(
        prog="caisse",
        add_help=False,
        description=_(
            "Caisse: till and ledger of a local-currency association. With no command, the "
            "window opens on your database."
        ),
        epilog=_(EXIT_CODES),
    )
    add_globals(parser, on_command=False)
    window = parser.add_argument_group(_("window"))
    window.add_argument(
        "--demo",
        action="store_true",
        help=_("open the demo database (built first if it is missing)"),
    )
    window.add_argument(
        "--self-test", action="store_true", help=_("open the main window, then quit at once")
    )
    parser.set_defaults(handler="launch:gui")
    commands = parser.add_subparsers(title=_("commands"), metavar=_("COMMAND"))

    def command(name: str, summary: str, handler: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            parents=[common_options],
            add_help=False,
            help=summary,
            description=summary,
            epilog=_(EXIT_CODES),
        )
        sub.set_defaults(handler=handler)
        return sub

    init_parser(command("init", _("create a new database"), "database:init"))
    demo_parser(command("demo", _("build the demo database"), "database:build_demo"))
    sub = command("status", _("coverage of the guarantee fund and counts"), "database:show_status")
    sub.add_argument("--json", action="store_true", help=_("print JSON, for scripts"))
    sub = command(
        "verify", _("check the journal's chain of hashes and its balances"), "database:verify"
    )
    sub.add_argument("--json", action="store_true", help=_("print JSON, for scripts"))
    sub = command("backup", _("copy the database safely, even while in use"), "database:backup")
    sub.add_argument("destination", metavar=_("DEST"), help=_("the new file to write"))
    exchange_parser(command("exchange", _("record an exchange of euros for notes"),
                            "operations:exchange"))  # fmt: skip
    sub = command("correct", _("cancel a journal entry by a reversing entry"), "operations:correct")
    sub.add_argument("seq", type=int, metavar=_("SEQ"), help=_("number of the entry to cancel"))
    sub.add_argument("--reason", required=True, help=_("why it is cancelled (kept in the journal)"))
    sub.add_argument("--user", required=True, metavar=_("LOGIN"), help=_("who corrects it"))
    from caisse.cli.till_parsers import add_till_commands

    add_till_commands(command, common_options, _(EXIT_CODES))
    from caisse.cli.members import add_members_commands

    add_members_commands(command, common_options, _(EXIT_CODES))
    from caisse.cli.member import add_member_commands

    add_member_commands(command, common_options, _(EXIT_CODES))
    from caisse.cli.partner import add_partner_commands

    add_partner_commands(command, common_options, _(EXIT_CODES))
    from caisse.cli.directory import add_directory_commands

    add_directory_commands(command, common_options, _(EXIT_CODES))
    from caisse.cli.vouchers import add_vouchers_commands

    add_vouchers_commands(command, common_options, _(EXIT_CODES))
    from caisse.cli.periods import add_period_commands

    add_period_commands(command, common_options, _(EXIT_CODES))
    from caisse.cli.exports import add_export_commands

    add_export_commands(command, common_options, _(EXIT_CODES))
    from caisse.cli.archives import add_archive_commands

    add_archive_commands(command, common_options, _(EXIT_CODES))
    from caisse.cli.balance import add_balance_commands

    add_balance_commands(command, common_options, _(EXIT_CODES))
    from caisse.cli.bank import add_bank_commands

    add_bank_commands(command, common_options, _(EXIT_CODES))
    from caisse.cli.accounts import add_account_commands

    add_account_commands(command, common_options, _(EXIT_CODES))
    from caisse.cli.vault import add_vault_commands

    add_vault_commands(command, common_options, _(EXIT_CODES))
    return parser


def init_parser(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--association", required=True, metavar=_("NAME"), help=_("its name"))
    sub.add_argument("--commune", default="", help=_("the commune of its seat"))
    sub.add_argument("--currency-name", required=True, metavar=_("NAME"), help=_("e.g. Eusko"))
    sub.add_argument("--currency-code", required=True, metavar=_("CODE"), help=_("e.g. EUS"))
    sub.add_argument("--currency-symbol", default="", metavar=_("SYMBOL"), help=_("e.g. €u"))
    sub.add_argument(
        "--parity", default="1", help=_("euros per unit, an exact ratio such as 1 or 95/100")
    )
    sub.add_argument(
        "--denominations",
        metavar=_("VALUES"),
        help=_('values of the notes, e.g. "1 2 5 10 20 50" (the default)'),
    )
    sub.add_argument("--admin-login", default="admin", metavar=_("LOGIN"), help=_("default: admin"))
    sub.add_argument("--admin-name", required=True, metavar=_("NAME"), help=_("full name"))
    sub.epilog = (
        _("The administrator's password is read from CAISSE_PASSWORD, or asked twice.")
        + " "
        + _(EXIT_CODES)
    )


def demo_parser(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--force", action="store_true", help=_("build it again if it exists"))
    sub.add_argument("--seed", type=int, help=_("another seed gives other people (default 42)"))
    for name, default in (("members", 2000), ("partners", 300), ("counters", 8), ("days", 365)):
        sub.add_argument(f"--{name}", type=int, help=_("default: {n}").format(n=default))


def exchange_parser(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--member", required=True, metavar=_("NUMBER"), help=_("member number"))
    sub.add_argument(
        "--counter",
        metavar=_("CODE"),
        help=_("exchange point (default: this computer's, from the settings)"),
    )
    sub.add_argument("--amount", required=True, help=_('euros given, e.g. "20,00"'))
    sub.add_argument(
        "--method", choices=("cash", "cheque", "card"), default="cash", help=_("default: cash")
    )
    sub.add_argument("--cheque-bank", metavar=_("BANK"))
    sub.add_argument("--cheque-number", metavar=_("NUMBER"))
    sub.add_argument("--cheque-drawer", metavar=_("NAME"))
    sub.add_argument("--user", required=True, metavar=_("LOGIN"), help=_("who records it"))
    sub.epilog = (
        _(
            "The password or PIN is read from CAISSE_PASSWORD, or asked. The exchange point is "
            "held against other Caisse programs while it is written."
        )
        + " "
        + _(EXIT_CODES)
    )
