"""Personal details kept apart from the hash-chained journal and the append-only event log.

An operation that needs a person's detail (a cheque's drawer, a partner's IBAN, the reason a
member gave for leaving) writes the value in ``personal_detail``, linked to the member, and
only a reference in the entry's or the event's details: ``{"personal": {"cheque_drawer":
"<uid>"}}``. The reference is a random uid, never a row id, so that the journals of several
installations can meet. Erasing the member empties the value (``services.privacy``) and leaves
the entry, and so the chain, as it was.

Entries written before schema 5 hold the value itself under its own key (``cheque_drawer``,
``iban``): :func:`resolve` leaves them as they are.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from caisse.store.db import Store

#: the key of an entry's details that maps each personal detail's name to its reference
KEY = "personal"
#: what an operation may keep apart
KINDS = ("cheque_drawer", "iban", "leaving_reason")
#: references looked up in one query at most (within SQLite's limit of parameters)
CHUNK = 10_000


def keep(store: Store, member_uid: str | None, kind: str, value: str) -> str:
    """Write ``value`` apart from the journal and return the reference to put in the entry's
    details. Call inside the transaction that appends the entry."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of personal detail: {kind!r}")
    ref = uuid.uuid4().hex
    store.execute(
        "INSERT INTO personal_detail (uid, member, kind, value) VALUES (?, ?, ?, ?)",
        (ref, member_uid, kind, value),
    )
    return ref


def apart(store: Store, member_uid: str | None, details: dict[str, Any]) -> dict[str, Any]:
    """The details to write in an entry: each personal value (a key of :data:`KINDS`) kept
    apart and replaced by its reference under ``"personal"``; an empty one is left out."""
    plain = {k: v for k, v in details.items() if k not in KINDS}
    refs = {k: keep(store, member_uid, k, str(v)) for k, v in details.items() if k in KINDS and v}
    return {**plain, KEY: refs} if refs else plain


def resolve(store: Store, details: dict[str, Any]) -> dict[str, Any]:
    """The details with each personal value put back in place of its reference ("" once the
    member is erased, or when the reference is unknown here)."""
    return resolve_all(store, [details])[0]


def resolve_all(store: Store, many: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """:func:`resolve` for many entries' details, in one query per ten thousand references."""
    listed = list(many)
    refs = sorted({ref for d in listed for ref in (d.get(KEY) or {}).values()})
    values: dict[str, str] = {}
    for start in range(0, len(refs), CHUNK):
        chunk = refs[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        values.update(
            store.execute(f"SELECT uid, value FROM personal_detail WHERE uid IN ({marks})", chunk)
        )
    return [_put_back(d, values) for d in listed]


def _put_back(details: dict[str, Any], values: dict[str, str]) -> dict[str, Any]:
    refs = details.get(KEY)
    if not refs:
        return details
    resolved = {k: v for k, v in details.items() if k != KEY}
    for kind, ref in refs.items():
        resolved[kind] = values.get(ref, "")
    return resolved


def of_member(store: Store, member_uid: str) -> list[dict[str, Any]]:
    """The personal details kept for a member, oldest first: kind, value and reference."""
    return store.rows(
        "SELECT uid AS ref, kind, value FROM personal_detail WHERE member = ? ORDER BY id",
        (member_uid,),
    )


def forget(store: Store, member_uid: str) -> int:
    """Empty the member's personal details (their references stay, resolving to "")."""
    return store.execute(
        "UPDATE personal_detail SET value = '' WHERE member = ? AND value <> ''", (member_uid,)
    ).rowcount
