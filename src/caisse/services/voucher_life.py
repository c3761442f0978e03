"""The life of vouchers after their issue: distributed, cancelled, expired; the funder's payment.

What the money does (DOMAIN.md, and the issue's entry in ``services/vouchers.py``):

- **distribution** to the organisation or channel that hands the vouchers out (a CCAS, a town
  hall's desk, a newsletter): no money moves, only the vouchers' rows and the event log. The
  name given is the organisation's, never a beneficiary's.
- **cancellation** (a voucher lost before it was handed out, a batch printed wrong): its value
  leaves circulation and the funder no longer owes its euros. Unit ``vouchers_issued`` +U,
  ``vouchers_outstanding`` −U; EUR ``fund_due`` +E, ``funders_receivable`` −E.
- **expiry**: the value leaves circulation the same way; its euros go back to the funder
  (``funders_receivable`` −E: the funder owes less, or is owed back what it paid) or stay with
  the association (``expired_vouchers`` −E, an income), as the programme says; ``fund_due`` +E
  in both cases.
- **funder's payment**: its transfer reaches the guarantee account. EUR ``guarantee_bank`` +A,
  ``funders_receivable`` −A.

Each entry names its programme (``details["programme"]``, the programme's uid), so that what a
funder owes is read from the journal alone. One entry per programme and operation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from caisse.domain import accounts as acc
from caisse.domain import vouchers as vdomain
from caisse.domain.errors import InputError, NotFound, RuleViolation
from caisse.domain.journal import Line
from caisse.domain.money import EUR, Money
from caisse.domain.roles import Permission
from caisse.i18n import N_, _
from caisse.services import events, settings
from caisse.services import vouchers as vouchers_service
from caisse.services.context import Context
from caisse.services.ledger import Receipt, post
from caisse.store.db import Store

#: how many serials one SQL query names
CHUNK = 500
#: the statuses a voucher can leave by distribution, cancellation or expiry
LIVE = ("issued", "distributed")
MAX_TEXT = 200


# -- distribution ----------------------------------------------------------------------------


def distribute(ctx: Context, serials: list[str], to: str) -> int:
    """Mark issued vouchers as handed to ``to``, the organisation or channel that gives them
    out (never the person who receives them). All of them or none; no money moves."""
    ctx.require(Permission.MANAGE_VOUCHERS)
    to = " ".join(to.split())
    if not to:
        raise InputError(N_("Say which organisation hands these vouchers out."))
    if len(to) > MAX_TEXT:
        raise InputError(N_("Name the organisation in {max} characters at most."), max=MAX_TEXT)
    wanted = cleaned_serials(serials)
    store = ctx.store
    with store.transaction():
        rows = _rows(store, wanted)
        for row in rows:
            if row["status"] != "issued":
                raise RuleViolation(
                    N_("Voucher {serial} is {status}: only vouchers not yet distributed can be "
                       "distributed. Nothing was changed."),
                    serial=vdomain.grouped_serial(row["serial"]),
                    status=_status(row["status"]),
                )  # fmt: skip
        now = ctx.now_iso()
        _update(store, wanted, "status = 'distributed', status_at = ?, distributed_to = ?",
                (now, to), only=("issued",))  # fmt: skip
        events.record(store, "vouchers_distributed", actor=ctx.actor.uid, at=now,
                      count=len(wanted), to=to, batches=_batches(rows))  # fmt: skip
    return len(wanted)


# -- cancellation ----------------------------------------------------------------------------


def cancel(ctx: Context, serials: list[str], reason: str) -> int:
    """Cancel vouchers not yet redeemed, expired or cancelled, with the reason: their value
    leaves circulation and the funder no longer owes their euros. All of them or none."""
    ctx.require(Permission.MANAGE_VOUCHERS)
    reason = " ".join(reason.split())
    if not reason:
        raise InputError(N_("Say why the vouchers are cancelled: the reason is kept."))
    if len(reason) > MAX_TEXT:
        raise InputError(N_("Give the reason in {max} characters at most."), max=MAX_TEXT)
    wanted = cleaned_serials(serials)
    store = ctx.store
    with store.transaction():
        rows = _rows(store, wanted)
        for row in rows:
            if row["status"] not in LIVE:
                raise RuleViolation(
                    N_("Voucher {serial} is {status}: it cannot be cancelled. "
                       "Nothing was cancelled."),
                    serial=vdomain.grouped_serial(row["serial"]),
                    status=_status(row["status"]),
                )  # fmt: skip
        for programme_id, group in _by_programme(rows).items():
            prog = vouchers_service.programme(store, programme_id)
            written = _post_removal(ctx, "voucher_cancellation", prog, group,
                                    acc.FUNDERS_RECEIVABLE, memo=reason)  # fmt: skip
            _update(store, [r["serial"] for r in group],
                    "status = 'cancelled', status_at = ?, reason = ?, txn_seq = ?",
                    (written.at, reason, written.seq), only=LIVE)  # fmt: skip
        events.record(store, "vouchers_cancelled", actor=ctx.actor.uid, at=ctx.now_iso(),
                      count=len(wanted), reason=reason, batches=_batches(rows))  # fmt: skip
    return len(wanted)


# -- expiry ----------------------------------------------------------------------------------


def due_to_expire(store: Store, today: date) -> list[dict[str, Any]]:
    """Vouchers still out whose last valid day is before ``today``."""
    marks = ", ".join("?" * len(LIVE))
    return store.rows(
        f"SELECT * FROM voucher WHERE status IN ({marks}) AND expires_on < ? "
        "ORDER BY programme, rowid",
        (*LIVE, today.isoformat()),
    )


def expire_due(ctx: Context, today: date | None = None) -> int:
    """Every voucher still out past its date becomes expired, one journal entry per
    programme; its euros go back to the funder or stay with the association, as the
    programme says. Returns how many expired."""
    ctx.require(Permission.MANAGE_VOUCHERS)
    store = ctx.store
    day = today or ctx.today()
    with store.transaction():
        rows = due_to_expire(store, day)
        for programme_id, group in _by_programme(rows).items():
            prog = vouchers_service.programme(store, programme_id)
            against = (
                acc.EXPIRED_VOUCHERS if prog["on_expiry"] == "association"
                else acc.FUNDERS_RECEIVABLE
            )  # fmt: skip
            written = _post_removal(ctx, "voucher_expiry", prog, group, against,
                                    extra={"before": day.isoformat()})  # fmt: skip
            _update(store, [r["serial"] for r in group],
                    "status = 'expired', status_at = ?, txn_seq = ?",
                    (written.at, written.seq), only=LIVE)  # fmt: skip
        if rows:
            events.record(store, "vouchers_expired", actor=ctx.actor.uid, at=ctx.now_iso(),
                          count=len(rows), before=day.isoformat())  # fmt: skip
    return len(rows)


# -- the funder ------------------------------------------------------------------------------


def funder_owes(store: Store, programme_id: int) -> int:
    """Euro cents the programme's funder still owes the fund, read from the journal: its
    issues, less cancellations, expiries given back and payments. Negative when the funder
    is owed back (it paid for vouchers that expired)."""
    prog = vouchers_service.programme(store, programme_id)
    return int(
        store.scalar(
            "SELECT COALESCE(SUM(p.amount), 0) FROM posting p JOIN txn t ON t.seq = p.txn_seq "
            "WHERE p.account = ? AND p.commodity = ? "
            "AND json_extract(t.details, '$.programme') = ?",
            (acc.FUNDERS_RECEIVABLE, EUR, prog["uid"]),
        )
    )


def funder_paid(store: Store, programme_id: int) -> int:
    """Euro cents the funder has paid into the guarantee account for the programme."""
    prog = vouchers_service.programme(store, programme_id)
    return int(
        store.scalar(
            "SELECT COALESCE(SUM(p.amount), 0) FROM posting p JOIN txn t ON t.seq = p.txn_seq "
            "WHERE t.operation = 'voucher_funder_payment' AND p.account = ? "
            "AND p.commodity = ? AND json_extract(t.details, '$.programme') = ?",
            (acc.GUARANTEE_BANK, EUR, prog["uid"]),
        )
    )


def record_funder_payment(
    ctx: Context, programme_id: int, amount_cents: int, reference: str
) -> Receipt:
    """The funder's transfer for a programme reached the guarantee account. Refused beyond
    what it still owes."""
    ctx.require(Permission.MANAGE_VOUCHERS)
    reference = " ".join(reference.split())
    if not reference:
        raise InputError(N_("Give the transfer's reference, as the bank statement shows it."))
    if len(reference) > MAX_TEXT:
        raise InputError(N_("Give the reference in {max} characters at most."), max=MAX_TEXT)
    if amount_cents <= 0:
        raise InputError(N_("The amount paid must be more than zero."))
    store = ctx.store
    with store.transaction():
        prog = vouchers_service.programme(store, programme_id)
        owed = funder_owes(store, programme_id)
        if amount_cents > owed:
            raise RuleViolation(
                N_("{funder} owes {owed} for the programme {name}: a payment of {amount} is "
                   "more than that. Check the amount."),
                funder=prog["funder"], owed=Money(max(owed, 0)), name=prog["name"],
                amount=Money(amount_cents),
            )  # fmt: skip
        written = post(
            ctx, "voucher_funder_payment",
            [
                Line(acc.GUARANTEE_BANK, EUR, amount_cents),
                Line(acc.FUNDERS_RECEIVABLE, EUR, -amount_cents),
            ],
            details={"programme": prog["uid"], "funder": prog["funder"],
                     "reference": reference},
        )  # fmt: skip
        events.record(store, "voucher_funder_paid", actor=ctx.actor.uid, at=written.at,
                      programme=prog["name"], amount=amount_cents, reference=reference)  # fmt: skip
    details = {"programme": prog["name"], "reference": reference}
    return Receipt(None, written.seq, written.at, "voucher_funder_payment", None, None,
                   (Money(amount_cents),), details)  # fmt: skip


# -- shared ----------------------------------------------------------------------------------


def cleaned_serials(serials: Iterable[str]) -> list[str]:
    """The serials as stored (12 digits), each checked, each once, in the order given."""
    seen: dict[str, None] = {}
    for text in serials:
        seen.setdefault(vdomain.check_serial(text), None)
    if not seen:
        raise InputError(N_("Give at least one voucher serial, or a batch."))
    return list(seen)


def batch_serials(store: Store, batch_id: int) -> list[str]:
    """The serials of a batch, in the order they were made; refused for an unknown batch."""
    vouchers_service.batch(store, batch_id)
    return [r["serial"] for r in vouchers_service.batch_vouchers(store, batch_id)]


def _rows(store: Store, serials: list[str]) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(serials), CHUNK):
        chunk = serials[start : start + CHUNK]
        marks = ", ".join("?" * len(chunk))
        for row in store.rows(f"SELECT * FROM voucher WHERE serial IN ({marks})", chunk):
            found[row["serial"]] = row
    for serial in serials:
        if serial not in found:
            raise NotFound(
                N_("No voucher has the serial {serial}. Nothing was changed."),
                serial=vdomain.grouped_serial(serial),
            )
    return [found[s] for s in serials]


def _update(
    store: Store, serials: list[str], assignments: str, values: tuple[Any, ...],
    *, only: tuple[str, ...],
) -> None:  # fmt: skip
    """Set the vouchers' columns, only on rows still in one of the statuses ``only``: a row
    changed by another window meanwhile makes the whole operation refused."""
    marks_only = ", ".join("?" * len(only))
    changed = 0
    for start in range(0, len(serials), CHUNK):
        chunk = serials[start : start + CHUNK]
        marks = ", ".join("?" * len(chunk))
        changed += store.execute(
            f"UPDATE voucher SET {assignments} WHERE serial IN ({marks}) "
            f"AND status IN ({marks_only})",
            (*values, *chunk, *only),
        ).rowcount
    if changed != len(serials):
        raise RuleViolation(N_("Some of these vouchers changed a moment ago: try again."))


def _by_programme(rows: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    groups: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row["programme"]].append(row)
    return dict(sorted(groups.items()))


def _batches(rows: list[dict[str, Any]]) -> list[int]:
    return sorted({int(r["batch"]) for r in rows})


def _post_removal(
    ctx: Context, operation: str, prog: dict[str, Any], rows: list[dict[str, Any]],
    against: str, *, memo: str = "", extra: dict[str, Any] | None = None,
) -> Any:  # fmt: skip
    """The entry that takes vouchers' value out of circulation: the unit back to
    ``vouchers_issued``, their euros no longer due to the fund, against ``against``."""
    currency = settings.currency(ctx.store)
    units = sum(int(r["amount"]) for r in rows)
    euros = currency.euros_for_units(currency.unit(units)).cents
    lines = [
        Line(acc.VOUCHERS_ISSUED, currency.code, units),
        Line(acc.VOUCHERS_OUTSTANDING, currency.code, -units),
    ]
    if euros:
        lines += [Line(acc.FUND_DUE, EUR, euros), Line(against, EUR, -euros)]
    return post(
        ctx, operation, lines, memo=memo,
        details={"programme": prog["uid"], "count": len(rows), "amount": units,
                 "batches": _batches(rows), **(extra or {})},
    )  # fmt: skip


def _status(status: str) -> str:
    return _(vouchers_service.STATUS_LABELS[status]).lower()
