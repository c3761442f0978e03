"""The directory written to a file: a printed guide (PDF, A4 or A5), a map (GeoJSON) or a
spreadsheet (CSV).

The file is drawn on the window's thread, with the buttons waiting and a busy cursor: a guide of
300 partners takes a fraction of a second, one of 1,000 about two to four seconds (see
docs/benchmarks.md). A worker thread would spare those seconds, but with PySide6 6.12 a second
Python thread working while the event loop runs has made the program abort on exit.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
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
from caisse.services import directory_export, files
from caisse.store.db import Store

from ..widgets import Banner

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


def write(data: directory_export.DirectoryData, fmt: str, layout: str, path: Path) -> str | None:
    """Draw the file and write it; None when written, else what to tell the person."""
    try:
        files.write(path, directory_export.render(data, fmt, layout))
    except CaisseError as err:
        return str(err)
    except OSError as err:
        return _("The file {path} could not be written ({reason}): choose another folder.").format(
            path=str(path), reason=err.strerror or str(err)
        )
    except Exception as err:  # a defect: say so, and keep the page usable
        traceback.print_exc(file=sys.stderr)
        return _(
            "The file could not be made ({error}). Nothing was written; please report "
            "this to whoever maintains Caisse."
        ).format(error=f"{type(err).__name__}: {err}")
    return None


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

    @property
    def buttons(self) -> tuple[QPushButton, ...]:
        return (self.guide_button, self.map_button, self.sheet_button)

    def export(self, fmt: str) -> None:
        """Ask where, then gather the partners, draw the file and write it."""
        layout = self.paper.currentData() if fmt == "pdf" else "a4"
        path = self.ask_path(fmt, directory_export.suggested_name(fmt, layout))
        if path is None:
            return
        include_former = fmt == "csv" and self.include_former()
        self.banner.clear_message()
        self._set_busy(fmt)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        QCoreApplication.processEvents()  # the busy state shows before the work starts
        try:
            data = directory_export.gather(self.store, include_former=include_former)
            failure = write(data, fmt, layout, path)
        except CaisseError as err:
            failure = str(err)
        finally:
            QGuiApplication.restoreOverrideCursor()
            self._set_busy(None)
        if failure is not None:
            self.banner.error(failure)
            return
        self.last_path = path
        self.banner.success(_(DONE[fmt]).format(path=str(path)))

    def ask_path(self, fmt: str, suggested: str) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Export the directory"), str(Path.home() / suggested), _(FILTERS[fmt])
        )
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == f".{fmt}" else path.with_name(f"{path.name}.{fmt}")

    def _set_busy(self, fmt: str | None) -> None:
        working = fmt is not None
        for button in self.buttons:
            button.setEnabled(not working)
        self.paper.setEnabled(not working)
        self.busy.setVisible(working)
        self.busy_label.setText(_(BUSY[fmt]) if fmt else "")
        self.busy_label.setVisible(working)
