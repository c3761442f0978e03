"""Printing a batch of vouchers as A4 sheets (see ``documents.voucher_sheet``), logged.

Each print is a row of ``voucher_print`` and a "vouchers_printed" event, written in the same
transaction as the PDF is made. A print that includes a voucher printed before is a reprint:
every voucher on it carries "DUPLICATA n°k", k being the number of earlier prints of the batch,
so a second copy of a voucher in someone's hands can be told from the first. Cancelled vouchers
are never printed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from caisse.documents.voucher_sheet import Voucher, VoucherSheet, render_voucher_sheet
from caisse.domain import vouchers as vdomain
from caisse.domain.errors import InputError, NotFound, RuleViolation
from caisse.domain.roles import Permission
from caisse.i18n import N_
from caisse.services import events, settings, vouchers
from caisse.services.context import Context
from caisse.store.db import Store

PRINTED = "vouchers_printed"


def sheet_pdf(
    ctx: Context,
    batch_id: int,
    serials: list[str] | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """The vouchers of batch ``batch_id`` on A4 sheets, eight to a page: the whole batch, its
    cancelled vouchers left out (the sheet says how many), or only the ``serials`` listed
    (typed with or without spaces), which must all be of this batch and not cancelled.
    ``progress(done, total)`` is told as the vouchers are drawn; if it raises, nothing is
    logged."""
    ctx.require(Permission.MANAGE_VOUCHERS)
    store = ctx.store
    with store.transaction():
        found = vouchers.batch(store, batch_id)
        prog = vouchers.programme(store, found["programme"])
        rows = vouchers.batch_vouchers(store, batch_id)
        if serials is None:
            chosen = [r for r in rows if r["status"] != "cancelled"]
            left_out = len(rows) - len(chosen)
            if not chosen:
                raise RuleViolation(
                    N_("Every voucher of batch {batch} is cancelled: there is nothing to print."),
                    batch=batch_id,
                )
        else:
            chosen = _listed(rows, serials, batch_id)
            left_out = 0
        earlier = _earlier(store, batch_id)
        again = [s for s in (r["serial"] for r in chosen) if _printed(s, earlier)]
        reprint = len(earlier) if again else None
        currency = settings.currency(store)
        sheet = VoucherSheet(
            association=settings.association(store).name,
            programme=prog["name"],
            amount=found["amount"],
            currency_code=currency.code,
            currency_name=currency.name,
            expires_on=date.fromisoformat(found["expires_on"]),
            batch=batch_id,
            vouchers=[Voucher(r["serial"], r["payload"]) for r in chosen],
            categories=tuple(_category_names(store, prog["categories"])),
            reprint=reprint,
            left_out=left_out,
        )
        pdf = render_voucher_sheet(sheet, progress)
        now = ctx.now_iso()
        listed = None if serials is None else json.dumps([r["serial"] for r in chosen])
        cursor = store.execute(
            "INSERT INTO voucher_print (batch, serials, reprint, at, actor) VALUES (?, ?, ?, ?, ?)",
            (batch_id, listed, int(reprint is not None), now, ctx.actor.uid),
        )
        events.record(store, PRINTED, actor=ctx.actor.uid, at=now, batch=batch_id,
                      print=cursor.lastrowid, count=len(chosen), reprint=reprint,
                      printed_again=len(again), left_out=left_out)  # fmt: skip
    return pdf


def prints(store: Store, batch_id: int) -> list[dict[str, Any]]:
    """The print log of a batch, oldest first: ``at``, ``actor`` (uid) and ``actor_name``,
    ``serials`` (a list, or None for the whole batch), ``count`` (vouchers printed),
    ``reprint`` (bool) and ``k``, the duplicate's number printed on a reprint (else None)."""
    rows = store.rows(
        "SELECT vp.*, COALESCE(u.name, vp.actor) AS actor_name, "
        "(SELECT json_extract(e.detail, '$.count') FROM event e WHERE e.kind = ? "
        " AND json_extract(e.detail, '$.print') = vp.id) AS count "
        "FROM voucher_print vp LEFT JOIN user u ON u.uid = vp.actor "
        "WHERE vp.batch = ? ORDER BY vp.id",
        (PRINTED, batch_id),
    )
    for position, row in enumerate(rows):
        row["serials"] = None if row["serials"] is None else json.loads(row["serials"])
        row["reprint"] = bool(row["reprint"])
        row["k"] = position if row["reprint"] else None
        if row["count"] is None and row["serials"] is not None:
            row["count"] = len(row["serials"])
    return rows


def _listed(rows: list[dict[str, Any]], serials: list[str], batch_id: int) -> list[dict[str, Any]]:
    """The batch's vouchers named by ``serials``, in the order given, each once."""
    if not serials:
        raise InputError(N_("Name the vouchers to print by their serials, or print the batch."))
    by_serial = {r["serial"]: r for r in rows}
    wanted = list(dict.fromkeys(vdomain.check_serial(s) for s in serials))
    unknown = [s for s in wanted if s not in by_serial]
    if unknown:
        raise NotFound(
            N_("Not in batch {batch}: {serials}. Check the serials, or choose their batch."),
            batch=batch_id,
            serials=", ".join(vdomain.grouped_serial(s) for s in unknown),
        )
    cancelled = [s for s in wanted if by_serial[s]["status"] == "cancelled"]
    if cancelled:
        raise RuleViolation(
            N_("Cancelled vouchers are never printed: {serials}. Leave them out."),
            serials=", ".join(vdomain.grouped_serial(s) for s in cancelled),
        )
    return [by_serial[s] for s in wanted]


def _earlier(store: Store, batch_id: int) -> list[set[str] | None]:
    """The serials of each earlier print of the batch; None for a whole-batch print."""
    return [
        None if r["serials"] is None else set(json.loads(r["serials"]))
        for r in store.rows(
            "SELECT serials FROM voucher_print WHERE batch = ? ORDER BY id", (batch_id,)
        )
    ]


def _printed(serial: str, earlier: list[set[str] | None]) -> bool:
    return any(listed is None or serial in listed for listed in earlier)


def _category_names(store: Store, ids: list[int]) -> list[str]:
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    return [
        r["name"]
        for r in store.rows(
            f"SELECT name FROM partner_category WHERE id IN ({marks}) ORDER BY position, name",
            ids,
        )
    ]
