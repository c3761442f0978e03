"""The member chosen in the registry: identity, membership and history from the journal."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from caisse.i18n import _
from caisse.services import ledger, members
from caisse.store.db import Store

from ..journal_view import MEMBER_COLUMNS, MEMBER_STRETCH, table_view
from ..models import KIND_LABELS, RowsModel
from ..widgets import heading, hint, long_date

HISTORY_ROWS = 200


class MemberDetail(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.uid: str | None = None
        self.name = heading("", 15)
        self.name.setWordWrap(True)
        self.number = QLabel()
        self.kind = QLabel()
        self.contact = QLabel()
        self.contact.setWordWrap(True)
        self.place = QLabel()
        self.membership = QLabel()
        self.membership.setWordWrap(True)
        self.joined = QLabel()
        self.empty = hint(_("Choose a member in the list to see their details and history."))
        self.history = RowsModel(MEMBER_COLUMNS, self)
        self.history_view = table_view(self.history, stretch=MEMBER_STRETCH)
        self.history_caption = QLabel(_("History"))
        self.history_caption.setStyleSheet("font-weight:600; color:#3b4654;")

        form = QFormLayout()
        form.addRow(_("Number"), self.number)
        form.addRow(_("Kind"), self.kind)
        form.addRow(_("Membership"), self.membership)
        form.addRow(_("Member since"), self.joined)
        form.addRow(_("Contact"), self.contact)
        form.addRow(_("Address"), self.place)
        identity = QWidget()
        identity.setFixedWidth(400)
        identity_layout = QVBoxLayout(identity)
        identity_layout.setContentsMargins(0, 0, 0, 0)
        identity_layout.addWidget(self.name)
        identity_layout.addLayout(form)
        identity_layout.addStretch(1)
        history = QVBoxLayout()
        history.addWidget(self.history_caption)
        history.addWidget(self.history_view, 1)
        self.details = QWidget()
        details_layout = QHBoxLayout(self.details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.setSpacing(24)
        details_layout.addWidget(identity)
        details_layout.addLayout(history, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.details, 1)
        self.details.hide()

    def show_member(self, uid: str | None) -> None:
        self.uid = uid
        if uid is None:
            self.details.hide()
            self.empty.show()
            return
        row = members.by_uid(self.store, uid)
        self.name.setText(members.display_name(row))
        self.number.setText(row["number"])
        kind = _(KIND_LABELS[row["kind"]])
        self.kind.setText(_("{kind}, partner").format(kind=kind) if row["is_partner"] else kind)
        self._membership(row)
        self.joined.setText(long_date(row["joined_on"]))
        self.contact.setText(" · ".join(v for v in (row["email"], row["phone"]) if v) or "—")
        self.place.setText(" ".join(v for v in (row["postcode"], row["commune"]) if v) or "—")
        self.history.set_rows(ledger.listing(self.store, member=uid, limit=HISTORY_ROWS))
        self.empty.hide()
        self.details.show()

    def _membership(self, row: dict[str, Any]) -> None:
        until = row["membership_until"]
        if members.is_member_current(row, date.today()):
            text, color = _("Member until {date}").format(date=long_date(until)), "#1b5e20"
        elif until:
            text, color = _("Lapsed since {date}").format(date=long_date(until)), "#b3261e"
        else:
            text, color = _("No membership fee paid yet"), "#b3261e"
        self.membership.setText(text)
        self.membership.setStyleSheet(f"color:{color}; font-weight:600;")

    def refresh(self) -> None:
        if self.uid is not None:
            self.show_member(self.uid)
