"""A settings tab made of a table, a row of buttons and a message banner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from caisse.domain.errors import CaisseError
from caisse.services.context import Context

from ...bus import Bus
from ...journal_view import table_view
from ...models import Column, RowsModel
from ...widgets import Banner


class TableTab(QWidget):
    def __init__(
        self, ctx: Context, bus: Bus, columns: list[Column], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        self.bus = bus
        self.banner = Banner()
        self.model = RowsModel(columns, self)
        self.table = table_view(self.model)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self.selection_changed())
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.buttons)

    def button(self, text: str, slot: Callable[[], None], primary: bool = False) -> QPushButton:
        button = QPushButton(text)
        if primary:
            button.setObjectName("primary")
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        return button

    def current(self) -> dict[str, Any] | None:
        return self.model.row_at(self.table.currentIndex())

    def select_where(self, key: str, value: Any) -> None:
        for i, row in enumerate(self.model.rows):
            if row[key] == value:
                self.table.selectRow(i)
                return

    def attempt(self, action: Callable[[], None], done: str) -> bool:
        try:
            action()
        except CaisseError as err:
            self.banner.error(str(err))
            return False
        self.banner.success(done)
        return True

    def edit(self) -> None:  # pragma: no cover - each tab defines it
        raise NotImplementedError

    def selection_changed(self) -> None:
        pass
