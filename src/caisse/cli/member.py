"""`caisse member ...`: one member. `show` their standing, fees and consents; print their
`card`; record that they `leave` or `rejoin`; record their `consent`; and their rights over
their personal data: `access-request` (a copy of it) and `erase`."""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from caisse.cli.parsing import Command, group
from caisse.i18n import N_, _

#: the consents `caisse member consent` sets, each an option --NAME yes|no
CONSENT_OPTIONS = ("newsletter", "events", "photos")
CONSENT_HELP = {
    "newsletter": N_("receives the newsletter by e-mail"),
    "events": N_("is invited to the association's events"),
    "photos": N_("agrees to appear in the association's photographs"),
}


def add_member_commands(command: Command, common_options: argparse.ArgumentParser,
                        epilog: str) -> None:  # fmt: skip
    action = group(command, "member", _("one member: standing, card, consents, personal data"),
                   common_options, epilog)  # fmt: skip

    sub = action("show", _("a member's standing, membership fees and consents"), "member:show")
    sub.add_argument("number", metavar=_("NUMBER"), help=_("member number"))
    sub = action("card", _("write a member's card as PDF, with the QR code of their number"),
                 "member:card")  # fmt: skip
    sub.add_argument("number", metavar=_("NUMBER"), help=_("member number"))
    sub.add_argument("-o", "--output", metavar=_("FILE"),
                     help=_("the PDF to write (default: member-card-NUMBER.pdf here)"))  # fmt: skip
    sub.add_argument("--layout", choices=("a4", "card"), default="a4",
                     help=_("a4: an A4 sheet with crop marks (the default); card: a page of "
                            "85.6 × 54 mm, for a card printer"))  # fmt: skip
    sub.add_argument("--user", required=True, metavar=_("LOGIN"), help=_("who prints it"))
    sub = action("leave", _("record that a member left the association"), "member:leave")
    sub.add_argument("number", metavar=_("NUMBER"), help=_("member number"))
    sub.add_argument("--reason", default="", help=_("why (kept in the event log)"))
    sub.add_argument("--user", required=True, metavar=_("LOGIN"), help=_("who records it"))
    sub = action("rejoin", _("record that a member who left belongs to the association again"),
                 "member:rejoin")  # fmt: skip
    sub.add_argument("number", metavar=_("NUMBER"), help=_("member number"))
    sub.add_argument("--user", required=True, metavar=_("LOGIN"), help=_("who records it"))
    sub = action("consent", _("record the consents a member gives or withdraws"),
                 "member:consent")  # fmt: skip
    sub.add_argument("number", metavar=_("NUMBER"), help=_("member number"))
    for purpose in CONSENT_OPTIONS:
        sub.add_argument(f"--{purpose}", choices=("yes", "no"),
                         help=_(CONSENT_HELP[purpose]))  # fmt: skip
    sub.add_argument("--user", required=True, metavar=_("LOGIN"), help=_("who records it"))

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


def show(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.services import members

    with common.reading(args) as store:
        row = members.by_number(store, args.number)
        fees = members.fee_history(store, row["uid"])
        reconversions = members.reconversions(store, row["uid"]) if row["is_partner"] else []
    _show(row, fees, reconversions)
    return common.EXIT_OK


def _show(row: dict[str, Any], fees: list[dict[str, Any]],
          reconversions: list[dict[str, Any]]) -> None:  # fmt: skip
    from caisse.cli.common import out
    from caisse.domain.money import Money
    from caisse.services import members

    kinds = {"individual": _("individual"), "organisation": _("organisation")}
    kind = kinds[row["kind"]] + (", " + _("partner") if row["is_partner"] else "")
    out(_("{name} — member {number} ({kind})").format(
        name=members.display_name(row), number=row["number"], kind=kind))  # fmt: skip
    out(standing_text(row, date.today()))
    out(_("Member since {date}").format(date=_day(row["joined_on"])))
    out(_("Consents:"))
    for purpose, given in members.consents(row).items():
        out(f"  {_('yes') if given else _('no')}  {_(members.CONSENTS[purpose])}")
    out(_("Membership fees:") if fees else _("No membership fee recorded."))
    for fee in fees:
        how = _(METHOD_LABELS.get(fee["method"], fee["method"] or ""))
        line = _("{start} to {end}: {fee}, paid on {paid} ({how}) {receipt}").format(
            start=_day(fee["starts_on"]),
            end=_day(fee["ends_on"]),
            fee=Money(fee["fee"], fee["commodity"]).display(),
            paid=_day(fee["paid_at"]),
            how=how,
            receipt=fee["receipt"] or fee["reference"] or "",
        )
        out("  " + line.rstrip())
    if row["is_partner"]:
        owed = sum(r["to_pay"] for r in reconversions if r["state"] == "owed")
        out(_("Owed now: {amount}").format(amount=Money(owed).display()))
        for r in reconversions:
            out("  " + _("{date} {receipt}: {units} handed back, {amount} to pay — {state}").format(
                date=_day(r["at"]), receipt=r["receipt"] or r["seq"],
                units=Money(r["units"], r["unit_commodity"] or "EUR").display(),
                amount=Money(r["to_pay"]).display(), state=_(STATE_LABELS[r["state"]]),
            ))  # fmt: skip


STATE_LABELS = {"owed": N_("owed"), "paid": N_("paid"), "cancelled": N_("cancelled")}
METHOD_LABELS = {
    "cash": N_("cash"),
    "cheque": N_("cheque"),
    "card": N_("card"),
    "units": N_("local currency notes"),
    "online": N_("online"),
}


def standing_text(row: dict[str, Any], today: date) -> str:
    """The member's standing: member until, lapsed since, or left on a day."""
    from caisse.services import members

    status = members.status(row, today)
    until = row["membership_until"]
    if status == "left":
        return _("Left the association on {date}").format(date=_day(row["left_on"]))
    if status == "current":
        return _("Member until {date}").format(date=_day(until))
    if until:
        after = (date.fromisoformat(until) + timedelta(days=1)).isoformat()
        return _("Lapsed since {date}").format(date=_day(after))
    return _("No membership fee paid yet")


def _day(iso: str | None) -> str:
    from babel.dates import format_date

    from caisse import i18n

    if not iso:
        return ""
    return format_date(date.fromisoformat(iso[:10]), format="long", locale=i18n.locale())


def card(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.services import member_cards, members

    with common.writing(args) as store:
        row = members.by_number(store, args.number)
        ctx = log_in(store, args.user)
        pdf = member_cards.card_pdf(ctx, row["uid"], args.layout)
    name = _("member-card-{number}").format(number=row["number"]) + ".pdf"
    output = Path(args.output or name).expanduser()
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    partial.write_bytes(pdf)
    partial.replace(output)
    common.out(_("Member card of {number} written to {file}.").format(
        number=row["number"], file=output))  # fmt: skip
    return common.EXIT_OK


def leave(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.services import members

    with common.writing(args) as store:
        row = members.by_number(store, args.number)
        ctx = log_in(store, args.user)
        row = members.leave(ctx, row["uid"], args.reason)
    common.out(_("{name} left the association on {date}.").format(
        name=members.display_name(row), date=_day(row["left_on"])))  # fmt: skip
    return common.EXIT_OK


def rejoin(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.services import members

    with common.writing(args) as store:
        row = members.by_number(store, args.number)
        ctx = log_in(store, args.user)
        row = members.rejoin(ctx, row["uid"])
        text = standing_text(row, ctx.today())
    common.out(_("{name} is a member of the association again.").format(
        name=members.display_name(row)) + " " + text + ".")  # fmt: skip
    return common.EXIT_OK


def consent(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.domain.errors import InputError
    from caisse.services import members

    given = {p: getattr(args, p) == "yes" for p in CONSENT_OPTIONS if getattr(args, p)}
    if not given:
        raise InputError(N_("Say which consents to record: --newsletter, --events or --photos, "
                            "each yes or no."))  # fmt: skip
    with common.writing(args) as store:
        row = members.by_number(store, args.number)
        ctx = log_in(store, args.user)
        row = members.set_consents(ctx, row["uid"], given)
    common.out(_("Consents of {name} recorded:").format(name=members.display_name(row)))
    for purpose, value in members.consents(row).items():
        common.out(f"  {_('yes') if value else _('no')}  {_(members.CONSENTS[purpose])}")
    return common.EXIT_OK
