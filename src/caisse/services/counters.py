"""Exchange points: created, edited, deactivated; each has its own till and note accounts."""

from __future__ import annotations

import re
from typing import Any

from caisse.domain.accounts import UNIT, counter_specs
from caisse.domain.errors import InputError, NotFound, RuleViolation
from caisse.domain.roles import Permission
from caisse.i18n import N_
from caisse.services import events, settings
from caisse.services.context import Context
from caisse.store.db import Store

CODE_PATTERN = re.compile(r"^[A-Z0-9]{2,8}$")


def list_counters(store: Store, *, active_only: bool = False) -> list[dict[str, Any]]:
    where = "WHERE active = 1" if active_only else ""
    return store.rows(f"SELECT * FROM counter {where} ORDER BY number")


def get(store: Store, code: str) -> dict[str, Any]:
    row = store.one("SELECT * FROM counter WHERE code = ?", (code.strip().upper(),))
    if row is None:
        raise NotFound(N_('There is no exchange point "{code}".'), code=code)
    return row


def get_active(store: Store, code: str) -> dict[str, Any]:
    row = get(store, code)
    if not row["active"]:
        raise RuleViolation(
            N_("The exchange point {name} is closed; choose another one."), name=row["name"]
        )
    return row


def create(ctx: Context, code: str, name: str, address: str = "", commune: str = "") -> str:
    ctx.require(Permission.MANAGE_COUNTERS)
    store = ctx.store
    code = code.strip().upper()
    if not CODE_PATTERN.match(code):
        raise InputError(
            N_("An exchange point code is 2 to 8 capital letters or digits, for example C01.")
        )
    if not name.strip():
        raise InputError(N_("The exchange point needs a name."))
    unit = settings.currency(store).code
    with store.transaction():
        if store.scalar("SELECT 1 FROM counter WHERE code = ?", (code,)):
            raise RuleViolation(
                N_("The code {code} is already used by another exchange point."), code=code
            )
        number = (store.scalar("SELECT MAX(number) FROM counter") or 0) + 1
        store.execute(
            "INSERT INTO counter (code, number, name, address, commune, active, created_at) "
            "VALUES (?, ?, ?, ?, ?, 1, ?)",
            (code, number, name.strip(), address.strip(), commune.strip(), ctx.now_iso()),
        )
        for spec in counter_specs(code, number):
            store.execute(
                "INSERT INTO account (key, name, pcg, commodity, kind, counter) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    spec.key,
                    spec.name,
                    spec.pcg,
                    unit if spec.commodity == UNIT else spec.commodity,
                    spec.kind.value,
                    code,
                ),
            )
        events.record(store, "counter_created", actor=ctx.actor.uid, code=code, name=name)
    return code


def update(
    ctx: Context,
    code: str,
    *,
    name: str | None = None,
    address: str | None = None,
    commune: str | None = None,
    active: bool | None = None,
) -> None:
    ctx.require(Permission.MANAGE_COUNTERS)
    store = ctx.store
    with store.transaction():
        row = get(store, code)
        changes: dict[str, Any] = {}
        if name is not None:
            if not name.strip():
                raise InputError(N_("The exchange point needs a name."))
            changes["name"] = name.strip()
        if address is not None:
            changes["address"] = address.strip()
        if commune is not None:
            changes["commune"] = commune.strip()
        if active is not None:
            changes["active"] = int(active)
        if not changes:
            return
        sets = ", ".join(f"{k} = ?" for k in changes)
        store.execute(f"UPDATE counter SET {sets} WHERE code = ?", (*changes.values(), row["code"]))
        events.record(
            store, "counter_changed", actor=ctx.actor.uid, code=row["code"], changes=changes
        )
