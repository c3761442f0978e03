"""`caisse vouchers ...`: the signing key, programmes, batches issued and printed, a voucher
checked and redeemed, distributed, cancelled, expired, the funder's payment, and a
programme's report."""

from __future__ import annotations

import argparse
import getpass
import os
from datetime import date
from pathlib import Path
from typing import Any

from caisse.cli.parsing import Command, group
from caisse.i18n import N_, _, ngettext

PASSPHRASE_VARIABLE = "CAISSE_VOUCHER_PASSPHRASE"
#: the exit code of a voucher refused by ``check`` (as a refusal by the rules)
EXIT_REFUSED = 5


def add_vouchers_commands(
    command: Command, common_options: argparse.ArgumentParser, epilog: str
) -> None:
    action = group(
        command, "vouchers", _("voucher programmes, batches and vouchers"), common_options, epilog
    )
    password = _("The password is read from CAISSE_PASSWORD, or asked.")
    passphrase = _(
        "The signing key's passphrase is read from {variable}, or asked; never give it on the "
        "command line."
    ).format(variable=PASSPHRASE_VARIABLE)

    def user(sub: argparse.ArgumentParser, who: str, text: str = "") -> None:
        sub.add_argument("--user", required=True, metavar=_("LOGIN"), help=who)
        sub.epilog = " ".join(t for t in (password, text, epilog) if t)

    sub = action("key", _("create the signing key, or a new one that replaces it"), "vouchers:key")
    user(
        sub,
        _("who creates it (a treasurer or an administrator)"),
        _(
            "The passphrase is asked twice, or read from {variable}. Vouchers signed by an older "
            "key stay good."
        ).format(variable=PASSPHRASE_VARIABLE),
    )

    sub = action("programme", _("add a programme, or list them"), "")
    programme_actions = sub.add_subparsers(title=_("actions"), metavar=_("ACTION"), required=True)

    def programme_action(name: str, summary: str, handler: str) -> argparse.ArgumentParser:
        p = programme_actions.add_parser(
            name,
            parents=[common_options],
            add_help=False,
            help=summary,
            description=summary,
            epilog=epilog,
        )
        p.set_defaults(handler=handler)
        return p

    sub = programme_action("add", _("add a voucher programme"), "vouchers:add_programme")
    sub.add_argument("name", metavar=_("NAME"))
    sub.add_argument(
        "--purpose",
        required=True,
        choices=("social", "ecological", "dividend", "gift", "other"),
        help=_("why the vouchers exist"),
    )
    sub.add_argument(
        "--funder",
        required=True,
        metavar=_("NAME"),
        help=_("who pays the vouchers' euros to the guarantee fund"),
    )
    sub.add_argument(
        "--values",
        required=True,
        metavar=_("AMOUNTS"),
        help=_('the vouchers\' face values in the unit, e.g. "10 20"'),
    )
    sub.add_argument(
        "--from",
        dest="valid_from",
        required=True,
        metavar=_("DATE"),
        help=_("first valid day, e.g. 2026-01-01"),
    )
    sub.add_argument(
        "--until",
        dest="valid_until",
        required=True,
        metavar=_("DATE"),
        help=_("last valid day, e.g. 2026-12-31"),
    )
    sub.add_argument(
        "--categories",
        metavar=_("NAMES"),
        help=_(
            "partner categories where they may be spent, separated by commas "
            "(default: every category)"
        ),
    )
    sub.add_argument(
        "--no-commission",
        action="store_true",
        help=_("partners pay no commission when they redeem these vouchers"),
    )
    sub.add_argument("--budget", metavar=_("AMOUNT"), help=_("a cap in euros (default: none)"))
    sub.add_argument(
        "--on-expiry",
        choices=("funder", "association"),
        default="funder",
        help=_("where the euros of expired vouchers go (default: funder)"),
    )
    user(sub, _("who adds it (a treasurer or an administrator)"))
    programme_action("list", _("the programmes and their values"), "vouchers:list_programmes")

    sub = action("issue", _("make a batch of signed vouchers"), "vouchers:issue")
    sub.add_argument("--programme", required=True, metavar=_("NAME"))
    sub.add_argument(
        "--count", required=True, type=int, metavar=_("N"), help=_("how many vouchers")
    )
    sub.add_argument(
        "--value",
        required=True,
        metavar=_("AMOUNT"),
        help=_("each voucher's value in the unit, one of the programme's, e.g. \"20\""),
    )
    sub.add_argument(
        "--expires", metavar=_("DATE"), help=_("last valid day (default: the programme's end)")
    )
    user(sub, _("who issues it (a treasurer or an administrator)"), passphrase)

    sub = action("batches", _("the batches and where their vouchers stand"), "vouchers:batches")
    sub.add_argument("--programme", metavar=_("NAME"), help=_("only this programme's"))

    sub = action("print", _("write a batch's voucher sheets as PDF"), "vouchers:print_batch")
    sub.add_argument("batch", type=int, metavar=_("BATCH"), help=_("the batch's number"))
    sub.add_argument(
        "--serials",
        nargs="+",
        metavar=_("SERIAL"),
        help=_("only these vouchers of the batch (a reprint is marked)"),
    )
    sub.add_argument("-o", "--output", required=True, metavar=_("FILE"))
    user(sub, _("who prints it (a treasurer or an administrator)"))

    sub = action(
        "check", _("say whether a voucher is good, without redeeming it"), "vouchers:check"
    )
    sub.add_argument(
        "text",
        metavar=_("CODE_OR_SERIAL"),
        help=_("what the scanner typed, or the 12-digit serial"),
    )
    sub.add_argument(
        "--partner",
        metavar=_("NUMBER"),
        help=_("the partner handing it in: its category is checked too"),
    )
    sub.epilog = _("The exit code is 0 for a good voucher, 5 when it is refused.") + " " + epilog

    sub = action(
        "redeem", _("a partner hands in a voucher: it is redeemed, once"), "vouchers:redeem"
    )
    sub.add_argument(
        "text",
        metavar=_("CODE_OR_SERIAL"),
        help=_("what the scanner typed, or the 12-digit serial"),
    )
    sub.add_argument(
        "--partner", required=True, metavar=_("NUMBER"), help=_("the partner's member number")
    )
    sub.add_argument(
        "--counter", required=True, metavar=_("CODE"), help=_("the exchange point, its till open")
    )
    sub.add_argument("--iban", help=_("the partner's IBAN, if not known yet or changed"))
    user(sub, _("who records it"))

    for name, summary, handler in (
        (
            "distribute",
            _("mark vouchers handed to the organisation that gives them out"),
            "vouchers:distribute",
        ),
        ("cancel", _("cancel vouchers not yet redeemed, with the reason"), "vouchers:cancel"),
    ):
        sub = action(name, summary, handler)
        sub.add_argument(
            "batch", type=int, nargs="?", metavar=_("BATCH"), help=_("every voucher of this batch")
        )
        sub.add_argument(
            "--serials",
            nargs="+",
            metavar=_("SERIAL"),
            help=_("these vouchers (instead of a batch)"),
        )
        if name == "distribute":
            sub.add_argument(
                "--to",
                required=True,
                metavar=_("ORGANISATION"),
                help=_(
                    "the organisation or channel that hands them out (e.g. "
                    '"CCAS de Bayonne"), never the person who receives them'
                ),
            )
        else:
            sub.add_argument("--reason", required=True, help=_("why (kept in the journal)"))
        user(sub, _("who records it (a treasurer or an administrator)"))

    sub = action("expire", _("expire every voucher past its date"), "vouchers:expire")
    user(sub, _("who records it (a treasurer or an administrator)"))

    sub = action(
        "funder-paid",
        _("record the funder's transfer to the guarantee account"),
        "vouchers:funder_paid",
    )
    sub.add_argument("--programme", required=True, metavar=_("NAME"))
    sub.add_argument("--amount", required=True, help=_('euros received, e.g. "500,00"'))
    sub.add_argument("--reference", required=True, help=_("the transfer's reference"))
    user(sub, _("who records it (a treasurer or an administrator)"))

    sub = action(
        "report", _("a programme's report: issued, redeemed, outstanding..."), "vouchers:report"
    )
    sub.add_argument("--programme", required=True, metavar=_("NAME"))
    sub.add_argument(
        "--format",
        choices=("pdf", "csv"),
        default="pdf",
        help=_("pdf (the default) or csv for a spreadsheet"),
    )
    sub.add_argument(
        "-o",
        "--output",
        metavar=_("FILE"),
        help=_("the file to write (default: a dated name in the current folder)"),
    )


# -- secrets and parsing ---------------------------------------------------------------------


def read_passphrase(*, twice: bool = False) -> str:
    from caisse.domain.errors import InputError

    secret = os.environ.get(PASSPHRASE_VARIABLE)
    if secret is not None:
        return secret
    try:
        secret = getpass.getpass(_("Passphrase of the signing key: "))
        if twice and getpass.getpass(_("Type it again: ")) != secret:
            raise InputError(N_("The two passphrases differ. Nothing was created."))
    except EOFError:
        raise InputError(
            N_("No passphrase was typed. Type it when asked, or set {variable}."),
            variable=PASSPHRASE_VARIABLE,
        ) from None
    return secret


def _date(text: str, option: str) -> date:
    from caisse.domain.errors import InputError

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(N_("{option}: write the date as 2026-12-31."), option=option) from None


def _programme(store: Any, name: str) -> dict[str, Any]:
    from caisse.services import vouchers

    return vouchers.programme_by_name(store, name)


def _serials(store: Any, args: argparse.Namespace) -> list[str]:
    from caisse.domain.errors import InputError
    from caisse.services import voucher_life

    if (args.batch is None) == (not args.serials):
        raise InputError(N_("Give a batch number or --serials, one of the two."))
    if args.batch is not None:
        return voucher_life.batch_serials(store, args.batch)
    return voucher_life.cleaned_serials(args.serials)


def _write(path: str, content: bytes) -> Path:
    from caisse.services import files

    return files.write(Path(path).expanduser(), content)


# -- commands --------------------------------------------------------------------------------


def key(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.services import voucher_keys

    with common.writing(args) as store:
        ctx = log_in(store, args.user)
        key_id = voucher_keys.create_key(ctx, read_passphrase(twice=True))
    common.out(_("Signing key {key} created; vouchers signed before stay good.").format(key=key_id))
    return common.EXIT_OK


def add_programme(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.cli.partner import _category_id
    from caisse.domain.money import parse_cents
    from caisse.services import vouchers

    with common.writing(args) as store:
        names = [n for n in (args.categories or "").split(",") if n.strip()]
        fields = vouchers.ProgrammeFields(
            name=args.name,
            purpose=args.purpose,
            funder=args.funder,
            face_values=tuple(parse_cents(v) for v in args.values.split()),
            valid_from=_date(args.valid_from, "--from"),
            valid_until=_date(args.valid_until, "--until"),
            categories=tuple(c for n in names if (c := _category_id(store, n, None)) is not None),
            partner_commission=not args.no_commission,
            budget_cap=parse_cents(args.budget) if args.budget else None,
            on_expiry=args.on_expiry,
        ).cleaned()
        row = vouchers.create_programme(log_in(store, args.user), fields)
    common.out(_('Programme "{name}" added.').format(name=row["name"]))
    return common.EXIT_OK


def list_programmes(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.domain.money import format_money
    from caisse.domain.vouchers import PURPOSES
    from caisse.services import settings, vouchers

    with common.reading(args) as store:
        rows = vouchers.programmes(store, include_inactive=True)
        unit = settings.currency(store)
    if not rows:
        common.out(_("No voucher programme yet."))
    for row in rows:
        values = ", ".join(format_money(unit.unit(v)) for v in row["face_values"])
        common.out(
            _("{name} ({purpose}), funded by {funder}, {start} to {end}: {values}").format(
                name=row["name"],
                purpose=_(PURPOSES[row["purpose"]]),
                funder=row["funder"],
                start=row["valid_from"],
                end=row["valid_until"],
                values=values,
            )
        )
    return common.EXIT_OK


def issue(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.domain.money import format_money, parse_cents
    from caisse.services import settings, vouchers

    with common.writing(args) as store:
        prog = _programme(store, args.programme)
        amount = parse_cents(args.value)
        expires = _date(args.expires, "--expires") if args.expires else None
        ctx = log_in(store, args.user)
        secret = read_passphrase()
        made = vouchers.issue(
            ctx,
            prog["id"],
            args.count,
            amount,
            secret,
            expires_on=expires,
            progress=common.StepProgress(_("Issuing")),
        )
        currency = settings.currency(store)
    common.out(
        ngettext(
            "Batch {batch}: {count} voucher of {value}, valid until {date} (journal entry {seq}).",
            "Batch {batch}: {count} vouchers of {value}, valid until {date} (journal entry {seq}).",
            made.count,
        ).format(
            batch=made.id,
            count=common.number(made.count),
            value=format_money(currency.unit(made.amount)),
            date=made.expires_on.isoformat(),
            seq=common.number(made.seq),
        )
    )
    return common.EXIT_OK


def batches(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.domain.money import format_money
    from caisse.services import settings, vouchers

    with common.reading(args) as store:
        programme_id = _programme(store, args.programme)["id"] if args.programme else None
        rows = vouchers.batches(store, programme_id)
        currency = settings.currency(store)
    if not rows:
        common.out(_("No batch yet."))
    for row in rows:
        stand = ", ".join(
            f"{_(vouchers.STATUS_LABELS[s]).lower()} {common.number(n)}"
            for s, n in row["statuses"].items()
            if n
        )
        common.out(
            _("Batch {batch}, {programme}: {count} × {value}, until {date}; {stand}").format(
                batch=row["id"],
                programme=row["programme_name"],
                count=common.number(row["count"]),
                value=format_money(currency.unit(row["amount"])),
                date=row["expires_on"],
                stand=stand,
            )
        )
    return common.EXIT_OK


def print_batch(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.services import voucher_life, voucher_print

    with common.writing(args) as store:
        serials = voucher_life.cleaned_serials(args.serials) if args.serials else None
        ctx = log_in(store, args.user)
        pdf = voucher_print.sheet_pdf(ctx, args.batch, serials)
    path = _write(args.output, pdf)
    common.out(
        _("Voucher sheets of batch {batch} written to {file}.").format(batch=args.batch, file=path)
    )
    return common.EXIT_OK


def check(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.services import members, vouchers

    with common.reading(args) as store:
        partner = members.by_number(store, args.partner)["uid"] if args.partner else None
        result = vouchers.check(store, args.text, date.today(), partner)
    common.out(result.message)
    return common.EXIT_OK if result.ok else EXIT_REFUSED


def redeem(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.domain.money import format_money
    from caisse.services import vouchers

    with common.writing(args) as store:
        ctx = log_in(store, args.user)
        receipt = vouchers.redeem(ctx, args.text, args.partner, args.counter, iban=args.iban)
    units, euros = receipt.amounts
    common.out(
        _(
            "Voucher {serial} redeemed: {units}; {euros} to pay to partner {number} "
            "(receipt {receipt})."
        ).format(
            serial=receipt.details["serial"],
            units=format_money(units),
            euros=format_money(euros),
            number=receipt.member_number,
            receipt=receipt.number,
        )
    )
    return common.EXIT_OK


def distribute(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.services import voucher_life

    with common.writing(args) as store:
        serials = _serials(store, args)
        done = voucher_life.distribute(log_in(store, args.user), serials, args.to)
    common.out(
        ngettext(
            "{count} voucher distributed to {to}.", "{count} vouchers distributed to {to}.", done
        ).format(count=common.number(done), to=" ".join(args.to.split()))
    )
    return common.EXIT_OK


def cancel(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.services import voucher_life

    with common.writing(args) as store:
        serials = _serials(store, args)
        done = voucher_life.cancel(log_in(store, args.user), serials, args.reason)
    common.out(
        ngettext("{count} voucher cancelled.", "{count} vouchers cancelled.", done).format(
            count=common.number(done)
        )
    )
    return common.EXIT_OK


def expire(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.services import voucher_life

    with common.writing(args) as store:
        done = voucher_life.expire_due(log_in(store, args.user))
    if not done:
        common.out(_("No voucher is past its date."))
    else:
        common.out(
            ngettext("{count} voucher expired.", "{count} vouchers expired.", done).format(
                count=common.number(done)
            )
        )
    return common.EXIT_OK


def funder_paid(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.domain.money import Money, parse_cents
    from caisse.services import voucher_life

    with common.writing(args) as store:
        prog = _programme(store, args.programme)
        cents = parse_cents(args.amount)
        receipt = voucher_life.record_funder_payment(
            log_in(store, args.user), prog["id"], cents, args.reference
        )
        owes = voucher_life.funder_owes(store, prog["id"])
    common.out(
        _("{amount} received from {funder} (journal entry {seq}); it still owes {owes}.").format(
            amount=receipt.amounts[0].display(),
            funder=prog["funder"],
            seq=common.number(receipt.seq),
            owes=Money(owes).display(),
        )
    )
    return common.EXIT_OK


def report(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.services import voucher_reports

    with common.reading(args) as store:
        prog = _programme(store, args.programme)
        figures = voucher_reports.report(store, prog["id"], date.today())
    if args.format == "csv":
        content = voucher_reports.report_csv(figures)
    else:
        content = voucher_reports.report_pdf(figures)
    path = _write(args.output or voucher_reports.suggested_name(figures, args.format), content)
    common.out(_("Report of {name} written to {file}.").format(name=figures.name, file=path))
    if not figures.matches_journal:
        common.err(_("The vouchers' records and the journal differ: run caisse verify."))
        return EXIT_REFUSED
    return common.EXIT_OK
