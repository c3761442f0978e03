"""Commands that write to the journal: exchange and correct, each as a logged-in user."""

from __future__ import annotations

import argparse

from caisse.cli import common
from caisse.cli.common import number, out
from caisse.domain.codes import check_member_number
from caisse.domain.errors import InputError
from caisse.domain.money import parse_cents
from caisse.i18n import N_, _
from caisse.services import auth, ledger, operations, settings
from caisse.services.context import Context
from caisse.store.db import Store

METHOD_LABELS = {"cash": N_("in cash"), "cheque": N_("by cheque"), "card": N_("by card")}


def exchange(args: argparse.Namespace) -> int:
    with common.writing(args) as store:
        # everything that can be checked without the password is checked first
        cents = parse_cents(args.amount)
        if cents <= 0:
            raise InputError(N_("The amount must be more than zero."))
        member = check_member_number(args.member)
        counter = args.counter or settings.installation_counter(store)
        if not counter:
            raise InputError(
                N_("Say at which exchange point with --counter: none is set for this computer.")
            )
        cheque = None
        if args.method == "cheque":
            cheque = operations.Cheque(
                args.cheque_bank or "", args.cheque_number or "", args.cheque_drawer or ""
            ).checked()
        ctx = log_in(store, args.user)
        receipt = operations.exchange(ctx, member, counter, cents, args.method, cheque)
    euros, units = receipt.amounts
    out(
        _("Receipt {receipt}: {euros} exchanged for {units}.").format(
            receipt=receipt.number, euros=euros.display(), units=units.display()
        )
    )
    out(
        _("Member {member}, exchange point {counter}, paid {method}; journal entry {seq}.").format(
            member=receipt.member_number,
            counter=receipt.counter,
            method=_(METHOD_LABELS[args.method]),
            seq=number(receipt.seq),
        )
    )
    return common.EXIT_OK


def correct(args: argparse.Namespace) -> int:
    if not args.reason.strip():
        raise InputError(N_("A correction needs a reason."))
    with common.writing(args) as store:
        ctx = log_in(store, args.user)
        written = ledger.correct(ctx, args.seq, args.reason)
    out(
        _("Entry {seq} is cancelled by entry {new} (receipt {receipt}).").format(
            seq=number(args.seq), new=number(written.seq), receipt=written.receipt or "—"
        )
    )
    return common.EXIT_OK


def log_in(store: Store, login: str) -> Context:
    secret = common.read_secret(_("Password or PIN for {login}: ").format(login=login))
    return auth.login(store, login, secret)
