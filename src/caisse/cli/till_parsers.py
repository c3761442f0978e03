"""The command-line options of the till: session, reconvert, deposit, report."""

from __future__ import annotations

import argparse

from caisse.cli.parsing import Command, group
from caisse.i18n import N_, _

COUNT_HELP = N_('pieces by value, e.g. "50x2 20x3 0,50x4" (two 50 notes, three 20, four 50 cents)')


def add_till_commands(command: Command, common_options: argparse.ArgumentParser,
                      epilog: str) -> None:  # fmt: skip
    action = group(command, "session", _("open, close or look at the till of an exchange point"),
                   common_options, epilog)  # fmt: skip

    sub = action("open", _("open the till with the float counted"), "tills:open_till")
    _count_options(sub)
    sub = action("close", _("close the till with its count; writes the Z"), "tills:close_till")
    _count_options(sub)
    sub.add_argument(
        "--cheques",
        metavar=_("all|none|SEQ,SEQ"),
        help=_("the cheques found in the till, by entry number (default: none)"),
    )
    sub = action("status", _("the open session and what the till should hold"), "tills:status")
    sub.add_argument("--counter", metavar=_("CODE"), help=_("one exchange point (default: all)"))
    sub.add_argument("--json", action="store_true", help=_("print JSON, for scripts"))

    sub = command("reconvert", _("a partner hands notes back for euros by transfer"),
                  "treasury:reconvert")  # fmt: skip
    sub.add_argument("--partner", required=True, metavar=_("NUMBER"), help=_("partner's number"))
    _counter(sub)
    sub.add_argument("--units", required=True, metavar=_("AMOUNT"),
                     help=_('notes handed back, e.g. "200,00"'))  # fmt: skip
    sub.add_argument("--notes-handed", metavar=_("AMOUNT"),
                     help=_("the notes counted on the desk, if checked apart"))  # fmt: skip
    sub.add_argument("--iban", help=_("the partner's IBAN (default: the one on file)"))
    _user(sub)

    sub = command("deposit", _("take a till's euros to the bank"), "treasury:deposit")
    _counter(sub)
    sub.add_argument("--slip", required=True, help=_("number of the bank's deposit slip"))
    sub.add_argument("--cash-fund", metavar=_("AMOUNT"), help=_("cash of the guarantee fund"))
    sub.add_argument("--cash-assoc", metavar=_("AMOUNT"),
                     help=_("cash of the association (fees)"))  # fmt: skip
    sub.add_argument("--cheques", metavar=_("all|none|SEQ,SEQ"),
                     help=_("the cheques deposited, by entry number"))  # fmt: skip
    sub.add_argument("--cards-fund", metavar=_("AMOUNT"),
                     help=_("card payments of exchanges settled by the bank"))  # fmt: skip
    sub.add_argument("--cards-assoc", metavar=_("AMOUNT"),
                     help=_("card payments of fees settled by the bank"))  # fmt: skip
    sub.epilog = _("With no amount and no cheque named, the whole till is deposited: both "
                   "shares of the cash and every cheque.") + " " + epilog  # fmt: skip
    _user(sub)

    sub = command("transfer", _("move the fund's surplus (commissions, fees paid in notes) to "
                                "the operating account"), "treasury:transfer")  # fmt: skip
    sub.add_argument("--amount", required=True, metavar=_("AMOUNT"),
                     help=_('euros transferred, e.g. "120,00"'))  # fmt: skip
    sub.add_argument("--reference", required=True, help=_("the bank reference of the transfer"))
    _user(sub)

    command("owed", _("the reconversions not yet paid to partners"), "treasury:owed")
    sub = command("paid", _("record the transfer that paid a reconversion"), "treasury:paid")
    sub.add_argument(
        "seq", type=int, metavar=_("SEQ"),
        help=_("the reconversion's entry number, as listed by caisse owed"),
    )  # fmt: skip
    sub.add_argument("--reference", required=True, help=_("the bank reference of the transfer"))
    _user(sub)
    sub = command("bank-difference", _("book what the bank credited for a deposit, when it "
                                       "differs"), "treasury:bank_difference")  # fmt: skip
    sub.add_argument("--deposit", type=int, required=True, metavar=_("SEQ"),
                     help=_("the deposit's entry number"))  # fmt: skip
    sub.add_argument("--credited", required=True, metavar=_("AMOUNT"),
                     help=_("what the bank statement shows"))  # fmt: skip
    sub.add_argument("--reason", required=True, help=_("why it differs, as far as known"))
    _user(sub)

    report = group(command, "report", _("reports of the till and of the treasurer"),
                   common_options, epilog, title=_("reports"), metavar=_("REPORT"))  # fmt: skip
    sub = report("z", _("the Z of a closed till session"), "reports:z_report")
    sub.add_argument("session", metavar=_("SESSION"), help=_('"C01-3" or the session\'s uid'))
    sub.add_argument("--output", metavar=_("FILE.pdf"), help=_("write the Z as a PDF"))
    sub.add_argument("--user", metavar=_("LOGIN"), help=_("who prints it (needed with --output)"))
    sub = report("day", _("the day of an exchange point: every till session closed that day"),
                 "reports:day_report")  # fmt: skip
    _counter(sub)
    sub.add_argument("--date", metavar=_("DATE"), help=_("the day, as 2026-11-26 (default: today)"))
    sub.add_argument("--output", required=True, metavar=_("FILE.pdf"),
                     help=_("write the report as a PDF"))  # fmt: skip
    _user(sub)
    for kind, summary in (
        ("month", _("the treasurer's report of a month, as 2026-10")),
        ("year", _("the treasurer's report of a year, as 2026")),
    ):
        sub = report(kind, summary, f"reports:{kind}_report")
        sub.add_argument("period", metavar=_("PERIOD"))
        sub.add_argument("-o", "--output", required=True, metavar=_("FILE.pdf"),
                         help=_("write the report as a PDF"))  # fmt: skip
        _user(sub)


def _count_options(sub: argparse.ArgumentParser) -> None:
    _counter(sub)
    sub.add_argument("--euros", default="", metavar=_("COUNT"), help=_(COUNT_HELP))
    sub.add_argument("--notes", default="", metavar=_("COUNT"),
                     help=_("the local currency's notes, same way"))  # fmt: skip
    sub.add_argument("--comment", default="", help=_("why the count differs"))
    sub.add_argument("--recounted", action="store_true",
                     help=_("the till was counted again and the difference stands"))  # fmt: skip
    _user(sub)


def _counter(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--counter", required=True, metavar=_("CODE"), help=_("exchange point"))


def _user(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--user", required=True, metavar=_("LOGIN"), help=_("who does it"))
