"""The directory written to a file: a printed guide (PDF, A4 or A5), a map (GeoJSON) or a
spreadsheet (CSV).

The partners are gathered on the GUI thread (a SQLite connection stays on its thread); the file
is drawn and written on a worker thread, so a guide of a few thousand partners never freezes the
window; the worker's answer comes back as a signal.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

from caisse.domain.errors import CaisseError
from caisse.i18n import N_, _
from caisse.store.db import Store

from ..widgets import Banner

try:
    from caisse.services import directory_export
except ImportError:  # the exports are not part of this build yet: no export buttons
    directory_export = None  # type: ignore[assignment]

FILTERS = {
    "pdf": N_("PDF documents (*.pdf)"),
    "geojson": N_("GeoJSON maps (*.geojson)"),
    "csv": N_("CSV files (*.csv)"),
}
BUSY = {
    "pdf": N_("Drawing the printed guide…"),
    "geojson": N_("Writing the map…"),
    "csv": N_("Writing the spreadsheet…"),
}
DONE = {
    "pdf": N_("The printed guide is written to {path}."),
    "geojson": N_("The map is written to {path}: load it in uMap or another map tool."),
    "csv": N_("The spreadsheet is written to {path}."),
}
LAYOUT_LABELS = {"a4": N_("A4 pages"), "a5": N_("A5 booklet")}


class _Signals(QObject):
    written = Signal(str)
    failed = Signal(str)


class RenderJob(QRunnable):
    """Draws the file from data already gathered, and writes it; no database here."""

    def __init__(self, data: Any, fmt: str, layout: str, path: Path) -> None:
        super().__init__()
        self.data = data
        self.fmt = fmt
        self.layout = layout
        self.path = path
        self.signals = _Signals()

    def run(self) -> None:
        try:
            content = directory_export.render(self.data, self.fmt, self.layout)
            self.path.write_bytes(content)
        except CaisseError as err:
            self.signals.failed.emit(str(err))
        except OSError as err:
            self.signals.failed.emit(
                _("The file {path} could not be written ({reason}): choose another folder.")
                .format(path=str(self.path), reason=err.strerror or str(err))
            )  # fmt: skip
        except Exception as err:  # a defect: say so rather than leave the page busy forever
            traceback.print_exc(file=sys.stderr)
            self.signals.failed.emit(
                _("The file could not be made ({error}). Nothing was written; please report "
                  "this to whoever maintains Caisse.").format(error=f"{type(err).__name__}: {err}")
            )  # fmt: skip
        else:
            self.signals.written.emit(str(self.path))


class ExportBar(QWidget):
    """The export buttons, the busy indication while a file is written, the answer in
    ``banner``. ``include_former`` says whether the spreadsheet lists former partners too."""

    def __init__(
        self,
        store: Store,
        banner: Banner,
        include_former: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.banner = banner
        self.include_former = include_former
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.job: RenderJob | None = None
        self.last_path: Path | None = None

        self.guide_button = QPushButton(_("Printed guide (PDF)…"))
        self.guide_button.clicked.connect(lambda: self.export("pdf"))
        self.paper = QComboBox()
        for paper, label in LAYOUT_LABELS.items():
            self.paper.addItem(_(label), paper)
        self.map_button = QPushButton(_("Map (GeoJSON)…"))
        self.map_button.clicked.connect(lambda: self.export("geojson"))
        self.sheet_button = QPushButton(_("Spreadsheet (CSV)…"))
        self.sheet_button.setToolTip(_("Lists the former partners too while they are shown."))
        self.sheet_button.clicked.connect(lambda: self.export("csv"))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # no end known: a moving bar
        self.busy.setMaximumWidth(120)
        self.busy.setTextVisible(False)
        self.busy_label = QLabel()
        self.busy_label.setStyleSheet("color:#5f6b7a;")
        self._set_busy(None)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel(_("Export the directory:"))
        caption.setStyleSheet("color:#3b4654; font-weight:600;")
        layout.addWidget(caption)
        layout.addWidget(self.guide_button)
        layout.addWidget(self.paper)
        layout.addSpacing(8)
        layout.addWidget(self.map_button)
        layout.addWidget(self.sheet_button)
        layout.addSpacing(12)
        layout.addWidget(self.busy)
        layout.addWidget(self.busy_label)
        layout.addStretch(1)
        self.setVisible(directory_export is not None)

    @property
    def buttons(self) -> tuple[QPushButton, ...]:
        return (self.guide_button, self.map_button, self.sheet_button)

    def export(self, fmt: str) -> None:
        """Ask where, gather the partners here, then draw and write the file on a worker."""
        if directory_export is None or self.job is not None:
            return
        layout = self.paper.currentData() if fmt == "pdf" else "a4"
        path = self.ask_path(fmt, directory_export.suggested_name(fmt, layout))
        if path is None:
            return
        include_former = fmt == "csv" and self.include_former()
        try:
            data = directory_export.gather(self.store, include_former=include_former)
        except CaisseError as err:
            self.banner.error(str(err))
            return
        job = RenderJob(data, fmt, layout, path)
        job.setAutoDelete(False)  # kept until its answer is read
        job.signals.written.connect(self._written)
        job.signals.failed.connect(self._failed)
        self.job = job
        self.banner.clear_message()
        self._set_busy(fmt)
        self.pool.start(job)

    def ask_path(self, fmt: str, suggested: str) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Export the directory"), str(Path.home() / suggested), _(FILTERS[fmt])
        )
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == f".{fmt}" else path.with_name(f"{path.name}.{fmt}")

    def _written(self, path: str) -> None:
        fmt = self.job.fmt if self.job else "pdf"
        self._finish()
        self.last_path = Path(path)
        self.banner.success(_(DONE[fmt]).format(path=path))

    def _failed(self, message: str) -> None:
        self._finish()
        self.banner.error(message)

    def _finish(self) -> None:
        self.job = None
        self._set_busy(None)

    def _set_busy(self, fmt: str | None) -> None:
        working = fmt is not None
        for button in self.buttons:
            button.setEnabled(not working)
        self.paper.setEnabled(not working)
        self.busy.setVisible(working)
        self.busy_label.setText(_(BUSY[fmt]) if fmt else "")
        self.busy_label.setVisible(working)

    def wait(self) -> None:
        """Block until the file in progress is written (for closing the window, and tests)."""
        self.pool.waitForDone()
