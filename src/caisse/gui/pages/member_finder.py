"""Finding a member at the counter: a number typed or scanned (check digit verified), or a
name searched as it is typed, picked with the arrow keys and Enter."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from caisse.domain.codes import looks_like_number
from caisse.domain.errors import CaisseError
from caisse.domain.text import fold
from caisse.i18n import _
from caisse.services import members
from caisse.store.db import Store

from ..models import KIND_LABELS
from ..widgets import heading, long_date

SEARCH_DELAY_MS = 150
MAX_RESULTS = 8


class MemberFinder(QWidget):
    """The member field, the list of names found, and the card of the member chosen."""

    chosen = Signal(dict)
    cleared = Signal()
    failed = Signal(str)

    def __init__(
        self, store: Store, parent: QWidget | None = None, *, partners_only: bool = False
    ) -> None:
        super().__init__(parent)
        self.store = store
        #: offer only partners (reconversion): individuals are neither listed nor accepted
        self.partners_only = partners_only
        self.member: dict[str, Any] | None = None

        self.edit = QLineEdit()
        self.edit.setObjectName("memberField")
        self.edit.setPlaceholderText(
            _("Partner number or name") if partners_only else _("Member number or name")
        )
        self.edit.setClearButtonEnabled(True)
        self.edit.installEventFilter(self)
        self.edit.textEdited.connect(self._edited)
        self.edit.returnPressed.connect(self.confirm)

        self.results = QListWidget()
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setMaximumHeight(190)
        self.results.itemActivated.connect(self._pick_item)
        self.results.itemClicked.connect(self._pick_item)
        self.results.hide()

        self.card = QFrame()
        self.card.setObjectName("card")
        self.name_label = heading("", 16)
        self.name_label.setWordWrap(True)
        self.detail_label = QLabel()
        self.detail_label.setStyleSheet("color:#5f6b7a;")
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        card_layout = QVBoxLayout(self.card)
        card_layout.setContentsMargins(14, 10, 14, 10)
        card_layout.setSpacing(3)
        for label in (self.name_label, self.detail_label, self.status_label):
            card_layout.addWidget(label)
        self.card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.card.hide()

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self._search)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.edit)
        layout.addWidget(self.results)
        layout.addWidget(self.card)

    # --- typing ---------------------------------------------------------------------------
    def _edited(self, text: str) -> None:
        if self.member is not None:
            self.member = None
            self.card.hide()
            self.cleared.emit()
        if looks_like_number(text) or len(fold(text)) < 2:
            self.timer.stop()
            self.results.clear()
            self.results.hide()
        else:
            self.timer.start()

    def _search(self) -> None:
        self.timer.stop()
        self.results.clear()
        if self.partners_only:
            found = [
                row
                for row in members.search(self.store, self.edit.text(), limit=20 * MAX_RESULTS)
                if row["is_partner"]
            ][:MAX_RESULTS]
        else:
            found = members.search(self.store, self.edit.text(), limit=MAX_RESULTS)
        for row in found:
            item = QListWidgetItem(self._line(row))
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
            self.results.show()
        else:
            self.results.hide()
            self.failed.emit(
                _(
                    'No member matches "{text}". Check the spelling or type the member number.'
                ).format(text=self.edit.text().strip())
            )

    @staticmethod
    def _line(row: dict[str, Any]) -> str:
        place = f" — {row['commune']}" if row["commune"] else ""
        return f"{row['number']}   {members.display_name(row)}{place}"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down move in the list of names while the typing stays in the field."""
        if (
            watched is self.edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.count():
                step = 1 if key == Qt.Key.Key_Down else -1
                current = max(0, self.results.currentRow())
                self.results.setCurrentRow((current + step) % self.results.count())
                return True
        return super().eventFilter(watched, event)

    # --- choosing --------------------------------------------------------------------------
    def confirm(self) -> None:
        """Enter: the number typed, or the name highlighted in the list."""
        if self.member is not None:
            self.chosen.emit(self.member)
            return
        text = self.edit.text().strip()
        if not text:
            return
        if looks_like_number(text):
            try:
                row = members.by_number(self.store, text)
            except CaisseError as err:
                self.failed.emit(str(err))
                self.edit.selectAll()
                return
            if self.partners_only and not row["is_partner"]:
                self.failed.emit(
                    _(
                        "{name} is not a partner: only partners may reconvert notes into euros."
                    ).format(name=members.display_name(row))
                )
                self.edit.selectAll()
                return
            self.choose(row)
            return
        if self.timer.isActive() or not self.results.count():
            self._search()
        item = self.results.currentItem()
        if item is not None:
            self._pick_item(item)

    def _pick_item(self, item: QListWidgetItem) -> None:
        self.choose(item.data(Qt.ItemDataRole.UserRole))

    def choose(self, row: dict[str, Any]) -> None:
        self.timer.stop()
        self.results.clear()
        self.results.hide()
        self.member = row
        self.edit.setText(f"{row['number']} — {members.display_name(row)}")
        self._fill_card(row)
        self.chosen.emit(row)

    def reload(self) -> None:
        """Read the member again (after a membership fee)."""
        if self.member is not None:
            self.member = members.by_uid(self.store, self.member["uid"])
            self._fill_card(self.member)

    def _fill_card(self, row: dict[str, Any]) -> None:
        self.name_label.setText(members.display_name(row))
        parts = [_("No. {number}").format(number=row["number"]), _(KIND_LABELS[row["kind"]])]
        if row["commune"]:
            parts.append(row["commune"])
        if row["is_partner"]:
            parts.append(_("Partner"))
        self.detail_label.setText(" · ".join(parts))
        until = row["membership_until"]
        if members.is_member_current(row, date.today()):
            text = _("Member until {date}").format(date=long_date(until))
            color = "#1b5e20"
        elif until:
            text = _("Membership lapsed on {date}: record the fee first (F3).").format(
                date=long_date(until)
            )
            color = "#b3261e"
        else:
            text = _("No membership fee paid yet: record the fee first (F3).")
            color = "#b3261e"
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color:{color}; font-weight:600;")
        self.card.show()

    def is_current(self) -> bool:
        return self.member is not None and members.is_member_current(self.member, date.today())

    def clear(self) -> None:
        self.timer.stop()
        self.member = None
        self.edit.clear()
        self.results.clear()
        self.results.hide()
        self.card.hide()
        self.cleared.emit()
