"""Posting operations to the journal, receipt numbers, and corrections by reversal."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from caisse.domain.errors import NotFound, RuleViolation
from caisse.domain.journal import Entry, Line
from caisse.domain.money import Money
from caisse.domain.roles import Permission
from caisse.i18n import N_, _
from caisse.services import personal
from caisse.services.context import Context
from caisse.store import journal
from caisse.store.db import Store

#: operation -> permission needed to do it, and so to correct it
OPERATIONS = {
    "exchange": Permission.EXCHANGE,
    "membership": Permission.MEMBERSHIP,
    "deposit": Permission.DEPOSIT,
    "supply": Permission.SUPPLY,
    "return_notes": Permission.SUPPLY,
    "receive_notes": Permission.RECEIVE_NOTES,
    "destroy_notes": Permission.RECEIVE_NOTES,
    "vault_count": Permission.RECEIVE_NOTES,
    "reconversion": Permission.RECONVERT,
    "partner_payment": Permission.PAY_PARTNERS,
    "bank_difference": Permission.PAY_PARTNERS,
    "surplus_transfer": Permission.PAY_PARTNERS,
    "voucher_redemption": Permission.REDEEM_VOUCHERS,
}
#: entries whose vouchers' rows would no longer match the journal if reversed alone: the
#: vouchers are cancelled through their own service instead
NOT_CORRECTABLE = ("voucher_issue", "voucher_cancellation", "voucher_expiry")


@dataclass(frozen=True)
class Receipt:
    """What the counter hands back after an operation."""

    number: str | None
    seq: int
    at: str
    operation: str
    counter: str | None
    member_number: str | None = None
    amounts: tuple[Money, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)


def next_receipt(ctx: Context, counter: str) -> str:
    """The counter's next receipt number, gapless per counter: ``C01-000042``."""
    last = ctx.store.scalar(
        "SELECT receipt FROM txn WHERE counter = ? AND receipt IS NOT NULL "
        "ORDER BY seq DESC LIMIT 1",
        (counter,),
    )
    n = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{counter}-{n:06d}"


def post(
    ctx: Context,
    operation: str,
    lines: list[Line],
    *,
    counter: str | None = None,
    member: str | None = None,
    receipt: bool = True,
    memo: str = "",
    details: dict[str, Any] | None = None,
    reverses: int | None = None,
) -> journal.Written:
    """Append one entry for the acting user. Call inside ``ctx.store.transaction()``.

    An entry at an exchange point belongs to the point's open till session, and is refused
    when there is none.
    """
    entry = Entry(
        at=ctx.now_iso(),
        actor=ctx.actor.uid,
        operation=operation,
        lines=tuple(lines),
        counter=counter,
        member=member,
        receipt=next_receipt(ctx, counter) if receipt and counter else None,
        reverses=reverses,
        memo=memo,
        details=details or {},
        session=None if counter is None else open_session_uid(ctx.store, counter),
    )
    return journal.append(ctx.store, entry)


def open_session_uid(store: Store, counter: str) -> str:
    """The uid of the exchange point's open till session, or a refusal saying what to do."""
    uid = store.scalar(
        "SELECT uid FROM till_session WHERE counter = ? AND closed_at IS NULL", (counter,)
    )
    if uid is None:
        raise RuleViolation(
            N_(
                "The till of exchange point {counter} is not open: open it (count the float) "
                "before any operation."
            ),
            counter=counter,
        )
    return str(uid)


def correct(ctx: Context, seq: int, reason: str) -> journal.Written:
    """Cancel entry ``seq`` with a reversing entry that references it; never an edit."""
    if not reason.strip():
        raise RuleViolation(N_("A correction needs a reason."))
    store = ctx.store
    with store.transaction():
        original = journal.entry(store, seq)
        if original is None:
            raise NotFound(N_("There is no journal entry {seq}."), seq=seq)
        if original.reverses is not None:
            raise RuleViolation(
                N_("Entry {seq} is itself a correction; it cannot be corrected."), seq=seq
            )
        if store.scalar("SELECT 1 FROM txn WHERE reverses = ?", (seq,)):
            raise RuleViolation(N_("Entry {seq} was already corrected."), seq=seq)
        if original.operation in NOT_CORRECTABLE:
            raise RuleViolation(
                N_("Entry {seq} moved vouchers: it cannot be corrected by itself. Cancel the "
                   "vouchers instead (Vouchers page, or caisse vouchers cancel)."),
                seq=seq,
            )  # fmt: skip
        ctx.require(OPERATIONS.get(original.operation, Permission.SETTINGS))
        if original.operation in ("receive_notes", "destroy_notes", "vault_count"):
            from caisse.services.vault import refuse_correction

            refuse_correction(store, original)
        written = post(
            ctx,
            original.operation,
            [Line(ln.account, ln.commodity, -ln.amount) for ln in original.lines],
            counter=original.counter,
            member=original.member,
            memo=reason.strip(),
            details={
                "correction_of": original.receipt or seq,
                # what a report finds the entry by (a voucher programme) stays with it
                **{k: original.details[k] for k in ("programme",) if k in original.details},
            },
            reverses=seq,
        )
        if original.operation == "voucher_redemption":
            # the voucher stands again where it stood before it was handed in
            store.execute(
                "UPDATE voucher SET status = CASE WHEN distributed_to <> '' THEN 'distributed' "
                "ELSE 'issued' END, partner = NULL, counter = NULL, txn_seq = NULL, "
                "status_at = ? WHERE txn_seq = ?",
                (written.at, seq),
            )
        if original.operation == "membership":
            store.execute("DELETE FROM membership WHERE txn_seq = ?", (seq,))
            _restore_membership_until(store, original.member)
    return written


def _restore_membership_until(store: Store, member_uid: str | None) -> None:
    if member_uid is None:
        return
    until = store.scalar("SELECT MAX(ends_on) FROM membership WHERE member = ?", (member_uid,))
    store.execute("UPDATE member SET membership_until = ? WHERE uid = ?", (until, member_uid))


OPERATION_LABELS = {
    "exchange": N_("Exchange"),
    "membership": N_("Membership fee"),
    "deposit": N_("Bank deposit"),
    "supply": N_("Supply of notes"),
    "return_notes": N_("Notes returned to the vault"),
    "receive_notes": N_("Notes received"),
    "destroy_notes": N_("Notes destroyed"),
    "vault_count": N_("Vault count"),
    "reconversion": N_("Reconversion"),
    "partner_payment": N_("Payment to a partner"),
    "bank_difference": N_("Bank difference on a deposit"),
    "till_difference": N_("Till difference"),
    "surplus_transfer": N_("Transfer to the operating account"),
    "voucher_issue": N_("Vouchers issued"),
    "voucher_redemption": N_("Voucher redeemed"),
    "voucher_cancellation": N_("Vouchers cancelled"),
    "voucher_expiry": N_("Vouchers expired"),
    "voucher_funder_payment": N_("Payment from a voucher funder"),
}


def operation_label(operation: str) -> str:
    return _(OPERATION_LABELS.get(operation, operation))


def listing(
    store: Store, *, counter: str | None = None, member: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """Recent entries, newest first, each with the euros and units it moved.

    ``euros`` and ``units`` are the amounts the operation moved (the sum of its debits in each
    commodity), negative for a correction.
    """
    conditions, params = [], []
    if counter is not None:
        conditions.append("t.counter = ?")
        params.append(counter)
    if member is not None:
        conditions.append("t.member = ?")
        params.append(member)
    where = "WHERE " + " AND ".join(conditions) if conditions else ""
    rows = store.rows(
        f"SELECT t.seq, t.at, t.operation, t.counter, t.member, t.receipt, t.reverses, t.memo, "
        f"t.details, u.name AS actor_name, m.number AS member_number FROM txn t "
        f"LEFT JOIN user u ON u.uid = t.actor LEFT JOIN member m ON m.uid = t.member "
        f"{where} ORDER BY t.seq DESC LIMIT ?",
        (*params, limit),
    )
    if not rows:
        return rows
    seqs = [r["seq"] for r in rows]
    marks = ",".join("?" * len(seqs))
    moved: dict[tuple[int, str], int] = {}
    for seq, commodity, amount in store.execute(
        f"SELECT txn_seq, commodity, SUM(amount) FROM posting WHERE txn_seq IN ({marks}) "
        f"AND amount > 0 GROUP BY txn_seq, commodity",
        seqs,
    ):
        moved[(seq, commodity)] = amount
    resolved = personal.resolve_all(store, [json.loads(row["details"]) for row in rows])
    for row, details in zip(rows, resolved, strict=True):
        row["details"] = details
        sign = -1 if row["reverses"] else 1
        row["euros"] = sign * moved.get((row["seq"], "EUR"), 0)
        others = [(c, a) for (s, c), a in moved.items() if s == row["seq"] and c != "EUR"]
        row["unit_commodity"], row["units"] = (
            (others[0][0], sign * others[0][1]) if others else (None, 0)
        )
    return rows
