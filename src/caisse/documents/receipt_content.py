"""What a receipt says about each operation: labelled lines, amounts formatted.

The lines are read from the entry's postings and details. A correction shows the lines of
the operation it cancels, with the amounts negative, after the receipt number it corrects
and the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from caisse.documents import formats as fmt
from caisse.documents.model import Posting, ReceiptEntry
from caisse.domain import accounts as acc
from caisse.domain.money import EUR
from caisse.i18n import N_, _


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    strong: bool = False


METHOD_LABELS = {
    "cash": N_("Cash"),
    "cheque": N_("Cheque"),
    "card": N_("Card"),
    "units": N_("Local currency notes"),
}

FEE_KIND_LABELS = {
    "individual": N_("Individual fee"),
    "reduced": N_("Reduced fee"),
    "organisation": N_("Organisation fee"),
}


class _Amounts:
    """The postings of the operation (for a correction: of the operation it cancels)."""

    def __init__(self, entry: ReceiptEntry) -> None:
        self.sign = -1 if entry.correction_of is not None else 1
        self.postings = tuple(
            Posting(p.account, p.commodity, self.sign * p.amount) for p in entry.postings
        )
        self.unit = entry.unit

    def kind_total(self, kinds: tuple[str, ...], commodity: str = EUR) -> int:
        """Sum of the lines on the counter's accounts of these kinds (``till_fund``...)."""
        return sum(
            p.amount
            for p in self.postings
            if p.commodity == commodity and p.account.split(":")[0] in kinds
        )

    def moved(self, commodity: str) -> int:
        """What the operation moved in a commodity: the sum of its debits."""
        return sum(p.amount for p in self.postings if p.commodity == commodity and p.amount > 0)

    def eur(self, cents: int) -> str:
        return fmt.money(self.sign * cents)

    def units(self, cents: int) -> str:
        return fmt.money(self.sign * cents, self.unit)


def rows(entry: ReceiptEntry) -> list[Row]:
    """The receipt's lines for this entry, after its number, date, place and volunteer."""
    lines: list[Row] = []
    if entry.party is not None:
        label = _("Partner") if entry.party.partner else _("Member")
        lines.append(Row(label, f"{entry.party.number} · {entry.party.name}"))
    if entry.correction_of is not None:
        lines.append(Row(_("Correction of receipt"), entry.correction_of, strong=True))
        if entry.memo:
            lines.append(Row(_("Reason"), entry.memo))
    build = _BUILDERS.get(entry.operation, _generic)
    lines += build(entry, _Amounts(entry))
    if entry.memo and entry.correction_of is None and entry.operation != "till_difference":
        lines.append(Row(_("Note"), entry.memo))
    return lines


def _method(entry: ReceiptEntry) -> list[Row]:
    method = entry.details.get("method", "cash")
    found = [Row(_("Paid by"), _(METHOD_LABELS.get(method, method)))]
    if method == "cheque":
        number = entry.details.get("cheque_number", "")
        bank = entry.details.get("cheque_bank", "")
        found.append(
            Row(
                _("Cheque"),
                _("no. {number}, {bank}").format(number=number, bank=bank)
                if bank
                else _("no. {number}").format(number=number),
            )
        )
    return found


def _exchange(entry: ReceiptEntry, a: _Amounts) -> list[Row]:
    return [
        Row(_("Euros received"), a.eur(a.moved(EUR)), strong=True),
        *_method(entry),
        Row(_("Notes handed over"), a.units(a.moved(entry.unit)), strong=True),
    ]


def _membership(entry: ReceiptEntry, a: _Amounts) -> list[Row]:
    d = entry.details
    kind = d.get("fee_kind", "")
    found = [Row(_("Fee"), _(FEE_KIND_LABELS.get(kind, kind)))] if kind else []
    if d.get("method") == "units":
        found.append(Row(_("Notes received"), a.units(a.moved(entry.unit)), strong=True))
        found.append(Row(_("Fee value"), a.eur(-a.kind_total(("fees",)))))
    else:
        found.append(Row(_("Amount received"), a.eur(a.moved(EUR)), strong=True))
    found += _method(entry)
    if d.get("from") and d.get("to"):
        period = _("from {start} to {end}").format(
            start=fmt.short_day(date.fromisoformat(d["from"])),
            end=fmt.short_day(date.fromisoformat(d["to"])),
        )
        found.append(Row(_("Period covered"), period))
    return found


def _reconversion(entry: ReceiptEntry, a: _Amounts) -> list[Row]:
    d = entry.details
    found = [
        Row(_("Notes handed back"), a.units(a.moved(entry.unit)), strong=True),
        Row(_("Value in euros"), a.eur(int(d.get("euros", 0)))),
        Row(
            _("Commission ({rate})").format(rate=fmt.rate(int(d.get("rate_bp", 0)))),
            a.eur(-int(d.get("commission", 0))),
        ),
        Row(_("Euros to be transferred"), a.eur(int(d.get("to_pay", 0))), strong=True),
    ]
    if d.get("iban"):
        found.append(Row(_("To the account"), fmt.masked_iban(str(d["iban"]))))
    return found


def _voucher_redemption(entry: ReceiptEntry, a: _Amounts) -> list[Row]:
    serial = str(entry.details.get("serial", ""))
    grouped = " ".join(serial[i : i + 4] for i in range(0, len(serial), 4))
    found = [Row(_("Voucher"), grouped), *_reconversion(entry, a)]
    found[1] = Row(_("Voucher value"), a.units(a.moved(entry.unit)), strong=True)
    return found


def _deposit(entry: ReceiptEntry, a: _Amounts) -> list[Row]:
    d = entry.details
    found = [Row(_("Bank slip"), str(d.get("slip", "")), strong=True)]
    cash = -a.kind_total((acc.TILL_FUND, acc.TILL_ASSOC))
    if cash:
        found.append(Row(_("Cash"), a.eur(cash)))
    for cheque in entry.cheques:
        label = _("Cheque no. {number}").format(number=cheque.number)
        if cheque.bank:
            label += f", {cheque.bank}"
        found.append(Row(label, a.eur(cheque.amount)))
    cards = -a.kind_total((acc.CARDS_FUND, acc.CARDS_ASSOC))
    if cards:
        found.append(Row(_("Card payments"), a.eur(cards)))
    fund, assoc = int(d.get("fund", 0)), int(d.get("assoc", 0))
    if fund and assoc:
        found.append(Row(_("To the guarantee fund account"), a.eur(fund)))
        found.append(Row(_("To the operating account"), a.eur(assoc)))
    found.append(Row(_("Total deposited"), a.eur(fund + assoc), strong=True))
    return found


def _supply(entry: ReceiptEntry, a: _Amounts) -> list[Row]:
    return [
        Row(_("Notes received at the counter"), a.units(a.moved(entry.unit)), strong=True),
        Row(_("Carried by"), str(entry.details.get("courier", ""))),
    ]


def _return_notes(entry: ReceiptEntry, a: _Amounts) -> list[Row]:
    source = (
        _("notes handed back by partners")
        if entry.details.get("handed_back")
        else _("the counter's stock")
    )
    return [
        Row(_("Notes returned to the vault"), a.units(a.moved(entry.unit)), strong=True),
        Row(_("Taken from"), source),
        Row(_("Carried by"), str(entry.details.get("courier", ""))),
    ]


def _till_difference(entry: ReceiptEntry, a: _Amounts) -> list[Row]:
    d = entry.details
    found = []
    if d.get("cash"):
        found.append(Row(_("Cash difference"), fmt.signed_money(a.sign * int(d["cash"]))))
    if d.get("notes"):
        found.append(
            Row(_("Notes difference"), fmt.signed_money(a.sign * int(d["notes"]), entry.unit))
        )
    if d.get("cheques"):
        found.append(Row(_("Cheques missing"), fmt.count(len(d["cheques"]))))
    if entry.memo:
        found.append(Row(_("Comment"), entry.memo))
    return found


def _generic(entry: ReceiptEntry, a: _Amounts) -> list[Row]:
    found = []
    if a.moved(EUR):
        found.append(Row(_("Euros"), a.eur(a.moved(EUR)), strong=True))
    if a.moved(entry.unit):
        found.append(Row(_("Notes"), a.units(a.moved(entry.unit)), strong=True))
    return found


_BUILDERS: dict[str, Callable[[ReceiptEntry, _Amounts], list[Row]]] = {
    "exchange": _exchange,
    "membership": _membership,
    "reconversion": _reconversion,
    "voucher_redemption": _voucher_redemption,
    "deposit": _deposit,
    "supply": _supply,
    "return_notes": _return_notes,
    "till_difference": _till_difference,
}
