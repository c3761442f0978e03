"""Printing receipts, Z reports and the counter's day: the data is gathered here, drawn by
``caisse.documents``, and every print is written in the event log.

A receipt printed once is a duplicate from then on: its next print, whoever asks for it, is
marked "DUPLICATA n°k" (k = 1, 2, ... per receipt) and logged as a reprint, as the French
cash-register rules ask.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from stdnum.fr import siret as siret_format

from caisse.documents import model
from caisse.documents.dayreport import render_day
from caisse.documents.receipt import FORMATS, render_receipt
from caisse.documents.receipt_content import METHOD_LABELS
from caisse.documents.zreport import render_z
from caisse.domain.errors import InputError, NotFound, RuleViolation
from caisse.domain.roles import Permission
from caisse.i18n import N_, _
from caisse.services import events, personal, sessions, settings
from caisse.services.context import Context
from caisse.services.ledger import operation_label
from caisse.services.zreport import CORRECTIONS
from caisse.store import closings, journal
from caisse.store.db import Store

DEFAULT_FORMAT = "80mm"
PRINTED, REPRINTED = "receipt_printed", "receipt_reprinted"
#: the order operations are listed in a Z; others follow alphabetically
OPERATION_ORDER = (
    "exchange",
    "membership",
    "reconversion",
    "deposit",
    "supply",
    "return_notes",
    "till_difference",
)


def receipt_format(store: Store) -> str:
    """ "a4" or "80mm", as the installation prints its receipts."""
    value = store.get_setting("receipt_format", DEFAULT_FORMAT)
    return value if value in FORMATS else DEFAULT_FORMAT


def set_receipt_format(ctx: Context, fmt: str) -> None:
    ctx.require(Permission.SETTINGS)
    fmt = fmt.strip().lower()
    if fmt not in FORMATS:
        raise InputError(N_('Unknown receipt format "{format}": choose a4 or 80mm.'), format=fmt)
    with ctx.store.transaction():
        old = ctx.store.get_setting("receipt_format")
        ctx.store.put_setting("receipt_format", fmt)
        events.record(
            ctx.store,
            "setting_changed",
            actor=ctx.actor.uid,
            at=ctx.now_iso(),
            key="receipt_format",
            old=old,
            new=fmt,
        )


def printed_count(store: Store, seq: int) -> int:
    """How many times the receipt of entry ``seq`` was printed, first print included."""
    return _count_events(store, seq, (PRINTED, REPRINTED))


def _count_events(store: Store, seq: int, kinds: tuple[str, ...]) -> int:
    marks = ",".join("?" * len(kinds))
    return int(
        store.scalar(
            f"SELECT COUNT(*) FROM event WHERE kind IN ({marks}) "
            "AND json_extract(detail, '$.seq') = ?",
            (*kinds, seq),
        )
    )


def receipt_pdf(ctx: Context, seq: int, *, reprint: bool = False) -> bytes:
    """The receipt of journal entry ``seq`` in the installation's format, logged."""
    store = ctx.store
    with store.transaction():
        entry = receipt_entry(store, seq)
        duplicate = None
        if reprint or printed_count(store, seq):
            duplicate = _count_events(store, seq, (REPRINTED,)) + 1
        page = receipt_format(store)
        pdf = render_receipt(identity(store), entry, page, duplicate)
        events.record(
            store,
            REPRINTED if duplicate else PRINTED,
            actor=ctx.actor.uid,
            at=ctx.now_iso(),
            seq=seq,
            receipt=entry.number,
            format=page,
            duplicate=duplicate,
        )
    return pdf


def identity(store: Store) -> model.Identity:
    a = settings.association(store)
    lines = [a.address.strip(), f"{a.postcode} {a.commune}".strip()]
    contact = " · ".join(x for x in (a.phone.strip(), a.email.strip()) if x)
    siret = siret_format.format(a.siret) if a.siret else ""
    return model.Identity(a.name, tuple(x for x in (*lines, contact) if x), siret)


def receipt_entry(store: Store, seq: int) -> model.ReceiptEntry:
    """What the receipt of entry ``seq`` shows, read from the journal."""
    found = next(journal.entries(store, seq), None)
    if found is None or found[0] != seq:
        raise NotFound(N_("There is no journal entry {seq}."), seq=seq)
    _seq, entry, _prev, digest = found
    if entry.receipt is None or entry.counter is None:
        raise RuleViolation(
            N_(
                "Entry {seq} has no receipt number: only the operations of an exchange point "
                "have a receipt."
            ),
            seq=seq,
        )
    counter = store.one("SELECT name FROM counter WHERE code = ?", (entry.counter,))
    correction_of = None
    if entry.reverses is not None:
        correction_of = str(
            store.scalar("SELECT receipt FROM txn WHERE seq = ?", (entry.reverses,))
            or entry.reverses
        )
    return model.ReceiptEntry(
        seq=seq,
        number=entry.receipt,
        at=datetime.fromisoformat(entry.at),
        operation=entry.operation,
        title=operation_label(entry.operation),
        counter_code=entry.counter,
        counter_name=counter["name"] if counter else "",
        volunteer=store.scalar("SELECT name FROM user WHERE uid = ?", (entry.actor,)) or "?",
        unit=settings.currency(store).code,
        postings=tuple(model.Posting(ln.account, ln.commodity, ln.amount) for ln in entry.lines),
        details=personal.resolve(store, entry.details),
        memo=entry.memo,
        hash=digest,
        party=_party(store, entry.member),
        correction_of=correction_of,
        cheques=_cheques(store, entry.details.get("cheques", []))
        if entry.operation == "deposit"
        else (),
    )


def _party(store: Store, member_uid: str | None) -> model.Party | None:
    """The member by number and name; a partner by trade name. An erased member: nothing."""
    if member_uid is None:
        return None
    row = store.one("SELECT * FROM member WHERE uid = ?", (member_uid,))
    if row is None:
        return None
    if row["kind"] == "organisation":
        return model.Party(row["number"], row["organisation"], bool(row["is_partner"]))
    return model.Party(row["number"], f"{row['first_name']} {row['last_name']}".strip())


def _cheques(store: Store, seqs: list[int]) -> tuple[model.ChequeRef, ...]:
    found = []
    for seq in seqs:
        row = store.one(
            "SELECT t.receipt, t.details, (SELECT SUM(p.amount) FROM posting p "
            "WHERE p.txn_seq = t.seq AND p.amount > 0 AND p.account LIKE 'cheques_%') AS amount "
            "FROM txn t WHERE t.seq = ?",
            (seq,),
        )
        if row is None:
            continue
        details = json.loads(row["details"])
        found.append(
            model.ChequeRef(
                details.get("cheque_number", ""),
                details.get("cheque_bank", ""),
                int(row["amount"] or 0),
                row["receipt"],
            )
        )
    return tuple(found)


# -- Z report and the counter's day ------------------------------------------------------------


def z_report_pdf(ctx: Context, session: str) -> bytes:
    """The Z of a closed till session (uid or "C01-3"), drawn from its closing, logged."""
    store = ctx.store
    with store.transaction():
        row = sessions.get(store, session)
        closing = _closing_of(store, row)
        pdf = render_z(z_data(store, row, closing))
        events.record(
            store,
            "z_exported",
            actor=ctx.actor.uid,
            at=ctx.now_iso(),
            session=row["uid"],
            label=sessions.label(row),
            closing=closing.seq,
        )
    return pdf


def _closing_of(store: Store, row: dict[str, Any]) -> closings.Closing:
    if row["closed_at"] is None:
        raise RuleViolation(
            N_("Till session {session} is still open: its Z is printed once it is closed."),
            session=sessions.label(row),
        )
    closing = closings.by_session(store, row["uid"])
    if closing is None:
        raise NotFound(
            N_("Till session {session} has no closing record."), session=sessions.label(row)
        )
    return closing


def z_data(store: Store, row: dict[str, Any], closing: closings.Closing) -> model.ZData:
    r = closing.report
    unit = r["unit"]
    expected, counted, diff = r["expected"], r["counted"], r["differences"]
    till = (
        model.TillRow(_("Cash"), "EUR", expected["cash"], counted["cash"], diff["cash"]),
        model.TillRow(_("Notes"), unit, expected["notes"], counted["notes"], diff["notes"]),
        model.TillRow(
            _("Cheques"), "EUR", expected["cheques"], counted["cheques"], diff["cheques"]
        ),
        model.TillRow(
            _("Card payments (settled by the bank)"), "EUR", expected["cards"], None, None
        ),
    )
    return model.ZData(
        identity=identity(store),
        unit=unit,
        counter_code=r["counter"],
        counter_name=r.get("counter_name") or "",
        session_label=sessions.label(row),
        opened_at=datetime.fromisoformat(r["opened_at"]),
        opened_by=r["opened_by"] or "?",
        closed_at=datetime.fromisoformat(r["closed_at"]),
        closed_by=r["closed_by"] or "?",
        entries=r["entries"],
        first_txn=r["first_txn"],
        last_txn=r["last_txn"],
        period=_totals(r["period"]),
        methods=_methods(r["methods"]),
        perpetual=_totals(r["perpetual"]),
        till=till,
        cheques_missing=tuple(str(c) for c in r["cheques_missing"]),
        euros_count=_pieces(r["count"]["euros"]),
        notes_count=_pieces(r["count"]["notes"]),
        comment=r["comment"],
        recounted=bool(r["recounted"]),
        closing_seq=closing.seq,
        closing_at=datetime.fromisoformat(closing.at),
        closing_hash=closing.hash,
        prev_hash=closing.prev_hash,
        covered_txn=closing.last_txn,
        covered_hash=closing.last_hash,
    )


def _totals(by_operation: dict[str, dict[str, int]]) -> model.Totals:
    def key(op: str) -> tuple[int, str]:
        return (OPERATION_ORDER.index(op) if op in OPERATION_ORDER else len(OPERATION_ORDER), op)

    def row(op: str, label: str) -> model.TotalRow:
        t = by_operation[op]
        return model.TotalRow(label, t["count"], t["eur"], t["units"])

    rows = tuple(
        row(op, operation_label(op)) for op in sorted(by_operation, key=key) if op != CORRECTIONS
    )
    corrections = row(CORRECTIONS, _("Corrections")) if CORRECTIONS in by_operation else None
    return model.Totals(rows, corrections)


def _methods(by_method: dict[str, int]) -> tuple[tuple[str, int], ...]:
    order = list(METHOD_LABELS)
    keys = sorted(by_method, key=lambda m: (order.index(m) if m in order else len(order), m))
    return tuple((_(METHOD_LABELS.get(m, m)), by_method[m]) for m in keys)


def _pieces(counted: dict[str, int]) -> tuple[tuple[int, int], ...]:
    return tuple(sorted(((int(d), n) for d, n in counted.items()), reverse=True))


def day_report_pdf(ctx: Context, counter: str, day: date) -> bytes:
    """Every session of ``counter`` closed on ``day``: their totals summed, each Z listed."""
    store = ctx.store
    with store.transaction():
        code = counter.strip().upper()
        name = store.scalar("SELECT name FROM counter WHERE code = ?", (code,))
        if name is None:
            raise NotFound(N_('There is no exchange point "{code}".'), code=counter)
        rows = store.rows(
            "SELECT uid FROM till_session WHERE counter = ? AND closed_at IS NOT NULL "
            "AND substr(closed_at, 1, 10) = ? ORDER BY number",
            (code, day.isoformat()),
        )
        if not rows:
            raise NotFound(
                N_("No till session of {counter} was closed on {day}."), counter=code, day=day
            )
        zs = []
        for r in rows:
            row = sessions.get(store, r["uid"])
            zs.append((row, _closing_of(store, row)))
        pdf = render_day(_day_data(store, code, name, day, zs))
        events.record(
            store,
            "day_report_exported",
            actor=ctx.actor.uid,
            at=ctx.now_iso(),
            counter=code,
            day=day.isoformat(),
            closings=[c.seq for _r, c in zs],
        )
    return pdf


def _day_data(
    store: Store,
    code: str,
    name: str,
    day: date,
    zs: list[tuple[dict[str, Any], closings.Closing]],
) -> model.DayData:
    period: dict[str, dict[str, int]] = {}
    methods: dict[str, int] = {}
    differences = {"cash": 0, "notes": 0, "cheques": 0}
    listed = []
    for row, closing in zs:
        r = closing.report
        for op, t in r["period"].items():
            into = period.setdefault(op, {"count": 0, "eur": 0, "units": 0})
            for k in into:
                into[k] += t[k]
        for m, cents in r["methods"].items():
            methods[m] = methods.get(m, 0) + cents
        for k in differences:
            differences[k] += r["differences"][k]
        listed.append(
            model.DaySession(
                label=sessions.label(row),
                closing_seq=closing.seq,
                opened_at=datetime.fromisoformat(r["opened_at"]),
                closed_at=datetime.fromisoformat(r["closed_at"]),
                closed_by=r["closed_by"] or "?",
                entries=r["entries"],
                first_txn=r["first_txn"],
                last_txn=r["last_txn"],
                differences=dict(r["differences"]),
                hash=closing.hash,
                covered_hash=closing.last_hash,
            )
        )
    return model.DayData(
        identity=identity(store),
        unit=settings.currency(store).code,
        counter_code=code,
        counter_name=name,
        day=day,
        sessions=tuple(listed),
        period=_totals(period),
        methods=_methods(methods),
        differences=differences,
    )
