"""The members whose retention period is over, listed for erasure: each one ticked, a reason,
then one erasure of all those still ticked, after a confirmation (administrators only)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from caisse.domain.errors import CaisseError
from caisse.domain.roles import Permission
from caisse.i18n import N_, _, ngettext
from caisse.services import privacy
from caisse.services.context import Context

from ..journal_view import table_view
from ..models import GREY, RED, Column, RowsModel
from ..widgets import Banner, heading, hint, long_date

Index = QModelIndex | QPersistentModelIndex
STATUS_COLORS = {"lapsed": RED, "left": GREY}
COLUMNS = [
    Column(N_("Number"), lambda r: r["number"]),
    Column(N_("Name"), lambda r: r["name"]),
    Column(
        N_("Standing"),
        lambda r: _(privacy.STATUS_LABELS[r["status"]]),
        color=lambda r: STATUS_COLORS.get(r["status"]),
    ),
    Column(N_("Relationship ended on"), lambda r: long_date(r["ended_on"].isoformat())),
]
NAME_COLUMN = 1
ERASE_STYLE = (
    "QPushButton { background:#b3261e; color:white; border:1px solid #b3261e; font-weight:600; "
    "padding:6px 14px; } QPushButton:disabled { background:#e6b3af; border-color:#e6b3af; }"
)


class DueModel(RowsModel):
    """The members due for erasure, each with a check box in the first column."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(COLUMNS, parent)
        self.unticked: set[int] = set()  # row numbers; every row starts ticked

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.unticked = set()
        super().set_rows(rows)

    def ticked(self) -> list[dict[str, Any]]:
        return [row for i, row in enumerate(self.rows) if i not in self.unticked]

    def tick_all(self, ticked: bool) -> None:
        self.unticked = set() if ticked else set(range(len(self.rows)))
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole])  # fmt: skip

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and index.isValid() and index.column() == 0:
            return (
                Qt.CheckState.Unchecked if index.row() in self.unticked else Qt.CheckState.Checked
            )
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != 0:
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.unticked.discard(index.row())
        else:
            self.unticked.add(index.row())
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True


class ErasureDialog(QDialog):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.erased = 0
        self.may_erase = ctx.may(Permission.SETTINGS)
        months = privacy.retention_months(ctx.store)
        self.setWindowTitle(_("Members due for erasure"))
        self.resize(860, 560)

        self.explanation = hint(
            _(
                "The personal data of a former member is kept {months} months after the "
                "relationship ended: the latest of the day they left, the end of their "
                "membership and their last operation. The CNIL recommends three years. "
                "Erasing a member empties their name, contact, bank details, consents and "
                "directory entry; their number, membership periods and journal entries stay, "
                "so the accounts remain whole."
            ).format(months=months)
        )
        self.count = QLabel()
        self.count.setStyleSheet("font-weight:600;")
        self.banner = Banner()
        self.model = DueModel(self)
        self.table = table_view(self.model, stretch=NAME_COLUMN)
        self.model.dataChanged.connect(self._update)
        self.tick_all = QPushButton(_("Tick all"))
        self.tick_all.clicked.connect(lambda: self.model.tick_all(True))
        self.untick_all = QPushButton(_("Untick all"))
        self.untick_all.clicked.connect(lambda: self.model.tick_all(False))
        self.reason = QLineEdit(_("Retention period of {months} months over").format(months=months))
        self.reason.textChanged.connect(self._update)

        self.buttons = QDialogButtonBox()
        self.erase_button = QPushButton(_("Erase the selected members"))
        self.erase_button.setStyleSheet(ERASE_STYLE)
        self.buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.erase_button.clicked.connect(self.erase)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        self.buttons.rejected.connect(self.reject)

        ticks = QHBoxLayout()
        ticks.addWidget(self.count, 1)
        ticks.addWidget(self.tick_all)
        ticks.addWidget(self.untick_all)
        self.none_due = QLabel()
        self.none_due.setWordWrap(True)
        self.none_due.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.none_due.setStyleSheet("color:#5f6b7a; font-size:11pt;")
        self.body = QStackedWidget()
        self.body.addWidget(self.table)
        self.body.addWidget(self.none_due)
        self.reason_row = QWidget()
        form = QFormLayout(self.reason_row)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("Reason (kept in the event log)"), self.reason)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.setSpacing(10)
        layout.addWidget(heading(_("Members due for erasure")))
        layout.addWidget(self.explanation)
        layout.addWidget(self.banner)
        layout.addLayout(ticks)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.reason_row)
        self.permission_note = hint(_("Only an administrator may erase members."))
        self.permission_note.setVisible(not self.may_erase)
        layout.addWidget(self.permission_note)
        layout.addWidget(self.buttons)
        self.load()

    def load(self) -> None:
        """List the members due today, every one ticked."""
        self.model.set_rows(privacy.due_for_erasure(self.ctx.store, self.ctx.today()))
        empty = not self.model.rows
        self.body.setCurrentWidget(self.none_due if empty else self.table)
        for widget in (self.tick_all, self.untick_all, self.reason_row, self.erase_button):
            widget.setVisible(not empty)
        self.none_due.setText(
            _("No member is due for erasure: the relationship of every former member ended "
              "less than {months} months ago.").format(
                months=privacy.retention_months(self.ctx.store))
        )  # fmt: skip
        self._update()

    def _update(self, *_args: object) -> None:
        total, ticked = len(self.model.rows), len(self.model.ticked())
        if total:
            self.count.setText(
                ngettext(
                    "{ticked} of {n} member due for erasure selected",
                    "{ticked} of {n} members due for erasure selected",
                    total,
                ).format(ticked=ticked, n=total)
            )
        else:
            self.count.setText("")
        self.erase_button.setEnabled(
            self.may_erase and ticked > 0 and bool(self.reason.text().strip())
        )

    def confirm(self, n: int) -> bool:
        """Ask once more, saying how many and that it cannot be undone."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Erase the selected members"))
        box.setText(
            ngettext(
                "Erase the personal data of {n} member? This cannot be undone.",
                "Erase the personal data of {n} members? This cannot be undone.",
                n,
            ).format(n=n)
        )
        erase = box.addButton(
            ngettext("Erase {n} member", "Erase {n} members", n).format(n=n),
            QMessageBox.ButtonRole.DestructiveRole,
        )
        cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is erase

    def erase(self) -> None:
        chosen = self.model.ticked()
        if not chosen or not self.confirm(len(chosen)):
            return
        self.banner.clear_message()
        # the erasure compacts the database file: a moment on a large registry
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            erased = privacy.erase_many(self.ctx, [r["number"] for r in chosen], self.reason.text())
        except CaisseError as err:
            self.banner.error(str(err))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.erased += erased
        self.load()
        self.banner.success(
            ngettext(
                "{n} member erased; the ledger is unchanged.",
                "{n} members erased; the ledger is unchanged.",
                erased,
            ).format(n=erased)
        )
