"""F3: the membership fee of the member shown, from the grid the administrator set, paid in
cash, by cheque, by card or in the local currency's notes."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QRadioButton,
    QWidget,
)

from caisse.domain.membership import FEE_KINDS
from caisse.i18n import N_, _
from caisse.services import members, operations, settings
from caisse.services.context import Context

from ....widgets import money
from ..fees import FEE_LABELS
from ..payment import ChequeFields
from .base import CounterDialog, caption

METHOD_LABELS = {
    "cash": N_("Cash"),
    "cheque": N_("Cheque"),
    "card": N_("Card"),
    "units": N_("{unit} notes"),
}


class MembershipDialog(CounterDialog):
    def __init__(
        self, ctx: Context, code: str, member: dict[str, Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Membership fee"), _("Record the fee"), parent)
        self.ctx, self.code, self.member = ctx, code, member
        unit = settings.currency(ctx.store).code
        fees = settings.membership_fees(ctx.store)
        self.body.addWidget(caption(members.display_name(member)))
        self.kinds = QButtonGroup(self)
        kind_row = QHBoxLayout()
        self.kind_buttons: dict[str, QRadioButton] = {}
        for kind in FEE_KINDS:
            button = QRadioButton(
                _("{fee}: {amount}").format(fee=_(FEE_LABELS[kind]), amount=money(fees[kind]))
            )
            self.kinds.addButton(button)
            self.kind_buttons[kind] = button
            kind_row.addWidget(button)
        kind_row.addStretch(1)
        default = "organisation" if member["kind"] == "organisation" else "individual"
        self.kind_buttons[default].setChecked(True)
        self.methods = QButtonGroup(self)
        method_row = QHBoxLayout()
        self.method_buttons: dict[str, QRadioButton] = {}
        for method in operations.FEE_METHODS:
            button = QRadioButton(_(METHOD_LABELS[method]).format(unit=unit))
            self.methods.addButton(button)
            self.method_buttons[method] = button
            method_row.addWidget(button)
        method_row.addStretch(1)
        self.method_buttons["cash"].setChecked(True)
        self.cheque_box = ChequeFields()
        self.number, self.bank, self.drawer = self.cheque_box.fields()
        self.method_buttons["cheque"].toggled.connect(self.cheque_box.show_for)
        self.body.addWidget(caption(_("Fee")))
        self.body.addLayout(kind_row)
        self.body.addWidget(caption(_("Paid by")))
        self.body.addLayout(method_row)
        self.body.addWidget(self.cheque_box)
        self.fields = [self.kind_buttons[default], self.number, self.bank, self.drawer]

    def kind(self) -> str:
        return next(k for k, b in self.kind_buttons.items() if b.isChecked())

    def method(self) -> str:
        return next(m for m, b in self.method_buttons.items() if b.isChecked())

    def submit(self) -> operations.Receipt:
        method = self.method()
        cheque = self.cheque_box.cheque() if method == "cheque" else None
        return operations.pay_membership(
            self.ctx, self.member["number"], self.code, self.kind(), method, cheque
        )
