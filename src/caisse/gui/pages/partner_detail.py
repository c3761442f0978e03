"""The partner chosen in the directory: its entry as the public will read it, what is owed to it
and its reconversions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from caisse.domain import geo
from caisse.domain.money import Money
from caisse.i18n import N_, _, ngettext
from caisse.services import ledger, partners
from caisse.store.db import Store

from ..journal_view import euros_text, operation_text, table_view
from ..models import RED, Column, RowsModel
from ..widgets import heading, hint, short_date
from .partner_dialog import place_text

HISTORY_ROWS = 200
#: what the history shows of a partner's entries: its reconversions and the transfers that paid them
HISTORY_OPERATIONS = ("reconversion", "partner_payment")
HISTORY_COLUMNS = [
    Column(N_("Date"), lambda r: short_date(r["at"])),
    Column(N_("Operation"), operation_text, color=lambda r: RED if r["reverses"] else None),
    Column(N_("Euros"), euros_text, right=True),
]


def caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight:600; color:#3b4654;")
    return label


def yes_no(flag: bool) -> str:
    return _("Yes") if flag else _("No")


def coordinates_text(row: dict[str, Any]) -> str:
    if row["latitude_e6"] is None or row["longitude_e6"] is None:
        return "—"
    return f"{geo.degrees_text(row['latitude_e6'])}, {geo.degrees_text(row['longitude_e6'])}"


class PartnerDetail(QWidget):
    """Read-only, below the list: the entry on the left, its texts in the middle, the money on
    the right; ``edit_requested`` when the person asks to edit the entry."""

    edit_requested = Signal()

    def __init__(self, store: Store, may_edit: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.row: dict[str, Any] | None = None

        self.name = heading("", 15)
        self.name.setWordWrap(True)
        self.subtitle = hint("")
        self.state = QLabel()
        self.edit_button = QPushButton(_("Edit directory entry…"))
        self.edit_button.clicked.connect(self.edit_requested)
        self.edit_button.setVisible(may_edit)
        self.values: dict[str, QLabel] = {}

        def value(key: str) -> QLabel:
            label = QLabel()
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
            self.values[key] = label
            return label

        form = QFormLayout()
        form.setVerticalSpacing(5)
        for key, label in (
            ("category", _("Category")),
            ("place", _("Address")),
            ("contact", _("Contact")),
            ("website", _("Website")),
            ("coordinates", _("Coordinates")),
            ("takes_vouchers", _("Takes vouchers")),
            ("is_exchange_point", _("Exchange point")),
            ("siret", _("SIRET")),
        ):
            form.addRow(label, value(key))
        state_row = QHBoxLayout()
        state_row.addWidget(self.state)
        state_row.addStretch(1)
        state_row.addWidget(self.edit_button)
        entry = QWidget()
        entry.setFixedWidth(420)
        entry_layout = QVBoxLayout(entry)
        entry_layout.setContentsMargins(0, 0, 0, 0)
        entry_layout.addWidget(self.name)
        entry_layout.addWidget(self.subtitle)
        entry_layout.addLayout(state_row)
        entry_layout.addLayout(form)
        entry_layout.addStretch(1)

        texts = QVBoxLayout()
        texts.setSpacing(4)
        for key, label in (
            ("opening_hours", _("Opening hours")),
            ("description", _("Description")),
        ):
            texts.addWidget(caption(label))
            texts.addWidget(value(key))
            texts.addSpacing(10)
        texts.addStretch(1)

        self.owed = QLabel()
        self.owed.setWordWrap(True)
        self.owed.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.history = RowsModel(HISTORY_COLUMNS, self)
        self.history_view = table_view(self.history, stretch=1)
        money = QVBoxLayout()
        money.setSpacing(4)
        money.addWidget(caption(_("Reconversions")))
        money.addWidget(self.owed)
        money.addWidget(self.history_view, 1)

        self.details = QWidget()
        details = QHBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.setSpacing(24)
        details.addWidget(entry)
        details.addLayout(texts, 2)
        details.addLayout(money, 3)
        self.empty = hint(_("Choose a partner in the list to see their directory entry."))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.details, 1)
        self.details.hide()

    @property
    def uid(self) -> str | None:
        return self.row["uid"] if self.row else None

    def show_partner(self, row: dict[str, Any] | None) -> None:
        self.row = row
        if row is None:
            self.details.hide()
            self.empty.show()
            return
        self.name.setText(row["name"])
        subtitle = _("Member {number}").format(number=row["number"])
        if row["organisation"] != row["name"]:
            subtitle = f"{row['organisation']} · {subtitle}"
        self.subtitle.setText(subtitle)
        self.state.setText(_("Listed in the directory") if row["active"] else _("Former partner"))
        colour = "#1b5e20" if row["active"] else "#6b7280"
        self.state.setStyleSheet(f"color:{colour}; font-weight:600;")
        texts = {
            "category": row["category"] or _("No category"),
            "place": place_text(row),
            "contact": " · ".join(v for v in (row["phone"], row["email"]) if v),
            "website": row["website"],
            "opening_hours": row["opening_hours"],
            "description": row["description"],
            "coordinates": coordinates_text(row),
            "takes_vouchers": yes_no(row["takes_vouchers"]),
            "is_exchange_point": yes_no(row["is_exchange_point"]),
            "siret": row["siret"],
        }
        for key, text in texts.items():
            self.values[key].setText(text or "—")
        self._money(row)
        self.empty.hide()
        self.details.show()

    def _money(self, row: dict[str, Any]) -> None:
        due = [o for o in partners.owed(self.store) if o["number"] == row["number"]]
        if due:
            total = Money(sum(int(o["to_pay"]) for o in due)).display()
            self.owed.setText(
                ngettext("{amount} owed: {n} reconversion awaiting payment.",
                         "{amount} owed: {n} reconversions awaiting payment.",
                         len(due)).format(amount=total, n=len(due))
            )  # fmt: skip
            self.owed.setStyleSheet("color:#8a1c1c; font-weight:600;")
        else:
            self.owed.setText(_("Nothing is owed to this partner."))
            self.owed.setStyleSheet("color:#3b4654;")
        entries = ledger.listing(self.store, member=row["uid"], limit=HISTORY_ROWS)
        self.history.set_rows([e for e in entries if e["operation"] in HISTORY_OPERATIONS])

    def refresh(self) -> None:
        if self.row is not None:
            self._money(self.row)
