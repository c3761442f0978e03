"""A member's rights over their personal data: a copy of everything held, and erasure.

The journal refers to members by a random ``uid`` only, so erasing a person overwrites their
row of ``member`` (names, contact, address, bank details) and leaves the journal, its hash
chain and the membership periods as they were: ``verify`` still passes and the accounts still
add up. The erased member keeps their number and is shown as "Erased member N".
"""

from __future__ import annotations

import json
from typing import Any

from caisse.domain.errors import InputError, RuleViolation
from caisse.domain.roles import Permission
from caisse.domain.text import fold
from caisse.i18n import N_
from caisse.services import events, ledger, members, partners, settings
from caisse.services.context import Context
from caisse.store.db import Store

#: the columns of ``member`` that identify or reach a person, emptied by :func:`erase`
PERSONAL_FIELDS = (
    "first_name",
    "last_name",
    "organisation",
    "email",
    "phone",
    "address",
    "postcode",
    "commune",
    "iban",
    "external_ref",
)
#: columns of ``member`` left out of an access request: internal, or derived from the others
INTERNAL_FIELDS = ("id", "search")
#: enough for any member's whole history
ALL_ENTRIES = 1_000_000_000
FORMAT_VERSION = 1


def access_request(ctx: Context, member_number: str) -> bytes:
    """Everything held about a member, as one indented UTF-8 JSON file: their row, their
    membership periods, their journal entries and the events that name them."""
    ctx.require(Permission.EDIT_MEMBERS)
    store = ctx.store
    with store.transaction():
        row = members.by_number(store, member_number)
        uid = row["uid"]
        document = {
            "format": FORMAT_VERSION,
            "association": settings.association(store).name,
            "produced_at": ctx.now_iso(),
            "member": {k: v for k, v in row.items() if k not in INTERNAL_FIELDS},
            "memberships": _memberships(store, uid),
            "journal": [_entry(e) for e in ledger.listing(store, member=uid, limit=ALL_ENTRIES)],
            "events": _events(store, uid),
        }
        events.record(store, "access_request", actor=ctx.actor.uid, at=ctx.now_iso(), member=uid)
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False, default=str)
    return (text + "\n").encode("utf-8")


def erase(ctx: Context, member_number: str, reason: str) -> bool:
    """Erase a member's personal data, keep their number, memberships and journal entries.

    Returns True when this call erased them, False when they already were (the file is then
    compacted again, which finishes an erasure whose compaction was interrupted). Refused while
    a reconversion is still owed to them: the transfer needs their bank details.
    """
    ctx.require(Permission.SETTINGS)
    reason = reason.strip()
    if not reason:
        raise InputError(N_("Say why the member is erased (it is kept in the event log)."))
    store = ctx.store
    with store.transaction():
        row = members.by_number(store, member_number)
        erased_now = not members.is_erased(row)
        if erased_now:
            _refuse_if_owed(store, row)
            now = ctx.now_iso()
            sets = ", ".join(f"{field} = ''" for field in PERSONAL_FIELDS)
            store.execute(
                f"UPDATE member SET {sets}, consent_newsletter = 0, search = ?, updated_at = ? "
                "WHERE uid = ?",
                # the number alone stays searchable: it is a pseudonym, not a person
                (fold(row["number"]), now, row["uid"]),
            )
            # the triggers removed the old text from the trigram index, but FTS5 keeps it in
            # its older segments until they are merged: rebuild them from the member table
            store.execute("INSERT INTO member_fts (member_fts) VALUES ('rebuild')")
            store.execute("INSERT INTO member_fts (member_fts) VALUES ('optimize')")
            events.record(
                store, "member_erased", actor=ctx.actor.uid, at=now, member=row["uid"],
                reason=reason,
            )  # fmt: skip
    store.compact()
    return erased_now


def _refuse_if_owed(store: Store, row: dict[str, Any]) -> None:
    receipts = [r["receipt"] or str(r["seq"]) for r in partners.owed(store)
                if r["number"] == row["number"]]  # fmt: skip
    if receipts:
        raise RuleViolation(
            N_(
                "Member {number} cannot be erased: reconversions are still owed to them "
                "({receipts}). Record their payment first, it needs their bank details."
            ),
            number=row["number"],
            receipts=", ".join(receipts),
        )


def _memberships(store: Store, uid: str) -> list[dict[str, Any]]:
    rows = store.rows(
        "SELECT m.starts_on, m.ends_on, m.fee, m.commodity, t.receipt FROM membership m "
        "LEFT JOIN txn t ON t.seq = m.txn_seq WHERE m.member = ? ORDER BY m.starts_on, m.id",
        (uid,),
    )
    for row in rows:
        row["fee"] = _decimal(row["fee"])
    return rows


def _entry(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "receipt": entry["receipt"],
        "date": entry["at"],
        "operation": entry["operation"],
        "counter": entry["counter"],
        "euros": _decimal(entry["euros"]),
        "units": _decimal(entry["units"]),
        "unit": entry["unit_commodity"],
        "cancels": entry["reverses"],
        "memo": entry["memo"],
        "details": entry["details"],
    }


def _events(store: Store, uid: str) -> list[dict[str, Any]]:
    # a uid is hexadecimal: looked for as plain text in the details, it matches only itself
    rows = store.rows(
        "SELECT at, kind, detail FROM event WHERE instr(detail, ?) > 0 ORDER BY id", (uid,)
    )
    for row in rows:
        row["detail"] = json.loads(row["detail"])
    return rows


def _decimal(cents: int | None) -> str | None:
    """Cents as a plain decimal text ("-12.50"), the same in every language."""
    if cents is None:
        return None
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"
