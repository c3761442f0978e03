"""What the exchange point holds now: notes in stock, cash and cheques in the till."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from caisse.i18n import _
from caisse.services import status
from caisse.store.db import Store


class TillCard(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.title = QLabel(_("At this exchange point now"))
        self.title.setStyleSheet("font-weight:600; color:#3b4654;")
        self.values: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(14, 10, 14, 10)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.title, 0, 0, 1, 2)
        for line, (key, label) in enumerate(
            (
                ("stock", _("Notes in stock")),
                ("cash", _("Cash in the till")),
                ("cheques", _("Cheques to deposit")),
            ),
            start=1,
        ):
            value = QLabel()
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setStyleSheet("font-weight:600;")
            grid.addWidget(QLabel(label), line, 0)
            grid.addWidget(value, line, 1)
            self.values[key] = value

    def refresh(self, store: Store, code: str | None) -> None:
        if code is None:
            for value in self.values.values():
                value.setText("—")
            return
        figures = status.counter_figures(store, code)
        self.values["stock"].setText(figures["stock"].display())
        self.values["cash"].setText((figures["till_fund"] + figures["till_assoc"]).display())
        self.values["cheques"].setText(
            (figures["cheques_fund"] + figures["cheques_assoc"]).display()
        )
