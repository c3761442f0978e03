"""What the member page says besides the identity and the journal: the member's standing in
words, the membership fees paid, and a partner's reconversions with what is still owed to them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from caisse.i18n import N_, _
from caisse.services import members

from ..models import GREY, RED, Column, Index, RowsModel
from ..widgets import long_date, money, short_date


def standing(row: dict[str, Any], today: date) -> tuple[str, str]:
    """The member's status ("current", "lapsed", "left") and how the page says it."""
    status = members.status(row, today)
    until, left = row["membership_until"], row["left_on"]
    if status == "left":
        return status, _("Left the association on {date}").format(date=long_date(left))
    if status == "current":
        text = _("Member until {date}").format(date=long_date(until))
        if left:  # the day they leave is recorded ahead
            text += " · " + _("leaves on {date}").format(date=long_date(left))
        return status, text
    if until:
        after = (date.fromisoformat(until) + timedelta(days=1)).isoformat()
        return status, _("Lapsed since {date}").format(date=long_date(after))
    return status, _("No membership fee paid yet")


#: how a fee was paid, as the counter's fee dialog says it
METHOD_LABELS = {
    "cash": N_("Cash"),
    "cheque": N_("Cheque"),
    "card": N_("Card"),
    "units": N_("{unit} notes"),
    "online": N_("Paid online"),
}


def method_text(row: dict[str, Any], unit: str) -> str:
    label = METHOD_LABELS.get(row["method"] or "")
    return _(label).format(unit=unit) if label else row["method"] or ""


def fee_columns(unit: str) -> list[Column]:
    return [
        Column(N_("From"), lambda r: short_date(r["starts_on"])),
        Column(N_("To"), lambda r: short_date(r["ends_on"])),
        Column(N_("Fee"), lambda r: money(r["fee"], r["commodity"]), right=True),
        Column(N_("Paid on"), lambda r: short_date(r["paid_at"])),
        Column(N_("How"), lambda r: method_text(r, unit)),
        Column(N_("Receipt"), lambda r: r["receipt"] or r["reference"] or ""),
    ]


#: the column of :func:`fee_columns` that takes the room left
FEE_STRETCH = 4


def reconversion_state(row: dict[str, Any]) -> str:
    if row["state"] == "paid":
        text = _("Paid on {date}").format(date=short_date(row["paid_at"]))
        return f"{text} · {row['reference']}" if row["reference"] else text
    if row["state"] == "cancelled":
        return _("Cancelled")
    return _("Owed")


def _state_color(row: dict[str, Any]) -> QColor | None:
    return {"owed": RED, "cancelled": GREY}.get(row["state"])


RECONVERSION_COLUMNS = [
    Column(N_("Date"), lambda r: short_date(r["at"])),
    Column(N_("Receipt"), lambda r: r["receipt"] or ""),
    Column(N_("Notes"), lambda r: money(r["units"], r["unit_commodity"] or "EUR"), right=True),
    Column(N_("To pay"), lambda r: money(r["to_pay"]), right=True),
    Column(N_("Transfer"), reconversion_state, color=_state_color),
]
RECONVERSION_STRETCH = 4


def owed_total(rows: list[dict[str, Any]]) -> tuple[int, int]:
    """What is owed to the partner now, in cents, and for how many reconversions."""
    owed = [r["to_pay"] for r in rows if r["state"] == "owed"]
    return sum(owed), len(owed)


class TippedRowsModel(RowsModel):
    """Rows whose cells also show their whole text as a tooltip, for a column cut short."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.cell_text(index.row(), index.column()) if self.row_at(index) else None
        return super().data(index, role)
