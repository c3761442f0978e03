"""Signed archives of a closed period: a closed month or year archived verifies from the bytes
alone, and one byte changed, a forged signature or another key is refused with the reason."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from dataclasses import replace
from datetime import date, datetime

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from tests.conftest import FixedClock

from caisse.domain.errors import InputError, NotFound, PermissionDenied, RuleViolation
from caisse.services import archives, operations, periods, voucher_keys
from caisse.services.context import Context

PASSPHRASE = "clef des archives 2024"


def on(ctx: Context, year: int, month: int, day: int) -> Context:
    return replace(ctx, clock=FixedClock(datetime(year, month, day, 10).astimezone()))


@pytest.fixture
def closed(store, treasurer):
    """Notes received in January, February and March 2024; January and February closed; the
    association's signing key made."""
    operations.receive_notes(on(treasurer, 2024, 1, 8), 100_000)
    operations.receive_notes(on(treasurer, 2024, 1, 9), 50_000)
    operations.receive_notes(on(treasurer, 2024, 2, 5), 20_000)
    operations.receive_notes(on(treasurer, 2024, 3, 4), 30_000)
    periods.close_month(treasurer, 2024, 1)
    periods.close_month(treasurer, 2024, 2)
    voucher_keys.create_key(treasurer, PASSPHRASE)
    return treasurer


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rebuilt(data: bytes, changed: dict[str, bytes]) -> bytes:
    """The same archive with some members' contents replaced."""
    return archives.pack({**members(data), **changed})


def one_byte_changed(content: bytes) -> bytes:
    middle = len(content) // 2
    return content[:middle] + bytes([content[middle] ^ 0x01]) + content[middle + 1 :]


def test_a_closed_month_archived_verifies_from_its_bytes_alone(store, closed):
    data = archives.create(closed, "month", date(2024, 1, 1), PASSPHRASE)
    assert archives.create(closed, "month", "2024-01-20", PASSPHRASE) == data  # same bytes
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert {info.date_time for info in archive.infolist()} == {archives.ZIP_TIME}
    assert names == sorted(names) == [
        "closings.json", "journal.csv", "journal.json", "manifest.json", "manifest.sig",
    ]  # fmt: skip

    report = archives.verify(data)
    assert report.ok, report.message()
    assert (report.kind, report.period_start, report.period_end) == (
        "month", "2024-01-01", "2024-01-31"
    )  # fmt: skip
    assert report.association == "Monnaie Test"
    assert report.entries == 2
    january = periods.closings(store)[0]
    assert report.last_hash == january.last_hash
    # the fingerprint is the association's key's, as published
    assert report.fingerprint == archives.association_fingerprint(store)
    assert len(report.fingerprint.split()) == 16
    assert archives.verify(data, report.fingerprint.replace(" ", "").upper()).ok

    manifest = json.loads(members(data)["manifest.json"])
    assert set(manifest["files"]) == {"closings.json", "journal.csv", "journal.json"}
    assert manifest["key_id"] == 1
    journal_json = json.loads(members(data)["journal.json"])
    assert [e["seq"] for e in journal_json["entries"]] == [1, 2]
    assert "2024-01-08" in members(data)["journal.csv"].decode("utf-8-sig")


def test_a_later_month_and_a_year_chain_from_the_closing_before(store, closed):
    february = archives.verify(archives.create(closed, "month", date(2024, 2, 1), PASSPHRASE))
    assert february.ok, february.message()
    assert february.entries == 1
    for month in range(3, 13):
        periods.close_month(closed, 2024, month)
    periods.close_year(closed, 2024)
    year = archives.verify(archives.create(closed, "year", date(2024, 1, 1), PASSPHRASE))
    assert year.ok, year.message()
    assert (year.kind, year.entries) == ("year", 4)
    closings = json.loads(
        members(archives.create(closed, "year", "2024-06-01", PASSPHRASE))["closings.json"]
    )
    assert [c["kind"] for c in closings["period"]] == ["year"] + ["month"] * 12


@pytest.mark.parametrize("name", ["journal.csv", "journal.json", "closings.json"])
def test_one_byte_changed_in_a_file_is_refused_naming_it(closed, name):
    data = archives.create(closed, "month", date(2024, 1, 1), PASSPHRASE)
    altered = rebuilt(data, {name: one_byte_changed(members(data)[name])})
    report = archives.verify(altered)
    assert not report.ok
    assert report.message() == f"{name} was altered: its SHA-256 is not the one in the manifest."


@pytest.mark.parametrize("name", ["manifest.json", "manifest.sig"])
def test_one_byte_changed_in_the_manifest_or_its_signature_is_refused(closed, name):
    data = archives.create(closed, "month", date(2024, 1, 1), PASSPHRASE)
    content = members(data)[name]
    if name == "manifest.json":  # a figure, so that the manifest still reads as JSON
        content = content.replace(b'"key_id": 1', b'"key_id": 2')
    altered = rebuilt(data, {name: one_byte_changed(content) if name.endswith("sig") else content})
    report = archives.verify(altered)
    assert not report.ok
    assert report.message().startswith("The signature does not match the manifest")


def test_any_byte_of_the_zip_changed_is_refused(closed):
    data = archives.create(closed, "month", date(2024, 1, 1), PASSPHRASE)
    for at in range(len(data)):  # headers, files, directory: every byte counts
        report = archives.verify(data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :])
        assert not report.ok and report.message(), at
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
    for info in infos:
        if info.filename.startswith("manifest"):
            continue
        # a byte of the file itself, after its local header: the file is named
        at = info.header_offset + 30 + len(info.filename) + info.file_size // 2
        report = archives.verify(data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1 :])
        assert report.message().startswith(f"{info.filename} was altered")
        # the same file's header
        at = info.header_offset + 10
        report = archives.verify(data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :])
        assert report.message().startswith(f"The zip headers of {info.filename} were changed")
    assert not archives.verify(data[: len(data) // 2]).ok
    assert not archives.verify(data + b"\0").ok
    assert "not a readable zip archive" in archives.verify(b"not a zip").message()


def test_an_entry_altered_then_hashed_and_signed_again_breaks_the_chain(store, closed):
    data = archives.create(closed, "month", date(2024, 1, 1), PASSPHRASE)
    contents = members(data)
    journal_json = json.loads(contents["journal.json"])
    line = journal_json["entries"][1]["lines"]
    line[0][2], line[1][2] = line[0][2] * 2, line[1][2] * 2  # still balanced, not the same
    new_journal = json.dumps(journal_json).encode()
    manifest = json.loads(contents["manifest.json"])
    manifest["files"]["journal.json"] = hashlib.sha256(new_journal).hexdigest()
    new_manifest = json.dumps(manifest).encode()
    _, key = voucher_keys.signing_key(store, PASSPHRASE)
    altered = rebuilt(
        data,
        {
            "journal.json": new_journal,
            "manifest.json": new_manifest,
            "manifest.sig": key.sign(new_manifest),
        },
    )
    report = archives.verify(altered)
    assert report.message() == (
        "Entry 2 was altered after it was written (its hash does not match its content)."
    )


def test_an_archive_signed_by_another_key_is_told_apart_by_its_fingerprint(store, closed):
    data = archives.create(closed, "month", date(2024, 1, 1), PASSPHRASE)
    contents = members(data)
    forger = Ed25519PrivateKey.generate()
    manifest = json.loads(contents["manifest.json"])
    manifest["public_key"] = base64.b64encode(
        forger.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    ).decode()
    forged_manifest = json.dumps(manifest).encode()
    forged = rebuilt(
        data, {"manifest.json": forged_manifest, "manifest.sig": forger.sign(forged_manifest)}
    )
    # the signature matches the key the manifest carries, but that key is not the association's
    alone = archives.verify(forged)
    published = archives.association_fingerprint(store)
    assert alone.ok and alone.fingerprint != published
    report = archives.verify(forged, published)
    assert not report.ok
    assert report.message().startswith(f"The archive is signed by the key {alone.fingerprint}")
    assert "not by the association's" in report.message()
    # the genuine archive with a signature made by the forger, under the association's key
    resigned = rebuilt(data, {"manifest.sig": forger.sign(contents["manifest.json"])})
    assert archives.verify(resigned).message().startswith("The signature does not match")


def test_only_a_closed_period_is_archived_by_a_treasurer_with_the_passphrase(
    store, closed, volunteer
):
    with pytest.raises(RuleViolation, match="March 2024 is not closed: close it first"):
        archives.create(closed, "month", date(2024, 3, 1), PASSPHRASE)
    with pytest.raises(RuleViolation, match="2024 is not closed"):
        archives.create(closed, "year", date(2024, 1, 1), PASSPHRASE)
    with pytest.raises(InputError, match="Wrong passphrase"):
        archives.create(closed, "month", date(2024, 1, 1), "not the passphrase")
    with pytest.raises(PermissionDenied):
        archives.create(volunteer, "month", date(2024, 1, 1), PASSPHRASE)
    with pytest.raises(InputError):
        archives.create(closed, "week", date(2024, 1, 1), PASSPHRASE)


def test_with_no_signing_key_the_treasurer_is_told_to_make_one(store, treasurer):
    operations.receive_notes(on(treasurer, 2024, 1, 8), 100_000)
    periods.close_month(treasurer, 2024, 1)
    with pytest.raises(NotFound, match="caisse vouchers key"):
        archives.create(treasurer, "month", date(2024, 1, 1), PASSPHRASE)
