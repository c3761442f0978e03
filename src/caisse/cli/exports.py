"""``caisse export fec|csv|ledger``: the journal for an accountant's software."""

from __future__ import annotations

import argparse
import io
import sys
from datetime import date
from pathlib import Path

from caisse.cli.parsing import Command, group, optional_day
from caisse.i18n import N_, _


def add_export_commands(
    command: Command, common_options: argparse.ArgumentParser, epilog: str
) -> None:
    action = group(
        command, "export", _("the journal for accounting software"), common_options, epilog
    )

    def period(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--year", type=int, metavar=_("YEAR"), help=_("one calendar year, e.g. 2026")
        )
        sub.add_argument(
            "--from", dest="date_from", metavar=_("DATE"), help=_("first day, e.g. 2026-01-01")
        )
        sub.add_argument("--to", dest="date_to", metavar=_("DATE"), help=_("last day, included"))

    sub = action(
        "fec",
        _("the FEC (fichier des écritures comptables) of the euro side, for the tax office"),
        "exports:fec",
    )
    period(sub)
    sub.add_argument(
        "-o",
        "--output",
        metavar=_("FILE"),
        help=_("the file to write (default: SIRENFECYYYYMMDD.txt in the current folder)"),
    )
    sub = action(
        "csv", _("every line of the journal, both currencies, for a spreadsheet"), "exports:csv"
    )
    period(sub)
    sub.add_argument(
        "-o", "--output", metavar=_("FILE"), help=_("the file to write (default: the output)")
    )
    sub = action(
        "ledger",
        _("the journal as text that hledger or Beancount reads, both currencies"),
        "exports:ledger",
    )
    period(sub)
    sub.add_argument(
        "--dialect",
        choices=("hledger", "beancount"),
        default="hledger",
        help=_("hledger (also read by ledger-cli) or beancount (default: hledger)"),
    )
    sub.add_argument(
        "-o", "--output", metavar=_("FILE"), help=_("the file to write (default: the output)")
    )


def _period(args: argparse.Namespace) -> tuple[int | None, date | None, date | None]:
    return args.year, optional_day(args.date_from), optional_day(args.date_to)


def fec(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.services import exports, files

    year, date_from, date_to = _period(args)
    with common.reading(args) as store:
        data = exports.fec(store, year, date_from, date_to)
        last_day = date(year, 12, 31) if year is not None else date_to or date.today()
        name = args.output or exports.fec_filename(store, last_day)
    path = files.write(Path(name).expanduser(), data)
    common.out(_("FEC written to {file}.").format(file=path))
    return common.EXIT_OK


def csv(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.services import exports

    with common.reading(args) as store:
        data = exports.journal_csv(store, *_period(args))
    return _write(args.output, data, N_("Journal written to {file}."))


def ledger(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.services import exports, files

    with common.reading(args) as store:
        if not args.output:
            sys.stdout.flush()
            exports.write_ledger(store, sys.stdout, args.dialect, *_period(args))
            sys.stdout.flush()
            return common.EXIT_OK
        # written entry by entry: a long journal never sits in memory whole
        path = Path(args.output).expanduser()
        with files.replacing(path) as raw:
            text = io.TextIOWrapper(raw, "utf-8", newline="")
            exports.write_ledger(store, text, args.dialect, *_period(args))
            text.flush()
            text.detach()
    common.out(_("Journal written to {file}.").format(file=path))
    return common.EXIT_OK


def _write(output: str | None, data: bytes, message: str) -> int:
    from caisse.cli import common
    from caisse.services import files

    if output:
        path = files.write(Path(output).expanduser(), data)
        common.out(_(message).format(file=path))
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return common.EXIT_OK
