"""The journal for an accountant's software: the FEC, a CSV and a plain-text ledger.

- ``fec``: the French *fichier des écritures comptables* (LPF article A47 A-1), the euro side
  only. Its 18 columns in their legal order, separated by tabs, one line per posting line, CRLF
  line ends, dates as YYYYMMDD, amounts with a decimal comma and no thousands separator. The
  text is encoded in ISO-8859-15: it is one of the character sets the article names, and it
  holds every letter of French and the euro sign; a character outside it (none of Caisse's own
  labels has one) becomes "?". EcritureNum numbers the exported entries from 1 in journal
  order, a continuous sequence as the norm asks (entries that move only notes have no euro line
  and are not exported); PieceRef is the receipt number, else ``#`` and the journal sequence,
  so every line leads back to its entry. The journal codes are in ``JOURNALS``. The FEC of a
  financial year (or of a period starting on 1 January) opens with one entry in the journal
  ``AN`` (*à-nouveaux*) dated its first day: the euro balances of the balance-sheet accounts at
  the end of the year before, and the result of the years before on a retained-earnings line
  (PCG 110000 when a profit, 119000 when a loss), so that it balances. Only the stretch of the
  journal holding the period is read.
- ``journal_csv``: every line of every entry, both commodities, for a spreadsheet (UTF-8 with a
  BOM, ";" between fields, CRLF, a header in the reader's language).
- ``ledger_text``: a journal that hledger (ledger-cli syntax) or Beancount loads as it is, with
  both commodities, amounts exact from the cents.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TextIO

from babel.numbers import format_decimal

from caisse import i18n
from caisse.domain.errors import InputError, RuleViolation
from caisse.domain.journal import Entry
from caisse.i18n import N_, _
from caisse.services import settings
from caisse.services.ledger import operation_label
from caisse.store import journal
from caisse.store.db import Store

EUR = "EUR"

#: the FEC's columns, in the order the norm fixes
FEC_COLUMNS = (
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
)
FEC_ENCODING = "iso-8859-15"
#: when the association's settings hold no SIRET
NO_SIREN = "000000000"

#: the FEC's journal code of each operation; a correction goes to its original's journal
JOURNALS = {
    "exchange": "CH",
    "membership": "AD",
    "reconversion": "RC",
    "voucher_redemption": "RC",
    "deposit": "BQ",
    "partner_payment": "BQ",
    "bank_difference": "BQ",
    "surplus_transfer": "BQ",
    "voucher_funder_payment": "BQ",
    "voucher_issue": "BO",
    "voucher_cancellation": "BO",
    "voucher_expiry": "BO",
}
OTHER_JOURNAL = "OD"
#: the journal of the opening entry (*à-nouveaux*) of a financial year
OPENING_JOURNAL = "AN"
#: the kinds of account whose balances are carried into the next year; the others (income,
#: expense) add up to the year's result, carried as retained earnings
BALANCE_SHEET_KINDS = ("asset", "liability")
#: PCG 110000 and 119000: the retained earnings, by the side of their balance
RETAINED_EARNINGS = {
    "credit": ("110000", N_("Retained earnings (credit balance)")),
    "debit": ("119000", N_("Retained earnings (debit balance)")),
}
JOURNAL_LABELS = {
    "CH": N_("Exchanges"),
    "AD": N_("Membership fees"),
    "RC": N_("Reconversions and vouchers redeemed"),
    "BQ": N_("Bank"),
    "BO": N_("Vouchers"),
    "OD": N_("Other operations"),
    "AN": N_("Opening balances"),
}

#: the CSV's columns: header label
CSV_COLUMNS = (
    N_("Entry"),
    N_("Date"),
    N_("Time"),
    N_("Operation"),
    N_("Exchange point"),
    N_("Receipt"),
    N_("Corrects entry"),
    N_("Account"),
    N_("Account number"),
    N_("Account name"),
    N_("Commodity"),
    N_("Debit"),
    N_("Credit"),
)

#: the first part of a plain-text account name, by the kind of account; the unit side is kept
#: off the balance sheet (PCG class 8), and Beancount knows only these five roots
ROOTS = {
    "asset": "Assets",
    "liability": "Liabilities",
    "income": "Income",
    "expense": "Expenses",
    "memo": "Equity:OffBalance",
}
DIALECTS = ("hledger", "beancount")
BEANCOUNT_COMMODITY = re.compile(r"^[A-Z][A-Z0-9'._-]{0,22}[A-Z0-9]$")


@dataclass(frozen=True)
class Account:
    key: str
    number: str  # the PCG number, as the administrator maps it
    name: str  # translated
    kind: str


def accounts(store: Store) -> dict[str, Account]:
    """Every account of the chart, its name in the current language."""
    return {
        row["key"]: Account(
            row["key"],
            row["pcg"],
            _(row["name"]).format(counter=row["counter"] or ""),
            row["kind"],
        )
        for row in store.rows("SELECT key, name, pcg, kind, counter FROM account")
    }


def period(
    year: int | None = None, date_from: date | None = None, date_to: date | None = None
) -> tuple[str | None, str | None]:
    """The first and last days asked for, as ISO text (None: no bound)."""
    if year is not None:
        if date_from is not None or date_to is not None:
            raise InputError(N_("Give either a year or dates, not both."))
        date_from, date_to = date(year, 1, 1), date(year, 12, 31)
    if date_from is not None and date_to is not None and date_from > date_to:
        raise InputError(
            N_("The period ends ({end}) before it starts ({start}): swap the dates."),
            start=date_from.isoformat(),
            end=date_to.isoformat(),
        )
    return (
        date_from.isoformat() if date_from else None,
        date_to.isoformat() if date_to else None,
    )


def _entries(
    store: Store, year: int | None, date_from: date | None, date_to: date | None
) -> Iterator[tuple[int, Entry]]:
    """The entries dated in the period, in journal order. Only the stretch of the journal
    between the first and the last of them is read, found through the index on the date."""
    first, last = period(year, date_from, date_to)
    start, stop = 1, None
    if first is not None:
        found = store.scalar("SELECT MIN(seq) FROM txn WHERE at >= ?", (first,))
        if found is None:
            return
        start = int(found)
    if last is not None:
        found = store.scalar("SELECT MAX(seq) FROM txn WHERE at < ?", (_next_day(last),))
        if found is None or int(found) < start:
            return
        stop = int(found)
    for seq, entry, _prev, _hash in journal.entries(store, start, stop):
        day = entry.at[:10]
        if (first is None or day >= first) and (last is None or day <= last):
            yield seq, entry


def _next_day(day: str) -> str:
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def decimal_text(cents: int, mark: str = ".") -> str:
    """Exact decimal text of cents: ``-1234.50``; no thousands separator."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}{mark}{part:02d}"


# --- FEC ------------------------------------------------------------------------------------


def fec(
    store: Store,
    year: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> bytes:
    """The FEC of the period (the whole journal when none is given), euro lines only."""
    chart = accounts(store)
    out = io.StringIO(newline="")
    out.write("\t".join(FEC_COLUMNS) + "\r\n")
    number = 0
    opening = _opening_year(year, date_from)
    if opening is not None:
        brought = opening_lines(store, opening)
        if brought:
            number += 1
            day = f"{opening}0101"
            label = _("Balances brought forward from {year}").format(year=opening - 1)
            for account_number, account_name, amount in brought:
                row = (
                    OPENING_JOURNAL, _(JOURNAL_LABELS[OPENING_JOURNAL]), str(number), day,
                    account_number, account_name, "", "", f"{OPENING_JOURNAL}{opening}", day,
                    label, decimal_text(max(amount, 0), ","), decimal_text(max(-amount, 0), ","),
                    "", "", day, "", "",
                )  # fmt: skip
                out.write("\t".join(_fec_field(v) for v in row) + "\r\n")
    # the fields that repeat, cleaned once: the accounts' (number, name), the journals'
    # (code, label) and the operations' labels
    account_fields = {
        key: f"{_fec_field(a.number)}\t{_fec_field(a.name)}" for key, a in chart.items()
    }
    journal_fields = {
        code: f"{code}\t{_fec_field(_(label))}" for code, label in JOURNAL_LABELS.items()
    }
    labels: dict[str, str] = {}
    for seq, entry in _entries(store, year, date_from, date_to):
        lines = [ln for ln in entry.lines if ln.commodity == EUR]
        if not lines:
            continue
        number += 1
        journal_part = journal_fields[JOURNALS.get(entry.operation, OTHER_JOURNAL)]
        day = entry.at[:10].replace("-", "")
        if entry.operation not in labels:
            labels[entry.operation] = _fec_field(operation_label(entry.operation))
        label = labels[entry.operation]
        if entry.reverses is not None:
            label = _fec_field(
                _("Correction of entry {seq}: {operation}").format(
                    seq=entry.reverses, operation=operation_label(entry.operation)
                )
            )
        piece = _fec_field(entry.receipt or f"#{seq}")
        head = f"{journal_part}\t{number}\t{day}\t"
        tail = f"\t\t\t{piece}\t{day}\t{label}\t"
        end = f"\t\t\t{day}\t\t\r\n"
        for ln in lines:
            amount = ln.amount
            debit = decimal_text(amount, ",") if amount > 0 else "0,00"
            credit = decimal_text(-amount, ",") if amount < 0 else "0,00"
            out.write(f"{head}{account_fields[ln.account]}{tail}{debit}\t{credit}{end}")
    return out.getvalue().encode(FEC_ENCODING, errors="replace")


def _opening_year(year: int | None, date_from: date | None) -> int | None:
    """The financial year a FEC opens, when it starts on the 1st of January."""
    if year is not None:
        return year
    if date_from is not None and (date_from.month, date_from.day) == (1, 1):
        return date_from.year
    return None


def opening_lines(store: Store, year: int) -> list[tuple[str, str, int]]:
    """The opening entry (*à-nouveaux*) of a year: (account number, name, cents, debit
    positive) for each balance-sheet account's euro balance at the end of the year before, and
    the result of the years before on a retained-earnings line, so that the lines balance.
    Empty when nothing was written before the year."""
    from caisse.services.trial_balance import trial_balance

    found = trial_balance(store, date(year - 1, 12, 31))
    euros = [row for row in found.rows if row.commodity == EUR]
    lines = [
        (row.number, row.name, row.balance)
        for row in euros
        if row.kind in BALANCE_SHEET_KINDS and row.balance
    ]
    result = sum(row.balance for row in euros if row.kind not in BALANCE_SHEET_KINDS)
    if result:
        number, name = RETAINED_EARNINGS["credit" if result < 0 else "debit"]
        lines.append((number, _(name), result))
    return lines


def _fec_field(value: str) -> str:
    """One line of plain spaces: a tab or a line end inside a field would break the columns,
    and the no-break spaces of French typography would puzzle an auditor's tools."""
    return " ".join(value.split())


def siren(store: Store) -> str:
    """The association's SIREN: the first nine digits of its SIRET, else nine zeros."""
    siret = settings.association(store).siret
    return siret[:9] if len(siret) == 14 else NO_SIREN


def fec_filename(store: Store, day: date) -> str:
    """``SIRENFECYYYYMMDD.txt``, ``day`` being the last day of the financial year."""
    return f"{siren(store)}FEC{day:%Y%m%d}.txt"


# --- CSV ------------------------------------------------------------------------------------


def journal_csv(
    store: Store,
    year: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> bytes:
    """One row per line of every entry of the period, both commodities, amounts written in the
    reader's language so that the spreadsheet reads them as numbers."""
    chart = accounts(store)
    locale = i18n.locale()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([_(label) for label in CSV_COLUMNS])

    def amount(cents: int) -> str:
        if cents <= 0:
            return ""
        return format_decimal(Decimal(cents) / 100, format="0.00", locale=locale)

    for seq, entry in _entries(store, year, date_from, date_to):
        label = operation_label(entry.operation)
        for ln in entry.lines:
            account = chart[ln.account]
            writer.writerow(
                [
                    seq,
                    entry.at[:10],
                    entry.at[11:19],
                    label,
                    entry.counter or "",
                    entry.receipt or "",
                    entry.reverses or "",
                    ln.account,
                    account.number,
                    account.name,
                    ln.commodity,
                    amount(ln.amount),
                    amount(-ln.amount),
                ]
            )
    return buffer.getvalue().encode("utf-8-sig")


# --- hledger and Beancount ------------------------------------------------------------------


def ledger_account(account: Account) -> str:
    """``till_fund:C01`` (an asset) -> ``Assets:TillFund:C01``: parts that both hledger and
    Beancount accept (a capital letter or a digit first, then letters, digits and dashes)."""
    parts = []
    for piece in account.key.split(":"):
        words = [w for w in re.split(r"[^A-Za-z0-9]+", piece) if w]
        parts.append("".join(w[:1].upper() + w[1:] for w in words) or "X")
    return f"{ROOTS.get(account.kind, 'Equity')}:{':'.join(parts)}"


def ledger_text(
    store: Store,
    dialect: str = "hledger",
    year: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> str:
    """The journal as plain text for hledger (and ledger-cli) or Beancount."""
    out = io.StringIO()
    write_ledger(store, out, dialect, year, date_from, date_to)
    return out.getvalue()


def write_ledger(
    store: Store,
    out: TextIO,
    dialect: str = "hledger",
    year: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> None:
    """Write the text of :func:`ledger_text` to ``out`` entry by entry: a journal of a million
    entries never sits in memory whole."""
    if dialect not in DIALECTS:
        raise InputError(
            N_("Unknown format {dialect}: choose {choices}."),
            dialect=dialect,
            choices=", ".join(DIALECTS),
        )
    chart = accounts(store)
    names = {key: ledger_account(account) for key, account in chart.items()}
    unit = settings.currency(store).code
    beancount = dialect == "beancount"
    if beancount and not BEANCOUNT_COMMODITY.match(unit):
        raise RuleViolation(
            N_("Beancount cannot name the currency {code}: its code must be capital letters A-Z."),
            code=unit,
        )
    used, first_day = _used_accounts(store, *period(year, date_from, date_to))
    title = settings.association(store).name
    head: list[str] = []
    if beancount:
        head.append(f"option {_quoted('title')} {_quoted(title)}")
        head.append(f'option "operating_currency" "{EUR}"')
        opened = first_day or date.today().isoformat()
        head.append("")
        for commodity in (EUR, unit):
            head.append(f"{opened} commodity {commodity}")
        for key in sorted(used, key=lambda k: names[k]):
            head.append(f"{opened} open {names[key]}")
    else:
        head.append(f"; {_one_line(title)}")
        for commodity in (EUR, unit):
            head.append(f"commodity 1000.00 {commodity}")
        for key in sorted(used, key=lambda k: names[k]):
            head.append(f"account {names[key]}  ; {chart[key].number} {_one_line(chart[key].name)}")
    head.append("")
    out.write("\n".join(head))
    labels: dict[str, str] = {}
    for seq, entry in _entries(store, year, date_from, date_to):
        out.write("\n")
        day = entry.at[:10]
        label = labels.get(entry.operation)
        if label is None:
            label = labels[entry.operation] = operation_label(entry.operation)
        if entry.reverses is not None:
            label = _("Correction of entry {seq}: {operation}").format(
                seq=entry.reverses, operation=label
            )
        body: list[str] = []
        if beancount:
            body.append(f"{day} * {_quoted(label)}")
            body.append(f"  seq: {seq}")
            if entry.receipt:
                body.append(f"  receipt: {_quoted(entry.receipt)}")
        else:
            code = f" ({entry.receipt})" if entry.receipt else ""
            body.append(f"{day} *{code} {_one_line(label)}  ; seq:{seq}")
        for ln in entry.lines:
            body.append(f"    {names[ln.account]}  {decimal_text(ln.amount)} {ln.commodity}")
        body.append("")
        out.write("\n".join(body))


def _used_accounts(
    store: Store, first: str | None, last: str | None
) -> tuple[set[str], str | None]:
    """The accounts the entries of the period post to, and the day of the first of them."""
    if first is None and last is None:
        used = {row[0] for row in store.execute("SELECT DISTINCT account FROM balance")}
        return used, store.scalar("SELECT substr(MIN(at), 1, 10) FROM txn")
    bounds = (first or "", _next_day(last) if last else "\uffff")
    used = {
        row[0]
        for row in store.execute(
            "SELECT DISTINCT p.account FROM txn t JOIN posting p ON p.txn_seq = t.seq "
            "WHERE t.at >= ? AND t.at < ?",
            bounds,
        )
    }
    return used, store.scalar(
        "SELECT substr(MIN(at), 1, 10) FROM txn WHERE at >= ? AND at < ?", bounds
    )


def _quoted(text: str) -> str:
    escaped = _one_line(text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _one_line(text: str) -> str:
    return " ".join(text.split())
