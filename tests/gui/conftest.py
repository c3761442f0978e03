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


class Driven(list):
    """The dialogs opened, and any failure met while filling them (raised by ``check``)."""

    def __init__(self) -> None:
        super().__init__()
        self.errors: list[BaseException] = []

    def check(self, count: int = 1) -> None:
        if self.errors:
            raise self.errors[0]
        assert len(self) == count, f"{len(self)} dialogs opened, expected {count}"


def drive(monkeypatch, dialog_class: type[QDialog], fill: Callable[[QDialog], None]) -> Driven:
    """Replace ``dialog_class.exec`` by ``fill`` (which types and presses Save). A failure in
    ``fill`` is kept for ``check()``: raising it through Qt's event dispatch would abort."""
    opened = Driven()

    def fake_exec(self: QDialog) -> int:
        opened.append(self)
        try:
            fill(self)
        except BaseException as exc:
            opened.errors.append(exc)
            return 0
        return self.result()

    monkeypatch.setattr(dialog_class, "exec", fake_exec)
    return opened
