"""``caisse session open|close|status``: the till of an exchange point, counted by denomination."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from caisse.cli import common
from caisse.cli.common import out
from caisse.cli.counting import parse_cheques, parse_count
from caisse.cli.operations import log_in
from caisse.domain.counting import EUR_DENOMINATIONS, count_total
from caisse.domain.errors import InputError
from caisse.domain.money import EUR, Money
from caisse.i18n import N_, _
from caisse.services import counters, sessions, settings
from caisse.services.context import local_now
from caisse.store.db import Store


def _count(args: argparse.Namespace, store: Store, cheques: tuple[int, ...] | None = None
           ) -> sessions.TillCount:  # fmt: skip
    currency = settings.currency(store)
    return sessions.TillCount(
        euros=parse_count(args.euros, EUR_DENOMINATIONS, EUR),
        notes=parse_count(args.notes, currency.denominations, currency.code),
        cheques=cheques,
    )


def _comment(args: argparse.Namespace) -> str:
    return (args.comment or "").strip()


def open_till(args: argparse.Namespace) -> int:
    with common.writing(args) as store:
        code = counters.get_active(store, args.counter)["code"]
        count = _count(args, store)
        ctx = log_in(store, args.user)
        comparison(store, code, count, opening=True)
        row = sessions.open_session(
            ctx, code, count, comment=_comment(args), recounted=args.recounted
        )
    out(
        _("Till of {counter} open: session {session}, by {name}.").format(
            counter=code, session=sessions.label(row), name=row["opened_by_name"]
        )
    )
    return common.EXIT_OK


def close_till(args: argparse.Namespace) -> int:
    with common.writing(args) as store:
        code = counters.get(store, args.counter)["code"]
        session = sessions.current(store, code)
        if session is None:
            raise InputError(N_("The till of {counter} is not open."), counter=code)
        in_till = [c["seq"] for c in sessions.cheques_in_till(store, code)]
        count = _count(args, store, parse_cheques(args.cheques, in_till))
        ctx = log_in(store, args.user)
        comparison(store, code, count, opening=False)
        closing = sessions.close_session(
            ctx, code, count, comment=_comment(args), recounted=args.recounted
        )
    out(
        _("Till of {counter} closed: session {session}, Z closing {seq}.").format(
            counter=code, session=sessions.label(session), seq=closing.seq
        )
    )
    out(_("Hash of the closing: {hash}").format(hash=closing.hash))
    return common.EXIT_OK


def comparison(store: Store, code: str, count: sessions.TillCount, *, opening: bool) -> None:
    """Expected against counted, per commodity and for the cheques, then the differences."""
    currency = settings.currency(store)
    expected = sessions.expected(store, code)
    diff = sessions.differences(store, code, count)
    cash = count_total(count.euros, EUR_DENOMINATIONS)
    notes = count_total(count.notes, currency.denominations)
    rows = [
        (_("Cash (euros)"), expected.cash, Money(cash), diff.cash),
        (_("Notes ({unit})").format(unit=currency.code), expected.notes,
         currency.unit(notes), diff.notes),
    ]  # fmt: skip
    if not opening:
        missing = sum(c["amount"] for c in diff.cheques_missing)
        ticked = expected.cheques_total.cents - missing
        rows.append((_("Cheques"), expected.cheques_total, Money(ticked), -missing))
    out(_("Till of {counter}:").format(counter=code))
    for label, exp, counted, gap in rows:
        line = _("  {label}: expected {expected}, counted {counted}").format(
            label=label, expected=exp.display(), counted=counted.display()
        )
        if gap:
            line += " " + _("(difference {gap})").format(gap=_signed(Money(gap, exp.commodity)))
        out(line)
    for cheque in diff.cheques_missing:
        out(_("  Cheque not ticked: entry {seq}, receipt {receipt}, no. {number}, {amount}").format(
            seq=cheque["seq"], receipt=cheque["receipt"], number=cheque["number"],
            amount=Money(cheque["amount"]).display()))  # fmt: skip
    if not diff.any:
        out(_("  No difference."))


def _signed(amount: Money) -> str:
    return ("+" if amount.cents > 0 else "") + amount.display()


def status(args: argparse.Namespace) -> int:
    with common.reading(args) as store:
        if args.counter:
            codes = [counters.get(store, args.counter)["code"]]
        else:
            codes = [r["code"] for r in counters.list_counters(store, active_only=True)]
        figures = [till_status(store, code, local_now()) for code in codes]
    if args.json:
        out(json.dumps(figures, ensure_ascii=False, indent=2))
        return common.EXIT_OK
    for figure in figures:
        show(figure)
    return common.EXIT_OK


def till_status(store: Store, code: str, now: datetime) -> dict[str, Any]:
    """The open session of a counter and what its till should hold, in cents."""
    row = sessions.current(store, code)
    expected = sessions.expected(store, code)
    return {
        "counter": code,
        "unit": expected.notes.commodity,
        "open": row is not None,
        "session": None if row is None else sessions.label(row),
        "opened_at": None if row is None else row["opened_at"],
        "opened_by": None if row is None else row["opened_by_name"],
        "too_old": row is not None and sessions.is_too_old(row, now),
        "expected": {
            "cash": expected.cash.cents,
            "notes": expected.notes.cents,
            "cheques": expected.cheques_total.cents,
            "cards": expected.cards.cents,
        },
        "cheques": [
            {key: c[key] for key in ("seq", "receipt", "number", "bank", "amount")}
            for c in expected.cheques
        ],
    }


def show(figure: dict[str, Any]) -> None:
    code, exp = figure["counter"], figure["expected"]
    if figure["open"]:
        since = datetime.fromisoformat(figure["opened_at"])
        out(_("{counter}: open, session {session}, since {since} by {name}").format(
            counter=code, session=figure["session"], since=_moment(since),
            name=figure["opened_by"]))  # fmt: skip
        if figure["too_old"]:
            out(common.coloured(_("  Open for more than 24 hours: count the till and close it."),
                                False))  # fmt: skip
    else:
        out(_("{counter}: closed").format(counter=code))
    out(_("  Cash {cash}; notes {notes}; cheques {cheques} ({n}); cards {cards}").format(
        cash=Money(exp["cash"]).display(), notes=Money(exp["notes"], figure["unit"]).display(),
        cheques=Money(exp["cheques"]).display(), n=len(figure["cheques"]),
        cards=Money(exp["cards"]).display()))  # fmt: skip
    for c in figure["cheques"]:
        out(_("  Cheque entry {seq}: receipt {receipt}, {bank} no. {number}, {amount}").format(
            seq=c["seq"], receipt=c["receipt"], bank=c["bank"], number=c["number"],
            amount=Money(c["amount"]).display()))  # fmt: skip


def _moment(when: datetime) -> str:
    from babel.dates import format_datetime

    from caisse import i18n

    return format_datetime(when, format="short", locale=i18n.locale())
