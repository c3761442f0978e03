"""F5: the till's euros taken to the bank with the slip number: the cash of the guarantee fund
and of the association prefilled with what the till holds, the cheques ticked one by one, the
card payments the bank has settled."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QWidget

from caisse.domain.errors import CaisseError
from caisse.domain.money import Money
from caisse.i18n import _
from caisse.services import operations, status
from caisse.services.context import Context

from ....widgets import AmountEdit, hint, money
from .base import CounterDialog, caption


class DepositDialog(CounterDialog):
    def __init__(self, ctx: Context, code: str, parent: QWidget | None = None) -> None:
        super().__init__(_("Bank deposit"), _("Record the deposit"), parent)
        self.setMinimumWidth(600)
        self.ctx, self.code = ctx, code
        figures = status.counter_figures(ctx.store, code)
        self.fund_cash, self.assoc_cash = AmountEdit(), AmountEdit()
        self.fund_cash.set_cents(figures["till_fund"].cents)
        self.assoc_cash.set_cents(figures["till_assoc"].cents)
        self.fund_cards, self.assoc_cards = AmountEdit(), AmountEdit()
        self.fund_cards.set_cents(figures["cards_fund"].cents)
        self.assoc_cards.set_cents(figures["cards_assoc"].cents)
        self.slip = QLineEdit()
        self.slip.setPlaceholderText(_("Number printed on the bank's slip"))
        self.total = caption("")
        self.body.addWidget(
            hint(
                _(
                    "The amounts are what the till holds now: change them if you "
                    "take less to the bank."
                )
            )
        )
        form = QFormLayout()
        form.addRow(_("Cash for the guarantee fund"), self.fund_cash)
        form.addRow(_("Cash of the association (fees)"), self.assoc_cash)
        self.body.addLayout(form)
        cards_form = form
        self.cheque_boxes: dict[int, QCheckBox] = {}
        cheques = operations.cheques_for_deposit(ctx.store, code)
        self.cheques = {c["seq"]: c for c in cheques}
        form.addRow(caption(_("Cheques in the till: tick those you deposit")))
        if not cheques:
            form.addRow(hint(_("No cheque is waiting in the till.")))
        for cheque in cheques:
            box = QCheckBox(
                _("No. {number} · {bank} · {amount} · receipt {receipt}").format(
                    number=cheque["number"] or "?",
                    bank=cheque["bank"] or "—",
                    amount=money(cheque["amount"]),
                    receipt=cheque["receipt"] or "",
                )
            )
            box.toggled.connect(self.update_total)
            self.cheque_boxes[cheque["seq"]] = box
            form.addRow(box)
        cards_form.addRow(_("Card payments settled, guarantee fund"), self.fund_cards)
        cards_form.addRow(_("Card payments settled, association"), self.assoc_cards)
        cards_form.addRow(_("Slip number"), self.slip)
        cards_form.addRow(_("Total of the deposit"), self.total)
        amounts = (self.fund_cash, self.assoc_cash, self.fund_cards, self.assoc_cards)
        for field in amounts:
            field.textChanged.connect(self.update_total)
        self.fields = [
            self.fund_cash,
            self.assoc_cash,
            *self.cheque_boxes.values(),
            self.fund_cards,
            self.assoc_cards,
            self.slip,
        ]
        self.update_total()

    def ticked(self) -> list[int]:
        return [seq for seq, box in self.cheque_boxes.items() if box.isChecked()]

    @staticmethod
    def _cents(field: AmountEdit) -> int:
        return field.cents() if field.text().strip() else 0

    def update_total(self) -> None:
        try:
            cents = sum(
                self._cents(f)
                for f in (self.fund_cash, self.assoc_cash, self.fund_cards, self.assoc_cards)
            )
        except CaisseError:
            self.total.setText("?")
            return
        cents += sum(self.cheques[seq]["amount"] for seq in self.ticked())
        self.total.setText(Money(cents).display())

    def submit(self) -> Any:
        return operations.deposit(
            self.ctx,
            self.code,
            self.slip.text(),
            fund_cash=self._cents(self.fund_cash),
            assoc_cash=self._cents(self.assoc_cash),
            cheques=self.ticked(),
            fund_cards=self._cents(self.fund_cards),
            assoc_cards=self._cents(self.assoc_cards),
        )
