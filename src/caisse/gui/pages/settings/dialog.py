"""A settings dialog: a form, a message banner, Save and Cancel. ``submit`` calls the service;
a refusal is shown and the dialog stays open."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from caisse.domain.errors import CaisseError

from ...widgets import Banner, heading


class FormDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.banner = Banner()
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        self.submit: Callable[[], None] = lambda: None
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title))
        layout.addWidget(self.banner)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def try_accept(self) -> None:
        try:
            self.submit()
        except CaisseError as err:
            self.banner.error(str(err))
            return
        self.accept()
