"""A counter dialog: a title, a message banner, its fields, a confirm and a Cancel button.

Keyboard: Tab and Enter move down the fields, Enter on the last one (or Ctrl+Enter anywhere)
confirms, Escape cancels.
``submit`` calls the service; a refusal is shown in the banner and the dialog stays open, so
nothing is written until the service accepts.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caisse.domain.errors import CaisseError
from caisse.i18n import _

from ....widgets import Banner, heading


class Retry(Exception):
    """Raised by ``submit`` after it has said in the banner what to do next."""


class CounterDialog(QDialog):
    def __init__(self, title: str, confirm: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.banner = Banner()
        self.body = QVBoxLayout()
        self.body.setSpacing(8)
        #: the fields in the order Enter walks through them
        self.fields: list[QWidget] = []
        #: what the service returned once it accepted
        self.outcome: Any = None
        self.confirm_button = QPushButton(confirm)
        self.confirm_button.setObjectName("primary")
        self.cancel_button = QPushButton(_("Cancel (Esc)"))
        for button in (self.confirm_button, self.cancel_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.confirm_button.clicked.connect(self.try_accept)
        self.cancel_button.clicked.connect(self.reject)
        self.button_row = buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(heading(title))
        layout.addWidget(self.banner)
        layout.addLayout(self.body, 1)
        layout.addLayout(buttons)

    # --- keyboard ---------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.try_accept()  # Ctrl+Enter confirms from any field
            else:
                self.advance()
            return
        super().keyPressEvent(event)

    def walkable(self) -> list[QWidget]:
        return [f for f in self.fields if f.isVisibleTo(self) and f.isEnabled()]

    def advance(self) -> None:
        """Enter: the next field, or confirm from the last one."""
        focus = self.focusWidget()
        if isinstance(focus, QPushButton):
            focus.click()
            return
        fields = self.walkable()
        if focus in fields and focus is not fields[-1]:
            fields[fields.index(focus) + 1].setFocus()
            return
        self.try_accept()

    def focus_first(self) -> None:
        fields = self.walkable()
        if fields:
            fields[0].setFocus()

    # --- confirming -------------------------------------------------------------------------
    def submit(self) -> Any:  # pragma: no cover - each dialog defines it
        raise NotImplementedError

    def try_accept(self) -> None:
        try:
            self.outcome = self.submit()
        except Retry:
            return
        except CaisseError as err:
            self.banner.error(str(err))
            return
        self.accept()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.focus_first()


def caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight:600; color:#3b4654;")
    return label
