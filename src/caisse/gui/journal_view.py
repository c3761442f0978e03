"""Journal entries as tables: the last operations of a counter, the history of a member."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from caisse.i18n import N_, _
from caisse.services import ledger

from .models import RED, Column, RowsModel
from .widgets import date_time, moment, money


def operation_text(row: dict[str, Any]) -> str:
    label = ledger.operation_label(row["operation"])
    if row["reverses"]:
        return _("{operation} (correction)").format(operation=label)
    return label


def euros_text(row: dict[str, Any]) -> str:
    return money(row["euros"]) if row["euros"] else ""


def units_text(row: dict[str, Any]) -> str:
    return money(row["units"], row["unit_commodity"]) if row["units"] else ""


def _correction_color(row: dict[str, Any]) -> Any:
    return RED if row["reverses"] else None


COUNTER_COLUMNS = [
    Column(N_("Receipt"), lambda r: r["receipt"] or ""),
    Column(N_("When"), lambda r: moment(r["at"])),
    Column(N_("Member"), lambda r: r["member_number"] or ""),
    Column(N_("Operation"), operation_text, color=_correction_color),
    Column(N_("Euros"), euros_text, right=True),
    Column(N_("Notes"), units_text, right=True),
]

MEMBER_COLUMNS = [
    Column(N_("Date"), lambda r: date_time(r["at"])),
    Column(N_("Receipt"), lambda r: r["receipt"] or ""),
    Column(N_("Operation"), operation_text, color=_correction_color),
    Column(N_("Euros"), euros_text, right=True),
    Column(N_("Notes"), units_text, right=True),
]


def table_view(
    model: RowsModel, parent: QWidget | None = None, *, stretch: int | None = None
) -> QTableView:
    """A read-only, row-selecting table sized to its contents; column ``stretch`` takes the
    room left."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(28)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setHighlightSections(False)
    return view


#: the operation column takes the room left
COUNTER_STRETCH = 3
MEMBER_STRETCH = 2
