"""`caisse vouchers ...` end to end: a key, a programme, a batch issued, checked, redeemed once,
distributed, cancelled, the funder's payment, the report read back; `caisse verify` passes."""

from __future__ import annotations

import csv
import importlib.util
import io

import pytest
from cli_support import TREASURER_PASSWORD, VOLUNTEER_PIN, assert_clean_failure

from caisse.services import members, operations

PASSPHRASE = "la clé du trésorier"
IBAN = "FR14 2004 1010 0505 0001 3M02 606"


@pytest.fixture
def shop(volunteer, counter) -> dict:
    row = members.create(volunteer, members.MemberFields(
        kind="organisation", organisation="Épicerie du Port", commune="Bayonne",
        is_partner=True))  # fmt: skip
    operations.pay_membership(volunteer, row["number"], counter, "organisation")
    return members.by_uid(volunteer.store, row["uid"])


@pytest.fixture
def run(caisse, db_path, monkeypatch):
    monkeypatch.setenv("CAISSE_VOUCHER_PASSPHRASE", PASSPHRASE)

    def as_user(*args, password=TREASURER_PASSWORD):
        monkeypatch.setenv("CAISSE_PASSWORD", password)
        return caisse("--lang", "en", "--db", db_path, "vouchers", *args)

    return as_user


@pytest.fixture
def issued(run, store, treasurer, volunteer) -> list[str]:
    assert run("key", "--user", "tresor").code == 0
    result = run("programme", "add", "Chèques solidaires", "--purpose", "social",
                 "--funder", "CCAS de Bayonne", "--values", "10 20", "--from", "2020-01-01",
                 "--until", "2099-12-31", "--user", "tresor")  # fmt: skip
    assert result.code == 0, result.err
    result = run("issue", "--programme", "chèques solidaires", "--count", "5", "--value", "20",
                 "--user", "tresor")  # fmt: skip
    assert result.code == 0, result.err
    assert result.out.startswith("Batch 1: 5 vouchers of")
    return [r["serial"] for r in store.rows("SELECT serial FROM voucher ORDER BY rowid")]


def test_issue_check_redeem_once_cancel_and_report(run, caisse, db_path, store, shop, counter,
                                                   issued, tmp_path):  # fmt: skip
    listed = run("programme", "list")
    assert "Chèques solidaires (Social aid), funded by CCAS de Bayonne" in listed.out
    checked = run("check", issued[0], "--partner", shop["number"])
    assert checked.code == 0 and checked.out.startswith("Valid:")
    redeem = ("redeem", issued[0], "--partner", shop["number"], "--counter", counter,
              "--iban", IBAN, "--user", "benevole")  # fmt: skip
    result = run(*redeem, password=VOLUNTEER_PIN)
    assert result.code == 0, result.err
    assert result.out.startswith(f"Voucher {issued[0]} redeemed")
    again = run(*redeem, password=VOLUNTEER_PIN)
    assert_clean_failure(again, 5)
    assert "Already redeemed" in again.err
    refused = run("check", issued[0])
    assert refused.code == 5 and refused.out.startswith("Already redeemed")

    result = run("distribute", "--serials", issued[1], issued[2], "--to", "CCAS de Bayonne",
                 "--user", "tresor")  # fmt: skip
    assert result.code == 0 and "2 vouchers distributed to CCAS de Bayonne" in result.out
    # the whole batch holds a redeemed voucher: nothing is cancelled
    assert_clean_failure(run("cancel", "1", "--reason", "misprint", "--user", "tresor"), 5)
    result = run("cancel", "--serials", issued[3], "--reason", "torn", "--user", "tresor")
    assert result.code == 0 and "1 voucher cancelled" in result.out
    cancelled = run("check", issued[3])
    assert cancelled.code == 5 and "torn" in cancelled.out
    result = run("funder-paid", "--programme", "Chèques solidaires", "--amount", "30.00",
                 "--reference", "VIR-01", "--user", "tresor")  # fmt: skip
    assert result.code == 0 and "still owes €50.00" in result.out, result.out
    assert "no voucher is past its date" in run("expire", "--user", "tresor").out.lower()
    batches = run("batches")
    assert "Batch 1, Chèques solidaires" in batches.out and "redeemed 1" in batches.out

    output = tmp_path / "report.csv"
    result = run("report", "--programme", "Chèques solidaires", "--format", "csv", "-o", output)
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(output.read_bytes().decode("utf-8-sig")), delimiter=";"))
    table = {(r[0], r[1]): r[2:] for r in rows[1:]}
    assert table[("Vouchers", "Issued")] == ["5", "100.00", "EUS"]
    assert table[("Vouchers", "Redeemed")] == ["1", "20.00", "EUS"]
    assert table[("Vouchers", "Cancelled")] == ["1", "20.00", "EUS"]
    assert table[("Vouchers", "Outstanding")] == ["3", "60.00", "EUS"]
    assert table[("Vouchers", "Distributed")] == ["2", "40.00", "EUS"]
    assert table[("Commune", "Bayonne")] == ["1", "20.00", "EUS"]
    pdf = tmp_path / "report.pdf"
    assert run("report", "--programme", "Chèques solidaires", "-o", pdf).code == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert caisse("--db", db_path, "verify").code == 0


def test_refusals_are_one_clear_line(run, issued):
    result = run("check", issued[0][:-1] + str((int(issued[0][-1]) + 1) % 10))
    assert result.code == 5 and "check digit" in result.out
    assert_clean_failure(run("distribute", "--to", "Mairie", "--user", "tresor"), 2)
    assert_clean_failure(run("distribute", "7", "--to", "Mairie", "--user", "tresor"), 3)
    assert_clean_failure(
        run("issue", "--programme", "Nope", "--count", "1", "--value", "20", "--user", "tresor"),
        3,
    )
    assert_clean_failure(
        run("issue", "--programme", "Chèques solidaires", "--count", "1", "--value", "20",
            "--user", "benevole", password=VOLUNTEER_PIN),
        4,
    )  # fmt: skip


@pytest.mark.skipif(
    importlib.util.find_spec("caisse.services.voucher_print") is None,
    reason="voucher sheets are not drawn yet",
)
def test_print_writes_the_sheets(run, issued, tmp_path):
    output = tmp_path / "sheets.pdf"
    result = run("print", "1", "-o", output, "--user", "tresor")
    assert result.code == 0, result.err
    assert output.read_bytes().startswith(b"%PDF")
