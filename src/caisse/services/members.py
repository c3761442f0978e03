"""The member registry: individuals and organisations, numbers with a check digit, search."""

from __future__ import annotations

import re
import uuid
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from caisse.domain.codes import (
    FIRST_MEMBER_SEQUENCE,
    check_member_number,
    looks_like_number,
    member_number,
)
from caisse.domain.errors import InputError, NotFound, RuleViolation
from caisse.domain.membership import MEMBER_KINDS, is_current
from caisse.domain.membership import status as standing
from caisse.domain.roles import Permission
from caisse.domain.text import fold
from caisse.i18n import N_, _
from caisse.services import events, personal
from caisse.services.context import Context
from caisse.store.db import Store

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
POSTCODE = re.compile(r"^[0-9A-Za-z \-]{3,10}$")


@dataclass(frozen=True)
class MemberFields:
    """What a person types when adding or editing a member."""

    kind: str = "individual"
    first_name: str = ""
    last_name: str = ""
    organisation: str = ""
    email: str = ""
    phone: str = ""
    postcode: str = ""
    commune: str = ""
    address: str = ""
    is_partner: bool = False

    def cleaned(self) -> MemberFields:
        stripped: dict[str, Any] = {
            k: v.strip() for k, v in asdict(self).items() if isinstance(v, str)
        }
        fields = replace(self, **stripped)
        if fields.kind not in MEMBER_KINDS:
            raise InputError(N_("A member is an individual or an organisation."))
        if fields.kind == "individual" and not fields.last_name:
            raise InputError(N_("An individual member needs a last name."))
        if fields.kind == "organisation" and not fields.organisation:
            raise InputError(N_("An organisation needs its name."))
        if fields.is_partner and fields.kind != "organisation":
            raise InputError(N_("Only an organisation can be a partner."))
        if fields.email and not EMAIL.match(fields.email):
            raise InputError(N_('"{email}" is not an e-mail address.'), email=fields.email)
        if fields.postcode and not POSTCODE.match(fields.postcode):
            raise InputError(N_('"{postcode}" is not a postcode.'), postcode=fields.postcode)
        return fields


def search_text(fields: MemberFields, number: str) -> str:
    return fold(
        " ".join(
            [
                number,
                fields.last_name,
                fields.first_name,
                fields.organisation,
                fields.email,
                fields.commune,
                fields.postcode,
            ]
        )
    )


def is_erased(row: dict[str, Any]) -> bool:
    """An erased member keeps its number and history but no name (see ``services.privacy``)."""
    return not (row["first_name"] or row["last_name"] or row["organisation"])


def display_name(row: dict[str, Any]) -> str:
    if is_erased(row):
        return _("Erased member {number}").format(number=row.get("number", ""))
    if row["kind"] == "organisation":
        return row["organisation"]
    return f"{row['first_name']} {row['last_name']}".strip()


def create(ctx: Context, fields: MemberFields, joined_on: date | None = None) -> dict[str, Any]:
    ctx.require(Permission.EDIT_MEMBERS)
    fields = fields.cleaned()
    store = ctx.store
    with store.transaction():
        # numbers are given in order, so the newest row holds the highest (an index lookup,
        # where MAX over the numbers read the whole registry at each new member)
        newest = store.scalar("SELECT number FROM member ORDER BY id DESC LIMIT 1")
        sequence = int(newest[:-1]) if newest else FIRST_MEMBER_SEQUENCE - 1
        number = member_number(sequence + 1)
        uid = uuid.uuid4().hex
        now = ctx.now_iso()
        store.execute(
            "INSERT INTO member (uid, number, kind, first_name, last_name, organisation, email, "
            "phone, postcode, commune, address, is_partner, joined_on, membership_until, search, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
            (
                uid,
                number,
                fields.kind,
                fields.first_name,
                fields.last_name,
                fields.organisation,
                fields.email,
                fields.phone,
                fields.postcode,
                fields.commune,
                fields.address,
                int(fields.is_partner),
                (joined_on or ctx.today()).isoformat(),
                search_text(fields, number),
                now,
                now,
            ),
        )
        events.record(store, "member_created", actor=ctx.actor.uid, at=now, member=uid)
    return by_uid(store, uid)


def update(ctx: Context, uid: str, fields: MemberFields) -> dict[str, Any]:
    ctx.require(Permission.EDIT_MEMBERS)
    fields = fields.cleaned()
    store = ctx.store
    with store.transaction():
        row = by_uid(store, uid)
        values = asdict(fields)
        values["is_partner"] = int(fields.is_partner)
        values["search"] = search_text(fields, row["number"])
        values["updated_at"] = ctx.now_iso()
        sets = ", ".join(f"{k} = ?" for k in values)
        store.execute(f"UPDATE member SET {sets} WHERE uid = ?", (*values.values(), uid))
        changed = sorted(k for k in asdict(fields) if row[k] != values[k])
        events.record(store, "member_changed", actor=ctx.actor.uid, member=uid, fields=changed)
    return by_uid(store, uid)


def by_uid(store: Store, uid: str) -> dict[str, Any]:
    row = store.one("SELECT * FROM member WHERE uid = ?", (uid,))
    if row is None:
        raise NotFound(N_("This member no longer exists."))
    return row


def by_number(store: Store, text: str) -> dict[str, Any]:
    number = check_member_number(text)
    row = store.one("SELECT * FROM member WHERE number = ?", (number,))
    if row is None:
        raise NotFound(N_("No member has the number {number}."), number=number)
    return row


#: how the registry is sorted: individuals by last then first name, organisations by name
ORDER = (
    "CASE kind WHEN 'organisation' THEN organisation ELSE last_name END COLLATE NOCASE, "
    "first_name COLLATE NOCASE, number"
)
#: words this long are looked up in the trigram index ``member_fts``; shorter ones by LIKE
TRIGRAM = 3
ID_CHUNK = 10_000


#: the full-text indexes over ``member.search``: trigrams (words of 3 characters or more,
#: found anywhere) and words (the first one or two characters of a word)
SEARCH_INDEXES = ("member_fts", "member_words")
#: from this many matches on, the page is read by walking the registry in name order and
#: keeping the matches (a common word); below, the matches are found first, then sorted
WALK_FROM = 3_000


def search(store: Store, text: str, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Members whose number, name, e-mail or commune contain every word typed, in any order,
    accents and case ignored (a word of one or two characters: at the start of a word); a
    valid member number typed comes first."""
    where, params = _matching(text)
    number = _typed_number(text)
    first = "number = ? DESC, " if number else ""
    # the page's ids first, then their rows: sorting ids rather than whole rows makes a deep
    # page (the view scrolled far down) about three times cheaper. When many members match
    # (or nothing is typed), walking the member_order index in name order stops at the page;
    # when few match, walking the whole index to find them costs more than sorting them
    many = not params or count(store, text, limit=WALK_FROM) >= WALK_FROM
    scan = "INDEXED BY member_order" if many and not number else ""
    ids = [
        row[0]
        for row in store.execute(
            f"SELECT id FROM member {scan} WHERE {where} ORDER BY {first}{ORDER} LIMIT ? OFFSET ?",
            (*params, *([number] if number else []), limit, offset),
        )
    ]
    rows: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), ID_CHUNK):  # within SQLite's limit of parameters
        chunk = ids[start : start + ID_CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows.update(
            (r["id"], r) for r in store.rows(f"SELECT * FROM member WHERE id IN ({marks})", chunk)
        )
    return [rows[i] for i in ids]


def count(store: Store, text: str = "", limit: int | None = None) -> int:
    """How many members :func:`search` finds, counting no further than ``limit`` if given
    (a one-letter search matches most of the registry: its exact size is not worth a scan).
    The full-text indexes are counted directly, without reading the member table."""
    ids, params = _matching_ids(text)
    source = ids or "SELECT id FROM member"
    if limit is None:
        return int(store.scalar(f"SELECT COUNT(*) FROM ({source})", params))
    return int(store.scalar(f"SELECT COUNT(*) FROM ({source} LIMIT ?)", (*params, limit)))


def _matching(text: str) -> tuple[str, list[str]]:
    """The WHERE clause on ``member`` of :func:`search`, and its parameters."""
    ids, params = _matching_ids(text)
    return (f"id IN ({ids})" if ids else "1"), params


def _matching_ids(text: str) -> tuple[str, list[str]]:
    """A query of the ids of the members matching ``text`` ("" when nothing is typed), and
    its parameters: the words of 3 characters or more through the trigram index (each a
    quoted phrase, ANDed), the shorter ones through the word index as the start of a word, a
    short one with no letter or digit ("%", a quote) by LIKE; each part INTERSECTed."""
    words = fold(text).split()
    long = [w for w in words if len(w) >= TRIGRAM]
    short = [w for w in words if len(w) < TRIGRAM and any(c.isalnum() for c in w)]
    signs = [w for w in words if len(w) < TRIGRAM and w not in short]
    parts: list[str] = []
    params: list[str] = []
    if long:
        parts.append("SELECT rowid FROM member_fts WHERE member_fts MATCH ?")
        params.append(fts_query(long))
    if short:
        parts.append("SELECT rowid FROM member_words WHERE member_words MATCH ?")
        params.append(" AND ".join(_phrase(w) + "*" for w in short))
    for word in signs:
        parts.append("SELECT id FROM member WHERE search LIKE ? ESCAPE '!'")
        escaped = word.replace("!", "!!").replace("%", "!%").replace("_", "!_")
        params.append(f"%{escaped}%")
    return " INTERSECT ".join(parts), params


def fts_query(words: list[str]) -> str:
    """An FTS5 query matching every word as a substring: each one a quoted phrase (a double
    quote inside doubled), so that nothing typed is read as FTS5 syntax."""
    return " AND ".join(_phrase(w) for w in words)


def _phrase(word: str) -> str:
    """A word as an FTS5 phrase: quoted, a double quote inside doubled."""
    return '"' + word.replace('"', '""') + '"'


def _typed_number(text: str) -> str | None:
    """The member number typed, when the text is one (digits, spaces allowed, check digit
    right)."""
    if not looks_like_number(text):
        return None
    try:
        return check_member_number(text)
    except InputError:
        return None


def is_member_current(row: dict[str, Any], today: date) -> bool:
    until = row["membership_until"]
    return is_current(today, date.fromisoformat(until) if until else None)


def status(row: dict[str, Any], today: date) -> str:
    """ "current", "lapsed" or "left" (see ``domain.membership.STATUSES``)."""
    until, left = row["membership_until"], row["left_on"]
    return standing(
        today, date.fromisoformat(until) if until else None,
        date.fromisoformat(left) if left else None,
    )  # fmt: skip


def leave(ctx: Context, uid: str, reason: str = "", on: date | None = None) -> dict[str, Any]:
    """Record that a member left the association; their history stays, and paying a fee again
    makes them a member again."""
    ctx.require(Permission.EDIT_MEMBERS)
    store = ctx.store
    with store.transaction():
        row = by_uid(store, uid)
        if row["left_on"]:
            raise RuleViolation(
                N_("{name} already left the association on {date}."),
                name=display_name(row), date=date.fromisoformat(row["left_on"]),
            )  # fmt: skip
        day = (on or ctx.today()).isoformat()
        store.execute(
            "UPDATE member SET left_on = ?, updated_at = ? WHERE uid = ?",
            (day, ctx.now_iso(), uid),
        )
        # the reason may say more about the person than the association should keep for ever:
        # it is kept apart, where erasing the member reaches it
        reason_ref = personal.apart(store, uid, {"leaving_reason": reason.strip()})
        events.record(store, "member_left", actor=ctx.actor.uid, at=ctx.now_iso(), member=uid,
                      on=day, **reason_ref)  # fmt: skip
    return by_uid(store, uid)


def rejoin(ctx: Context, uid: str) -> dict[str, Any]:
    """Undo :func:`leave` (the member came back, or left by mistake)."""
    ctx.require(Permission.EDIT_MEMBERS)
    store = ctx.store
    with store.transaction():
        row = by_uid(store, uid)
        if not row["left_on"]:
            raise RuleViolation(N_("{name} has not left the association."), name=display_name(row))
        store.execute(
            "UPDATE member SET left_on = NULL, updated_at = ? WHERE uid = ?", (ctx.now_iso(), uid)
        )
        events.record(store, "member_rejoined", actor=ctx.actor.uid, at=ctx.now_iso(), member=uid)
    return by_uid(store, uid)


#: what a member may agree to, each a column ``consent_<purpose>`` of ``member``
CONSENTS = {
    "newsletter": N_("Receives the newsletter by e-mail"),
    "events": N_("Is invited to the association's events"),
    "photos": N_("Agrees to appear in the association's photographs"),
}


def consents(row: dict[str, Any]) -> dict[str, bool]:
    return {purpose: bool(row[f"consent_{purpose}"]) for purpose in CONSENTS}


def set_consents(ctx: Context, uid: str, given: dict[str, bool]) -> dict[str, Any]:
    """Record the member's consents; each one given or withdrawn is written in the event log
    with its date, which is the association's proof."""
    ctx.require(Permission.EDIT_MEMBERS)
    unknown = set(given) - set(CONSENTS)
    if unknown:
        raise InputError(N_("Unknown consent: {names}."), names=", ".join(sorted(unknown)))
    store = ctx.store
    with store.transaction():
        row = by_uid(store, uid)
        now = ctx.now_iso()
        for purpose, value in given.items():
            if bool(row[f"consent_{purpose}"]) == bool(value):
                continue
            store.execute(
                f"UPDATE member SET consent_{purpose} = ?, updated_at = ? WHERE uid = ?",
                (int(bool(value)), now, uid),
            )
            events.record(
                store, "consent_given" if value else "consent_withdrawn",
                actor=ctx.actor.uid, at=now, member=uid, purpose=purpose,
            )  # fmt: skip
    return by_uid(store, uid)


def fee_history(store: Store, uid: str) -> list[dict[str, Any]]:
    """The member's membership periods, the latest first: each with its first and last day
    (``starts_on``, ``ends_on``), the fee in cents and its ``commodity``, and the journal entry
    that paid it: ``seq``, ``receipt`` (None for a fee paid online), ``paid_at`` (the entry's
    date and time), ``counter``, ``method`` (cash, cheque, card, units, online) and the online
    payment's ``reference``. A fee cancelled by a correction has no period left."""
    by_uid(store, uid)
    return store.rows(
        "SELECT m.starts_on, m.ends_on, m.fee, m.commodity, t.seq, t.receipt, t.at AS paid_at, "
        "t.counter, json_extract(t.details, '$.method') AS method, "
        "json_extract(t.details, '$.reference') AS reference "
        "FROM membership m JOIN txn t ON t.seq = m.txn_seq WHERE m.member = ? "
        "ORDER BY m.starts_on DESC, m.id DESC",
        (uid,),
    )


def reconversions(store: Store, uid: str) -> list[dict[str, Any]]:
    """A partner's reconversions, the latest first: ``seq``, ``at``, ``receipt``, ``counter``,
    the notes handed back (``units``, in ``unit_commodity``), their value in euros, the
    ``commission`` and what is paid to them (``to_pay``, cents), and ``state``: "owed" until
    the transfer is recorded, then "paid" with the payment's ``paid_at`` and ``reference``;
    "cancelled" when a correction reversed it."""
    by_uid(store, uid)
    rows = store.rows(
        "SELECT t.seq, t.at, t.receipt, t.counter, "
        "json_extract(t.details, '$.euros') AS euros, "
        "json_extract(t.details, '$.commission') AS commission, "
        "json_extract(t.details, '$.to_pay') AS to_pay, "
        "(SELECT SUM(p.amount) FROM posting p WHERE p.txn_seq = t.seq AND p.amount > 0 "
        " AND p.commodity <> 'EUR') AS units, "
        "(SELECT p.commodity FROM posting p WHERE p.txn_seq = t.seq AND p.commodity <> 'EUR' "
        " LIMIT 1) AS unit_commodity, "
        "EXISTS (SELECT 1 FROM txn r WHERE r.reverses = t.seq) AS cancelled "
        "FROM txn t WHERE t.member = ? AND t.operation = 'reconversion' AND t.reverses IS NULL "
        "ORDER BY t.seq DESC",
        (uid,),
    )
    # the partner's payments still standing, by the reconversion each one pays
    payments = {
        p["pays"]: p
        for p in store.rows(
            "SELECT json_extract(p.details, '$.pays') AS pays, p.at, "
            "json_extract(p.details, '$.reference') AS reference FROM txn p "
            "WHERE p.member = ? AND p.operation = 'partner_payment' AND p.reverses IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM txn c WHERE c.reverses = p.seq)",
            (uid,),
        )
    }
    for row in rows:
        paid = payments.get(row["seq"])
        row["cancelled"] = bool(row["cancelled"])
        row["state"] = "cancelled" if row["cancelled"] else "paid" if paid else "owed"
        row["paid_at"] = paid["at"] if paid else None
        row["reference"] = paid["reference"] if paid else None
        for key in ("euros", "commission", "to_pay", "units"):
            row[key] = int(row[key] or 0)
    return rows
