"""The counter's quick actions, one function key each, and why an action is unavailable.

The page decides what each action does; this bar shows them, enables those the user may do in
the till's state, and says in the tooltip why the others are greyed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from caisse.i18n import N_, _


@dataclass(frozen=True)
class Action:
    key: str
    label: str  # marked with N_, translated when shown
    shortcut: Qt.Key
    needs_session: bool = True


ACTIONS = (
    Action("exchange", N_("Exchange"), Qt.Key.Key_F2),
    Action("membership", N_("Membership fee"), Qt.Key.Key_F3),
    Action("reconversion", N_("Reconversion"), Qt.Key.Key_F4),
    Action("deposit", N_("Bank deposit"), Qt.Key.Key_F5),
    Action("notes", N_("Notes supply / return"), Qt.Key.Key_F6),
    Action("correction", N_("Correct the selected operation"), Qt.Key.Key_F7),
    Action("reprint", N_("Reprint the selected receipt"), Qt.Key.Key_F8, needs_session=False),
    Action("till", N_("Close the till"), Qt.Key.Key_F9, needs_session=False),
    Action("voucher", N_("Voucher"), Qt.Key.Key_F10),
)


def key_name(key: Qt.Key) -> str:
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


class ActionBar(QWidget):
    COLUMNS = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: dict[str, QPushButton] = {}
        self.shortcuts: dict[str, QShortcut] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        for index, action in enumerate(ACTIONS):
            button = QPushButton(f"{_(action.label)}  ({key_name(action.shortcut)})")
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            grid.addWidget(button, index // self.COLUMNS, index % self.COLUMNS)
            self.buttons[action.key] = button

    def connect(self, page: QWidget, handlers: dict[str, Callable[[], None]]) -> None:
        """Buttons and function keys both call the page's handler; a key works anywhere in
        the page, even in a field."""
        for action in ACTIONS:
            handler = handlers[action.key]
            self.buttons[action.key].clicked.connect(handler)
            shortcut = QShortcut(QKeySequence(action.shortcut), page)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._guarded(action.key, handler))
            self.shortcuts[action.key] = shortcut

    def _guarded(self, key: str, handler: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            if self.buttons[key].isEnabled():
                handler()

        return run

    def set_state(self, session_open: bool, refusals: dict[str, str]) -> None:
        """``refusals``: action -> why this user may not do it."""
        closed_reason = _("The till is closed: open it first (F9).")
        for action in ACTIONS:
            button = self.buttons[action.key]
            reason = refusals.get(action.key)
            if reason is None and action.needs_session and not session_open:
                reason = closed_reason
            button.setEnabled(reason is None)
            button.setToolTip(reason or "")
        till = self.buttons["till"]
        label = N_("Close the till") if session_open else N_("Open the till")
        till.setText(f"{_(label)}  ({key_name(Qt.Key.Key_F9)})")
        till.setObjectName("" if session_open else "primary")
        till.style().unpolish(till)
        till.style().polish(till)
