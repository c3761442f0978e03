"""Reading a bank statement exported as CSV by a French bank.

Banks write it their own way: ``;`` or ``,`` separated, UTF-8 (with or without BOM) or
Windows-1252, a few preamble lines before the header (account number, balances), dates
DD/MM/YYYY, amounts "1 234,56" with a decimal comma, in one signed column ("Montant") or two
("Débit", "Crédit"). The header is found by its column names, matched without accents or case.
Anything that cannot be read refuses the whole file, saying where and why.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime

from caisse.domain.csvfile import decode
from caisse.domain.errors import InputError
from caisse.domain.text import fold
from caisse.i18n import N_

DELIMITERS = (";", ",", "\t")
#: the header is looked for among the file's first records
HEADER_WITHIN = 40

#: folded column names -> role
COLUMNS = {
    "date": "date",
    "date operation": "date",
    "date d'operation": "date",
    "date de l'operation": "date",
    "date op": "date",
    "date comptable": "date",
    "date de comptabilisation": "date",
    "date compta": "date",
    "booking date": "date",
    "date valeur": "value_date",
    "date de valeur": "value_date",
    "value date": "value_date",
    "libelle": "label",
    "libelles": "label",
    "label": "label",
    "libelle operation": "label",
    "libelle de l'operation": "label",
    "libelle simplifie": "label",
    "intitule": "label",
    "description": "label",
    "nature de l'operation": "label",
    "operation": "label",
    "informations complementaires": "label_more",
    "libelle complementaire": "label_more",
    "detail": "label_more",
    "montant": "amount",
    "amount": "amount",
    "montant en euros": "amount",
    "debit": "debit",
    "montant debit": "debit",
    "credit": "credit",
    "montant credit": "credit",
    "reference": "reference",
    "ref": "reference",
    "numero d'operation": "reference",
    "reference de l'operation": "reference",
}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y")
AMOUNT = re.compile(r"^([+-]?)(\d+(?:[.,]\d{1,2})?)$")
BALANCE_WORDS = ("solde", "balance", "total")
OPENING_WORDS = ("ancien solde", "solde precedent", "solde initial", "solde debut",
                 "solde d'ouverture", "solde de debut", "opening")  # fmt: skip


@dataclass(frozen=True)
class StatementLine:
    source_line: int
    booked_on: date
    value_on: date | None
    label: str
    amount: int  # cents: + credited to the account, - debited
    reference: str


@dataclass(frozen=True)
class Statement:
    lines: tuple[StatementLine, ...]
    layout: str
    opening_balance: int | None  # as a preamble line gives it
    closing_balance: int | None


def column_role(name: str) -> str | None:
    """The role of a column from its name: "Date opération" -> date, "Crédit (€)" -> credit."""
    text = fold(name).replace("’", "'")
    text = re.sub(r"\(.*?\)", " ", text)
    text = re.sub(r"\b(en )?(eur|euros)\b|€", " ", text)
    text = " ".join(text.replace(".", " ").replace(":", " ").replace("_", " ").split())
    return COLUMNS.get(text)


def parse_amount(text: str) -> int | None:
    """ "1 234,56", "-45,00", "+12,00", "1.234,56", "12.5" -> cents; "" -> None; else raises
    ValueError."""
    cleaned = re.sub(r"[\s\u00a0\u202f€]|EUR", "", text.strip())
    if not cleaned:
        return None
    if "," in cleaned and "." in cleaned:  # the last one is the decimal mark
        thousands = "." if cleaned.rfind(",") > cleaned.rfind(".") else ","
        cleaned = cleaned.replace(thousands, "")
    elif cleaned.count(".") > 1 or re.search(r"\.\d{3}$", cleaned):
        cleaned = cleaned.replace(".", "")
    found = AMOUNT.match(cleaned)
    if found is None:
        raise ValueError(text)
    whole, _sep, fraction = found[2].replace(",", ".").partition(".")
    cents = int(whole) * 100 + int((fraction + "00")[:2])
    return -cents if found[1] == "-" else cents


def parse_date(text: str) -> date:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


@dataclass(frozen=True)
class _Header:
    delimiter: str
    line: int  # the file's line the header is on
    index: int  # its rank among the records
    roles: dict[str, int]  # role -> column
    names: tuple[str, ...]


def _records(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """(line, values) of every record; a record may span lines (a quoted label)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    found: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for values in reader:
            found.append((line, values))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(
            N_("Line {line} of the file cannot be read as CSV: {error}."),
            line=reader.line_num, error=str(exc),
        ) from None  # fmt: skip
    return found


def _header(records: list[tuple[int, list[str]]], delimiter: str) -> _Header | None:
    for index, (line, values) in enumerate(records[:HEADER_WITHIN]):
        roles: dict[str, int] = {}
        for column, name in enumerate(values):
            role = column_role(name)
            if role is not None and role not in roles:
                roles[role] = column
        has_amount = "amount" in roles or ("debit" in roles and "credit" in roles)
        if "date" in roles and "label" in roles and has_amount:
            return _Header(delimiter, line, index, roles, tuple(v.strip() for v in values))
    return None


def _unknown_layout(tries: dict[str, list[tuple[int, list[str]]]]) -> InputError:
    """Name the columns of the line that looked most like a header, and those needed."""
    best: list[str] = []
    for records in tries.values():
        for _line, values in records[:HEADER_WITHIN]:
            names = [v.strip() for v in values if v.strip()]
            known = sum(1 for n in names if column_role(n))
            if (known, len(names)) > (sum(1 for n in best if column_role(n)), len(best)):
                best = names
    return InputError(
        N_("The layout of this statement is unknown: the columns found are {found}. A "
           "statement needs a date (Date, Date opération), a label (Libellé) and either an "
           "amount (Montant) or a debit and a credit (Débit, Crédit)."),
        found=", ".join(f'"{n}"' for n in best) or "—",
    )  # fmt: skip


def read_statement(data: bytes) -> Statement:
    """Every line of the statement, or a refusal of the whole file with its reason."""
    text, encoding = decode(data)
    tries: dict[str, list[tuple[int, list[str]]]] = {}
    header: _Header | None = None
    for delimiter in DELIMITERS:
        tries[delimiter] = _records(text, delimiter)
        header = _header(tries[delimiter], delimiter)
        if header is not None:
            break
    if header is None:
        raise _unknown_layout(tries)
    records = tries[header.delimiter]
    opening, closing = _balances(records[: header.index])
    lines: list[StatementLine] = []
    for line, values in records[header.index + 1 :]:
        parsed = _line(header, line, values)
        if isinstance(parsed, StatementLine):
            lines.append(parsed)
        elif parsed is not None and parsed[0] == "closing" and closing is None:
            closing = parsed[1]
    if not lines:
        raise InputError(N_("The statement has a header but no lines: there is nothing to "
                            "import."))  # fmt: skip
    two = "debit" in header.roles and "credit" in header.roles and "amount" not in header.roles
    columns = "Débit/Crédit" if two else "Montant"
    shown = {";": ";", ",": ",", "\t": "TAB"}[header.delimiter]
    layout = f"{columns} · {shown} · {encoding}"
    return Statement(tuple(lines), layout, opening, closing)


def _cell(values: list[str], column: int | None) -> str:
    if column is None or column >= len(values):
        return ""
    return " ".join(values[column].split())


def _line(
    header: _Header, line: int, values: list[str]
) -> StatementLine | tuple[str, int | None] | None:
    """A statement line; ("closing", balance) for a balance or total line after the lines;
    None for a blank record."""
    roles = header.roles
    if not any(v.strip() for v in values):
        return None
    day_text = _cell(values, roles["date"])
    if not day_text or not day_text[0].isdigit():
        words = fold(" ".join(values))
        if any(w in words for w in BALANCE_WORDS):
            return ("closing", _balance_in(values))
        if not day_text:
            raise InputError(N_("Line {line} of the statement has no date: {text}"),
                             line=line, text=_shown(values))  # fmt: skip
    try:
        booked = parse_date(day_text)
    except ValueError:
        raise InputError(
            N_('Line {line} of the statement: "{text}" is not a date (expected day/month/year, '
               "e.g. 14/10/2026)."),
            line=line, text=day_text,
        ) from None  # fmt: skip
    value_text = _cell(values, roles.get("value_date"))
    try:
        value_on = parse_date(value_text) if value_text else None
    except ValueError:
        raise InputError(
            N_('Line {line} of the statement: "{text}" is not a date (expected day/month/year, '
               "e.g. 14/10/2026)."),
            line=line, text=value_text,
        ) from None  # fmt: skip
    amount = _amount(header, line, values)
    label = _cell(values, roles["label"])
    more = _cell(values, roles.get("label_more"))
    if more and more not in label:
        label = f"{label} {more}".strip()
    return StatementLine(
        line, booked, value_on, label, amount, _cell(values, roles.get("reference"))
    )


def _amount(header: _Header, line: int, values: list[str]) -> int:
    roles = header.roles

    def read(column: int | None) -> int | None:
        text = _cell(values, column)
        try:
            return parse_amount(text)
        except ValueError:
            raise InputError(
                N_('Line {line} of the statement: "{text}" is not an amount (expected e.g. '
                   '1 234,56 or -45,00).'),
                line=line, text=text,
            ) from None  # fmt: skip

    if "amount" in roles:
        amount = read(roles["amount"])
    else:
        debit, credit = read(roles["debit"]), read(roles["credit"])
        if debit and credit:
            raise InputError(
                N_("Line {line} of the statement has both a debit ({debit}) and a credit "
                   "({credit}): a line is one or the other."),
                line=line, debit=_cell(values, roles["debit"]),
                credit=_cell(values, roles["credit"]),
            )  # fmt: skip
        amount = -abs(debit) if debit else abs(credit) if credit else None
    if not amount:
        raise InputError(N_("Line {line} of the statement has no amount: {text}"),
                         line=line, text=_shown(values))  # fmt: skip
    return amount


def _balances(preamble: list[tuple[int, list[str]]]) -> tuple[int | None, int | None]:
    """The opening and closing balances that the lines before the header state, if any."""
    opening = closing = None
    for _line_number, values in preamble:
        words = fold(" ".join(values)).replace("’", "'")
        if "solde" not in words and "balance" not in words:
            continue
        amount = _balance_in(values)
        if amount is None:
            continue
        if any(w in words for w in OPENING_WORDS):
            opening = amount
        else:
            closing = amount
    return opening, closing


def _balance_in(values: list[str]) -> int | None:
    """The last cell of a balance line that reads as an amount."""
    for value in reversed(values):
        text = value.strip()
        if not text or not re.search(r"\d", text) or "/" in text:
            continue
        try:
            return parse_amount(text)
        except ValueError:
            continue
    return None


def _shown(values: list[str]) -> str:
    text = " | ".join(v.strip() for v in values if v.strip())
    return text[:120] or "—"
