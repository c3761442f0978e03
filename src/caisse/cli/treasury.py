"""``caisse reconvert``, ``caisse deposit`` and ``caisse transfer``: partners' notes bought back,
a till to the bank, the fund's surplus to the operating account."""

from __future__ import annotations

import argparse

from caisse.cli import common
from caisse.cli.common import number, out
from caisse.cli.counting import parse_cheques
from caisse.cli.operations import log_in
from caisse.domain.codes import check_member_number
from caisse.domain.errors import InputError
from caisse.domain.money import Money, parse_cents
from caisse.i18n import N_, _
from caisse.services import counters, operations, partners, sessions, status


def _amount(text: str | None) -> int:
    if text is None:
        return 0
    cents = parse_cents(text)
    if cents < 0:
        raise InputError(N_("The amount must be more than zero."))
    return cents


def reconvert(args: argparse.Namespace) -> int:
    with common.writing(args) as store:
        units = parse_cents(args.units)
        if units <= 0:
            raise InputError(N_("The amount must be more than zero."))
        handed = parse_cents(args.notes_handed) if args.notes_handed else None
        partner = check_member_number(args.partner)
        iban = partners.checked_iban(args.iban) if args.iban else None
        code = counters.get_active(store, args.counter)["code"]
        ctx = log_in(store, args.user)
        receipt = partners.reconvert(ctx, partner, code, units, iban=iban, notes_handed=handed)
    notes, to_pay = receipt.amounts
    out(
        _("Receipt {receipt}: {units} handed back by partner {partner} at {counter}.").format(
            receipt=receipt.number, units=notes.display(), partner=receipt.member_number,
            counter=receipt.counter,
        )
    )  # fmt: skip
    out(
        _("Commission {commission}; {amount} to transfer to {iban}, owed until paid "
          "(journal entry {seq}).").format(
            commission=Money(receipt.details["commission"]).display(), amount=to_pay.display(),
            iban=receipt.details["iban"], seq=number(receipt.seq),
        )
    )  # fmt: skip
    return common.EXIT_OK


def transfer(args: argparse.Namespace) -> int:
    from caisse.services import treasury

    with common.writing(args) as store:
        cents = parse_cents(args.amount)
        ctx = log_in(store, args.user)
        receipt = treasury.transfer_surplus(ctx, cents, args.reference)
        left = status.coverage(store).surplus
    out(
        _("{amount} transferred to the operating account (journal entry {seq}); {left} of "
          "surplus remains in the guarantee fund.").format(
            amount=receipt.amounts[0].display(), seq=number(receipt.seq), left=left.display()
        )
    )  # fmt: skip
    return common.EXIT_OK


def deposit(args: argparse.Namespace) -> int:
    if not args.slip.strip():
        raise InputError(N_("A bank deposit needs the slip number."))
    with common.writing(args) as store:
        code = counters.get_active(store, args.counter)["code"]
        in_till = [c["seq"] for c in sessions.cheques_in_till(store, code)]
        parts = {
            "fund_cash": _amount(args.cash_fund),
            "assoc_cash": _amount(args.cash_assoc),
            "fund_cards": _amount(args.cards_fund),
            "assoc_cards": _amount(args.cards_assoc),
        }
        cheques = parse_cheques(args.cheques, in_till)
        if (
            args.cash_fund is None
            and args.cash_assoc is None
            and args.cheques is None
            and not (args.cards_fund or args.cards_assoc)
        ):  # nothing named: the whole till, cash and cheques
            held = status.counter_figures(store, code)
            parts["fund_cash"] = max(0, held["till_fund"].cents)
            parts["assoc_cash"] = max(0, held["till_assoc"].cents)
            cheques = tuple(in_till)
        ctx = log_in(store, args.user)
        receipt = operations.deposit(ctx, code, args.slip, cheques=list(cheques), **parts)
    out(
        _("Bank deposit {receipt} at {counter}, slip {slip}: {amount} ({fund} for the guarantee "
          "fund, {assoc} for the association), {cheques} cheque(s).").format(
            receipt=receipt.number, counter=receipt.counter, slip=receipt.details["slip"],
            amount=receipt.amounts[0].display(), fund=Money(receipt.details["fund"]).display(),
            assoc=Money(receipt.details["assoc"]).display(), cheques=len(cheques),
        )
    )  # fmt: skip
    return common.EXIT_OK


def owed(args: argparse.Namespace) -> int:
    from caisse.store.db import open_store

    with open_store(common.db_path(args)) as store:
        rows = partners.owed(store)
    if not rows:
        out(_("Nothing is owed to partners."))
    for row in rows:
        out(
            _("Entry {seq}, receipt {receipt} ({at}): {amount} to {partner} ({number}), "
              "IBAN {iban}").format(
                seq=row["seq"], receipt=row["receipt"], at=row["at"][:10],
                amount=Money(int(row["to_pay"])).display(), partner=row["partner"],
                number=row["number"], iban=row["iban"],
            )
        )  # fmt: skip
    return common.EXIT_OK


def paid(args: argparse.Namespace) -> int:
    with common.writing(args) as store:
        ctx = log_in(store, args.user)
        receipt = partners.mark_paid(ctx, args.seq, args.reference)
    out(
        _("Reconversion {seq} paid: {amount} to partner {number} (journal entry {entry}).").format(
            seq=args.seq, amount=receipt.amounts[0].display(), number=receipt.member_number,
            entry=number(receipt.seq),
        )
    )  # fmt: skip
    return common.EXIT_OK


def bank_difference(args: argparse.Namespace) -> int:
    with common.writing(args) as store:
        credited = parse_cents(args.credited)
        ctx = log_in(store, args.user)
        receipt = operations.bank_difference(ctx, args.deposit, credited, args.reason)
    out(
        _("Deposit {deposit}: the difference of {amount} is booked (journal entry {seq}).").format(
            deposit=args.deposit, amount=receipt.amounts[0].display(), seq=number(receipt.seq)
        )
    )
    return common.EXIT_OK
