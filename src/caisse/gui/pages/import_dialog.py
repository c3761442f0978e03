"""Importing members from a CSV file: choose it, read the dry run row by row, then import the
clean rows in one go or cancel; and saving the members as CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QCloseEvent, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
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
        #: a dry run or an import is running
        self.busy = False
        self.stopping = False
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
        for column, width in enumerate((64, 250, 260)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            _("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("primary")
        self.import_button.setEnabled(False)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(_("Cancel"))
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()

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
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

    def choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import members"), str(Path.home()), _(FILE_FILTER)
        )
        if path:
            self.load(Path(path))

    def load(self, path: Path) -> None:
        """Read the file and start the dry run, which says what each row will do."""
        self.plan = None
        self.banner.clear_message()
        self.file_label.setText(path.name)
        self.model.set_rows([])
        self.counts.clear()
        self.import_button.setEnabled(False)
        try:
            data = path.read_bytes()
        except OSError as err:
            self._refused(_("{file}: {error}").format(file=path.name, error=err.strerror))
            return
        plan = self._run(
            lambda progress: imports.plan(self.ctx.store, data, progress=progress),
            _("Reading the file: row %v of %m"),
        )
        if isinstance(plan, str):
            self._refused(plan)
        else:
            self._planned(plan)

    def _run(self, work: Any, progress_text: str) -> Any:
        """Run ``work(progress)`` with the progress shown and the window answering (the
        events are processed at each step, so Cancel stops it); returns its result, or the
        message saying why it failed or that it was stopped (nothing then was written)."""
        self.busy, self.stopping = True, False
        self.progress.setFormat(progress_text)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.choose_button.setEnabled(False)
        self.import_button.setEnabled(False)
        try:
            return work(self._progressed)
        except CaisseError as err:
            return str(err)
        finally:
            self.busy = False
            self.progress.hide()
            self.choose_button.setEnabled(True)
            self.import_button.setEnabled(self.plan is not None and bool(self.plan.to_write))

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        QCoreApplication.processEvents()
        if self.stopping:
            raise imports.Cancelled()

    def _planned(self, plan: imports.ImportPlan) -> None:
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
        if self.plan is None or self.busy:
            return
        plan = self.plan
        self.banner.clear_message()
        result = self._run(
            lambda progress: imports.apply(self.ctx, plan, progress=progress),
            _("Importing: %p%"),
        )
        if isinstance(result, str):
            self.banner.error(result)
            return
        self.imported = result
        self.accept()

    def reject(self) -> None:
        """Cancel: a dry run or an import running stops first (an import stopped writes
        nothing), and the dialog stays open to say so."""
        if self.busy:
            self.stopping = True
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            self.stopping = True
            event.ignore()
            return
        super().closeEvent(event)


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
