"""``caisse bank import|status|lines|match|unmatch``: the guarantee fund's bank statement,
imported from the bank's CSV, matched to the journal and reconciled."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from caisse.cli.parsing import Command, group
from caisse.domain.errors import InputError
from caisse.i18n import N_, _


def add_bank_commands(
    command: Command, common_options: argparse.ArgumentParser, epilog: str
) -> None:
    action = group(
        command,
        "bank",
        _("the guarantee fund's bank statement: import, match, reconcile"),
        common_options,
        epilog,
    )
    sub = action("import", _("import a statement the bank exported as CSV"), "bank:import_file")
    sub.add_argument("file", metavar=_("FILE"), help=_("the statement (CSV)"))
    sub.add_argument(
        "--dry-run", action="store_true", help=_("say what the import would do, write nothing")
    )
    sub.add_argument(
        "--opening-balance",
        metavar=_("AMOUNT"),
        help=_("the account's balance before the statement's first line, e.g. 1234.56"),
    )
    sub.add_argument("--user", required=True, metavar=_("LOGIN"),
                     help=_("who imports it (a treasurer or an administrator)"))  # fmt: skip
    sub.epilog = " ".join((
        _("Lines already imported from an earlier statement are skipped and counted. A file "
          "that cannot be read is refused whole: nothing is written."),
        _("The password is read from CAISSE_PASSWORD, or asked."), epilog,
    ))  # fmt: skip

    sub = action("status", _("the reconciliation of the statement with the journal"),
                 "bank:status")  # fmt: skip
    sub.add_argument("--json", action="store_true", help=_("print JSON, for scripts"))

    sub = action("lines", _("the statement's lines and what each is matched to"), "bank:lines")
    sub.add_argument(
        "--unmatched", action="store_true", help=_("only the lines not matched to the journal")
    )
    sub.add_argument("--json", action="store_true", help=_("print JSON, for scripts"))

    sub = action("match", _("match statement lines to journal entries by hand"), "bank:match")
    sub.add_argument(
        "line",
        metavar=_("LINE"),
        help=_("the statement line's number (see caisse bank lines); several: 12,13"),
    )
    sub.add_argument("seqs", nargs="+", type=int, metavar=_("SEQ"),
                     help=_("the journal entries' numbers"))  # fmt: skip
    sub.add_argument("--user", required=True, metavar=_("LOGIN"), help=_("who matches them"))
    sub.epilog = " ".join((
        _("The lines' amounts and the entries' must come to the same sum."), epilog,
    ))  # fmt: skip

    sub = action("unmatch", _("undo the match of a statement line"), "bank:unmatch")
    sub.add_argument("line", type=int, metavar=_("LINE"), help=_("the statement line's number"))
    sub.add_argument("--user", required=True, metavar=_("LOGIN"), help=_("who undoes it"))


def _line_numbers(text: str) -> list[int]:
    if not re.fullmatch(r"\s*\d+(\s*,\s*\d+)*\s*", text):
        raise InputError(
            N_('"{text}" is not a statement line number: write e.g. 12, or 12,13.'), text=text
        )
    return [int(n) for n in text.split(",")]


def import_file(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.domain.money import parse_cents
    from caisse.services import bank

    path = Path(args.file).expanduser()
    data = path.read_bytes()
    opening = parse_cents(args.opening_balance) if args.opening_balance else None
    with common.writing(args) as store:
        ctx = log_in(store, args.user)
        result = bank.import_statement(
            ctx, data, path.name, opening_balance=opening, dry_run=args.dry_run
        )
    if result.dry_run:
        common.out(_("Dry run: nothing was written."))
    common.out(
        _("{file} ({layout}): {read} line(s) read.").format(
            file=result.file_name, layout=result.layout, read=common.number(result.lines_read)
        )
    )
    common.out(_("New lines: {new}; already imported, skipped: {duplicates}.").format(
        new=common.number(result.new), duplicates=common.number(result.duplicates)))  # fmt: skip
    common.out(
        _("Matched automatically: {matched}; unmatched lines: {unmatched}.").format(
            matched=common.number(result.matched), unmatched=common.number(result.unmatched)
        )
    )
    return common.EXIT_OK


def status(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.domain.money import Money
    from caisse.services import bank

    with common.reading(args) as store:
        s = bank.summary(store)
    if args.json:
        common.out(json.dumps(s.as_json(), ensure_ascii=False, indent=2, sort_keys=True))
        return common.EXIT_OK
    if not s.statements:
        common.out(_("No bank statement imported yet: import one with caisse bank import."))
        return common.EXIT_OK

    def show(label: str, cents: int) -> None:
        common.out(f"  {label:<52} {Money(cents).display():>16}")

    common.out(
        _("Statements from {first} to {last} ({count} file(s), {lines} line(s)).").format(
            first=s.first_day, last=s.last_day, count=s.statements, lines=common.number(s.lines)
        )
    )
    show(_("Opening balance"), s.opening_balance)
    show(_("Statement balance"), s.statement_balance)
    show(_("Bank lines the journal lacks, taken out ({count})").format(count=s.unmatched_lines),
         -s.unmatched_total)  # fmt: skip
    show(_("Entries awaiting the bank ({count})").format(count=s.pending), s.pending_total)
    show(_("Entries after the statement ({count})").format(count=s.later), s.later_total)
    show(_("Reconciled balance"), s.reconciled_balance)
    show(_("Journal balance of the guarantee fund's account"), s.journal_balance)
    reconciled = s.difference == 0
    common.out(common.coloured(
        _("Reconciled.") if reconciled else
        _("Difference: {amount}. Entries before the first statement line: {before}; check the "
          "opening balance.").format(amount=Money(s.difference).display(),
                                     before=Money(s.before_total).display()),
        reconciled,
    ))  # fmt: skip
    if s.closing_gap:
        common.out(common.coloured(
            _("The last file states a closing balance of {stated}, the lines give {computed}: "
              "a statement may be missing.").format(
                stated=Money(s.closing_stated or 0).display(),
                computed=Money(s.statement_balance).display()),
            False,
        ))  # fmt: skip
    return common.EXIT_OK


def lines(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.domain.money import Money
    from caisse.services import bank

    with common.reading(args) as store:
        rows = bank.lines(store, unmatched_only=args.unmatched)
    if args.json:
        common.out(json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=True))
        return common.EXIT_OK
    if not rows:
        common.out(_("No statement line is unmatched.") if args.unmatched
                   else _("No bank statement imported yet."))  # fmt: skip
    for row in rows:
        matched = ", ".join(f"#{seq}" for seq in row["seqs"])
        state = matched or _("unmatched")
        common.out(f"{row['id']:>6}  {row['booked_on']}  {Money(row['amount']).display():>14}  "
                   f"{(row['label'] or _('(erased)'))[:48]:<48}  {state}")  # fmt: skip
    return common.EXIT_OK


def match(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.services import bank

    line_ids = _line_numbers(args.line)
    with common.writing(args) as store:
        ctx = log_in(store, args.user)
        bank.match(ctx, line_ids, args.seqs)
    common.out(_("Statement line(s) {lines} matched to journal entries {seqs}.").format(
        lines=", ".join(map(str, line_ids)), seqs=", ".join(map(str, args.seqs))))  # fmt: skip
    return common.EXIT_OK


def unmatch(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.services import bank

    with common.writing(args) as store:
        ctx = log_in(store, args.user)
        freed = bank.unmatch(ctx, args.line)
    common.out(_("Match undone: statement line(s) {lines} unmatched.").format(
        lines=", ".join(map(str, freed))))  # fmt: skip
    return common.EXIT_OK
