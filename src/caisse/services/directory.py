"""The partner directory: each partner's public entry and the editable list of sector categories.

A partner is an organisation member; its name, contact, address, postcode and commune stay on
the member row, and its directory entry (trade name, category, coordinates, website, hours,
description, whether it takes vouchers or is an exchange point, active or former, SIRET) is
the ``partner`` row beside it. :func:`entries` is what the printed guide, the GeoJSON and the
CSV are made from.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from typing import Any

from stdnum.fr import siret as siret_check

from caisse.domain.errors import InputError, NotFound, RuleViolation
from caisse.domain.geo import LATITUDE_LIMIT, LONGITUDE_LIMIT
from caisse.domain.roles import Permission
from caisse.domain.text import fold
from caisse.i18n import N_
from caisse.services import events, members
from caisse.services.context import Context
from caisse.store.db import Store

#: what a new association starts with; the administrator edits the list
DEFAULT_CATEGORIES = (
    N_("Food and groceries"),
    N_("Restaurants and cafés"),
    N_("Shops"),
    N_("Crafts and repairs"),
    N_("Health and well-being"),
    N_("Culture and leisure"),
    N_("Services"),
    N_("Associations"),
)
WEBSITE = re.compile(r"^(https?://)?[^\s/$.?#][^\s]*\.[^\s]{2,}$", re.IGNORECASE)
TEXT_LIMITS = {"trade_name": 120, "opening_hours": 300, "description": 600, "website": 300}


@dataclass(frozen=True)
class Profile:
    """A partner's directory entry as a person types it."""

    trade_name: str = ""
    category: int | None = None
    latitude_e6: int | None = None
    longitude_e6: int | None = None
    website: str = ""
    opening_hours: str = ""
    description: str = ""
    takes_vouchers: bool = False
    is_exchange_point: bool = False
    active: bool = True
    siret: str = ""

    def cleaned(self) -> Profile:
        stripped: dict[str, Any] = {
            k: v.strip() for k, v in asdict(self).items() if isinstance(v, str)
        }
        profile = replace(self, **stripped)
        for field, limit in TEXT_LIMITS.items():
            if len(getattr(profile, field)) > limit:
                raise InputError(
                    N_("The {field} is too long: {limit} characters at most."),
                    field=_FIELD_NAMES[field], limit=limit,
                )  # fmt: skip
        if (profile.latitude_e6 is None) != (profile.longitude_e6 is None):
            raise InputError(N_("Give both the latitude and the longitude, or neither."))
        if profile.latitude_e6 is not None and abs(profile.latitude_e6) > LATITUDE_LIMIT:
            raise InputError(N_("A latitude lies between -90 and 90 degrees."))
        if profile.longitude_e6 is not None and abs(profile.longitude_e6) > LONGITUDE_LIMIT:
            raise InputError(N_("A longitude lies between -180 and 180 degrees."))
        if profile.website:
            if not WEBSITE.match(profile.website):
                raise InputError(
                    N_('"{website}" is not a website address.'), website=profile.website
                )
            if not profile.website.lower().startswith(("http://", "https://")):
                profile = replace(profile, website="https://" + profile.website)
        if profile.siret:
            profile = replace(profile, siret=checked_siret(profile.siret))
        return profile


_FIELD_NAMES = {
    "trade_name": N_("trade name"),
    "opening_hours": N_("opening hours"),
    "description": N_("description"),
    "website": N_("website"),
}


def checked_siret(text: str) -> str:
    """A SIRET (14 digits, Luhn-checked; La Poste's establishments by their own rule)."""
    try:
        return str(siret_check.validate(text))
    except Exception:
        raise InputError(
            N_('The SIRET "{siret}" is not valid: it has 14 digits, check them on the '
               "partner's invoice or on annuaire-entreprises.data.gouv.fr."),
            siret=text.strip(),
        ) from None  # fmt: skip


# -- categories ------------------------------------------------------------------------------


def categories(store: Store, *, include_retired: bool = False) -> list[dict[str, Any]]:
    where = "" if include_retired else "WHERE active = 1"
    return store.rows(f"SELECT * FROM partner_category {where} ORDER BY position, name")


def seed_categories(store: Store, names: list[str]) -> None:
    """The first list of a new database (names already in the user's language)."""
    with store.transaction():
        for position, name in enumerate(names):
            store.execute(
                "INSERT OR IGNORE INTO partner_category (name, position) VALUES (?, ?)",
                (name, position),
            )


def add_category(ctx: Context, name: str) -> dict[str, Any]:
    ctx.require(Permission.EDIT_DIRECTORY)
    name = _category_name(name)
    store = ctx.store
    with store.transaction():
        existing = store.one("SELECT * FROM partner_category WHERE name = ?", (name,))
        if existing is not None:
            if existing["active"]:
                raise RuleViolation(N_('The category "{name}" already exists.'), name=name)
            store.execute("UPDATE partner_category SET active = 1 WHERE id = ?", (existing["id"],))
        else:
            position = store.scalar("SELECT COALESCE(MAX(position), -1) + 1 FROM partner_category")
            store.execute(
                "INSERT INTO partner_category (name, position) VALUES (?, ?)", (name, position)
            )
        events.record(store, "category_added", actor=ctx.actor.uid, name=name)
        return _category(store, name)


def rename_category(ctx: Context, category_id: int, name: str) -> dict[str, Any]:
    ctx.require(Permission.EDIT_DIRECTORY)
    name = _category_name(name)
    store = ctx.store
    with store.transaction():
        old = _category_by_id(store, category_id)
        clash = store.one(
            "SELECT id FROM partner_category WHERE name = ? AND id <> ?", (name, category_id)
        )
        if clash is not None:
            raise RuleViolation(N_('The category "{name}" already exists.'), name=name)
        store.execute("UPDATE partner_category SET name = ? WHERE id = ?", (name, category_id))
        events.record(store, "category_renamed", actor=ctx.actor.uid, old=old["name"], name=name)
        return _category(store, name)


def retire_category(ctx: Context, category_id: int) -> None:
    """Take a category off the list; partners in it keep it until they are given another."""
    ctx.require(Permission.EDIT_DIRECTORY)
    store = ctx.store
    with store.transaction():
        old = _category_by_id(store, category_id)
        store.execute("UPDATE partner_category SET active = 0 WHERE id = ?", (category_id,))
        events.record(store, "category_retired", actor=ctx.actor.uid, name=old["name"])


def move_category(ctx: Context, category_id: int, offset: int) -> None:
    """Move a category up (offset -1) or down (+1) in the list."""
    ctx.require(Permission.EDIT_DIRECTORY)
    store = ctx.store
    with store.transaction():
        ids = [row["id"] for row in categories(store)]
        if category_id not in ids:
            raise NotFound(N_("This category no longer exists."))
        index = ids.index(category_id)
        target = min(max(index + offset, 0), len(ids) - 1)
        ids.insert(target, ids.pop(index))
        for position, cid in enumerate(ids):
            store.execute("UPDATE partner_category SET position = ? WHERE id = ?", (position, cid))


def _category_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InputError(N_("Type the category's name."))
    if len(name) > 60:
        raise InputError(N_("A category's name has 60 characters at most."))
    return name


def _category(store: Store, name: str) -> dict[str, Any]:
    row = store.one("SELECT * FROM partner_category WHERE name = ?", (name,))
    assert row is not None
    return row


def _category_by_id(store: Store, category_id: int) -> dict[str, Any]:
    row = store.one("SELECT * FROM partner_category WHERE id = ?", (category_id,))
    if row is None:
        raise NotFound(N_("This category no longer exists."))
    return row


# -- partners' entries -----------------------------------------------------------------------


def profile(store: Store, member_uid: str) -> Profile:
    """A partner's directory entry (an empty one, active, for a partner never described)."""
    row = store.one("SELECT * FROM partner WHERE member = ?", (member_uid,))
    if row is None:
        return Profile()
    return Profile(
        trade_name=row["trade_name"],
        category=row["category"],
        latitude_e6=row["latitude_e6"],
        longitude_e6=row["longitude_e6"],
        website=row["website"],
        opening_hours=row["opening_hours"],
        description=row["description"],
        takes_vouchers=bool(row["takes_vouchers"]),
        is_exchange_point=bool(row["is_exchange_point"]),
        active=bool(row["active"]),
        siret=row["siret"],
    )


def set_profile(ctx: Context, member_uid: str, entry: Profile) -> Profile:
    """Write a partner's directory entry; the member must be a partner."""
    ctx.require(Permission.EDIT_DIRECTORY)
    entry = entry.cleaned()
    store = ctx.store
    with store.transaction():
        row = members.by_uid(store, member_uid)
        if not row["is_partner"]:
            raise RuleViolation(
                N_("{name} is not a partner: only partners are listed in the directory."),
                name=members.display_name(row),
            )
        if entry.category is not None:
            _category_by_id(store, entry.category)
        before = profile(store, member_uid)
        values = asdict(entry)
        for flag in ("takes_vouchers", "is_exchange_point", "active"):
            values[flag] = int(values[flag])
        values["updated_at"] = ctx.now_iso()
        columns = ", ".join(values)
        marks = ", ".join("?" * len(values))
        updates = ", ".join(f"{k} = excluded.{k}" for k in values)
        store.execute(
            f"INSERT INTO partner (member, {columns}) VALUES (?, {marks}) "
            f"ON CONFLICT (member) DO UPDATE SET {updates}",
            (member_uid, *values.values()),
        )
        changed = sorted(k for k, v in asdict(entry).items() if getattr(before, k) != v)
        events.record(
            store, "partner_changed", actor=ctx.actor.uid, member=member_uid, fields=changed
        )
    return profile(store, member_uid)


ENTRY_COLUMNS = (
    "m.uid, m.number, m.organisation, m.email, m.phone, m.address, m.postcode, m.commune, "
    "p.trade_name, p.category AS category_id, c.name AS category, p.latitude_e6, "
    "p.longitude_e6, p.website, p.opening_hours, p.description, p.takes_vouchers, "
    "p.is_exchange_point, p.active, p.siret"
)


def entries(store: Store, *, include_former: bool = False) -> list[dict[str, Any]]:
    """The directory: every partner with its entry, by commune, category and name; each row
    has ``name`` (the trade name, or the organisation's name when it has none)."""
    # an erased partner has no name left to list
    where = "m.is_partner = 1 AND m.organisation <> ''"
    if not include_former:
        where += " AND COALESCE(p.active, 1) = 1"
    rows = store.rows(
        f"SELECT {ENTRY_COLUMNS} FROM member m LEFT JOIN partner p ON p.member = m.uid "
        f"LEFT JOIN partner_category c ON c.id = p.category WHERE {where}"
    )
    for row in rows:
        row["name"] = row["trade_name"] or row["organisation"]
        for flag in ("takes_vouchers", "is_exchange_point"):
            row[flag] = bool(row[flag])
        row["active"] = row["active"] is None or bool(row["active"])
        row["category"] = row["category"] or ""
    rows.sort(key=lambda r: (fold(r["commune"]), fold(r["category"]), fold(r["name"])))
    return rows
