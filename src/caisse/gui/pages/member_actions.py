"""What the member page asks before acting: the day and reason a member left, the erasure of
their personal data (said plainly, confirmed by typing the number), where to save an access
request. The services decide; their refusals stay in the dialog, which stays open."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caisse.domain.errors import CaisseError
from caisse.i18n import N_, _
from caisse.services import members, privacy
from caisse.services.context import Context

from .. import printing
from ..widgets import Banner, heading, hint


class LeaveDialog(QDialog):
    """The member left the association: on which day, and why (kept in the event log)."""

    def __init__(self, ctx: Context, row: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.row = ctx, row
        self.saved: dict[str, Any] | None = None
        self.setWindowTitle(_("Member left"))
        self.setMinimumWidth(460)
        name = members.display_name(row)
        self.banner = Banner()
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        today = ctx.today()
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.day.setMaximumDate(QDate(today.year, today.month, today.day))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("e.g. moved away, by letter of 3 March"))
        form = QFormLayout()
        form.addRow(_("Left on"), self.day)
        form.addRow(_("Reason"), self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = QPushButton(_("Record the departure"))
        self.ok_button.setObjectName("primary")
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("{name} leaves the association").format(name=name)))
        layout.addWidget(
            hint(
                _(
                    "Their number, membership periods and history are kept; paying a fee "
                    'again, or "Member rejoins", makes them a member again.'
                )
            )
        )
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.reason.setFocus()

    def chosen_day(self) -> date:
        chosen = self.day.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def try_accept(self) -> None:
        try:
            self.saved = members.leave(
                self.ctx, self.row["uid"], self.reason.text(), self.chosen_day()
            )
        except CaisseError as err:
            self.banner.error(str(err))
            return
        self.accept()


class EraseDialog(QDialog):
    """Erasing a member's personal data: what goes, what stays, why, and the member number
    typed again before the button does anything."""

    def __init__(self, ctx: Context, row: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.row = ctx, row
        self.erased = False
        number = row["number"]
        self.setWindowTitle(_("Erase a member's personal data"))
        self.setMinimumWidth(520)
        self.banner = Banner()
        erased = _(
            "Erased: the name, the e-mail address, the phone number, the postal address, the "
            "bank details, the details kept for their operations (such as a cheque's drawer) "
            "and, for a partner, its entry in the directory. The consents are withdrawn."
        )
        kept = _(
            "Kept: the number {number}, the kind of member, the membership periods and every "
            "journal entry, as the accounts must stay whole. The member is then shown as "
            '"Erased member {number}".'
        ).format(number=number)
        self.what = QLabel(f"{erased}\n\n{kept}\n\n{_('This cannot be undone.')}")
        self.what.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("e.g. asked by e-mail on 3 March"))
        self.typed = QLineEdit()
        self.typed.setPlaceholderText(number)
        form = QFormLayout()
        form.addRow(_("Reason"), self.reason)
        form.addRow(_("Type the number {number} to confirm").format(number=number), self.typed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.erase_button = QPushButton(_("Erase"))
        self.erase_button.setStyleSheet(
            "QPushButton { background:#b3261e; color:white; border:1px solid #b3261e; "
            "font-weight:600; } QPushButton:disabled { background:#e6b3af; border-color:#e6b3af; }"
        )
        buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._check)
        self.typed.textChanged.connect(self._check)
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(_("Erase the personal data of {name}").format(name=members.display_name(row)))
        )
        layout.addWidget(self.what)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._check()
        self.reason.setFocus()

    def confirmed(self) -> bool:
        return self.typed.text().replace(" ", "") == self.row["number"]

    def _check(self) -> None:
        self.erase_button.setEnabled(self.confirmed() and bool(self.reason.text().strip()))

    def try_accept(self) -> None:
        if not self.confirmed():
            self.banner.error(
                _("Type the member number {number} to confirm.").format(number=self.row["number"])
            )
            return
        # the erasure compacts the database file: a moment on a large registry
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            privacy.erase(self.ctx, self.row["number"], self.reason.text())
        except CaisseError as err:
            self.banner.error(str(err))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.erased = True
        self.accept()


def ask_json_path(parent: QWidget | None, suggested: str) -> Path | None:
    """Where to save a JSON file, or None when the person cancels."""
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, _("Save the access request"), str(Path.home() / suggested), _(JSON_FILTER)
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".json" else path.with_suffix(".json")


JSON_FILTER = N_("JSON files (*.json)")


def access_request_name(number: str) -> str:
    return _("access-request-{number}.json").format(number=number)


def save_access_request(ctx: Context, number: str, parent: QWidget | None = None) -> Path | None:
    """Ask where, then write everything held about member ``number`` as one JSON file (the
    request is logged only once the place is chosen). None when the person cancels."""
    path = ask_json_path(parent, access_request_name(number))
    if path is None:
        return None
    data = privacy.access_request(ctx, number)
    return printing.write_file(path, data)
