"""Vouchers: programmes, batches issued and signed, checked and redeemed at any counter.

What the money does (DOMAIN.md):

- **issue** of a batch (no counter): the funder owes the programme's euros to the guarantee
  fund, and the vouchers' value is outstanding, like notes in circulation.
  EUR ``funders_receivable`` +E, ``fund_due`` −E; unit ``vouchers_outstanding`` +U,
  ``vouchers_issued`` −U.
- **redemption** at a counter, by a partner: the value leaves circulation and the partner is
  owed euros, paid by transfer like a reconversion, with the commission when the programme
  says so. EUR ``fund_due`` +E, ``partners_payable`` −(E−c), ``commissions`` −c; unit
  ``vouchers_redeemed`` +U, ``vouchers_outstanding`` −U.

One entry per batch, one per redemption. A voucher's row says where it stands; the journal says
what its value did.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from caisse.domain import accounts as acc
from caisse.domain import vouchers as vdomain
from caisse.domain.counting import commission
from caisse.domain.errors import CaisseError, InputError, NotFound, RuleViolation
from caisse.domain.journal import Line
from caisse.domain.money import EUR, Money
from caisse.domain.roles import Permission
from caisse.i18n import N_
from caisse.services import counters, events, members, partners, personal, settings, voucher_keys
from caisse.services.context import Context
from caisse.services.ledger import Receipt, post
from caisse.store.db import Store

#: told (vouchers done, vouchers in all) while a batch is made
Progress = Callable[[int, int], None]
MAX_BATCH = 100_000
STATUSES = ("issued", "distributed", "redeemed", "expired", "cancelled")
STATUS_LABELS = {
    "issued": N_("Not distributed"),  # made, not yet handed to whoever gives them out
    "distributed": N_("Distributed"),
    "redeemed": N_("Redeemed"),
    "expired": N_("Expired"),
    "cancelled": N_("Cancelled"),
}
PROGRESS_EVERY = 100


def no_progress(done: int, total: int) -> None:
    return None


# -- programmes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeFields:
    name: str
    purpose: str
    funder: str
    face_values: tuple[int, ...]  # cents of the unit
    valid_from: date
    valid_until: date
    categories: tuple[int, ...] = ()  # partner categories where it may be spent; () = all
    partner_commission: bool = True
    budget_cap: int | None = None  # euro cents
    on_expiry: str = "funder"  # the euros of expired vouchers go back to the funder, or stay

    def cleaned(self) -> ProgrammeFields:
        fields = replace(self, name=" ".join(self.name.split()), funder=self.funder.strip())
        if not fields.name:
            raise InputError(N_("Give the programme a name."))
        if fields.purpose not in vdomain.PURPOSES:
            raise InputError(N_("Choose the programme's purpose."))
        if not fields.funder:
            raise InputError(N_("Say who funds the programme."))
        if not fields.face_values or any(v <= 0 for v in fields.face_values):
            raise InputError(N_("Give the vouchers' values, each more than zero."))
        if fields.valid_until < fields.valid_from:
            raise InputError(N_("The programme ends before it starts: check the dates."))
        if fields.budget_cap is not None and fields.budget_cap <= 0:
            raise InputError(N_("The budget cap must be more than zero, or none."))
        if fields.on_expiry not in ("funder", "association"):
            raise InputError(N_("Say where the euros of expired vouchers go."))
        values = tuple(sorted(set(fields.face_values)))
        return replace(fields, face_values=values, categories=tuple(sorted(set(fields.categories))))


def create_programme(ctx: Context, fields: ProgrammeFields) -> dict[str, Any]:
    ctx.require(Permission.MANAGE_VOUCHERS)
    fields = fields.cleaned()
    store = ctx.store
    with store.transaction():
        if store.one("SELECT 1 FROM voucher_programme WHERE name = ?", (fields.name,)):
            raise RuleViolation(N_('A programme is already called "{name}".'), name=fields.name)
        for category in fields.categories:
            if not store.one("SELECT 1 FROM partner_category WHERE id = ?", (category,)):
                raise NotFound(N_("This category no longer exists."))
        now = ctx.now_iso()
        cursor = store.execute(
            "INSERT INTO voucher_programme (uid, name, purpose, funder, face_values, valid_from, "
            "valid_until, categories, partner_commission, budget_cap, on_expiry, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                uuid.uuid4().hex, fields.name, fields.purpose, fields.funder,
                json.dumps(list(fields.face_values)), fields.valid_from.isoformat(),
                fields.valid_until.isoformat(), json.dumps(list(fields.categories)),
                int(fields.partner_commission), fields.budget_cap, fields.on_expiry, now,
            ),
        )  # fmt: skip
        programme_id = int(cursor.lastrowid or 0)
        if programme_id > 0xFFFF:
            raise RuleViolation(N_("No more programmes can be made in this database."))
        events.record(store, "voucher_programme_created", actor=ctx.actor.uid, at=now,
                      programme=fields.name)  # fmt: skip
    return programme(store, programme_id)


def programme(store: Store, programme_id: int) -> dict[str, Any]:
    row = store.one("SELECT * FROM voucher_programme WHERE id = ?", (programme_id,))
    if row is None:
        raise NotFound(N_("This voucher programme does not exist."))
    return _programme_row(row)


def programmes(store: Store, *, include_inactive: bool = False) -> list[dict[str, Any]]:
    where = "" if include_inactive else "WHERE active = 1"
    return [
        _programme_row(r)
        for r in store.rows(f"SELECT * FROM voucher_programme {where} ORDER BY valid_from, name")
    ]


def programme_by_name(store: Store, name: str) -> dict[str, Any]:
    row = store.one("SELECT * FROM voucher_programme WHERE name = ?", (name.strip(),))
    if row is None:
        raise NotFound(N_('No voucher programme is called "{name}".'), name=name.strip())
    return _programme_row(row)


def _programme_row(row: dict[str, Any]) -> dict[str, Any]:
    row["face_values"] = json.loads(row["face_values"])
    row["categories"] = json.loads(row["categories"])
    row["partner_commission"] = bool(row["partner_commission"])
    row["active"] = bool(row["active"])
    return row


def issued_value(store: Store, programme_id: int) -> int:
    """Cents of the unit issued under a programme, cancelled vouchers left out."""
    return int(
        store.scalar(
            "SELECT COALESCE(SUM(amount), 0) FROM voucher WHERE programme = ? "
            "AND status <> 'cancelled'",
            (programme_id,),
        )
    )


# -- issuing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Batch:
    id: int
    programme: int
    count: int
    amount: int
    expires_on: date
    seq: int
    serials: tuple[str, ...] = field(repr=False)


def issue(
    ctx: Context,
    programme_id: int,
    count: int,
    amount: int,
    passphrase: str,
    *,
    expires_on: date | None = None,
    progress: Progress = no_progress,
) -> Batch:
    """Make ``count`` vouchers of ``amount`` cents, signed, in one transaction with the
    journal entry that books them; nothing is written if anything fails."""
    ctx.require(Permission.MANAGE_VOUCHERS)
    store = ctx.store
    currency = settings.currency(store)
    prog = programme(store, programme_id)
    if not prog["active"]:
        raise RuleViolation(N_('The programme "{name}" is closed.'), name=prog["name"])
    if not 1 <= count <= MAX_BATCH:
        raise InputError(N_("A batch holds from 1 to {max} vouchers."), max=MAX_BATCH)
    if amount not in prog["face_values"]:
        raise InputError(
            N_("{amount} is not one of the programme's values ({values})."),
            amount=currency.unit(amount),
            values=", ".join(str(currency.unit(v)) for v in prog["face_values"]),
        )
    expiry = expires_on or date.fromisoformat(prog["valid_until"])
    if expiry < ctx.today():
        raise InputError(N_("These vouchers would have expired already: check the date."))
    if expiry > date.fromisoformat(prog["valid_until"]):
        raise InputError(N_("The vouchers cannot outlive their programme, which ends {date}."),
                         date=date.fromisoformat(prog["valid_until"]))  # fmt: skip
    euros = currency.euros_for_units(currency.unit(count * amount)).cents
    key_id, key = voucher_keys.signing_key(store, passphrase)
    with store.transaction():
        if prog["budget_cap"] is not None:
            spent = currency.euros_for_units(currency.unit(issued_value(store, programme_id)))
            if spent.cents + euros > prog["budget_cap"]:
                raise RuleViolation(
                    N_("This batch would take the programme past its budget of {cap} "
                       "({spent} issued already)."),
                    cap=Money(prog["budget_cap"]), spent=spent,
                )  # fmt: skip
        total = count * amount
        written = post(
            ctx, "voucher_issue",
            [
                Line(acc.FUNDERS_RECEIVABLE, EUR, euros),
                Line(acc.FUND_DUE, EUR, -euros),
                Line(acc.VOUCHERS_OUTSTANDING, currency.code, total),
                Line(acc.VOUCHERS_ISSUED, currency.code, -total),
            ],
            details={"programme": prog["uid"], "count": count, "amount": amount,
                     "expires_on": expiry.isoformat(), "funder": prog["funder"]},
        )  # fmt: skip
        now = ctx.now_iso()
        cursor = store.execute(
            "INSERT INTO voucher_batch (uid, programme, count, amount, expires_on, txn_seq, "
            "created_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (uuid.uuid4().hex, programme_id, count, amount, expiry.isoformat(), written.seq,
             now, ctx.actor.uid),
        )  # fmt: skip
        batch_id = int(cursor.lastrowid or 0)
        serials: list[str] = []
        taken: set[str] = set()
        rows = []
        for done in range(count):
            if done % PROGRESS_EVERY == 0:
                progress(done, count)
            serial = _fresh_serial(store, taken)
            payload = vdomain.Payload(serial, amount, expiry, programme_id, key_id)
            rows.append((serial, batch_id, programme_id, amount, expiry.isoformat(), key_id,
                         vdomain.encode(payload, key), now))  # fmt: skip
            serials.append(serial)
        store.conn.executemany(
            "INSERT INTO voucher (serial, batch, programme, amount, expires_on, key_id, payload, "
            "status_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        progress(count, count)
        events.record(store, "vouchers_issued", actor=ctx.actor.uid, at=now, batch=batch_id,
                      count=count, amount=amount)  # fmt: skip
    return Batch(batch_id, programme_id, count, amount, expiry, written.seq, tuple(serials))


def batches(store: Store, programme_id: int | None = None) -> list[dict[str, Any]]:
    """Batches, newest first, with their programme's name and how many vouchers of each
    stand in each status (``issued``, ``distributed``, ``redeemed``, ``expired``,
    ``cancelled``), and how many times they were printed."""
    where = "" if programme_id is None else "WHERE b.programme = ?"
    rows = store.rows(
        "SELECT b.*, p.name AS programme_name, "
        "(SELECT COUNT(*) FROM voucher_print vp WHERE vp.batch = b.id) AS prints "
        f"FROM voucher_batch b JOIN voucher_programme p ON p.id = b.programme {where} "
        "ORDER BY b.id DESC",
        () if programme_id is None else (programme_id,),
    )
    counts: dict[int, dict[str, int]] = {}
    for row in store.rows(
        "SELECT batch, status, COUNT(*) AS n FROM voucher GROUP BY batch, status"
    ):
        counts.setdefault(row["batch"], {})[row["status"]] = row["n"]
    for row in rows:
        row["statuses"] = {status: counts.get(row["id"], {}).get(status, 0) for status in STATUSES}
    return rows


def batch(store: Store, batch_id: int) -> dict[str, Any]:
    found = [b for b in batches(store) if b["id"] == batch_id]
    if not found:
        raise NotFound(N_("Batch {batch} does not exist."), batch=batch_id)
    return found[0]


def batch_vouchers(store: Store, batch_id: int) -> list[dict[str, Any]]:
    """The batch's vouchers in the order they were made."""
    return store.rows("SELECT * FROM voucher WHERE batch = ? ORDER BY rowid", (batch_id,))


def _fresh_serial(store: Store, taken: set[str]) -> str:
    while True:
        serial = vdomain.new_serial()
        if serial not in taken and not store.one(
            "SELECT 1 FROM voucher WHERE serial = ?", (serial,)
        ):
            taken.add(serial)
            return serial


# -- checking and redeeming ------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """What the counter says about a voucher scanned or typed: valid, or why not."""

    ok: bool
    message: str  # translated, ready to show
    serial: str | None = None
    amount: int | None = None
    programme: str | None = None
    voucher: dict[str, Any] | None = None


def find(store: Store, text: str, today: date) -> dict[str, Any]:
    """The voucher a scan or a typed serial names, its signature checked; a clear refusal
    (forged, unknown, cut short, wrong check digit) otherwise."""
    text = text[: vdomain.MAX_SCAN + 1]
    if len(text) > vdomain.MAX_SCAN:
        raise vdomain.Forged(N_("This is not a voucher: far too long for one."))
    readings = vdomain.readings(text)
    typed = ["".join(r.split()) for r in readings]
    digits = next((t for t in typed if t.isdigit()), None)
    if digits is not None or len(typed[0]) <= vdomain.SERIAL_DIGITS + 3:
        serial = vdomain.check_serial(digits if digits is not None else text)
        row = store.one("SELECT * FROM voucher WHERE serial = ?", (serial,))
        if row is None:
            raise NotFound(N_("No voucher has the serial {serial}: it is unknown here."),
                           serial=vdomain.grouped_serial(serial))  # fmt: skip
        return row
    keys = voucher_keys.public_keys(store)
    refusal: CaisseError | None = None
    for reading in readings:
        try:
            payload, signed, signature = vdomain.decode(reading)
        except vdomain.Forged as err:
            refusal = refusal or err
            continue
        key = keys.get(payload.key_id)
        if key is None:
            raise vdomain.Forged(
                N_("This voucher was signed by a key this counter does not know: it is forged, "
                   "or the counter's keys are out of date.")
            )  # fmt: skip
        vdomain.verify(key, signed, signature)
        row = store.one("SELECT * FROM voucher WHERE serial = ?", (payload.serial,))
        if row is None:
            raise NotFound(
                N_("Voucher {serial} is genuine but unknown to this counter: keep it and ask "
                   "the treasurer."),
                serial=vdomain.grouped_serial(payload.serial),
            )  # fmt: skip
        if (row["amount"], row["programme"], row["expires_on"]) != (
            payload.amount, payload.programme, payload.expires_on.isoformat(),
        ):  # fmt: skip
            raise vdomain.Forged(N_("This voucher's printed code does not match its record."))
        return row
    assert refusal is not None
    raise refusal


def check(store: Store, text: str, today: date, partner_uid: str | None = None) -> Check:
    """Everything a counter says before redeeming: never raises for bad input."""
    currency = settings.currency(store)
    try:
        row = find(store, text, today)
        prog = programme(store, row["programme"])
        _refuse_if_not_redeemable(store, row, prog, today, partner_uid)
    except CaisseError as err:
        return Check(False, str(err))
    amount = currency.unit(row["amount"])
    return Check(
        True,
        _valid_message(amount, prog["name"], date.fromisoformat(row["expires_on"])),
        row["serial"], row["amount"], prog["name"], row,
    )  # fmt: skip


def _valid_message(amount: Money, name: str, expires: date) -> str:
    return str(InputError(N_("Valid: {amount}, programme {programme}, until {date}."),
                          amount=amount, programme=name, date=expires))  # fmt: skip


def _refuse_if_not_redeemable(
    store: Store, row: dict[str, Any], prog: dict[str, Any], today: date, partner_uid: str | None
) -> None:
    serial = vdomain.grouped_serial(row["serial"])
    status = row["status"]
    if status == "redeemed":
        place = row["counter"] or "—"
        partner = members.by_uid(store, row["partner"]) if row["partner"] else None
        raise RuleViolation(
            N_("Already redeemed: voucher {serial} was redeemed on {date} at {counter} by "
               "{partner}."),
            serial=serial, date=date.fromisoformat(row["status_at"][:10]), counter=place,
            partner=members.display_name(partner) if partner else "—",
        )  # fmt: skip
    if status == "cancelled":
        raise RuleViolation(N_("Cancelled: voucher {serial} was cancelled ({reason})."),
                            serial=serial, reason=row["reason"] or "—")  # fmt: skip
    if status == "expired" or date.fromisoformat(row["expires_on"]) < today:
        raise RuleViolation(N_("Expired: voucher {serial} was valid until {date}."),
                            serial=serial, date=date.fromisoformat(row["expires_on"]))  # fmt: skip
    if date.fromisoformat(prog["valid_from"]) > today:
        raise RuleViolation(
            N_("Not yet valid: the programme {name} starts on {date}."),
            name=prog["name"], date=date.fromisoformat(prog["valid_from"]),
        )  # fmt: skip
    if partner_uid is not None and prog["categories"]:
        category = store.scalar("SELECT category FROM partner WHERE member = ?", (partner_uid,))
        if category not in prog["categories"]:
            raise RuleViolation(
                N_("Not accepted here: the programme {name} is spent only in the categories "
                   "{categories}."),
                name=prog["name"], categories=", ".join(_category_names(store, prog)),
            )  # fmt: skip


def _category_names(store: Store, prog: dict[str, Any]) -> list[str]:
    marks = ", ".join("?" * len(prog["categories"]))
    return [
        r["name"]
        for r in store.rows(
            f"SELECT name FROM partner_category WHERE id IN ({marks}) ORDER BY position, name",
            prog["categories"],
        )
    ]


def redeem(
    ctx: Context, text: str, partner_number: str, counter_code: str, *, iban: str | None = None
) -> Receipt:
    """The partner hands in the voucher: its value leaves circulation and the partner is owed
    its euros (less the commission when the programme says so), paid by transfer. Once."""
    ctx.require(Permission.REDEEM_VOUCHERS)
    store = ctx.store
    currency = settings.currency(store)
    with store.transaction():
        partner, account_iban = partners.payee(
            store, partner_number, iban,
            N_("{name} is not a partner: only partners redeem vouchers."),
        )  # fmt: skip
        code = counters.get_active(store, counter_code)["code"]
        row = find(store, text, ctx.today())
        prog = programme(store, row["programme"])
        _refuse_if_not_redeemable(store, row, prog, ctx.today(), partner["uid"])
        units = row["amount"]
        euros = currency.euros_for_units(currency.unit(units)).cents
        rate = partners.commission_rate(store) if prog["partner_commission"] else 0
        fee = commission(euros, rate)
        details = personal.apart(store, partner["uid"], {
            "iban": account_iban, "serial": row["serial"], "programme": prog["uid"],
            "euros": euros, "commission": fee, "rate_bp": rate, "to_pay": euros - fee,
        })  # fmt: skip
        written = post(
            ctx, "voucher_redemption",
            [
                Line(acc.VOUCHERS_REDEEMED, currency.code, units),
                Line(acc.VOUCHERS_OUTSTANDING, currency.code, -units),
                Line(acc.FUND_DUE, EUR, euros),
                Line(acc.PARTNERS_PAYABLE, EUR, -(euros - fee)),
                *([Line(acc.COMMISSIONS, EUR, -fee)] if fee else []),
            ],
            counter=code, member=partner["uid"], details=details,
        )  # fmt: skip
        # the row changes only if it still stands as checked: a redemption racing this one
        # from another window finds it redeemed
        changed = store.execute(
            "UPDATE voucher SET status = 'redeemed', status_at = ?, partner = ?, counter = ?, "
            "txn_seq = ? WHERE serial = ? AND status IN ('issued', 'distributed')",
            (written.at, partner["uid"], code, written.seq, row["serial"]),
        ).rowcount
        if changed != 1:
            raise RuleViolation(N_("This voucher was redeemed a moment ago."))
    return Receipt(written.receipt, written.seq, written.at, "voucher_redemption", code,
                   partner["number"], (currency.unit(units), Money(euros - fee)),
                   {**details, "iban": account_iban})  # fmt: skip
