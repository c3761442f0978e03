"""The administrator's account numbers: remapped within the rules of the French PCG, logged,
reset to the chart's, and used by the FEC; the journal never touched."""

from __future__ import annotations

from datetime import date

import pytest

from caisse.domain.errors import InputError, NotFound, PermissionDenied, RuleViolation
from caisse.services import chart, counters, events, exports, operations
from caisse.store import journal


def number_of(store, key: str) -> str:
    return store.scalar("SELECT pcg FROM account WHERE key = ?", (key,))


def test_the_list_names_every_account_with_its_number_and_default(store, admin, counter):
    found = {a.key: a for a in chart.accounts(store)}
    assert len(found) == store.scalar("SELECT COUNT(*) FROM account")
    bank = found["guarantee_bank"]
    assert (bank.name, bank.number, bank.default, bank.commodity, bank.kind, bank.counter) == (
        "Guarantee fund bank account", "512100", "512100", "EUR", "asset", "")  # fmt: skip
    till = found["till_fund:C01"]
    assert (till.name, till.number, till.default, till.counter) == (
        "Till C01: exchange cash", "530101", "530101", "C01")  # fmt: skip
    assert found["stock:C01"].commodity == "EUS" and found["stock:C01"].kind_label == "Memo (notes)"
    keys = list(found)
    assert keys.index("guarantee_bank") < keys.index("vault")  # the euros first


def test_a_number_is_remapped_logged_and_the_journal_untouched(store, admin, member, counter):
    operations.exchange(admin, member["number"], counter, 5_000)
    chain = journal.last_link(store)
    changed = chart.set_number(admin, "guarantee_bank", " 512200 ")
    assert changed.number == "512200" and changed.default == "512100" and changed.mapped
    assert number_of(store, "guarantee_bank") == "512200"
    # two tills pooled under one number
    counters.create(admin, "C02", "Anglet")
    chart.set_number(admin, "till_fund:C01", "530000")
    chart.set_number(admin, "till_fund:C02", "530000")
    assert number_of(store, "till_fund:C02") == "530000"
    logged = [e for e in events.recent(store) if e["kind"] == "account_number_changed"]
    assert [e["detail"]["account"] for e in logged] == [
        "till_fund:C02", "till_fund:C01", "guarantee_bank"]  # fmt: skip
    assert logged[-1]["detail"] == {"account": "guarantee_bank", "old": "512100",
                                    "new": "512200", "default": False}  # fmt: skip
    assert logged[-1]["actor"] == admin.actor.uid
    assert journal.last_link(store) == chain
    assert journal.verify(store).ok


@pytest.mark.parametrize(
    ("key", "number", "says"),
    [
        ("guarantee_bank", "51A200", "3 to 10 digits"),
        ("guarantee_bank", "51", "3 to 10 digits"),
        ("guarantee_bank", "51210000000", "3 to 10 digits"),
        ("guarantee_bank", "", "3 to 10 digits"),
        ("guarantee_bank", "612000", "classes 1 to 5"),
        ("fund_due", "767100", "classes 1 to 5"),
        ("fees", "656000", "class 7"),
        ("cash_differences", "758000", "class 6"),
        ("vault", "512000", "class 8 or 0"),
    ],
)
def test_a_number_against_the_rules_is_refused_saying_why(store, admin, key, number, says):
    before = number_of(store, key)
    logged = len(events.recent(store))
    with pytest.raises(InputError, match=says):
        chart.set_number(admin, key, number)
    assert number_of(store, key) == before and len(events.recent(store)) == logged


def test_memo_accounts_take_class_0_and_incomes_class_7(store, admin):
    assert chart.set_number(admin, "vault", "0801").number == "0801"
    assert chart.set_number(admin, "commissions", "7061").number == "7061"
    assert chart.set_number(admin, "cash_differences", "6580000000").number == "6580000000"


def test_only_an_administrator_and_only_known_accounts(store, admin, treasurer):
    with pytest.raises(PermissionDenied):
        chart.set_number(treasurer, "guarantee_bank", "512200")
    with pytest.raises(PermissionDenied):
        chart.reset_number(treasurer, "guarantee_bank")
    with pytest.raises(NotFound, match="no account"):
        chart.set_number(admin, "piggy_bank", "512200")
    assert number_of(store, "guarantee_bank") == "512100"


def test_the_default_number_comes_back(store, admin, counter):
    chart.set_number(admin, "stock:C01", "0802")
    restored = chart.reset_number(admin, "stock:C01")
    assert restored.number == "802001" and not restored.mapped
    last = events.recent(store, 1)[0]
    assert last["detail"] == {"account": "stock:C01", "old": "0802", "new": "802001",
                              "default": True}  # fmt: skip
    with pytest.raises(RuleViolation, match="already has its default number"):
        chart.reset_number(admin, "stock:C01")


def test_the_fec_uses_the_number_after_a_remap(store, admin, member, counter):
    operations.exchange(admin, member["number"], counter, 5_000)
    year = date.today().year

    def accounts_in_fec() -> set[str]:
        lines = exports.fec(store, year).decode("iso-8859-15").split("\r\n")[1:-1]
        return {line.split("\t")[4] for line in lines}

    assert "530101" in accounts_in_fec()
    chart.set_number(admin, "till_fund:C01", "530000")
    found = accounts_in_fec()
    assert "530000" in found and "530101" not in found
