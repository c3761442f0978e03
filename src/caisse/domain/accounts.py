"""The chart of accounts.

Account keys are stable identifiers written in the journal and covered by its hashes; the French
PCG number of each account is an attribute the administrator may remap for exports.

Euros (EUR) and the local unit are two commodities. The unit side follows the physical notes:
notes received from the printer sit in the vault, are supplied to counters, go into circulation
by exchanges and come back by reconversions.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from caisse.i18n import N_

UNIT = "UNIT"  # stands for the local currency's code in the chart


class Kind(StrEnum):
    ASSET = "asset"
    LIABILITY = "liability"
    INCOME = "income"
    EXPENSE = "expense"
    MEMO = "memo"  # off-balance tracking of physical notes


@dataclass(frozen=True)
class AccountSpec:
    key: str
    name: str  # English source, translated when shown
    pcg: str
    commodity: str  # "EUR" or UNIT
    kind: Kind


# Accounts of the association as a whole.
GUARANTEE_BANK = "guarantee_bank"
OPERATING_BANK = "operating_bank"
FUND_DUE = "fund_due"
FEES = "fees"
COMMISSIONS = "commissions"
CASH_DIFFERENCES = "cash_differences"
PARTNERS_PAYABLE = "partners_payable"
NOTES_PRINTED = "notes_printed"
VAULT = "vault"
CIRCULATION = "circulation"
LOST_FOUND_NOTES = "lost_found_notes"
FUNDERS_RECEIVABLE = "funders_receivable"  # programmes' euros a funder owes the fund
EXPIRED_VOUCHERS = "expired_vouchers"  # expired vouchers' euros the association keeps
VOUCHERS_ISSUED = "vouchers_issued"  # the value of vouchers made, the source of the others
VOUCHERS_OUTSTANDING = "vouchers_outstanding"  # issued, not yet redeemed, expired or cancelled
VOUCHERS_REDEEMED = "vouchers_redeemed"  # handed in by partners at the counters
NOTES_DESTROYED = "notes_destroyed"  # worn notes taken out of the vault and destroyed

GLOBAL_ACCOUNTS: tuple[AccountSpec, ...] = (
    AccountSpec(GUARANTEE_BANK, N_("Guarantee fund bank account"), "512100", "EUR", Kind.ASSET),
    AccountSpec(OPERATING_BANK, N_("Operating bank account"), "512000", "EUR", Kind.ASSET),
    AccountSpec(
        FUND_DUE, N_("Guarantee fund: euros owed for units issued"), "467100", "EUR", Kind.LIABILITY
    ),
    AccountSpec(
        PARTNERS_PAYABLE, N_("Partners: reconversions to pay"), "467200", "EUR", Kind.LIABILITY
    ),
    AccountSpec(FEES, N_("Membership fees"), "756000", "EUR", Kind.INCOME),
    AccountSpec(COMMISSIONS, N_("Reconversion commissions"), "706100", "EUR", Kind.INCOME),
    AccountSpec(CASH_DIFFERENCES, N_("Cash differences"), "658000", "EUR", Kind.EXPENSE),
    AccountSpec(NOTES_PRINTED, N_("Notes received from the printer"), "809000", UNIT, Kind.MEMO),
    AccountSpec(VAULT, N_("Vault: notes not issued"), "801000", UNIT, Kind.MEMO),
    AccountSpec(CIRCULATION, N_("Notes in circulation"), "803000", UNIT, Kind.MEMO),
    AccountSpec(LOST_FOUND_NOTES, N_("Lost or found notes"), "806000", UNIT, Kind.MEMO),
    *(
        # the vouchers' accounts: schema 7 adds them to a database made before
        AccountSpec(
            FUNDERS_RECEIVABLE,
            N_("Voucher funders: euros owed to the fund"),
            "441000",
            "EUR",
            Kind.ASSET,
        ),
        AccountSpec(EXPIRED_VOUCHERS, N_("Expired vouchers kept"), "758100", "EUR", Kind.INCOME),
        AccountSpec(VOUCHERS_ISSUED, N_("Vouchers made"), "809100", UNIT, Kind.MEMO),
        AccountSpec(VOUCHERS_OUTSTANDING, N_("Vouchers outstanding"), "803100", UNIT, Kind.MEMO),
        AccountSpec(VOUCHERS_REDEEMED, N_("Vouchers redeemed"), "804100", UNIT, Kind.MEMO),
    ),
    # schema 9 adds it to a database made before
    AccountSpec(NOTES_DESTROYED, N_("Notes destroyed"), "809200", UNIT, Kind.MEMO),
)

# Accounts each exchange point has; {code} is the counter's code, {n} its number.
TILL_FUND = "till_fund"  # cash in the till that belongs to the guarantee fund
TILL_ASSOC = "till_assoc"  # cash in the till that belongs to the association (fees)
CHEQUES_FUND = "cheques_fund"
CHEQUES_ASSOC = "cheques_assoc"
CARDS_FUND = "cards_fund"  # card payments awaiting the bank's settlement
CARDS_ASSOC = "cards_assoc"
STOCK = "stock"  # notes held at the counter
RETURNED = "returned"  # notes handed back by partners, awaiting return to the vault

COUNTER_ACCOUNTS: tuple[AccountSpec, ...] = (
    AccountSpec(TILL_FUND, N_("Till {counter}: exchange cash"), "5301{n:02d}", "EUR", Kind.ASSET),
    AccountSpec(TILL_ASSOC, N_("Till {counter}: fee cash"), "5302{n:02d}", "EUR", Kind.ASSET),
    AccountSpec(
        CHEQUES_FUND,
        N_("Counter {counter}: exchange cheques to deposit"),
        "5112{n:02d}",
        "EUR",
        Kind.ASSET,
    ),
    AccountSpec(
        CHEQUES_ASSOC,
        N_("Counter {counter}: fee cheques to deposit"),
        "5113{n:02d}",
        "EUR",
        Kind.ASSET,
    ),
    AccountSpec(
        CARDS_FUND,
        N_("Counter {counter}: exchange card payments to settle"),
        "5115{n:02d}",
        "EUR",
        Kind.ASSET,
    ),
    AccountSpec(
        CARDS_ASSOC,
        N_("Counter {counter}: fee card payments to settle"),
        "5116{n:02d}",
        "EUR",
        Kind.ASSET,
    ),
    AccountSpec(STOCK, N_("Counter {counter}: notes in stock"), "802{n:03d}", UNIT, Kind.MEMO),
    AccountSpec(
        RETURNED, N_("Counter {counter}: notes handed back"), "804{n:03d}", UNIT, Kind.MEMO
    ),
)

#: accounts whose euros belong to the guarantee fund, per counter
FUND_COUNTER_ACCOUNTS = (TILL_FUND, CHEQUES_FUND, CARDS_FUND)


def counter_account(kind: str, counter_code: str) -> str:
    """The key of a counter's account: ``till_fund:C01``."""
    return f"{kind}:{counter_code}"


def counter_specs(counter_code: str, number: int) -> list[AccountSpec]:
    """The accounts to create for a new exchange point."""
    return [
        AccountSpec(
            counter_account(spec.key, counter_code),
            spec.name,
            spec.pcg.format(n=number % 100 if spec.commodity == "EUR" else number % 1000),
            spec.commodity,
            spec.kind,
        )
        for spec in COUNTER_ACCOUNTS
    ]
