"""GUI fixtures: a main window for a given user, shown offscreen, and helpers to drive dialogs
whose ``exec()`` must never block a test run."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from caisse.gui.main_window import MainWindow
from caisse.services.context import Context


@pytest.fixture
def window(qtbot) -> Callable[[Context], MainWindow]:
    def make(ctx: Context) -> MainWindow:
        win = MainWindow(ctx)
        qtbot.addWidget(win)
        with qtbot.waitExposed(win):
            win.show()
        win.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
        return win

    return make


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def drive(monkeypatch, dialog_class: type[QDialog], fill: Callable[[QDialog], None]) -> list:
    """Replace ``dialog_class.exec`` by ``fill`` (which types and presses Save) and return
    the list of dialogs opened, for the test to inspect."""
    opened: list[QDialog] = []

    def fake_exec(self: QDialog) -> int:
        opened.append(self)
        fill(self)
        return self.result()

    monkeypatch.setattr(dialog_class, "exec", fake_exec)
    return opened
