"""`caisse members import FILE [--dry-run]`, `caisse members export`, and the members whose
retention period is over: `caisse members due-for-erasure` and `caisse members erase-due`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from caisse.cli.parsing import Command, group
from caisse.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from caisse.services.imports import ImportPlan


def add_members_commands(command: Command, common_options: argparse.ArgumentParser,
                         epilog: str) -> None:  # fmt: skip
    action = group(command, "members", _("import or export the members as CSV, or erase those "
                                         "whose retention period is over"),
                   common_options, epilog)  # fmt: skip

    sub = action("import", _("import members and memberships from a CSV (HelloAsso or other)"),
                 "members:import_members")  # fmt: skip
    sub.add_argument("file", metavar=_("FILE"), help=_("the CSV file"))
    sub.add_argument(
        "--dry-run", action="store_true", help=_("say what would be done, write nothing")
    )
    sub.add_argument("--user", metavar=_("LOGIN"), help=_("who imports (needed to write)"))
    sub.add_argument(
        "--yes",
        action="store_true",
        help=_("import the clean rows without asking when some are refused"),
    )
    sub.add_argument(
        "--map",
        action="append",
        default=[],
        metavar=_("FIELD=COLUMN"),
        help=_(
            "for a file that is not HelloAsso's: which column holds a field, e.g. "
            "last_name=Nom (remembered for files with the same columns)"
        ),
    )
    sub = action("export", _("write the members as CSV for a spreadsheet"), "members:export")
    sub.add_argument("--output", metavar=_("FILE"), help=_("the file to write (default: stdout)"))
    sub.add_argument(
        "--user",
        required=True,
        metavar=_("LOGIN"),
        help=_("who exports (a treasurer or an administrator; it is logged)"),
    )
    sub = action("due-for-erasure", _("list the former members whose retention period is over"),
                 "members:due_for_erasure")  # fmt: skip
    sub.add_argument("--json", action="store_true", help=_("as JSON, for a script"))
    sub = action("erase-due", _("erase every member listed by due-for-erasure, keeping the "
                                "ledger whole"), "members:erase_due")  # fmt: skip
    sub.add_argument("--reason", required=True, help=_("why (kept in the event log)"))
    sub.add_argument("--user", required=True, metavar=_("LOGIN"), help=_("an administrator"))
    sub.add_argument("--yes", action="store_true", help=_("erase without asking"))


ACTION_LABELS = {
    "create": N_("to create"),
    "update": N_("to update"),
    "membership": N_("membership only"),
    "unchanged": N_("unchanged"),
    "skipped": N_("skipped"),
    "refused": N_("refused"),
}


def import_members(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.domain.errors import InputError
    from caisse.services import imports

    data = Path(args.file).expanduser().read_bytes()
    mapping = _mapping(args.map)
    if args.dry_run:
        with common.reading(args) as store:
            print_plan(imports.plan(store, data, mapping))
        return common.EXIT_OK
    if not args.user:
        raise InputError(N_("Say who imports with --user LOGIN, or look first with --dry-run."))
    with common.writing(args) as store:
        plan = imports.plan(store, data, mapping)
        print_plan(plan)
        if not plan.to_write:
            common.out(_("Nothing to import."))
            return common.EXIT_OK
        refused = plan.count("refused")
        if refused and not args.yes and not _confirmed(len(plan.to_write)):
            raise InputError(
                N_("Some rows are refused and the clean ones were not confirmed: nothing was "
                   "imported. Add --yes to import the clean rows.")
            )  # fmt: skip
        from caisse.cli.operations import log_in

        ctx = log_in(store, args.user)
        result = imports.apply(ctx, plan)
    common.out(
        _("Imported: {created} created, {updated} updated, {memberships} memberships.").format(
            created=common.number(result.created),
            updated=common.number(result.updated),
            memberships=common.number(result.memberships),
        )
    )
    return common.EXIT_OK


def _mapping(pairs: list[str]) -> dict[str, str] | None:
    from caisse.domain.errors import InputError

    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep:
            raise InputError(N_('"{pair}": write FIELD=COLUMN, e.g. last_name=Nom.'), pair=pair)
        mapping[field.strip()] = column.strip()
    return mapping or None


def _confirmed(n: int) -> bool:
    if not sys.stdin.isatty():
        return False
    question = ngettext("Import the {n} clean row? [y/N] ", "Import the {n} clean rows? [y/N] ", n)
    try:
        answer = input(question.format(n=n))
    except EOFError:
        return False
    return answer.strip().casefold() in {"y", "yes", _("y"), _("yes")}


def print_plan(plan: ImportPlan) -> None:
    from caisse.cli.common import number, out

    for row in plan.refused:
        out(
            _("line {line}: {action} — {name}: {reason}").format(
                line=row.line, action=_(ACTION_LABELS[row.action]), name=row.name or "—",
                reason=row.reason,
            )
        )  # fmt: skip
    if plan.refused:
        out()
    out(_("{rows} rows read ({encoding}, separator {delimiter}).").format(
        rows=number(len(plan.rows)), encoding=plan.encoding,
        delimiter={"\t": _("tab")}.get(plan.delimiter, f'"{plan.delimiter}"'),
    ))  # fmt: skip
    for action in ("create", "update", "membership", "unchanged", "skipped", "refused"):
        out(f"  {_(ACTION_LABELS[action])}: {number(plan.count(action))}")
    out("  " + _("memberships to record: {n}").format(n=number(plan.memberships)))


def export(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.services import imports

    with common.writing(args) as store:
        data = imports.export_csv(log_in(store, args.user))
    if args.output:
        Path(args.output).expanduser().write_bytes(data)
        common.out(_("Members written to {file}.").format(file=args.output))
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return common.EXIT_OK


def due_for_erasure(args: argparse.Namespace) -> int:
    import json

    from caisse.cli import common
    from caisse.services import privacy
    from caisse.services.context import local_now

    with common.reading(args) as store:
        today = local_now().date()
        rows = privacy.due_for_erasure(store, today)
        months = privacy.retention_months(store)
    if args.json:
        listed = [
            {k: r[k].isoformat() if k in ("ended_on", "due_since") else r[k]
             for k in ("number", "name", "kind", "status", "ended_on", "due_since")}
            for r in rows
        ]  # fmt: skip
        document = {"retention_months": months, "today": today.isoformat(), "members": listed}
        common.out(json.dumps(document, ensure_ascii=False, indent=2))
        return common.EXIT_OK
    print_due(rows, months)
    return common.EXIT_OK


def print_due(rows: list[dict[str, Any]], months: int) -> None:
    from babel.dates import format_date

    from caisse import i18n
    from caisse.cli import common
    from caisse.services import privacy

    if not rows:
        common.out(
            _("No member is due for erasure (retention period: {months} months).").format(
                months=months
            )
        )
        return
    common.out(
        ngettext(
            "{n} member is due for erasure: the relationship ended more than {months} months ago.",
            "{n} members are due for erasure: the relationship ended more than {months} months "
            "ago.",
            len(rows),
        ).format(n=common.number(len(rows)), months=months)
    )
    for row in rows:
        common.out(
            "  " + _("{number}  {name} ({status}), ended on {ended}").format(
                number=row["number"], name=row["name"],
                status=_(privacy.STATUS_LABELS[row["status"]]),
                ended=format_date(row["ended_on"], format="long", locale=i18n.locale()),
            )
        )  # fmt: skip


def erase_due(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.domain.errors import InputError
    from caisse.domain.roles import Permission
    from caisse.services import privacy

    with common.writing(args) as store:
        ctx = log_in(store, args.user)
        ctx.require(Permission.SETTINGS)  # before listing names and asking, not after
        rows = privacy.due_for_erasure(store, ctx.today())
        print_due(rows, privacy.retention_months(store))
        if not rows:
            return common.EXIT_OK
        if not args.yes and not _erasure_confirmed(len(rows)):
            raise InputError(
                N_("The erasure was not confirmed: nothing was erased. Add --yes to erase "
                   "without asking.")
            )  # fmt: skip
        erased = privacy.erase_many(ctx, [r["number"] for r in rows], args.reason)
    common.out(
        ngettext(
            "{n} member erased; the ledger is unchanged.",
            "{n} members erased; the ledger is unchanged.",
            erased,
        ).format(n=common.number(erased))
    )
    return common.EXIT_OK


def _erasure_confirmed(n: int) -> bool:
    if not sys.stdin.isatty():
        return False
    question = ngettext(
        "Erase the personal data of this {n} member? This cannot be undone. [y/N] ",
        "Erase the personal data of these {n} members? This cannot be undone. [y/N] ",
        n,
    )
    try:
        answer = input(question.format(n=n))
    except EOFError:
        return False
    return answer.strip().casefold() in {"y", "yes", _("y"), _("yes")}
