"""Writing a planned import: every row that is not refused, in one transaction."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass

from caisse.domain.codes import FIRST_MEMBER_SEQUENCE, member_number
from caisse.domain.errors import RuleViolation
from caisse.domain.roles import Permission
from caisse.i18n import N_
from caisse.services import events, members, operations
from caisse.services.context import Context
from caisse.services.members import MemberFields

from .mappings import remember
from .plan import PROGRESS_EVERY, ImportPlan, PlanRow, Progress, no_progress


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    memberships: int
    unchanged: int
    refused: int
    skipped: int


def apply(ctx: Context, plan: ImportPlan, progress: Progress = no_progress) -> ImportResult:
    """Write the plan's clean rows: all of them, or nothing if any fails or ``progress``
    raises (the person cancelled)."""
    ctx.require(Permission.EDIT_MEMBERS)
    payments = [r for r in plan.rows if r.payment is not None and r.action != "refused"]
    if payments:
        ctx.require(Permission.MEMBERSHIP)
    store = ctx.store
    try:
        with store.transaction():
            if plan.mapping_to_remember:
                remember(store, plan.signature, plan.mapping_to_remember, ctx.actor.uid)
            rows = plan.to_write
            total = len(rows) + len(payments)
            uids = _write_members(ctx, rows, lambda done: progress(done, total))
            ordered = sorted(payments, key=lambda r: (r.payment.paid_on, r.line))  # type: ignore[union-attr]
            for done, row in enumerate(ordered, start=len(rows)):
                if done % PROGRESS_EVERY == 0:
                    progress(done, total)
                pay = row.payment
                assert pay is not None
                operations.record_online_membership(
                    ctx, _uid(row, uids), pay.fee_cents, pay.paid_on, pay.reference, plan.source
                )
            progress(total, total)
            result = ImportResult(
                plan.count("create"), plan.count("update"), len(payments),
                plan.count("unchanged"), plan.count("refused"), plan.count("skipped"),
            )  # fmt: skip
            events.record(store, "members_imported", actor=ctx.actor.uid, source=plan.source,
                          **asdict(result))  # fmt: skip
    except sqlite3.IntegrityError:
        raise RuleViolation(
            N_("The members changed since the dry run: nothing was imported. Run it again.")
        ) from None
    return result


def _uid(row: PlanRow, uids: dict[int, str]) -> str:
    if row.member_uid:
        return row.member_uid
    return uids[row.line if row.same_as is None else row.same_as]


def _write_members(
    ctx: Context, rows: list[PlanRow], progress: Callable[[int], None]
) -> dict[int, str]:
    """Create and update the members; returns the uid created for each creating line."""
    store = ctx.store
    now = ctx.now_iso()
    last = store.scalar(
        "SELECT MAX(CAST(substr(number, 1, length(number) - 1) AS INTEGER)) FROM member"
    )
    sequence = (last or FIRST_MEMBER_SEQUENCE - 1) + 1
    uids: dict[int, str] = {}
    for done, row in enumerate(rows):
        if done % PROGRESS_EVERY == 0:
            progress(done)
        person = row.person
        assert person is not None
        if row.action == "create":
            uid, number = uuid.uuid4().hex, member_number(sequence)
            sequence += 1
            fields = _fields(person.__dict__)
            store.execute(
                "INSERT INTO member (uid, number, kind, first_name, last_name, organisation, "
                "email, phone, postcode, commune, address, consent_newsletter, external_ref, "
                "is_partner, joined_on, membership_until, search, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, NULL, ?, ?, ?)",
                (
                    uid, number, person.kind, person.first_name, person.last_name,
                    person.organisation, person.email, person.phone, person.postcode,
                    person.commune, person.address, int(bool(person.consent_newsletter)),
                    row.external_ref,
                    (row.payment.paid_on if row.payment else ctx.today()).isoformat(),
                    members.search_text(fields, number), now, now,
                ),
            )  # fmt: skip
            uids[row.line] = uid
        elif row.changes:
            _update(ctx, _uid(row, uids), row, now)
    return uids


def _update(ctx: Context, uid: str, row: PlanRow, now: str) -> None:
    store = ctx.store
    current = members.by_uid(store, uid)
    merged = {**current, **row.changes}
    values = {**row.changes, "updated_at": now}
    values["search"] = members.search_text(_fields(merged), current["number"])
    sets = ", ".join(f"{k} = ?" for k in values)
    store.execute(f"UPDATE member SET {sets} WHERE uid = ?", (*values.values(), uid))


def _fields(data: dict[str, object]) -> MemberFields:
    return MemberFields(**{k: data[k] for k in ("kind", "first_name", "last_name", "organisation",
                                              "email", "phone", "postcode", "commune")})  # type: ignore[arg-type]  # fmt: skip
