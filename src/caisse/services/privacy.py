"""A member's rights over their personal data: a copy of everything held, erasure, and the
retention period after which former members are listed for erasure.

The journal refers to members by a random ``uid`` only, and the personal details an entry needs
(a cheque's drawer, a partner's IBAN) are kept apart from it (``services.personal``). So erasing
a person empties their row of ``member`` (names, contact, address, bank details, consents),
their personal details and, for a partner, its directory entry, and leaves the journal, its
hash chain and the membership periods as they were: ``verify`` still passes and the accounts
still add up. The erased member keeps their number and is shown as "Erased member N".
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from caisse.domain.errors import InputError, RuleViolation
from caisse.domain.geo import degrees_text
from caisse.domain.roles import Permission
from caisse.domain.text import fold
from caisse.i18n import N_
from caisse.services import events, ledger, members, partners, personal, settings
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
#: consent flags, withdrawn by :func:`erase`
CONSENT_FIELDS = ("consent_newsletter", "consent_events", "consent_photos")
#: a partner's directory entry (``partner``): emptied by :func:`erase`, and made inactive
DIRECTORY_FIELDS = ("trade_name", "website", "opening_hours", "description", "siret")
#: columns of ``member`` left out of an access request: internal, or derived from the others
INTERNAL_FIELDS = ("id", "search")
#: how long a former member's personal data is kept after the relationship ended: the CNIL
#: recommends three years for members and prospects
DEFAULT_RETENTION_MONTHS = 36
RETENTION_RANGE = (1, 120)
#: a member's standing (``members.status``) as the lists of members due for erasure show it
STATUS_LABELS = {"current": N_("Current"), "lapsed": N_("Lapsed"), "left": N_("Left")}
#: enough for any member's whole history
ALL_ENTRIES = 1_000_000_000
FORMAT_VERSION = 1

#: the bank statement lines matched, now or once, to a member's journal entries
BANK_LINES_OF_MEMBER = (
    "SELECT ml.line FROM bank_match_line ml JOIN bank_match_entry me ON me.match = ml.match "
    "JOIN txn t ON t.seq = me.seq WHERE t.member = ?"
)


def access_request(ctx: Context, member_number: str) -> bytes:
    """Everything held about a member, as one indented UTF-8 JSON file: their row (consents
    and the day they left included), a partner's directory entry, the personal details kept
    for their operations, their membership periods, their journal entries, the events that
    name them and the bank statement lines matched to their entries."""
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
            "partner": _directory_entry(store, uid),
            "personal_details": [
                {"kind": d["kind"], "value": d["value"]} for d in personal.of_member(store, uid)
            ],
            "memberships": _memberships(store, uid),
            # the details resolved: a cheque's drawer, an IBAN, as the member gave them
            "journal": [_entry(e) for e in ledger.listing(store, member=uid, limit=ALL_ENTRIES)],
            "events": _events(store, uid),
            # what the bank wrote of a transfer to or from them, on the statements imported
            "bank_lines": _bank_lines(store, uid),
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
    return erase_many(ctx, [member_number], reason) == 1


def erase_many(ctx: Context, numbers: Iterable[str], reason: str) -> int:
    """Erase several members at once (those :func:`due_for_erasure` lists): all of them or,
    when one cannot be (unknown number, a reconversion still owed), none. The file is compacted
    once, at the end. Returns how many were erased by this call."""
    ctx.require(Permission.SETTINGS)
    reason = reason.strip()
    if not reason:
        raise InputError(N_("Say why the member is erased (it is kept in the event log)."))
    store = ctx.store
    erased = 0
    with store.transaction():
        rows: dict[str, dict[str, Any]] = {}
        for number in numbers:
            row = members.by_number(store, number)
            rows[row["uid"]] = row
        to_erase = [row for row in rows.values() if not members.is_erased(row)]
        if to_erase:
            _refuse_if_owed(store, to_erase)
            now = ctx.now_iso()
            for row in to_erase:
                _erase_row(store, row, now)
                events.record(
                    store, "member_erased", actor=ctx.actor.uid, at=now, member=row["uid"],
                    reason=reason,
                )  # fmt: skip
            # the triggers removed the old text from the search indexes, but FTS5 keeps it in
            # its older segments until they are merged: rebuild them from the member table
            for index in members.SEARCH_INDEXES:
                store.execute(f"INSERT INTO {index} ({index}) VALUES ('rebuild')")
                store.execute(f"INSERT INTO {index} ({index}) VALUES ('optimize')")
            erased = len(to_erase)
    store.compact()
    return erased


def _erase_row(store: Store, row: dict[str, Any], now: str) -> None:
    """Empty the member's row, consents, personal details, directory entry and the labels of
    the bank statement lines matched to their entries."""
    sets = ", ".join(
        [f"{field} = ''" for field in PERSONAL_FIELDS] + [f"{f} = 0" for f in CONSENT_FIELDS]
    )
    store.execute(
        f"UPDATE member SET {sets}, search = ?, updated_at = ? WHERE uid = ?",
        # the number alone stays searchable: it is a pseudonym, not a person
        (fold(row["number"]), now, row["uid"]),
    )
    personal.forget(store, row["uid"])
    # the bank writes the payee's name in a transfer's label: empty the labels of the statement
    # lines matched, now or once, to the member's entries (the amounts and dates stay)
    store.execute(
        f"UPDATE bank_line SET label = '' WHERE label <> '' AND id IN ({BANK_LINES_OF_MEMBER})",
        (row["uid"],),
    )
    directory = ", ".join(f"{field} = ''" for field in DIRECTORY_FIELDS)
    store.execute(
        f"UPDATE partner SET {directory}, latitude_e6 = NULL, longitude_e6 = NULL, active = 0, "
        "updated_at = ? WHERE member = ?",
        (now, row["uid"]),
    )


def _refuse_if_owed(store: Store, rows: list[dict[str, Any]]) -> None:
    numbers = {row["number"] for row in rows}
    owed: dict[str, list[str]] = {}
    for r in partners.owed(store):
        if r["number"] in numbers:
            owed.setdefault(r["number"], []).append(r["receipt"] or str(r["seq"]))
    if owed:
        number, receipts = next(iter(owed.items()))
        raise RuleViolation(
            N_(
                "Member {number} cannot be erased: reconversions are still owed to them "
                "({receipts}). Record their payment first, it needs their bank details."
            ),
            number=number,
            receipts=", ".join(receipts),
        )


def _bank_lines(store: Store, uid: str) -> list[dict[str, Any]]:
    rows = store.rows(
        "SELECT booked_on, label, amount, reference FROM bank_line "
        f"WHERE label <> '' AND id IN ({BANK_LINES_OF_MEMBER}) ORDER BY booked_on, id",
        (uid,),
    )
    for row in rows:
        row["amount"] = _decimal(row["amount"])
    return rows


def _memberships(store: Store, uid: str) -> list[dict[str, Any]]:
    rows = store.rows(
        "SELECT m.starts_on, m.ends_on, m.fee, m.commodity, t.receipt FROM membership m "
        "LEFT JOIN txn t ON t.seq = m.txn_seq WHERE m.member = ? ORDER BY m.starts_on, m.id",
        (uid,),
    )
    for row in rows:
        row["fee"] = _decimal(row["fee"])
    return rows


# -- the retention period ---------------------------------------------------------------------


def retention_months(store: Store) -> int:
    """How many months a former member's personal data is kept after the relationship ended."""
    return int(store.get_setting("retention_months", DEFAULT_RETENTION_MONTHS))


def set_retention_months(ctx: Context, months: int) -> None:
    """The administrator sets the retention period, from 1 to 120 months (logged)."""
    ctx.require(Permission.SETTINGS)
    least, most = RETENTION_RANGE
    if type(months) is not int or not least <= months <= most:
        raise InputError(
            N_("The retention period must be from {least} to {most} months; the CNIL "
               "recommends {advised} (three years after the member left)."),
            least=least, most=most, advised=DEFAULT_RETENTION_MONTHS,
        )  # fmt: skip
    settings._put(ctx, "retention_months", months)


#: members not erased yet whose relationship ended before ``:bound``: ended is the latest of
#: the day they left, the end of their membership, the day they joined and the day of their
#: last journal entry (the one with the highest sequence number, found in the ``txn_member``
#: index alone, so only that entry's row is read); partners still owed a reconversion are left
#: out, they cannot be erased yet. The cheap conditions come first: the journal is looked up
#: for the candidates only.
DUE_SQL = f"""
SELECT * FROM (
    SELECT m.uid, m.number, m.kind, m.first_name, m.last_name, m.organisation,
        m.membership_until, m.left_on,
        max(COALESCE(m.left_on, ''), COALESCE(m.membership_until, ''), m.joined_on,
            COALESCE((SELECT substr(l.at, 1, 10) FROM txn l WHERE l.seq =
                        (SELECT MAX(t.seq) FROM txn t WHERE t.member = m.uid)), ''))
            AS ended_on
    FROM member m
    WHERE (m.first_name <> '' OR m.last_name <> '' OR m.organisation <> '')
        AND COALESCE(m.left_on, '') < :bound AND COALESCE(m.membership_until, '') < :bound
        AND m.joined_on < :bound
)
WHERE ended_on < :bound
    AND uid NOT IN (SELECT t.member FROM txn t WHERE t.member IS NOT NULL
                    AND {partners.OWED_WHERE})
ORDER BY ended_on, number
"""


def due_for_erasure(store: Store, today: date) -> list[dict[str, Any]]:
    """Members whose relationship ended more than the retention period before ``today``, the
    longest gone first: each with ``uid``, ``number``, ``name``, ``kind``, ``status``
    (``members.status``), ``ended_on`` and ``due_since`` (dates)."""
    months = retention_months(store)
    # a bound a few days late: the exact test, month ends included, is done below
    bound = add_months(today, -months) + timedelta(days=3)
    cursor = store.execute(DUE_SQL, {"bound": bound.isoformat()})
    columns = [c[0] for c in cursor.description]
    due_since_of: dict[str, date] = {}  # many members share a day: each one computed once
    found = []
    for values in cursor:
        row = dict(zip(columns, values, strict=True))
        ended_on = row["ended_on"]
        due_since = due_since_of.get(ended_on)
        if due_since is None:
            due_since = add_months(date.fromisoformat(ended_on), months) + timedelta(days=1)
            due_since_of[ended_on] = due_since
        if due_since > today:
            continue
        found.append(
            {
                "uid": row["uid"],
                "number": row["number"],
                "name": members.display_name(row),
                "kind": row["kind"],
                "status": members.status(row, today),
                "ended_on": date.fromisoformat(ended_on),
                "due_since": due_since,
            }
        )
    return found


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), the month's last day when it has no such
    day (31 March + 1 month = 30 April)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(day.day, (following - timedelta(days=1)).day))


def _directory_entry(store: Store, uid: str) -> dict[str, Any] | None:
    row = store.one(
        "SELECT p.*, c.name AS category_name FROM partner p "
        "LEFT JOIN partner_category c ON c.id = p.category WHERE p.member = ?",
        (uid,),
    )
    if row is None:
        return None
    del row["member"]
    row["category"] = row.pop("category_name")  # its name, not the row id
    for axis in ("latitude", "longitude"):
        micro = row.pop(f"{axis}_e6")
        row[axis] = None if micro is None else degrees_text(micro)
    for flag in ("takes_vouchers", "is_exchange_point", "active"):
        row[flag] = bool(row[flag])
    return row


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
        row["detail"] = personal.resolve(store, json.loads(row["detail"]))
    return rows


def _decimal(cents: int | None) -> str | None:
    """Cents as a plain decimal text ("-12.50"), the same in every language."""
    if cents is None:
        return None
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"
