"""Importing members from a CSV file: choose it, read the dry run row by row, then import the
clean rows in one go or cancel; and saving the members as CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caisse.domain.errors import CaisseError
from caisse.i18n import N_, _, ngettext
from caisse.services import imports
from caisse.services.context import Context

from ..journal_view import table_view
from ..models import Column, RowsModel
from ..widgets import Banner, heading, hint

ACTION_LABELS = {
    "create": N_("new member"),
    "update": N_("update"),
    "membership": N_("membership"),
    "unchanged": N_("unchanged"),
    "skipped": N_("skipped"),
    "refused": N_("refused"),
}
RED, GREY, GREEN = QColor("#b3261e"), QColor("#6b7380"), QColor("#1b5e20")
ACTION_COLORS = {"refused": RED, "skipped": GREY, "unchanged": GREY, "create": GREEN}


def _action_text(row: dict[str, Any]) -> str:
    text = _(ACTION_LABELS[row["action"]])
    if row["payment"] and row["action"] != "membership":
        text += " + " + _("membership")
    return text


COLUMNS = [
    Column(N_("Line"), lambda r: str(r["line"]), right=True),
    Column(N_("Action"), _action_text, color=lambda r: ACTION_COLORS.get(r["action"])),
    Column(N_("Name"), lambda r: r["name"]),
    Column(N_("Reason"), lambda r: r["reason"]),
]
FILE_FILTER = N_("CSV files (*.csv *.txt);;All files (*)")


class ImportDialog(QDialog):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan: imports.ImportPlan | None = None
        self.imported: imports.ImportResult | None = None
        self.setWindowTitle(_("Import members"))
        self.resize(1060, 580)

        self.file_label = QLabel(_("No file chosen."))
        self.file_label.setStyleSheet("color:#5f6b7a;")
        self.choose_button = QPushButton(_("Choose a file…"))
        self.choose_button.clicked.connect(self.choose)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.banner = Banner()
        self.model = RowsModel(COLUMNS, self)
        self.table = table_view(self.model, stretch=3)
        header = self.table.horizontalHeader()
        for column, width in enumerate((56, 250, 260)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            _("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("primary")
        self.import_button.setEnabled(False)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.file_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.setSpacing(10)
        layout.addWidget(heading(_("Import members")))
        layout.addWidget(
            hint(
                _(
                    "A HelloAsso membership export, or any CSV of members. Nothing is written "
                    "before you confirm; then every clean row is imported, or none."
                )
            )
        )
        layout.addLayout(top)
        layout.addWidget(self.counts)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

    def choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import members"), str(Path.home()), _(FILE_FILTER)
        )
        if path:
            self.load(Path(path))

    def load(self, path: Path) -> None:
        """Read the file and show the dry run: what each row will do."""
        self.plan = None
        self.banner.clear_message()
        self.file_label.setText(path.name)
        try:
            data = path.read_bytes()
            plan = imports.plan(self.ctx.store, data)
        except CaisseError as err:
            self._refused(str(err))
            return
        except OSError as err:
            self._refused(_("{file}: {error}").format(file=path.name, error=err.strerror))
            return
        self.plan = plan
        # what needs a look first: the rows left out, then the others in file order
        first = [r for r in plan.rows if r.action in ("refused", "skipped")]
        rest = [r for r in plan.rows if r.action not in ("refused", "skipped")]
        self.model.set_rows([row.__dict__ for row in (*first, *rest)])
        self.counts.setText(summary(plan))
        n = len(plan.to_write)
        self.import_button.setText(ngettext("Import {n} row", "Import {n} rows", n).format(n=n))
        self.import_button.setEnabled(n > 0)
        if plan.count("refused"):
            self.banner.info(
                _("Refused rows are left out; the others can be imported without them.")
            )
        elif n == 0:
            self.banner.info(_("Everything in this file is already in the registry."))

    def _refused(self, message: str) -> None:
        self.model.set_rows([])
        self.counts.clear()
        self.banner.error(message)
        self.import_button.setText(_("Import"))
        self.import_button.setEnabled(False)

    def run_import(self) -> None:
        if self.plan is None:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.imported = imports.apply(self.ctx, self.plan)
        except CaisseError as err:
            self.banner.error(str(err))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()


def summary(plan: imports.ImportPlan) -> str:
    parts = [
        _("{n} to create").format(n=plan.count("create")),
        _("{n} to update").format(n=plan.count("update")),
        _("{n} memberships").format(n=plan.memberships),
        _("{n} unchanged").format(n=plan.count("unchanged")),
        _("{n} skipped").format(n=plan.count("skipped")),
        _("{n} refused").format(n=plan.count("refused")),
    ]
    return _("{rows} rows: {counts}.").format(rows=len(plan.rows), counts=", ".join(parts))


def export_members(ctx: Context, parent: QWidget | None = None) -> Path | None:
    """Ask where, then save every member as CSV for a spreadsheet."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Export members"), str(Path.home() / _("members.csv")), _(FILE_FILTER)
    )
    if not path:
        return None
    target = Path(path)
    target.write_bytes(imports.export_csv(ctx))
    return target
