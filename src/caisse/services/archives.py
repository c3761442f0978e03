"""Signed archives of a closed period: a zip that proves, anywhere and with no database, what
the journal held for a month or a year once it was closed.

The zip holds, stored uncompressed under fixed timestamps and in name order (the same period
archived in the same language gives the same bytes):

- ``journal.csv``: every line of the entries dated in the period, as ``exports.journal_csv``
  writes it in the current language;
- ``journal.json``: the segment of the chain the period closing covers, from the entry after
  the previous month's last one to the closing's last entry, each entry with its lines, sequence
  number, previous hash and hash, so that the chain can be computed again;
- ``closings.json``: the period closing(s) covering the period (a year's and its months'), the
  month closing the segment starts from, and the till (Z) closings made in the period;
- ``manifest.json``: the format, the association, the period, the SHA-256 of every other file,
  the signing key's id and its public key (base64);
- ``manifest.sig``: the Ed25519 signature of ``manifest.json``'s bytes.

One key of the association signs both its vouchers and its archives: the current key of
``voucher_keys``, opened with the treasurer's passphrase. Whoever checks an archive compares the
key's fingerprint (SHA-256 of the public key) with the one the association publishes, since
anyone can sign a manifest with a key of their own.

``verify`` refuses any byte changed: in a file (its hash), in the manifest or its signature
(the signature), in the zip's headers (they must be those ``pack`` writes).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from caisse.domain.errors import InputError, RuleViolation
from caisse.domain.journal import GENESIS_HASH, Entry, Line, chain_hash
from caisse.domain.roles import Permission
from caisse.i18n import N_, _
from caisse.services import exports, periods, settings, voucher_keys
from caisse.services.context import Context
from caisse.store import closings as z_closings
from caisse.store import journal, period_closings
from caisse.store.db import Store
from caisse.store.period_closings import PeriodClosing, next_day

FORMAT = "caisse-archive"
VERSION = 1
JOURNAL_CSV = "journal.csv"
JOURNAL_JSON = "journal.json"
CLOSINGS_JSON = "closings.json"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
#: the date and time written in every zip entry, so that an archive is the same bytes each time
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o644 << 16
UNIX = 3  # the system the zip entries say they were made on, whatever makes them
ZIP_VERSION = 20


def _json_bytes(value: Any, *, one_per_line: str | None = None) -> bytes:
    """JSON in UTF-8, keys sorted: indented, or compact with each item of the list
    ``one_per_line`` on a line of its own (a journal stays small and still reads line by
    line)."""
    if one_per_line is None:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)
    else:

        def compact(item: Any) -> str:
            return json.dumps(item, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

        items = value[one_per_line]
        head = compact({k: v for k, v in value.items() if k != one_per_line})[:-1]
        body = ",\n".join(compact(item) for item in items)
        text = f'{head}{"," if len(value) > 1 else ""}"{one_per_line}":[\n{body}\n]}}'
    return (text + "\n").encode("utf-8")


def fingerprint(public_key: bytes) -> str:
    """The SHA-256 of a raw Ed25519 public key, in hex grouped by four: what a reader compares
    with the fingerprint the association publishes."""
    digest = hashlib.sha256(public_key).hexdigest()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def association_fingerprint(store: Store) -> str | None:
    """The fingerprint of the association's current signing key, or None when it has none."""
    row = store.one(
        "SELECT public_key FROM voucher_key WHERE retired_at IS NULL ORDER BY key_id DESC LIMIT 1"
    )
    return None if row is None else fingerprint(bytes(row["public_key"]))


def _normalised(text: str) -> str:
    return "".join(text.split()).replace(":", "").lower()


def _start(kind: str, period_start: date | str) -> date:
    start = date.fromisoformat(period_start) if isinstance(period_start, str) else period_start
    if kind == periods.MONTH:
        return periods.month_bounds(start.year, start.month)[0]
    if kind == periods.YEAR:
        return date(start.year, 1, 1)
    raise InputError(N_('"{kind}" is not a period: give "month" or "year".'), kind=kind)


def create(ctx: Context, kind: str, period_start: date | str, passphrase: str) -> bytes:
    """The signed archive of a closed month or year (``kind`` is ``"month"`` or ``"year"``,
    ``period_start`` any day of it). A period not closed yet is refused: its entries could
    still change."""
    ctx.require(Permission.CLOSE_PERIODS)
    store = ctx.store
    start = _start(kind, period_start)
    closing = period_closings.find(store, kind, start.isoformat())
    if closing is None:
        raise RuleViolation(
            N_("{period} is not closed: close it first, then archive it."),
            period=periods.label(kind, start),
        )
    key_id, private = voucher_keys.signing_key(store, passphrase)
    covering = [closing]
    if kind == periods.YEAR:
        covering += period_closings.in_range(
            store, periods.MONTH, start.isoformat(), closing.period_end
        )
    # the chain's segment starts after the last entry of the month before the period
    month_before = (
        date(start.year - 1, 12, 1) if start.month == 1 else start.replace(month=start.month - 1)
    )
    previous = period_closings.find(store, periods.MONTH, month_before.isoformat())
    first_seq = previous.last_txn + 1 if previous is not None else 1
    prev_hash = previous.last_hash if previous is not None else GENESIS_HASH
    entries = []
    for seq, entry, entry_prev, entry_hash in journal.entries(store, first_seq):
        if seq > closing.last_txn:
            break
        entries.append(_entry_json(seq, entry, entry_prev, entry_hash))
    end_day = next_day(closing.period_end)
    tills = [
        z.__dict__
        for z in z_closings.all_closings(store)
        if start.isoformat() <= z.at[:10] < end_day
    ]
    files = {
        JOURNAL_CSV: exports.journal_csv(
            store, date_from=start, date_to=date.fromisoformat(closing.period_end)
        ),
        JOURNAL_JSON: _json_bytes(
            {"first_seq": first_seq, "prev_hash": prev_hash, "entries": entries},
            one_per_line="entries",
        ),
        CLOSINGS_JSON: _json_bytes(
            {
                "period": [c.__dict__ for c in covering],
                "previous": previous.__dict__ if previous is not None else None,
                "till_closings": tills,
            },
            one_per_line="till_closings",
        ),
    }
    public = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    manifest = _json_bytes(
        {
            "format": FORMAT,
            "version": VERSION,
            "association": settings.association(store).name,
            "kind": kind,
            "period_start": closing.period_start,
            "period_end": closing.period_end,
            "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
            "key_id": key_id,
            "public_key": base64.b64encode(public).decode("ascii"),
        }
    )
    files[MANIFEST] = manifest
    files[SIGNATURE] = private.sign(manifest)
    return pack(files)


def pack(files: dict[str, bytes]) -> bytes:
    """The zip of an archive: its files in name order, stored as they are (not compressed, so
    that every byte of the zip is either a file's, covered by its hash, or a header checked by
    ``verify``), under fixed times and modes: the same files always give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = FILE_MODE
            info.create_system = UNIX
            archive.writestr(info, files[name])
    return buffer.getvalue()


def _entry_json(seq: int, entry: Entry, prev_hash: str, digest: str) -> dict[str, Any]:
    return {
        "seq": seq,
        "at": entry.at,
        "actor": entry.actor,
        "counter": entry.counter,
        "operation": entry.operation,
        "member": entry.member,
        "receipt": entry.receipt,
        "reverses": entry.reverses,
        "memo": entry.memo,
        "details": entry.details,
        "session": entry.session,
        "lines": [[ln.account, ln.commodity, ln.amount] for ln in entry.lines],
        "prev_hash": prev_hash,
        "hash": digest,
    }


def _entry(data: dict[str, Any]) -> Entry:
    return Entry(
        at=data["at"],
        actor=data["actor"],
        counter=data["counter"],
        operation=data["operation"],
        member=data["member"],
        receipt=data["receipt"],
        reverses=data["reverses"],
        memo=data["memo"],
        details=data["details"],
        session=data["session"],
        lines=tuple(Line(str(a), str(c), int(n)) for a, c, n in data["lines"]),
    )


def _closing(data: dict[str, Any]) -> PeriodClosing:
    return PeriodClosing(**data)


# --- verifying --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """What ``verify`` found: the archive's period and signer, and the first problem (None
    when the archive is intact)."""

    problem: str | None = None  # English source with placeholders
    values: dict[str, object] = field(default_factory=dict)
    association: str = ""
    kind: str = ""
    period_start: str = ""
    period_end: str = ""
    entries: int = 0
    last_hash: str = ""
    key_id: int | None = None
    fingerprint: str = ""

    @property
    def ok(self) -> bool:
        return self.problem is None

    def message(self) -> str:
        """The problem in the reader's language ("" when there is none)."""
        return "" if self.problem is None else _(self.problem).format(**self.values)


class _Refused(Exception):
    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message)
        self.message = message
        self.values = values


def verify(data: bytes, expected_fingerprint: str | None = None) -> Report:
    """Check an archive from its bytes alone: the manifest's signature with the public key it
    carries (and that key against ``expected_fingerprint``, when given), every file's SHA-256,
    the journal's chain of hashes, and the period closing's link to the last entry."""
    found: dict[str, Any] = {}
    try:
        _check(data, expected_fingerprint, found)
    except _Refused as refused:
        return Report(refused.message, refused.values, **found)
    return Report(None, {}, **found)


def _check(data: bytes, expected: str | None, found: dict[str, Any]) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        for name in (MANIFEST, SIGNATURE):
            if name not in names:
                raise _Refused(
                    N_("The archive has no {file}: it is not a signed archive of Caisse."),
                    file=name,
                )
        contents = _check_layout(data, archive)
    # what a damaged zip makes zipfile raise: a bad header, a bad CRC, broken compressed data,
    # a flag it cannot follow (encrypted, unknown method)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        KeyError,
        RuntimeError,
        NotImplementedError,
        struct.error,
    ) as exc:
        raise _Refused(
            N_("The file is not a readable zip archive ({error}): it is damaged or not an "
               "archive of Caisse."),
            error=str(exc),
        ) from None  # fmt: skip
    manifest_bytes = contents[MANIFEST]
    manifest = _read_json(MANIFEST, manifest_bytes)
    try:
        if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
            raise _Refused(
                N_("The manifest is not that of a Caisse archive of version {version}."),
                version=VERSION,
            )
        public = base64.b64decode(manifest["public_key"], validate=True)
        key = Ed25519PublicKey.from_public_bytes(public)
        found.update(
            association=str(manifest["association"]), kind=str(manifest["kind"]),
            period_start=str(manifest["period_start"]), period_end=str(manifest["period_end"]),
            key_id=int(manifest["key_id"]), fingerprint=fingerprint(public),
        )  # fmt: skip
        listed = dict(manifest["files"])
        if found["kind"] not in (periods.MONTH, periods.YEAR):
            raise ValueError(f"kind {found['kind']!r}")
        date.fromisoformat(found["period_start"])
        date.fromisoformat(found["period_end"])
    except (KeyError, TypeError, ValueError, AttributeError, binascii.Error) as exc:
        raise _Refused(
            N_("The manifest cannot be read ({error}): the archive was altered."), error=str(exc)
        ) from None
    try:
        key.verify(contents[SIGNATURE], manifest_bytes)
    except InvalidSignature:
        raise _Refused(
            N_("The signature does not match the manifest: the manifest or its signature was "
               "altered after the archive was made.")
        ) from None  # fmt: skip
    if expected is not None and _normalised(expected) != _normalised(found["fingerprint"]):
        raise _Refused(
            N_("The archive is signed by the key {fingerprint}, not by the association's "
               "({expected}): it was not made by the association."),
            fingerprint=found["fingerprint"], expected=expected,
        )  # fmt: skip
    unlisted = sorted(set(contents) - set(listed) - {MANIFEST, SIGNATURE})
    if unlisted:
        raise _Refused(N_("{file} is in the archive but not in its manifest."), file=unlisted[0])
    for name in (JOURNAL_CSV, JOURNAL_JSON, CLOSINGS_JSON):
        if name not in listed:
            raise _Refused(N_("The manifest does not list {file}."), file=name)
    for name, digest in sorted(listed.items()):
        if name not in contents:
            raise _Refused(N_("{file} is missing from the archive."), file=name)
        if hashlib.sha256(contents[name]).hexdigest() != digest:
            raise _Refused(
                N_("{file} was altered: its SHA-256 is not the one in the manifest."), file=name
            )
    _check_chain(contents, found)


def _check_layout(data: bytes, archive: zipfile.ZipFile) -> dict[str, bytes]:
    """Every byte outside the files' own as ``create`` writes it: the headers' fixed
    times and modes, each local header equal to the directory's record, nothing between the
    entries, no comment. An archive unzipped and zipped again is refused here. The files' bytes
    are returned as stored, their CRC unchecked: their SHA-256 is what proves them."""
    offset = 0
    contents: dict[str, bytes] = {}
    for info in archive.infolist():
        header = info.FileHeader()
        if (
            info.date_time != ZIP_TIME
            or info.external_attr != FILE_MODE
            or info.internal_attr
            or info.create_system != UNIX
            or info.create_version != ZIP_VERSION
            or info.extract_version != ZIP_VERSION
            or info.compress_type != zipfile.ZIP_STORED
            or info.compress_size != info.file_size
            or info.flag_bits
            or info.extra
            or info.comment
            or info.volume
            or info.header_offset != offset
            or data[offset : offset + len(header)] != header
        ):
            raise _Refused(
                N_("The zip headers of {file} were changed: the archive is not as it was "
                   "written."),
                file=info.filename,
            )  # fmt: skip
        offset += len(header)
        # stored: the file's bytes as they are, to be checked against the manifest's hashes
        contents[info.filename] = data[offset : offset + info.compress_size]
        offset += info.compress_size
    directory = b"".join(_directory_record(info) for info in archive.infolist())
    count = len(archive.infolist())
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    if archive.start_dir != offset or data[offset:] != directory + end:
        raise _Refused(N_("The zip's directory was changed: the archive is not as it was written."))
    return contents


def _directory_record(info: zipfile.ZipInfo) -> bytes:
    """The central directory's record of an entry, as zipfile writes it (no zip64)."""
    year, month, day, hour, minute, second = info.date_time
    name = info.filename.encode("utf-8")
    return struct.pack(
        "<4s4B4HL2L5H2L", b"PK\x01\x02", info.create_version, info.create_system,
        info.extract_version, info.reserved, info.flag_bits, info.compress_type,
        hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day, info.CRC,
        info.compress_size, info.file_size, len(name), 0, 0, 0, info.internal_attr,
        info.external_attr, info.header_offset,
    ) + name  # fmt: skip


def _read_json(name: str, data: bytes) -> Any:
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _Refused(
            N_("{file} cannot be read ({error}): the archive was altered."), file=name,
            error=str(exc),
        ) from None  # fmt: skip
    if not isinstance(value, dict):
        raise _Refused(N_("{file} cannot be read: the archive was altered."), file=name)
    return value


def _check_chain(contents: dict[str, bytes], found: dict[str, Any]) -> None:
    segment = _read_json(JOURNAL_JSON, contents[JOURNAL_JSON])
    held = _read_json(CLOSINGS_JSON, contents[CLOSINGS_JSON])
    try:
        expected_seq = int(segment["first_seq"])
        prev_hash = str(segment["prev_hash"])
        for item in segment["entries"]:
            seq = int(item["seq"])
            if seq != expected_seq:
                raise _Refused(N_("Entry {seq} is missing from the journal."), seq=expected_seq)
            if item["prev_hash"] != prev_hash:
                raise _Refused(
                    N_("Entry {seq} does not follow the entry before it (previous hash differs)."),
                    seq=seq,
                )
            entry = _entry(item)
            if entry.chain_hash(seq, prev_hash) != item["hash"]:
                raise _Refused(
                    N_("Entry {seq} was altered after it was written (its hash does not match "
                       "its content)."),
                    seq=seq,
                )  # fmt: skip
            try:
                entry.check_balanced()
            except RuleViolation as exc:
                raise _Refused(
                    N_("Entry {seq} does not balance: {detail}"), seq=seq, detail=str(exc)
                ) from None
            prev_hash = str(item["hash"])
            expected_seq += 1
            found["entries"] = found.get("entries", 0) + 1
        found["last_hash"] = prev_hash
        covering = [_closing(c) for c in held["period"]]
        previous = None if held["previous"] is None else _closing(held["previous"])
    except (KeyError, TypeError, ValueError) as exc:
        raise _Refused(
            N_("The journal or the closings cannot be read ({error}): the archive was altered."),
            error=str(exc),
        ) from None
    if not covering:
        raise _Refused(N_("The archive holds no period closing."))
    for closing in [*covering, *([previous] if previous else [])]:
        if chain_hash(closing.prev_hash, closing.canonical()) != closing.hash:
            raise _Refused(
                N_("Period closing {seq} ({start} to {end}) was altered after it was written."),
                seq=closing.seq, start=closing.period_start, end=closing.period_end,
            )  # fmt: skip
    main = covering[0]
    if (main.kind, main.period_start, main.period_end) != (
        found["kind"],
        found["period_start"],
        found["period_end"],
    ):
        raise _Refused(N_("The period closing is not that of the period the manifest names."))
    start_hash = previous.last_hash if previous is not None else GENESIS_HASH
    if str(segment["prev_hash"]) != start_hash:
        raise _Refused(N_("The journal does not start where the previous period closing ends."))
    if main.last_hash != prev_hash or main.last_txn != expected_seq - 1:
        raise _Refused(
            N_("The period closing ends on entry {seq}, hash {hash}, which is not the last entry "
               "of the archived journal."),
            seq=main.last_txn, hash=main.last_hash[:16],
        )  # fmt: skip
