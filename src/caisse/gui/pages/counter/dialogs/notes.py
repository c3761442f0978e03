"""F6 (treasurer): notes brought from the vault to the counter, or taken back to the vault
(from the stock, or the notes partners handed back), carried by a named courier."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from caisse.i18n import _
from caisse.services import operations, settings
from caisse.services.context import Context

from ....widgets import AmountEdit
from .base import CounterDialog


class NotesDialog(CounterDialog):
    def __init__(self, ctx: Context, code: str, parent: QWidget | None = None) -> None:
        super().__init__(_("Notes: supply or return to the vault"), _("Record"), parent)
        self.ctx, self.code = ctx, code
        unit = settings.currency(ctx.store).code
        self.supply = QRadioButton(_("Supply from the vault to {counter}").format(counter=code))
        self.back = QRadioButton(_("Return from {counter} to the vault").format(counter=code))
        group = QButtonGroup(self)
        group.addButton(self.supply)
        group.addButton(self.back)
        self.supply.setChecked(True)
        self.handed_back = QCheckBox(_("Notes handed back by partners (reconversions)"))
        self.handed_back.setEnabled(False)
        self.back.toggled.connect(self.handed_back.setEnabled)
        self.amount = AmountEdit()
        self.courier = QLineEdit()
        self.courier.setPlaceholderText(_("Who carries the notes"))
        row = QHBoxLayout()
        row.addWidget(self.supply)
        row.addWidget(self.back)
        row.addStretch(1)
        self.body.addLayout(row)
        self.body.addWidget(self.handed_back)
        form = QFormLayout()
        form.addRow(_("Notes ({unit})").format(unit=unit), self.amount)
        form.addRow(_("Courier"), self.courier)
        self.body.addLayout(form)
        self.fields = [self.amount, self.courier]

    def submit(self) -> Any:
        if self.supply.isChecked():
            return operations.supply(self.ctx, self.code, self.amount.cents(), self.courier.text())
        return operations.return_notes(
            self.ctx,
            self.code,
            self.amount.cents(),
            self.courier.text(),
            handed_back=self.handed_back.isChecked(),
        )
