"""Reading a CSV file's bytes: its encoding, its delimiter, its rows with their line numbers."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass

from caisse.domain.errors import InputError
from caisse.i18n import N_

MAX_BYTES = 50 * 1024 * 1024
DELIMITERS = (";", ",", "\t")
BOM = b"\xef\xbb\xbf"
#: more control characters than this share of the text: not a text file
MAX_CONTROL_SHARE = 0.001


@dataclass(frozen=True)
class CsvTable:
    """The header and the rows of a file, each row with the line it starts on (header = 1)."""

    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    encoding: str
    delimiter: str


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 with or without BOM, else Windows-1252, else Latin-1."""
    if len(data) > MAX_BYTES:
        raise InputError(
            N_("The file is {size} MB: files over {limit} MB are refused. Split it first."),
            size=len(data) // (1024 * 1024),
            limit=MAX_BYTES // (1024 * 1024),
        )
    if data.startswith(BOM):
        try:
            text, encoding = data[len(BOM) :].decode("utf-8"), "UTF-8"
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise InputError(
                N_(
                    "The file says it is UTF-8 but line {line} is not: save it again as "
                    "UTF-8 CSV from your spreadsheet."
                ),
                line=line,
            ) from None
    else:
        text, encoding = _decode_legacy(data)
    if not text.strip():
        raise InputError(N_("The file is empty."))
    if not _looks_like_text(text):
        raise InputError(N_("This is not a text file (CSV): its content cannot be read as text."))
    return text, encoding


def _decode_legacy(data: bytes) -> tuple[str, str]:
    for codec, name in (("utf-8", "UTF-8"), ("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
        try:
            return data.decode(codec), name
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _looks_like_text(text: str) -> bool:
    sample = text[:200_000]
    control = sum(
        1 for c in sample if c not in "\t\r\n" and unicodedata.category(c) in ("Cc", "Cs", "Co")
    )
    return "\x00" not in sample and control <= MAX_CONTROL_SHARE * len(sample)


def sniff_delimiter(text: str) -> str:
    """ ";", "," or tab: csv.Sniffer on the first lines, else the most frequent in the header."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        found = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
        if found in DELIMITERS:
            return found
    except csv.Error:
        pass
    first = text.splitlines()[0] if text else ""
    return max(DELIMITERS, key=first.count)


def read_table(data: bytes) -> CsvTable:
    """The file's header and rows; an empty file or one with a header only is refused."""
    text, encoding = decode(data)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    header: tuple[str, ...] | None = None
    rows: list[tuple[int, tuple[str, ...]]] = []
    try:
        line = 1
        for values in reader:
            if header is None:
                header = tuple(v.strip() for v in values)
            elif any(v.strip() for v in values):
                rows.append((line, tuple(values)))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(
            N_("Line {line} of the file cannot be read as CSV: {error}."),
            line=reader.line_num,
            error=str(exc),
        ) from None
    if header is None or not any(header):
        raise InputError(N_("The file is empty."))
    if len(header) < 2:
        raise InputError(
            N_("The file has a single column: it is not a CSV separated by ;, comma or tab.")
        )
    if not rows:
        raise InputError(N_("The file has a header but no rows: there is nothing to import."))
    return CsvTable(header, tuple(rows), encoding, delimiter)
