"""The guarantee fund's bank statement: imported, matched to the journal, reconciled; and every
refusal, which writes nothing."""

from __future__ import annotations

import json
import sqlite3

import pytest
from bank_month import STATEMENTS, Month, make_month, on

from caisse.domain.errors import InputError, NotFound, PermissionDenied, RuleViolation
from caisse.services import bank, privacy
from caisse.store import journal

FILES = sorted(STATEMENTS.glob("*.csv"))


@pytest.fixture
def month(admin, treasurer, volunteer) -> Month:
    return make_month(admin, treasurer, volunteer)


@pytest.fixture
def ctx(treasurer):
    return on(treasurer, "2026-11-03")


def written(store) -> tuple:
    """Everything an import or a match may write, and the journal it must leave alone."""
    return tuple(
        store.scalar(f"SELECT COUNT(*) FROM {table}")
        for table in ("bank_statement", "bank_line", "bank_match", "bank_match_line",
                      "bank_match_entry", "event", "txn", "posting")
    )  # fmt: skip


def import_file(ctx, path, **options) -> bank.ImportResult:
    return bank.import_statement(ctx, path.read_bytes(), path.name, **options)


def matched(store) -> dict[str, list[int]]:
    """Each statement line's label -> the journal entries it is matched to."""
    return {row["label"]: row["seqs"] for row in bank.lines(store)}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_bank_layout_imports_and_matches_the_month(ctx, store, month, path):
    txns = store.scalar("SELECT COUNT(*) FROM txn")
    result = import_file(ctx, path)
    assert (result.lines_read, result.duplicates, result.new) == (6, 0, 6)
    assert (result.matched, result.unmatched) == (5, 1)
    seqs = sorted(s for row in bank.lines(store) for s in row["seqs"])
    assert seqs == sorted([month.bd1001, month.paid_elkar, month.surplus, month.bd1002,
                           month.bd1002_gap, month.bd1003])  # fmt: skip
    [fee] = bank.lines(store, unmatched_only=True)
    assert fee["amount"] == -450
    assert store.scalar("SELECT COUNT(*) FROM txn") == txns  # the journal is untouched
    assert journal.verify(store).ok


def test_references_match_first_and_a_deposit_goes_with_its_bank_difference(ctx, store, month):
    import_file(ctx, STATEMENTS / "credit_agricole.csv")
    found = matched(store)
    assert found["REMISE ESPECES BORDEREAU BD-1001"] == [month.bd1001]
    assert found["VIR SEPA EMIS LIBRAIRIE ELKAR REF VIR-ELKAR-1026"] == [month.paid_elkar]
    assert found["VIREMENT EMIS VERS CPTE 00098765432 SURPLUS-OCT"] == [month.surplus]
    # 150.00 deposited, 148.00 credited: one line, two entries bearing the slip
    assert found["REMISE ESPECES BD-1002"] == [month.bd1002, month.bd1002_gap]
    # no slip in the label: matched by amount, one day apart, the only candidate
    assert found["VERSEMENT ESPECES AGENCE BAYONNE"] == [month.bd1003]
    assert found["FRAIS TENUE DE COMPTE"] == []
    methods = {r[0] for r in store.execute("SELECT method FROM bank_match")}
    assert methods == {"auto"}


def test_the_reconciliation_explains_the_journal_balance(ctx, store, month):
    import_file(ctx, STATEMENTS / "credit_agricole.csv")
    s = bank.summary(store)
    assert s.journal_balance == 62_000 - 19_000 - 1_000 + 15_000 - 200 + 8_000 + 5_000 + 2_000
    assert (s.first_day, s.last_day) == ("2026-10-05", "2026-10-31")
    assert s.statement_balance == 64_350
    assert s.closing_stated == 64_350 and s.closing_gap == 0  # the file's "Solde au 31/10"
    assert (s.unmatched_lines, s.unmatched_total) == (1, -450)
    assert (s.pending, s.pending_total) == (1, 5_000)  # BD-1004, 30 October
    assert (s.later, s.later_total) == (1, 2_000)  # BD-1005, after the statement
    assert s.reconciled_balance == s.journal_balance
    assert s.difference == 0
    assert [r["seq"] for r in bank.awaiting(store)] == [month.bd1004, month.bd1005]
    assert bank.awaiting(store)[0]["reference"] == "BD-1004"


def test_an_opening_balance_at_odds_with_the_journal_shows_as_a_difference(ctx, store, month):
    import_file(ctx, STATEMENTS / "credit_mutuel.csv", opening_balance=10_000)
    s = bank.summary(store)
    assert s.opening_balance == 10_000
    assert s.statement_balance == 74_350
    assert s.difference == -10_000


def test_the_same_statement_twice_adds_nothing(ctx, store, month):
    import_file(ctx, STATEMENTS / "credit_agricole.csv")
    before = written(store)
    again = import_file(ctx, STATEMENTS / "credit_agricole.csv")
    assert (again.lines_read, again.duplicates, again.new, again.matched) == (6, 6, 0, 0)
    assert again.statement is None
    assert written(store) == before


def test_an_overlapping_statement_adds_only_its_new_lines(ctx, store, month):
    import_file(ctx, STATEMENTS / "credit_mutuel.csv")
    november = (
        "Date;Date de valeur;Débit;Crédit;Libellé;Solde\n"
        "28/10/2026;28/10/2026;;80,00;VERSEMENT ESPECES;648,00\n"
        "31/10/2026;31/10/2026;-4,50;;FRAIS TENUE DE COMPTE;643,50\n"
        "02/11/2026;02/11/2026;;50,00;REM ESP BD-1004;693,50\n"
        "04/11/2026;04/11/2026;;12,00;REM ESP;705,50\n"
        "04/11/2026;04/11/2026;;8,00;REM ESP;713,50\n"
    ).encode()
    result = bank.import_statement(on(ctx, "2026-11-05"), november, "novembre.csv")
    assert (result.lines_read, result.duplicates, result.new) == (5, 2, 3)
    assert result.matched == 1  # BD-1004 by its slip; 12 + 8 = BD-1005 is left to the treasurer
    assert matched(store)["REM ESP BD-1004"] == [month.bd1004]
    assert store.scalar("SELECT COUNT(*) FROM bank_line") == 9
    row = store.one("SELECT lines_read, lines_new, duplicates FROM bank_statement ORDER BY id "
                    "DESC LIMIT 1")  # fmt: skip
    assert row == {"lines_read": 5, "lines_new": 3, "duplicates": 2}
    # two lines for one entry, matched by hand
    twelve, eight = [r["id"] for r in bank.lines(store, unmatched_only=True) if r["amount"] > 0]
    bank.match(ctx, [twelve, eight], [month.bd1005])
    assert matched(store)["REM ESP"] == [month.bd1005]
    assert bank.summary(store).pending == 0


def test_identical_lines_of_one_file_are_two_lines(ctx, store, month):
    data = ("Date;Libellé;Montant\n01/11/2026;COMMISSION;-0,50\n01/11/2026;COMMISSION;-0,50\n"
            ).encode()  # fmt: skip
    assert bank.import_statement(ctx, data, "fees.csv").new == 2
    assert bank.import_statement(ctx, data, "fees.csv").duplicates == 2


def test_a_dry_run_reports_and_writes_nothing(ctx, store, month):
    before = written(store)
    result = import_file(ctx, STATEMENTS / "banque_postale.csv", dry_run=True)
    assert (result.new, result.matched, result.unmatched, result.dry_run) == (6, 5, 1, True)
    assert written(store) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"Date;Description du mouvement;Valeur\n01/10/2026;X;1,00\n",
         'the columns found are "Date", "Description du mouvement", "Valeur". A statement needs '
         "a date (Date, Date opération), a label (Libellé) and either an amount (Montant) or a "
         "debit and a credit"),
        ("Date;Libellé;Montant\n01/10/2026;A;1,00\n02/10/2026;B;12,5O\n".encode(),
         'Line 3 of the statement: "12,5O" is not an amount'),
        ("Date;Libellé;Montant\n01/10/2026;A;1,00\n31/09/2026;B;2,00\n".encode(),
         'Line 3 of the statement: "31/09/2026" is not a date'),
        ("Date;Libellé;Débit;Crédit\n01/10/2026;A;5,00;5,00\n".encode(),
         "Line 2 of the statement has both a debit (5,00) and a credit (5,00)"),
        ("Date;Libellé;Débit;Crédit\n01/10/2026;A;;\n".encode(),
         "Line 2 of the statement has no amount: 01/10/2026 | A"),
        ("Date;Libellé;Montant\n".encode(), "has a header but no lines"),
    ],
    ids=["empty", "layout", "amount", "date", "debit-and-credit", "no-amount", "no-lines"],
)  # fmt: skip
def test_a_bad_statement_is_refused_whole(ctx, store, month, content, message):
    before = written(store)
    with pytest.raises(InputError) as refused:
        bank.import_statement(ctx, content, "bad.csv")
    assert message in str(refused.value)
    assert written(store) == before


def test_only_a_treasurer_or_an_administrator_reconciles(volunteer, store, month):
    before = written(store)
    with pytest.raises(PermissionDenied):
        import_file(volunteer, STATEMENTS / "credit_agricole.csv")
    with pytest.raises(PermissionDenied):
        bank.match(volunteer, [1], [1])
    assert written(store) == before


def test_a_match_by_hand_needs_equal_sums_and_free_items(ctx, store, month):
    import_file(ctx, STATEMENTS / "credit_agricole.csv")
    [fee] = bank.lines(store, unmatched_only=True)
    weak = next(r for r in bank.lines(store) if r["seqs"] == [month.bd1003])
    before = written(store)
    with pytest.raises(RuleViolation) as refused:
        bank.match(ctx, [fee["id"]], [month.bd1004])
    assert str(refused.value) == (
        "The amounts differ: the statement line(s) come to -€4.50, the journal entry(ies) to "
        "€50.00. A match needs equal sums."
    )
    with pytest.raises(RuleViolation, match="already matched to a statement line"):
        bank.match(ctx, [fee["id"]], [month.bd1001])  # never one entry twice
    with pytest.raises(RuleViolation, match="is already matched: unmatch it first"):
        bank.match(ctx, [weak["id"]], [month.bd1004])
    with pytest.raises(NotFound, match="did not move the guarantee fund's bank account"):
        bank.match(ctx, [fee["id"]], [1])
    with pytest.raises(NotFound, match="There is no statement line 999"):
        bank.match(ctx, [999], [month.bd1004])
    with pytest.raises(RuleViolation, match="is not matched"):
        bank.unmatch(ctx, fee["id"])
    assert written(store) == before


def test_unmatch_frees_the_line_and_the_entry_and_keeps_the_history(ctx, store, month):
    import_file(ctx, STATEMENTS / "credit_agricole.csv")
    weak = next(r for r in bank.lines(store) if r["seqs"] == [month.bd1003])
    assert bank.unmatch(ctx, weak["id"]) == [weak["id"]]
    assert month.bd1003 in [r["seq"] for r in bank.awaiting(store)]
    assert bank.summary(store).unmatched_lines == 2
    # undone, it is not matched again automatically: the treasurer decides
    assert bank.auto_match(ctx) == 0
    match_id = bank.match(ctx, [weak["id"]], [month.bd1003])
    assert matched(store)["VERSEMENT ESPECES AGENCE BAYONNE"] == [month.bd1003]
    undone = store.one("SELECT undone_by, undone_at FROM bank_match WHERE undone_at IS NOT NULL")
    assert undone is not None and undone["undone_by"] == ctx.actor.uid
    assert store.scalar("SELECT method FROM bank_match WHERE id = ?", (match_id,)) == "manual"


def test_a_corrected_entry_and_its_correction_do_not_await_the_bank(ctx, store, month):
    from caisse.services import ledger

    ledger.correct(on(ctx, "2026-11-02", 12), month.bd1005, "deposit slip lost, not made")
    assert month.bd1005 not in [r["seq"] for r in bank.awaiting(store)]
    assert bank.summary(store).later == 0


def test_same_amount_twice_is_left_to_the_treasurer(ctx, store, month, volunteer):
    from caisse.services import operations

    # a second deposit of 80.00 two days later: two candidates, no automatic choice
    operations.exchange(on(volunteer, "2026-10-29", 9), _member(store), "C01", 8_000)
    operations.deposit(on(volunteer, "2026-10-29", 17), "C01", "BD-1009", fund_cash=8_000)
    import_file(ctx, STATEMENTS / "credit_mutuel.csv")
    assert matched(store)["VERSEMENT ESPECES"] == []
    line = next(r for r in bank.lines(store) if r["label"] == "VERSEMENT ESPECES")
    offered = bank.candidates(store, [line["id"]])
    assert [r["amount"] for r in offered[:2]] == [8_000, 8_000]
    assert offered[0]["seq"] == month.bd1003  # the nearer in date first


def _member(store) -> str:
    return store.scalar("SELECT number FROM member WHERE is_partner = 0")


def test_a_voucher_funders_transfer_is_matched_by_its_reference(ctx, store, month):
    from datetime import timedelta

    from caisse.services import voucher_keys, voucher_life, vouchers

    voucher_keys.create_key(ctx, "la clé du trésorier")
    programme = vouchers.create_programme(ctx, vouchers.ProgrammeFields(
        name="Chèques solidaires", purpose="social", funder="CCAS de Bayonne",
        face_values=(1000, 2000), valid_from=ctx.today() - timedelta(days=1),
        valid_until=ctx.today() + timedelta(days=90), on_expiry="funder",
    ))  # fmt: skip
    vouchers.issue(ctx, programme["id"], 5, 2000, "la clé du trésorier")
    paid = voucher_life.record_funder_payment(ctx, programme["id"], 10_000, "CCAS-2026-117")
    data = "Date;Libellé;Montant\n04/11/2026;VIR CCAS DE BAYONNE CCAS-2026-117;100,00\n".encode()
    assert bank.import_statement(ctx, data, "ccas.csv").matched == 1
    assert matched(store)["VIR CCAS DE BAYONNE CCAS-2026-117"] == [paid.seq]


@pytest.mark.parametrize(
    ("reference", "label", "found"),
    [
        ("BD-1002", "REM ESP BD 1002", True),
        ("BD-1002", "REMISE BD1002 AGENCE", True),
        ("BD-1002", "VERSEMENT BD-10021", False),
        ("BD-1", "REMISE BD-1001", False),
        ("Réf. 77", "VIR REF 77 CCAS", True),
    ],
)
def test_a_reference_is_found_as_a_whole_however_it_is_spaced(reference, label, found):
    from caisse.domain.text import fold

    pattern = bank.reference_pattern("".join(c for c in fold(reference) if c.isalnum()))
    assert bool(pattern.search(fold(label))) is found


def test_erasing_a_partner_empties_the_labels_of_their_transfers(ctx, admin, store, month):
    import_file(ctx, FILES[0])
    labels = {row["id"]: row["label"] for row in bank.lines(store)}
    paid_to = store.scalar("SELECT member FROM txn WHERE seq = ?", (month.paid_elkar,))
    number = store.scalar("SELECT number FROM member WHERE uid = ?", (paid_to,))
    theirs = [row["id"] for row in bank.lines(store) if month.paid_elkar in row["seqs"]]
    assert theirs and all("ELKAR" in labels[i].upper() for i in theirs)
    held = json.loads(privacy.access_request(admin, number))["bank_lines"]
    assert [line["label"] for line in held] == [labels[i] for i in theirs]
    assert held[0]["amount"] == "-190.00"

    privacy.erase(admin, number, "asked to be forgotten")
    assert json.loads(privacy.access_request(admin, number))["bank_lines"] == []

    after = {row["id"]: row for row in bank.lines(store)}
    assert [after[i]["label"] for i in theirs] == [""] * len(theirs)
    assert {i: r["label"] for i, r in after.items() if i not in theirs} == {
        i: text for i, text in labels.items() if i not in theirs
    }
    assert month.paid_elkar in after[theirs[0]]["seqs"]  # the match and the amount stay
    with pytest.raises(sqlite3.IntegrityError, match="kept as imported"):
        store.execute("UPDATE bank_line SET label = 'forged' WHERE id = ?", (theirs[0],))
