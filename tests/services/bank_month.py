"""A month of the guarantee fund's bank account, made through the services: what the statements
in tests/data/bank describe (October 2026), and a little more."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from tests.conftest import FixedClock

from caisse.services import counters, members, operations, partners, sessions, treasury
from caisse.services.context import Context

STATEMENTS = Path(__file__).resolve().parents[1] / "data" / "bank"
IBAN = "FR14 2004 1010 0505 0001 3M02 606"


def on(ctx: Context, day: str, hour: int = 10) -> Context:
    """The same user acting on ``day`` (ISO), local time."""
    d = date.fromisoformat(day)
    return replace(ctx, clock=FixedClock(datetime(d.year, d.month, d.day, hour).astimezone()))


@dataclass
class Month:
    bd1001: int  # deposit of 620.00, its slip on the statement
    paid_elkar: int  # 190.00 paid to a partner, reference VIR-ELKAR-1026
    surplus: int  # 10.00 to the operating account, reference SURPLUS-OCT
    bd1002: int  # deposit of 150.00 ...
    bd1002_gap: int  # ... credited 148.00: the bank difference of -2.00
    bd1003: int  # deposit of 80.00, the statement's label has no slip
    bd1004: int  # deposit of 50.00 on 30 October, not on the October statement
    bd1005: int  # deposit of 20.00 on 2 November


def make_month(admin: Context, treasurer: Context, volunteer: Context) -> Month:
    counters.create(on(admin, "2026-10-01", 8), "C01", "Bayonne, Le Petit Bayonne")
    sessions.open_session(on(treasurer, "2026-10-01", 9), "C01", sessions.TillCount())
    operations.receive_notes(on(treasurer, "2026-10-01", 9), 10_000_000)
    operations.supply(on(treasurer, "2026-10-01", 9), "C01", 100_000, "Jon Courier")
    day1 = on(volunteer, "2026-10-02")
    member = members.create(day1, members.MemberFields(first_name="Héloïse",
                                                       last_name="Etxeberri"))  # fmt: skip
    operations.pay_membership(day1, member["number"], "C01", "individual")
    partner = members.create(day1, members.MemberFields(
        kind="organisation", organisation="Librairie Elkar", is_partner=True))  # fmt: skip

    def deposit(day: str, cents: int, slip: str) -> int:
        operations.exchange(on(volunteer, day, 9), member["number"], "C01", cents)
        return operations.deposit(on(volunteer, day, 17), "C01", slip, fund_cash=cents).seq

    bd1001 = deposit("2026-10-04", 62_000, "BD-1001")
    reconversion = partners.reconvert(on(treasurer, "2026-10-08"), partner["number"], "C01",
                                      20_000, iban=IBAN)  # fmt: skip
    paid = partners.mark_paid(on(treasurer, "2026-10-11"), reconversion.seq, "VIR-ELKAR-1026")
    surplus = treasury.transfer_surplus(on(treasurer, "2026-10-19"), 1_000, "SURPLUS-OCT")
    bd1002 = deposit("2026-10-22", 15_000, "BD-1002")
    gap = operations.bank_difference(on(treasurer, "2026-10-24"), bd1002, 14_800,
                                     "the bank counted 148.00")  # fmt: skip
    bd1003 = deposit("2026-10-27", 8_000, "BD-1003")
    bd1004 = deposit("2026-10-30", 5_000, "BD-1004")
    bd1005 = deposit("2026-11-02", 2_000, "BD-1005")
    return Month(bd1001, paid.seq, surplus.seq, bd1002, gap.seq, bd1003, bd1004, bd1005)
