"""`caisse archive create|verify`: a closed month archived, then checked in a folder with no
database; a changed byte or another signer gives exit code 7 and the reason."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from cli_support import TREASURER_PASSWORD, assert_clean_failure
from tests.conftest import FixedClock

from caisse.services import archives, operations, periods, voucher_keys
from caisse.services.context import Context

PASSPHRASE = "clef des archives 2024"


def on(ctx: Context, year: int, month: int, day: int) -> Context:
    return replace(ctx, clock=FixedClock(datetime(year, month, day, 10).astimezone()))


@pytest.fixture
def closed(store, treasurer):
    """January 2024 closed, February not; the association's signing key made."""
    operations.receive_notes(on(treasurer, 2024, 1, 8), 100_000)
    operations.receive_notes(on(treasurer, 2024, 1, 9), 50_000)
    operations.receive_notes(on(treasurer, 2024, 2, 5), 20_000)
    periods.close_month(treasurer, 2024, 1)
    voucher_keys.create_key(treasurer, PASSPHRASE)
    return archives.association_fingerprint(store)


@pytest.fixture
def create(caisse, db_path, monkeypatch):
    def run(*args, passphrase=PASSPHRASE):
        monkeypatch.setenv("CAISSE_PASSWORD", TREASURER_PASSWORD)
        monkeypatch.setenv("CAISSE_VOUCHER_PASSPHRASE", passphrase)
        return caisse("--lang", "en", "--db", db_path, "archive", "create", *args)

    return run


@pytest.fixture
def elsewhere(tmp_path, monkeypatch, isolated):
    """An empty folder, with no database anywhere to be found."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_an_archive_made_here_verifies_in_a_folder_with_no_database(
    caisse, create, closed, tmp_path, elsewhere, isolated
):
    archive = tmp_path / "2024-01.zip"
    made = create("month", "2024-01", "-o", archive, "--user", "tresor")
    assert made.code == 0, made.err
    assert made.out.splitlines() == [
        f"Archive of January 2024 written to {archive}: 2 journal entries.",
        f"Key fingerprint: {closed}",
    ]
    checked = caisse("--lang", "en", "archive", "verify", archive)
    assert checked.code == 0, checked.err
    lines = checked.out.splitlines()
    assert lines[0] == (
        "OK: the archive of January 2024 (Monnaie Test) is intact: 2 journal entries, chained "
        "up to the period closing."
    )
    assert lines[2] == f"Signed with key 1, fingerprint: {closed}"
    assert lines[3] == "Compare it with the fingerprint the association publishes."
    # nothing was opened nor made: no database in the data folder nor here
    assert not isolated.exists()
    assert list(elsewhere.iterdir()) == []
    published = caisse("--lang", "en", "archive", "verify", archive, "--fingerprint", closed)
    assert published.code == 0, published.out


def test_a_changed_byte_or_another_signer_gives_exit_code_7(
    caisse, create, closed, tmp_path, elsewhere
):
    archive = tmp_path / "2024-01.zip"
    assert create("month", "2024-01", "-o", archive, "--user", "tresor").code == 0
    data = archive.read_bytes()
    altered = tmp_path / "altered.zip"
    at = data.index(b"2024-01-08")  # in journal.csv, the first file in the zip holding it
    altered.write_bytes(data[:at] + b"2024-01-07" + data[at + 10 :])
    checked = caisse("--lang", "en", "archive", "verify", altered)
    assert checked.code == 7
    assert checked.out.splitlines()[:2] == [
        "The archive is NOT intact:",
        "- journal.csv was altered: its SHA-256 is not the one in the manifest.",
    ]
    other = "0000 " * 15 + "0000"
    signer = caisse("--lang", "en", "archive", "verify", archive, "--fingerprint", other)
    assert signer.code == 7
    assert "not by the association's" in signer.out


def test_an_open_month_or_a_wrong_passphrase_is_refused(create, closed, tmp_path):
    archive = tmp_path / "out.zip"
    refused = create("month", "2024-02", "-o", archive, "--user", "tresor")
    assert_clean_failure(refused, 5)
    assert "February 2024 is not closed: close it first, then archive it." in refused.err
    assert_clean_failure(
        create("month", "2024-01", "-o", archive, "--user", "tresor", passphrase="wrong one"), 2
    )
    assert_clean_failure(create("month", "2024-13", "-o", archive, "--user", "tresor"), 2)
    assert_clean_failure(create("year", "24", "-o", archive, "--user", "tresor"), 2)
    assert not archive.exists()


def test_a_missing_or_foreign_file_is_refused(caisse, tmp_path, elsewhere):
    missing = caisse("--lang", "en", "archive", "verify", tmp_path / "none.zip")
    assert_clean_failure(missing, 1)
    foreign = tmp_path / "notes.txt"
    foreign.write_text("not an archive")
    checked = caisse("--lang", "en", "archive", "verify", foreign)
    assert checked.code == 7
    assert "not a readable zip archive" in checked.out
