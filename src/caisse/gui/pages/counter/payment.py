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


class ChequeFields(QWidget):
    """A cheque's number, bank and drawer; hidden until the cheque method is chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number, self.bank, self.drawer = QLineEdit(), QLineEdit(), QLineEdit()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("Cheque number"), self.number)
        form.addRow(_("Bank"), self.bank)
        form.addRow(_("Drawer, if not the member"), self.drawer)
        self.hide()

    def fields(self) -> tuple[QLineEdit, QLineEdit, QLineEdit]:
        return self.number, self.bank, self.drawer

    def show_for(self, cheque: bool) -> None:
        self.setVisible(cheque)
        if cheque:
            self.number.setFocus()

    def cheque(self) -> operations.Cheque:
        return operations.Cheque(self.bank.text(), self.number.text(), self.drawer.text())

    def clear(self) -> None:
        for field in self.fields():
            field.clear()


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
        self.cheque_box = ChequeFields()
        self.number, self.bank, self.drawer = self.cheque_box.fields()
        self.cheque.toggled.connect(self.cheque_box.show_for)
        for field in self.cheque_box.fields():
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

    def payment(self) -> tuple[str, operations.Cheque | None]:
        if self.card.isChecked():
            return "card", None
        if not self.cheque.isChecked():
            return "cash", None
        return "cheque", self.cheque_box.cheque()

    def reset(self) -> None:
        self.cash.setChecked(True)
        self.cheque_box.clear()
