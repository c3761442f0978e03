"""The plain data the documents are drawn from. Amounts are integer cents; the services fill
these from the store, the renderers only read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class Identity:
    """The association, as its documents name it."""

    name: str
    address_lines: tuple[str, ...] = ()
    siret: str = ""  # formatted for reading: "123 456 789 00012"


@dataclass(frozen=True)
class Party:
    """The member or partner an operation was for: number and the name a receipt may show."""

    number: str
    name: str
    partner: bool = False


@dataclass(frozen=True)
class ChequeRef:
    """A cheque named in a bank deposit."""

    number: str
    bank: str
    amount: int
    receipt: str | None = None


@dataclass(frozen=True)
class Posting:
    account: str  # "till_fund:C01", "circulation", ...
    commodity: str
    amount: int  # cents, debit positive


@dataclass(frozen=True)
class ReceiptEntry:
    """One journal entry, with what its receipt shows."""

    seq: int
    number: str
    at: datetime
    operation: str
    title: str  # the operation's label in the current language
    counter_code: str
    counter_name: str
    volunteer: str
    unit: str  # the local currency's code
    postings: tuple[Posting, ...]
    details: dict[str, Any] = field(default_factory=dict)
    memo: str = ""
    hash: str = ""
    party: Party | None = None
    correction_of: str | None = None  # the receipt number (or entry) this one cancels
    cheques: tuple[ChequeRef, ...] = ()  # a deposit's cheques


@dataclass(frozen=True)
class TotalRow:
    """One operation's line in a Z: how many entries, euros and units they moved."""

    label: str
    count: int
    eur: int
    units: int


@dataclass(frozen=True)
class TillRow:
    """Expected, counted and their difference for one thing held in the till; ``None`` where
    nothing is counted (card payments are settled by the bank)."""

    label: str
    commodity: str
    expected: int
    counted: int | None
    difference: int | None


@dataclass(frozen=True)
class Totals:
    rows: tuple[TotalRow, ...]
    corrections: TotalRow | None = None


@dataclass(frozen=True)
class ZData:
    """The Z of a till session, drawn from its closing record."""

    identity: Identity
    unit: str
    counter_code: str
    counter_name: str
    session_label: str
    opened_at: datetime
    opened_by: str
    closed_at: datetime
    closed_by: str
    entries: int
    first_txn: int | None
    last_txn: int | None
    period: Totals
    methods: tuple[tuple[str, int], ...]  # (label, euros) by payment method
    perpetual: Totals
    till: tuple[TillRow, ...]
    cheques_missing: tuple[str, ...]
    euros_count: tuple[tuple[int, int], ...]  # (denomination in cents, pieces)
    notes_count: tuple[tuple[int, int], ...]
    comment: str
    recounted: bool
    closing_seq: int
    closing_at: datetime
    closing_hash: str
    prev_hash: str
    covered_txn: int  # the last journal entry the closing covers
    covered_hash: str


@dataclass(frozen=True)
class DaySession:
    """One Z of the day, as the day report lists it."""

    label: str
    closing_seq: int
    opened_at: datetime
    closed_at: datetime
    closed_by: str
    entries: int
    first_txn: int | None
    last_txn: int | None
    differences: dict[str, int]  # cash, notes, cheques
    hash: str
    covered_hash: str


@dataclass(frozen=True)
class DayData:
    identity: Identity
    unit: str
    counter_code: str
    counter_name: str
    day: date
    sessions: tuple[DaySession, ...]
    period: Totals
    methods: tuple[tuple[str, int], ...]
    differences: dict[str, int]
