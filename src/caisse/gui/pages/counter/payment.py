"""How the member pays: cash, by card, or a cheque with its number, bank and drawer."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from caisse.i18n import _
from caisse.services import operations


class PaymentBox(QWidget):
    #: Enter pressed in a cheque field
    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cash = QRadioButton(_("Cash"))
        self.cheque = QRadioButton(_("Cheque"))
        self.card = QRadioButton(_("Card"))
        self.cash.setChecked(True)
        self.group = QButtonGroup(self)
        for button in (self.cash, self.cheque, self.card):
            self.group.addButton(button)
        self.cheque.toggled.connect(self._toggled)
        self.number = QLineEdit()
        self.bank = QLineEdit()
        self.drawer = QLineEdit()
        self.cheque_box = QWidget()
        form = QFormLayout(self.cheque_box)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("Cheque number"), self.number)
        form.addRow(_("Bank"), self.bank)
        form.addRow(_("Drawer, if not the member"), self.drawer)
        self.cheque_box.hide()
        for field in (self.number, self.bank, self.drawer):
            field.returnPressed.connect(self.submitted)

        caption = QLabel(_("Paid by"))
        caption.setStyleSheet("font-weight:600; color:#3b4654;")
        methods = QHBoxLayout()
        methods.setContentsMargins(0, 0, 0, 0)
        methods.addWidget(caption)
        methods.addSpacing(8)
        methods.addWidget(self.cash)
        methods.addWidget(self.cheque)
        methods.addWidget(self.card)
        methods.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(methods)
        layout.addWidget(self.cheque_box)

    def _toggled(self, cheque: bool) -> None:
        self.cheque_box.setVisible(cheque)
        if cheque:
            self.number.setFocus()

    def payment(self) -> tuple[str, operations.Cheque | None]:
        if self.card.isChecked():
            return "card", None
        if not self.cheque.isChecked():
            return "cash", None
        return "cheque", operations.Cheque(self.bank.text(), self.number.text(), self.drawer.text())

    def reset(self) -> None:
        self.cash.setChecked(True)
        for field in (self.number, self.bank, self.drawer):
            field.clear()
