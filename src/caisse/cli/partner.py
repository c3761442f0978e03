"""`caisse partner show|set NUMBER` (a partner's directory entry) and `caisse categories
list|add|rename|retire` (the directory's sector categories)."""

from __future__ import annotations

import argparse
from dataclasses import asdict, replace
from typing import Any

from caisse.cli.parsing import Command, group
from caisse.i18n import N_, _

YES_NO = ("yes", "no")
#: ``partner set`` options and the fields of the entry they change
TEXT_OPTIONS = {
    "trade_name": "trade_name",
    "website": "website",
    "hours": "opening_hours",
    "description": "description",
    "siret": "siret",
}
FLAG_OPTIONS = {
    "vouchers": "takes_vouchers",
    "exchange_point": "is_exchange_point",
    "active": "active",
}
FIELD_LABELS = {
    "trade_name": N_("trade name"),
    "category": N_("category"),
    "latitude_e6": N_("latitude"),
    "longitude_e6": N_("longitude"),
    "website": N_("website"),
    "opening_hours": N_("opening hours"),
    "description": N_("description"),
    "takes_vouchers": N_("vouchers"),
    "is_exchange_point": N_("exchange point"),
    "active": N_("active or former"),
    "siret": N_("SIRET"),
}


def add_partner_commands(command: Command, common_options: argparse.ArgumentParser,
                         epilog: str) -> None:  # fmt: skip
    action = group(command, "partner", _("a partner's entry in the directory"), common_options,
                   epilog)  # fmt: skip
    sub = action("show", _("print a partner's directory entry"), "partner:show")
    sub.add_argument("number", metavar=_("NUMBER"), help=_("the partner's member number"))
    sub = action("set", _("change a partner's directory entry (only the options given)"),
                 "partner:set_entry")  # fmt: skip
    sub.add_argument("number", metavar=_("NUMBER"), help=_("the partner's member number"))
    sub.add_argument(
        "--trade-name",
        metavar=_("NAME"),
        help=_("the name the public knows (empty: the organisation's name)"),
    )
    sub.add_argument(
        "--category",
        metavar=_("NAME"),
        help=_('one of "caisse categories list" (empty: no category)'),
    )
    sub.add_argument(
        "--lat",
        metavar=_("DEGREES"),
        help=_(
            "latitude in decimal degrees, "
            "e.g. 43.49231 (with --lon; both empty remove the position)"
        ),
    )
    sub.add_argument(
        "--lon", metavar=_("DEGREES"), help=_("longitude in decimal degrees, e.g. -1.4748")
    )
    sub.add_argument("--website", metavar=_("ADDRESS"), help=_("e.g. www.example.org"))
    sub.add_argument("--hours", metavar=_("TEXT"), help=_("opening hours"))
    sub.add_argument("--description", metavar=_("TEXT"), help=_("a short description"))
    sub.add_argument("--vouchers", choices=YES_NO, help=_("whether it takes vouchers"))
    sub.add_argument("--exchange-point", choices=YES_NO, help=_("whether it is an exchange point"))
    sub.add_argument(
        "--active", choices=YES_NO, help=_("no: a former partner, left out of the directory")
    )
    sub.add_argument("--siret", help=_("14 digits (empty: none)"))
    sub.add_argument("--user", required=True, metavar=_("LOGIN"),
                     help=_("who changes it (a treasurer or an administrator)"))  # fmt: skip
    sub.epilog = _("The password is read from CAISSE_PASSWORD, or asked.") + " " + epilog

    action = group(command, "categories", _("the directory's sector categories"), common_options,
                   epilog)  # fmt: skip
    sub = action("list", _("the categories in the order of the printed guide"),
                 "partner:list_categories")  # fmt: skip
    sub.add_argument("--all", action="store_true", help=_("the retired ones too"))
    sub = action("add", _("add a category, or bring back a retired one"), "partner:add_category")
    sub.add_argument("name", metavar=_("NAME"))
    sub.add_argument("--user", required=True, metavar=_("LOGIN"), help=_("who adds it"))
    sub = action("rename", _("rename a category; its partners keep it"),
                 "partner:rename_category")  # fmt: skip
    sub.add_argument("old", metavar=_("OLD"), help=_("its name now"))
    sub.add_argument("new", metavar=_("NEW"), help=_("its new name"))
    sub.add_argument("--user", required=True, metavar=_("LOGIN"), help=_("who renames it"))
    sub = action("retire", _("stop offering a category; its partners keep it"),
                 "partner:retire_category")  # fmt: skip
    sub.add_argument("name", metavar=_("NAME"))
    sub.add_argument("--user", required=True, metavar=_("LOGIN"), help=_("who retires it"))


# --- partner -----------------------------------------------------------------------------------


def show(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.domain.money import Money
    from caisse.services import directory, partners

    with common.reading(args) as store:
        row = _partner(store, args.number)
        entry = _entry_row(directory.entries(store, include_former=True), row["uid"])
        owed = sum(int(o["to_pay"]) for o in partners.owed(store) if o["number"] == row["number"])
    town = " ".join(v for v in (entry["postcode"], entry["commune"]) if v)
    lines = [
        (_("Number"), entry["number"]),
        (_("Organisation"), entry["organisation"]),
        (_("Trade name"), entry["trade_name"]),
        (_("Category"), entry["category"]),
        (_("Address"), ", ".join(v for v in (entry["address"], town) if v)),
        (_("Phone"), entry["phone"]),
        (_("E-mail"), entry["email"]),
        (_("Coordinates"), _coordinates(entry)),
        (_("Website"), entry["website"]),
        (_("Opening hours"), entry["opening_hours"]),
        (_("Description"), entry["description"]),
        (_("Takes vouchers"), _yes_no(entry["takes_vouchers"])),
        (_("Exchange point"), _yes_no(entry["is_exchange_point"])),
        (_("State"), _("active") if entry["active"] else _("former partner")),
        (_("SIRET"), entry["siret"]),
        (_("Owed"), Money(owed).display()),
    ]
    width = max(len(label) for label, _value in lines)
    for label, value in lines:
        # a text of several lines stays aligned under its first line
        text = (value or "—").replace("\n", "\n" + " " * (width + 2))
        common.out(f"{label.ljust(width)}  {text}")
    return common.EXIT_OK


def set_entry(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.services import directory

    with common.writing(args) as store:
        # everything that can be checked without the password is checked first
        row = _partner(store, args.number)
        before = directory.profile(store, row["uid"])
        entry = _changed_entry(store, args, before).cleaned()
        ctx = log_in(store, args.user)
        after = directory.set_profile(ctx, row["uid"], entry)
    changed = [k for k, v in asdict(after).items() if getattr(before, k) != v]
    name = after.trade_name or row["organisation"]
    if changed:
        fields = ", ".join(_(FIELD_LABELS[k]) for k in changed)
        common.out(_("Directory entry of {name} ({number}) saved; changed: {fields}.").format(
            name=name, number=row["number"], fields=fields))  # fmt: skip
    else:
        common.out(_("Directory entry of {name} ({number}) unchanged.").format(
            name=name, number=row["number"]))  # fmt: skip
    return common.EXIT_OK


def _changed_entry(store: Any, args: argparse.Namespace, entry: Any) -> Any:
    """The entry with the options given; a coordinate or category that cannot be read is
    refused naming its option."""
    from caisse.domain import geo
    from caisse.domain.errors import InputError

    changes: dict[str, Any] = {}
    for option, field in TEXT_OPTIONS.items():
        value = getattr(args, option)
        if value is not None:
            changes[field] = value
    for option, field in FLAG_OPTIONS.items():
        value = getattr(args, option)
        if value is not None:
            changes[field] = value == "yes"
    if args.category is not None:
        changes["category"] = _category_id(store, args.category, entry.category)
    if (args.lat is None) != (args.lon is None):
        raise InputError(N_("Give both --lat and --lon (both empty remove the position)."))
    if args.lat is not None:
        for option, field, parse in (("--lat", "latitude_e6", geo.parse_latitude),
                                     ("--lon", "longitude_e6", geo.parse_longitude)):  # fmt: skip
            text = getattr(args, option[2:]).strip()
            try:
                changes[field] = parse(text) if text else None
            except InputError as err:
                raise InputError(N_("{field}: {reason}"), field=option, reason=str(err)) from None
    return replace(entry, **changes)


def _category_id(store: Any, name: str, current: int | None) -> int | None:
    """The category named (case ignored): one in use, or the partner's own if retired."""
    from caisse.domain.errors import InputError
    from caisse.services import directory

    wanted = " ".join(name.split()).casefold()
    if not wanted:
        return None
    for row in directory.categories(store, include_retired=True):
        if row["name"].casefold() == wanted and (row["active"] or row["id"] == current):
            return int(row["id"])
    raise InputError(
        N_('No category is named "{name}". The categories: {names}.'),
        name=name.strip(), names=", ".join(r["name"] for r in directory.categories(store)),
    )  # fmt: skip


def _partner(store: Any, number: str) -> dict[str, Any]:
    from caisse.domain.errors import RuleViolation
    from caisse.services import members

    row = members.by_number(store, number)
    if not row["is_partner"] or members.is_erased(row):
        raise RuleViolation(
            N_("{name} ({number}) is not a partner: only partners are listed in the directory."),
            name=members.display_name(row), number=row["number"],
        )  # fmt: skip
    return row


def _entry_row(rows: list[dict[str, Any]], uid: str) -> dict[str, Any]:
    return next(r for r in rows if r["uid"] == uid)


def _coordinates(entry: dict[str, Any]) -> str:
    from caisse.domain.geo import degrees_text

    if entry["latitude_e6"] is None or entry["longitude_e6"] is None:
        return ""
    return f"{degrees_text(entry['latitude_e6'])}, {degrees_text(entry['longitude_e6'])}"


def _yes_no(flag: bool) -> str:
    return _("yes") if flag else _("no")


# --- categories --------------------------------------------------------------------------------


def list_categories(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.services import directory

    with common.reading(args) as store:
        rows = directory.categories(store, include_retired=args.all)
    rows.sort(key=lambda r: not r["active"])
    for row in rows:
        retired = "" if row["active"] else "  " + _("(retired)")
        common.out(f"{row['name']}{retired}")
    return common.EXIT_OK


def add_category(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.services import directory

    with common.writing(args) as store:
        added = directory.add_category(log_in(store, args.user), args.name)
    common.out(_('The category "{name}" is in the list.').format(name=added["name"]))
    return common.EXIT_OK


def rename_category(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.services import directory

    with common.writing(args) as store:
        old = _named_category(store, args.old)
        renamed = directory.rename_category(log_in(store, args.user), old["id"], args.new)
    common.out(_('"{old}" is renamed "{name}".').format(old=old["name"], name=renamed["name"]))
    return common.EXIT_OK


def retire_category(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.services import directory

    with common.writing(args) as store:
        row = _named_category(store, args.name)
        directory.retire_category(log_in(store, args.user), row["id"])
    common.out(
        _('"{name}" is retired: it is no longer offered for new entries.').format(name=row["name"])
    )
    return common.EXIT_OK


def _named_category(store: Any, name: str) -> dict[str, Any]:
    from caisse.domain.errors import NotFound
    from caisse.services import directory

    wanted = " ".join(name.split()).casefold()
    for row in directory.categories(store, include_retired=True):
        if row["name"].casefold() == wanted:
            return row
    raise NotFound(
        N_('No category is named "{name}". The categories: {names}.'),
        name=name.strip(), names=", ".join(r["name"] for r in directory.categories(store)),
    )  # fmt: skip
