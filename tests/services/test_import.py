"""Importing members from HelloAsso's CSV export and any CSV; exporting them back."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from helloasso_file import HEADER, ROWS, helloasso_csv, row

from caisse.domain.csvfile import MAX_BYTES, read_table
from caisse.domain.errors import InputError, PermissionDenied, RuleViolation
from caisse.services import events, imports, members, operations
from caisse.store import journal

SAMPLE = Path(__file__).resolve().parents[2] / ".." / "shared" / "samples"
SAMPLE_FILE = SAMPLE / "helloasso-adhesions-sample.csv"


def counts(plan: imports.ImportPlan) -> dict[str, int]:
    return {a: plan.count(a) for a in imports.ACTIONS if plan.count(a)}


def member_count(store) -> int:
    return store.scalar("SELECT COUNT(*) FROM member")


def test_the_dry_run_says_what_each_row_will_do_and_writes_nothing(store):
    plan = imports.plan(store, helloasso_csv())
    assert counts(plan) == {"create": 3, "skipped": 2}
    assert plan.memberships == 3
    # the first row's comment holds a line break: the next row starts on line 4
    assert [r.line for r in plan.rows] == [2, 4, 5, 6, 7]
    refunded = plan.rows[2]
    assert refunded.action == "skipped" and "Remboursé" in refunded.reason
    assert member_count(store) == 0


def test_import_creates_members_and_online_memberships_with_no_till(admin, store):
    result = imports.apply(admin, imports.plan(store, helloasso_csv()))
    assert (result.created, result.memberships, result.skipped) == (3, 3, 2)
    bakery = store.one("SELECT * FROM member WHERE external_ref = 'helloasso:50000002'")
    assert bakery["kind"] == "organisation"
    assert bakery["organisation"] == "Boulangerie Bernadou; fournil"
    assert bakery["membership_until"] == "2027-03-01"
    assert bakery["consent_newsletter"] == 0 and bakery["address"] == "2 place du Marché"
    entry = store.one("SELECT * FROM txn WHERE member = ?", (bakery["uid"],))
    assert entry["counter"] is None and entry["session"] is None
    postings = store.rows("SELECT account, amount FROM posting WHERE txn_seq = ?", (entry["seq"],))
    assert {(p["account"], p["amount"]) for p in postings} == {
        ("operating_bank", 8500), ("fees", -8500),
    }  # fmt: skip
    assert '"method": "online"' in entry["details"] and "50000002" in entry["details"]
    assert journal.verify(store).ok
    kinds = [e["kind"] for e in events.recent(store)]
    assert "members_imported" in kinds


def test_importing_the_same_file_again_changes_nothing(admin, store):
    imports.apply(admin, imports.plan(store, helloasso_csv()))
    entries, people = store.scalar("SELECT COUNT(*) FROM txn"), member_count(store)
    plan = imports.plan(store, helloasso_csv())
    assert counts(plan) == {"unchanged": 3, "skipped": 2} and plan.memberships == 0
    imports.apply(admin, plan)
    assert store.scalar("SELECT COUNT(*) FROM txn") == entries
    assert member_count(store) == people


def test_a_renewal_next_year_updates_the_member_found_by_email_and_name(admin, store):
    imports.apply(admin, imports.plan(store, helloasso_csv()))
    renewal = row(ref="60000001", date="10/12/2027 10:00", email="HELO@exemple.fr")
    renewal[HEADER.index("Numéro de téléphone")] = "0611111111"
    plan = imports.plan(store, helloasso_csv([renewal]))
    assert counts(plan) == {"update": 1} and plan.rows[0].changes == {
        "email": "HELO@exemple.fr", "phone": "0611111111",
    }  # fmt: skip
    imports.apply(admin, plan)
    helo = store.one("SELECT * FROM member WHERE last_name = 'Etxeberri'")
    assert helo["phone"] == "0611111111"
    assert helo["membership_until"] == "2028-12-13"  # runs on from the period still running


def test_an_existing_member_typed_at_the_counter_is_found_by_email_and_name(admin, store):
    row_ = members.create(admin, members.MemberFields(
        first_name="Heloise", last_name="ETXEBERRI", email="helo@exemple.fr"))  # fmt: skip
    plan = imports.plan(store, helloasso_csv(ROWS[:1]))
    assert plan.rows[0].action == "update" and plan.rows[0].member_uid == row_["uid"]


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ({"date": "31/02/2026"}, "is not a date"),
        ({"date": ""}, "is not a date"),
        ({"amount": "vingt"}, "is not an amount"),
        ({"amount": "20,001"}, "more than two decimals"),
        ({"email": "pas-un-mail"}, "is not an e-mail address"),
        ({"name": ""}, "No last name"),
    ],
)
def test_a_bad_row_is_refused_with_its_reason_and_the_others_go_through(admin, store, bad, reason):
    plan = imports.plan(store, helloasso_csv([ROWS[1], row(ref="7", **bad)]))
    assert plan.rows[1].action == "refused" and reason in plan.rows[1].reason
    assert plan.rows[1].line == 3
    imports.apply(admin, plan)
    assert member_count(store) == 1


def test_a_duplicate_order_in_the_file_is_refused(store):
    plan = imports.plan(store, helloasso_csv([ROWS[0], ROWS[1], ROWS[0]]))
    assert plan.rows[2].action == "refused"
    assert "50000001 is already on line 2" in plan.rows[2].reason


def test_two_orders_of_one_new_person_make_one_member_and_two_periods(admin, store):
    second = row(ref="50000009", date="15/12/2026 10:00")
    plan = imports.plan(store, helloasso_csv([ROWS[0], second]))
    assert [r.action for r in plan.rows] == ["create", "membership"] and plan.memberships == 2
    imports.apply(admin, plan)
    assert member_count(store) == 1
    assert store.scalar("SELECT membership_until FROM member") == "2028-12-13"


def test_a_missing_required_column_refuses_the_whole_file(store):
    header = [h for h in HEADER if h != "Montant tarif"]
    rows = [[v for h, v in zip(HEADER, r, strict=True) if h != "Montant tarif"] for r in ROWS]
    with pytest.raises(InputError, match='"Montant tarif" is missing'):
        imports.plan(store, helloasso_csv(rows, header))


def test_columns_are_found_by_name_in_any_order(admin, store):
    order = list(reversed(range(len(HEADER))))
    data = helloasso_csv([[r[i] for i in order] for r in ROWS], [HEADER[i] for i in order])
    assert counts(imports.plan(store, data)) == {"create": 3, "skipped": 2}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf\r\n\r\n", "empty"),
        (helloasso_csv([]), "no rows"),
        (b"\xef\xbb\xbfR\xe9f;Nom\r\n1;\xe9\xe9\r\n", "says it is UTF-8"),
        (os.urandom(4096) + b"\x00", "not a text file"),
    ],
)
def test_unreadable_files_are_refused_clearly(store, data, message):
    with pytest.raises(InputError, match=message):
        imports.plan(store, data)


def test_a_file_over_the_size_limit_is_refused_before_parsing(monkeypatch):
    from caisse.domain.csvfile import reading

    monkeypatch.setattr(reading, "MAX_BYTES", 1000)
    with pytest.raises(InputError, match="over"):
        read_table(b"a;b\r\n" * 300)
    assert MAX_BYTES == 50 * 1024 * 1024


def test_windows_1252_and_commas_and_tabs_are_detected():
    data = 'Nom,Prénom\r\nNoël,"Anaïs, dite Ana"\r\n'.encode("cp1252")
    table = read_table(data)
    assert (table.encoding, table.delimiter) == ("Windows-1252", ",")
    assert table.rows[0][1] == ("Noël", "Anaïs, dite Ana")
    assert read_table(b"Nom\tPrenom\nA\tB\n").delimiter == "\t"


def test_any_csv_through_a_mapping_chosen_once_and_remembered(admin, store):
    data = (
        "Famille;Personne;Courriel;Cotisation;Payé le\nDurand;Léa;lea@exemple.fr;15,00;01/02/2026\n"
    )
    with pytest.raises(InputError, match="no column mapping"):
        imports.plan(store, data.encode())
    mapping = {"last_name": "Famille", "first_name": "Personne", "email": "Courriel",
               "amount": "Cotisation", "date": "Payé le"}  # fmt: skip
    imports.apply(admin, imports.plan(store, data.encode(), mapping))
    again = imports.plan(store, data.encode())  # the mapping is remembered
    assert counts(again) == {"unchanged": 1}
    assert store.scalar("SELECT membership_until FROM member") == "2027-01-31"


def test_all_or_nothing_when_the_last_row_fails(admin, store, monkeypatch):
    plan = imports.plan(store, helloasso_csv())
    real = operations.record_online_membership
    calls = []

    def failing(ctx, uid, fee, paid_on, reference, source="helloasso"):
        calls.append(reference)
        if len(calls) == plan.memberships:
            raise RuleViolation("boom")
        return real(ctx, uid, fee, paid_on, reference, source)

    monkeypatch.setattr(operations, "record_online_membership", failing)
    with pytest.raises(RuleViolation):
        imports.apply(admin, plan)
    assert member_count(store) == 0
    assert store.scalar("SELECT COUNT(*) FROM txn WHERE operation = 'membership'") == 0
    assert "members_imported" not in [e["kind"] for e in events.recent(store)]


def test_importing_needs_the_right_to_edit_members(store, admin, monkeypatch):
    from caisse.domain.roles import Permission
    from caisse.services.context import Context

    plan = imports.plan(store, helloasso_csv())
    monkeypatch.setattr(Context, "may", lambda self, p: p != Permission.EDIT_MEMBERS)
    with pytest.raises(PermissionDenied):
        imports.apply(admin, plan)
    assert member_count(store) == 0


def test_an_online_reference_is_recorded_once(admin, store):
    imports.apply(admin, imports.plan(store, helloasso_csv(ROWS[:1])))
    uid = store.scalar("SELECT uid FROM member")
    from datetime import date

    with pytest.raises(RuleViolation, match="already recorded"):
        operations.record_online_membership(admin, uid, 2000, date(2026, 12, 14), "50000001")


def test_export_opens_back_with_the_csv_module(admin, store):
    imports.apply(admin, imports.plan(store, helloasso_csv()))
    data = imports.export_csv(admin)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:4] == ["Number", "Kind", "Last name", "First name"]
    assert len(rows) == 4
    bakery = next(r for r in rows if r[2] == "Bernadou")
    assert bakery[4] == "Boulangerie Bernadou; fournil" and bakery[11] == "2027-03-01"
    assert "members_exported" in [e["kind"] for e in events.recent(store)]
    # and the export imports back into a fresh registry as the same people
    assert counts(imports.plan(store, data)) == {"unchanged": 3}


def test_the_export_header_follows_the_language(admin, french):
    header = imports.export_csv(admin).decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Numéro;")


def test_a_volunteer_may_not_export_the_member_list(volunteer):
    from caisse.domain.errors import PermissionDenied

    with pytest.raises(PermissionDenied, match="export the member list"):
        imports.export_csv(volunteer)


@pytest.mark.skipif(not SAMPLE_FILE.exists(), reason="../shared/samples is not beside the clone")
def test_the_helloasso_sample_imports_with_the_right_counts(admin, store):
    data = SAMPLE_FILE.read_bytes()
    plan = imports.plan(store, data)
    assert plan.count("create") == 15 and plan.memberships == 15
    assert plan.count("refused") == 0
    imports.apply(admin, plan)
    assert member_count(store) == 15
    assert counts(imports.plan(store, data)) == {"unchanged": 15}
