"""``caisse accounts``: the chart listed as a table and as JSON, a number remapped by the
administrator and brought back to the default, a wrong number or a treasurer refused."""

from __future__ import annotations

import json

from cli_support import ADMIN_PASSWORD, TREASURER_PASSWORD, assert_clean_failure

from caisse.domain.errors import InputError, PermissionDenied


def run(caisse, db_path, *args):
    return caisse("--lang", "en", "--db", db_path, "accounts", *args)


def number_of(store, key: str) -> str:
    return store.scalar("SELECT pcg FROM account WHERE key = ?", (key,))


def test_the_list_as_a_table_and_as_json(caisse, db_path, store, counter):
    result = run(caisse, db_path, "list")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split() == ["Number", "Key", "Currency", "Kind", "Account"]
    bank = next(line for line in lines if " guarantee_bank " in line)
    assert bank.split()[:4] == ["512100", "guarantee_bank", "EUR", "Asset"]
    assert bank.endswith("Guarantee fund bank account")
    assert any(line.startswith("530101") and "Till C01: exchange cash" in line for line in lines)
    data = json.loads(run(caisse, db_path, "list", "--json").out)
    assert len(data) == store.scalar("SELECT COUNT(*) FROM account")
    stock = next(a for a in data if a["key"] == "stock:C01")
    assert stock == {"key": "stock:C01", "number": "802001", "default": "802001",
                     "name": "Counter C01: notes in stock", "commodity": "EUS", "kind": "memo",
                     "counter": "C01"}  # fmt: skip


def test_the_administrator_remaps_a_number_then_restores_it(
    caisse, db_path, store, admin, monkeypatch
):
    monkeypatch.setenv("CAISSE_PASSWORD", ADMIN_PASSWORD)
    result = run(caisse, db_path, "number", "guarantee_bank", "512200", "--user", "admin")
    assert result.code == 0, result.err
    assert result.out.strip() == (
        "guarantee_bank (Guarantee fund bank account): number 512100 is now 512200."
    )
    assert number_of(store, "guarantee_bank") == "512200"
    listed = run(caisse, db_path, "list").out
    assert "512200*" in listed and "caisse accounts default KEY" in listed
    result = run(caisse, db_path, "default", "guarantee_bank", "--user", "admin")
    assert result.code == 0, result.err
    assert "number 512200 is now 512100" in result.out
    assert number_of(store, "guarantee_bank") == "512100"


def test_a_wrong_number_and_a_treasurer_are_refused(caisse, db_path, store, treasurer, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", ADMIN_PASSWORD)
    result = run(caisse, db_path, "number", "fees", "656000", "--user", "admin")
    assert_clean_failure(result, InputError.exit_code)
    assert "class 7" in result.err
    result = run(caisse, db_path, "number", "nothing", "512000", "--user", "admin")
    assert_clean_failure(result, 3)
    monkeypatch.setenv("CAISSE_PASSWORD", TREASURER_PASSWORD)
    result = run(caisse, db_path, "number", "fees", "756100", "--user", "tresor")
    assert_clean_failure(result, PermissionDenied.exit_code)
    assert number_of(store, "fees") == "756000"
