"""The treasurer's month and year figures equal the journal: exchanges by method, corrections
netted out, the partners' lines adding up to the reconversions and voucher redemptions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from tests.conftest import FixedClock

from caisse.domain.errors import InputError, PermissionDenied
from caisse.services import demo, ledger, members, operations, partners, period_report
from caisse.services.context import Context
from caisse.store import open_store

IBAN = "FR14 2004 1010 0505 0001 3M02 606"


def at(ctx: Context, day: date, hour: int = 10) -> Context:
    return replace(ctx, clock=FixedClock(datetime(day.year, day.month, day.day, hour).astimezone()))


@pytest.fixture
def partner(volunteer: Context, counter: str) -> dict:
    row = members.create(volunteer, members.MemberFields(
        kind="organisation", organisation="Librairie Elkar", is_partner=True))  # fmt: skip
    operations.pay_membership(volunteer, row["number"], counter, "organisation")
    return members.by_uid(volunteer.store, row["uid"])


@pytest.fixture
def october(volunteer, treasurer, member, partner, counter):
    """October 2026: three exchanges (one corrected), a reconversion; one in November."""
    oct1, oct2, nov = date(2026, 10, 3), date(2026, 10, 20), date(2026, 11, 2)
    operations.exchange(at(volunteer, oct1), member["number"], counter, 30_000)
    operations.exchange(at(volunteer, oct1, 11), member["number"], counter, 5_000, "card")
    mistaken = operations.exchange(at(volunteer, oct2), member["number"], counter, 4_000)
    ledger.correct(at(volunteer, oct2, 11), mistaken.seq, "wrong amount typed")
    partners.reconvert(at(treasurer, oct2, 12), partner["number"], counter, 10_000, iban=IBAN)
    operations.exchange(at(volunteer, nov), member["number"], counter, 1_000)
    return volunteer.store


def test_october_equals_the_journal_net_of_corrections(october, counter, partner):
    f = period_report.figures(october, date(2026, 10, 1), date(2026, 10, 31), date(2026, 11, 26))
    exchange = f.operations["exchange"]
    assert (exchange.count, exchange.eur, exchange.units) == (2, 35_000, 35_000)
    assert f.corrections == 1
    assert f.methods == {"cash": 30_000, "card": 5_000}
    journal_exchanges = october.scalar(
        "SELECT -SUM(p.amount) FROM posting p JOIN txn t ON t.seq = p.txn_seq "
        "WHERE t.operation = 'exchange' AND p.account = 'fund_due' "
        "AND substr(t.at, 1, 7) = '2026-10'"
    )
    assert exchange.eur == journal_exchanges
    reconversion = f.operations["reconversion"]
    assert (reconversion.count, reconversion.eur, reconversion.commission) == (1, 10_000, 500)
    (p,) = f.partners
    assert (p.number, p.name, p.count, p.units, p.to_pay, p.commission) == (
        partner["number"], "Librairie Elkar", 1, 10_000, 9_500, 500)  # fmt: skip
    (c,) = f.counters
    assert c.code == counter and c.operations["exchange"].eur == 35_000
    assert "membership" not in f.operations  # the fees were paid before October
    assert not f.coverage_now


def test_the_year_holds_every_month_and_the_coverage_is_of_today(october):
    f = period_report.figures(october, date(2026, 1, 1), date(2026, 12, 31), date(2026, 11, 26))
    assert f.operations["exchange"].eur == 36_000
    assert f.coverage_now


def test_partners_add_up_to_reconversions_and_redemptions(tmp_path):
    path = tmp_path / "demo.db"
    demo.build(path, seed=7, members=60, partners=10, counters=2, days=60)
    store = open_store(path)
    try:
        first, last = store.one("SELECT MIN(substr(at, 1, 10)) a, MAX(substr(at, 1, 10)) b "
                                "FROM txn").values()  # fmt: skip
        f = period_report.figures(store, date.fromisoformat(first), date.fromisoformat(last))
        paid = [f.operations[op] for op in period_report.PARTNER_OPERATIONS if op in f.operations]
        assert paid and f.partners
        assert sum(p.count for p in f.partners) == sum(t.count for t in paid)
        assert sum(p.units for p in f.partners) == sum(t.units for t in paid)
        assert sum(p.commission for p in f.partners) == sum(t.commission for t in paid)
        assert sum(p.to_pay + p.commission for p in f.partners) == sum(t.eur for t in paid)
        assert [p.to_pay for p in f.partners] == sorted((p.to_pay for p in f.partners),
                                                        reverse=True)  # fmt: skip
        for op in ("exchange", "membership", "reconversion", "voucher_redemption", "deposit"):
            if op in f.operations:  # entries made at an exchange point
                at_points = [c.operations[op] for c in f.counters if op in c.operations]
                assert sum(t.eur for t in at_points) == f.operations[op].eur
    finally:
        store.close()


def test_periods_are_checked():
    assert period_report.period_bounds("month", "2026-02") == (date(2026, 2, 1),
                                                               date(2026, 2, 28))  # fmt: skip
    assert period_report.period_bounds("month", "2026-12")[1] == date(2026, 12, 31)
    assert period_report.period_bounds("year", "2026") == (date(2026, 1, 1), date(2026, 12, 31))
    for kind, text in (("month", "2026-13"), ("month", "oct"), ("year", "26")):
        with pytest.raises(InputError):
            period_report.period_bounds(kind, text)


def test_only_the_treasurer_prints_it_and_it_is_logged(october, volunteer, treasurer):
    with pytest.raises(PermissionDenied):
        period_report.report_pdf(volunteer, "month", "2026-10")
    pdf = period_report.report_pdf(treasurer, "month", "2026-10")
    assert pdf.startswith(b"%PDF")
    event = october.one("SELECT actor, detail FROM event WHERE kind = 'period_report_exported'")
    assert event is not None and event["actor"] == treasurer.actor.uid
