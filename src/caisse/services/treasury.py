"""The treasurer's moves between the association's bank accounts."""

from __future__ import annotations

from caisse.domain import accounts as acc
from caisse.domain.errors import InputError, RuleViolation
from caisse.domain.journal import Line
from caisse.domain.money import EUR, Money
from caisse.domain.roles import Permission
from caisse.i18n import N_
from caisse.services import status
from caisse.services.context import Context
from caisse.services.ledger import Receipt, post


def transfer_surplus(ctx: Context, amount_cents: int, reference: str) -> Receipt:
    """Move what the guarantee fund holds beyond circulation (commissions, fees paid in notes)
    to the operating account, by a bank transfer whose reference is kept. The fund stays whole:
    more than the surplus is refused."""
    ctx.require(Permission.PAY_PARTNERS)
    if amount_cents <= 0:
        raise InputError(N_("The amount must be more than zero."))
    if not reference.strip():
        raise InputError(N_("Give the bank reference of the transfer."))
    store = ctx.store
    with store.transaction():
        surplus = status.coverage(store).surplus
        if amount_cents > surplus.cents:
            raise RuleViolation(
                N_("The guarantee fund holds only {surplus} beyond what circulation requires: "
                   "transferring {amount} would leave it short."),
                surplus=surplus, amount=Money(amount_cents),
            )  # fmt: skip
        written = post(
            ctx, "surplus_transfer",
            [Line(acc.OPERATING_BANK, EUR, amount_cents),
             Line(acc.GUARANTEE_BANK, EUR, -amount_cents)],
            details={"reference": reference.strip()},
        )  # fmt: skip
    return Receipt(None, written.seq, written.at, "surplus_transfer", None, None,
                   (Money(amount_cents),), {"reference": reference.strip()})  # fmt: skip
