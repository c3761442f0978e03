"""``caisse vault``: notes received from the printer, notes destroyed, the vault counted, and what
it holds by denomination with the serial ranges received and destroyed."""

from __future__ import annotations

import argparse
import json
import re
from typing import Any

from caisse.cli.parsing import Command, group
from caisse.domain.errors import InputError
from caisse.domain.serials import SerialRange, parse_ranges
from caisse.i18n import N_, _, ngettext


def add_vault_commands(
    command: Command, common_options: argparse.ArgumentParser, epilog: str
) -> None:
    action = group(
        command,
        "vault",
        _("the vault: notes received from the printer, destroyed, counted"),
        common_options,
        epilog,
    )
    password = _("The password is read from CAISSE_PASSWORD, or asked.")
    notes_help = _(
        'notes by value and number, e.g. "10x500,20x1000" for 500 notes of 10 and 1,000 of 20'
    )

    def notes(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--notes", required=True, metavar=_("COUNT"), help=notes_help)

    def ranges(sub: argparse.ArgumentParser, text: str) -> None:
        sub.add_argument(
            "--range", dest="ranges", action="append", default=[], metavar=_("VALUE:SERIALS"),
            help=text,
        )  # fmt: skip

    def user(sub: argparse.ArgumentParser, who: str) -> None:
        sub.add_argument("--user", required=True, metavar=_("LOGIN"), help=who)
        sub.epilog = " ".join((password, epilog))

    sub = action("receive", _("notes delivered by the printer enter the vault"), "vault:receive")
    notes(sub)
    ranges(
        sub,
        _('a denomination\'s serials, e.g. "10:A000001-A000500"; repeat it for each range. '
          "The ranges of a value hold as many notes as declared."),
    )  # fmt: skip
    sub.add_argument("--reference", default="", metavar=_("TEXT"),
                     help=_("the printer's delivery note"))  # fmt: skip
    sub.add_argument("--memo", default="", metavar=_("TEXT"), help=_("a note kept with it"))
    user(sub, _("who receives them (a treasurer or an administrator)"))

    sub = action("destroy", _("worn, torn or withdrawn notes destroyed"), "vault:destroy")
    notes(sub)
    sub.add_argument("--reason", required=True, metavar=_("TEXT"),
                     help=_("why: worn, torn, withdrawn"))  # fmt: skip
    sub.add_argument("--witness", required=True, metavar=_("NAME"),
                     help=_("the second person who saw them destroyed"))  # fmt: skip
    ranges(sub, _('a denomination\'s serials, e.g. "10:A000007,A000009-A000012"'))
    user(sub, _("who destroys them"))

    sub = action("count", _("count the vault by denomination"), "vault:count")
    notes(sub)
    sub.add_argument("--comment", default="", metavar=_("TEXT"),
                     help=_("needed when the count differs: count again first"))  # fmt: skip
    user(sub, _("who counts it"))

    sub = action("show", _("the vault by denomination, its last count, the serials"), "vault:show")
    sub.add_argument("--json", action="store_true", help=_("print JSON, for scripts"))


# --- reading what is typed ----------------------------------------------------------------------
def parse_notes(text: str, denominations: tuple[int, ...], unit: str) -> dict[int, int]:
    """ "10x500,20x1000" or "10x500 20x1000": the counting grammar of ``caisse session``, where
    a comma after a count also separates (a comma inside a value is its decimal mark)."""
    from caisse.cli.counting import parse_count

    return parse_count(re.sub(r"(x\d+),", r"\1 ", text.strip().lower()), denominations, unit)


def parse_serial_options(
    options: list[str], denominations: tuple[int, ...], unit: str
) -> dict[int, list[SerialRange]]:
    """``VALUE:SERIALS`` options, the ranges of a value gathered."""
    from caisse.domain.money import Money, parse_cents

    found: dict[int, list[SerialRange]] = {}
    for option in options:
        value, sep, serials = option.partition(":")
        if not sep or not value.strip() or not serials.strip():
            raise InputError(
                N_('"{option}" is not a range: write the note\'s value, ":" and its serials, as '
                   '"10:A000001-A000500".'),
                option=option,
            )  # fmt: skip
        cents = parse_cents(value)
        if cents not in denominations:
            raise InputError(
                N_('There is no note of {value}: "{option}".'),
                value=Money(cents, unit) if cents > 0 else value, option=option,
            )  # fmt: skip
        found.setdefault(cents, []).extend(parse_ranges(serials))
    return found


def _currency(store: Any) -> tuple[tuple[int, ...], str]:
    from caisse.services import settings

    currency = settings.currency(store)
    return currency.denominations, currency.code


# --- the actions --------------------------------------------------------------------------------
def receive(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.services import vault

    with common.writing(args) as store:
        denominations, unit = _currency(store)
        notes = parse_notes(args.notes, denominations, unit)
        serials = parse_serial_options(args.ranges, denominations, unit)
        ctx = log_in(store, args.user)
        receipt = vault.receive(ctx, notes, serials, args.reference, args.memo)
        balance = vault.holdings(store).balance
    ranges = len(receipt.details.get("serials", ()))
    common.out(
        _("{amount} of notes received into the vault, {ranges} serial range(s) (journal entry "
          "{seq}). The vault holds {balance}.").format(
            amount=receipt.amounts[0].display(), ranges=ranges, seq=common.number(receipt.seq),
            balance=balance.display(),
        )
    )  # fmt: skip
    return common.EXIT_OK


def destroy(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.services import vault

    with common.writing(args) as store:
        denominations, unit = _currency(store)
        notes = parse_notes(args.notes, denominations, unit)
        serials = parse_serial_options(args.ranges, denominations, unit)
        ctx = log_in(store, args.user)
        receipt = vault.destroy(ctx, notes, args.reason, args.witness, serials)
        balance = vault.holdings(store).balance
    common.out(
        _("{amount} of notes destroyed before {witness} (journal entry {seq}). The vault holds "
          "{balance}.").format(
            amount=receipt.amounts[0].display(), witness=receipt.details["witness"],
            seq=common.number(receipt.seq), balance=balance.display(),
        )
    )  # fmt: skip
    return common.EXIT_OK


def count(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.domain.money import Money
    from caisse.services import vault

    with common.writing(args) as store:
        denominations, unit = _currency(store)
        notes = parse_notes(args.notes, denominations, unit)
        ctx = log_in(store, args.user)
        found = vault.count(ctx, notes, args.comment)
    if found.seq is None:
        common.out(
            _("The vault holds {counted}, as the journal says: the count is kept in the event "
              "log.").format(counted=Money(found.counted, unit).display())
        )  # fmt: skip
    else:
        common.out(
            _("Counted {counted} for {expected} by the journal: {difference} booked as lost or "
              "found notes (journal entry {seq}).").format(
                counted=Money(found.counted, unit).display(),
                expected=Money(found.expected, unit).display(),
                difference=_signed(Money(found.difference, unit)),
                seq=common.number(found.seq),
            )
        )  # fmt: skip
    return common.EXIT_OK


def _signed(amount: Any) -> str:
    return ("+" if amount.cents > 0 else "") + amount.display()


def show(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.services import auth, vault

    with common.reading(args) as store:
        held = vault.holdings(store)
        ranges = vault.serial_ranges(store)
        names = {u["uid"]: u["name"] for u in auth.list_users(store)}
    if args.json:
        common.out(json.dumps(_as_json(held, ranges), ensure_ascii=False, indent=2))
        return common.EXIT_OK
    _show_text(held, ranges, names)
    return common.EXIT_OK


def _as_json(held: Any, ranges: list[Any]) -> dict[str, Any]:
    def notes(d: dict[int, int]) -> dict[str, int]:
        return {str(k): v for k, v in d.items()}

    last = held.count
    return {
        "commodity": held.balance.commodity,
        "balance": held.balance.cents,
        "last_count": None if last is None else {
            "at": last.at, "notes": notes(last.notes), "counted": last.counted,
            "expected": last.expected, "difference": last.difference, "entry": last.seq,
            "comment": last.comment,
        },
        "received_since": notes(held.received),
        "destroyed_since": notes(held.destroyed),
        "by_denomination": notes(held.by_denomination),
        "by_amount_only": held.by_amount_only.cents,
        "serials": [
            {
                "operation": r.operation, "denomination": r.denomination,
                "prefix": r.range.prefix, "first": r.range.first, "last": r.range.last,
                "text": r.range.text, "notes": r.range.size, "entry": r.seq, "at": r.at,
                "reference": r.reference, "cancelled": r.cancelled,
            }
            for r in ranges
        ],
    }  # fmt: skip


def _show_text(held: Any, ranges: list[Any], names: dict[str, str]) -> None:
    from caisse.cli import common
    from caisse.domain.money import Money

    unit = held.balance.commodity

    def units(cents: int) -> str:
        return Money(cents, unit).display()

    common.out(_("Vault: {balance} by the journal.").format(balance=held.balance.display()))
    last = held.count
    if last is None:
        common.out(_("Never counted by denomination."))
    else:
        outcome = (
            _("as the journal said")
            if last.seq is None
            else _("{difference} booked, journal entry {seq}").format(
                difference=_signed(Money(last.difference, unit)), seq=common.number(last.seq)
            )
        )
        common.out(
            _("Last count: {date} by {who}, {counted} ({outcome}).").format(
                date=last.at[:16].replace("T", " "), who=names.get(last.actor, last.actor),
                counted=units(last.counted), outcome=outcome,
            )
        )  # fmt: skip
    rows = sorted(set(held.at_count) | set(held.received) | set(held.destroyed), reverse=True)
    if rows:
        common.out()
        common.out(_("By denomination: the last count, plus received, less destroyed since"))
        headers = (_("Value"), _("At the count"), _("Received"), _("Destroyed"), _("Now"))
        lines = [
            (units(d), str(held.at_count.get(d, "")), str(held.received.get(d, "")),
             str(held.destroyed.get(d, "")), str(held.by_denomination.get(d, 0)))
            for d in rows
        ]  # fmt: skip
        widths = [max(len(line[i]) for line in [headers, *lines]) for i in range(5)]
        for cells in (headers, *lines):
            common.out("  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True)))
        common.out(_("Known by denomination: {known}.").format(known=held.known.display()))
    if held.by_amount_only.cents:
        common.out(
            _("Moved by amount only since (supplies, returns, deliveries without "
              "denominations): {amount}.").format(amount=_signed(held.by_amount_only))
        )  # fmt: skip
    common.out()
    if not ranges:
        common.out(_("No serial range recorded."))
        return
    common.out(_("Serial ranges"))
    kinds = {"receive_notes": _("received"), "destroy_notes": _("destroyed")}
    for r in ranges:
        common.out(
            _("{kind} {value}: {serials} ({notes}), entry {seq} of {date}{reference}"
              "{cancelled}").format(
                kind=kinds[r.operation], value=units(r.denomination), serials=r.range.text,
                notes=ngettext("{n} note", "{n} notes", r.range.size).format(
                    n=common.number(r.range.size)
                ),
                seq=common.number(r.seq), date=r.at[:10],
                reference=f", {r.reference}" if r.reference else "",
                cancelled=_(" — cancelled") if r.cancelled else "",
            )
        )  # fmt: skip
