"""A settings tab made of a form, a message banner and a Save button."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from caisse.domain.errors import CaisseError
from caisse.i18n import _
from caisse.services.context import Context

from ...bus import Bus
from ...widgets import Banner


class FormTab(QWidget):
    def __init__(self, ctx: Context, bus: Bus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        self.bus = bus
        self.banner = Banner()
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.setHorizontalSpacing(14)
        self.form.setVerticalSpacing(9)
        self.save_button = QPushButton(_("Save"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        form_box = QWidget()
        form_box.setLayout(self.form)
        form_box.setMaximumWidth(720)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(20, 16, 20, 16)
        self.layout_.addWidget(self.banner)
        self.layout_.addWidget(form_box)
        self.layout_.addStretch(1)
        self.layout_.addLayout(buttons)

    def save(self) -> None:  # pragma: no cover - each tab defines it
        raise NotImplementedError

    def attempt(self, action: Callable[[], None], done: str) -> bool:
        """Run the service calls; say what was saved or why it was refused."""
        try:
            action()
        except CaisseError as err:
            self.banner.error(str(err))
            return False
        self.banner.success(done)
        self.bus.settings_changed.emit()
        return True
