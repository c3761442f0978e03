"""F4: a partner hands notes back and is paid euros by transfer, less the commission.

Only partners are offered; the IBAN comes from the partner's record and may be corrected; the
euros at parity, the commission and the amount to transfer follow the notes as they are typed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from babel.numbers import format_percent
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from caisse import i18n
from caisse.domain.counting import commission
from caisse.domain.errors import CaisseError
from caisse.domain.money import Money
from caisse.i18n import _
from caisse.services import partners, settings
from caisse.services.context import Context

from ....widgets import AmountEdit, hint
from ...member_finder import MemberFinder
from .base import CounterDialog, Retry, caption


class ReconversionDialog(CounterDialog):
    def __init__(self, ctx: Context, code: str, parent: QWidget | None = None) -> None:
        super().__init__(_("Reconversion"), _("Record the reconversion"), parent)
        self.setMinimumWidth(560)
        self.ctx, self.code = ctx, code
        self.currency = settings.currency(ctx.store)
        self.rate = partners.commission_rate(ctx.store)
        self._picked = False
        self.finder = MemberFinder(ctx.store, partners_only=True)
        self.finder.chosen.connect(self._partner_chosen)
        self.finder.cleared.connect(lambda: self.iban.clear())
        self.finder.failed.connect(self.banner.error)
        self.notes = AmountEdit()
        self.notes.setObjectName("amount")
        self.notes.textChanged.connect(self.preview)
        self.iban = QLineEdit()
        self.iban.setPlaceholderText("FR76 …")
        self.figures = {key: QLabel() for key in ("euros", "commission", "to_pay")}
        for label in self.figures.values():
            label.setStyleSheet("font-weight:600;")
        self.figures["to_pay"].setStyleSheet("font-weight:700; font-size:13pt; color:#1a3a6b;")
        self.body.addWidget(
            hint(
                _(
                    "Only partners reconvert notes into euros; the euros are paid "
                    "by bank transfer to their IBAN."
                )
            )
        )
        self.body.addWidget(caption(_("Partner")))
        self.body.addWidget(self.finder)
        form = QFormLayout()
        form.addRow(_("Notes handed back ({unit})").format(unit=self.currency.code), self.notes)
        form.addRow(_("IBAN of the partner"), self.iban)
        form.addRow(_("Euros at parity"), self.figures["euros"])
        form.addRow(
            _("Commission ({rate})").format(rate=percent_text(self.rate)),
            self.figures["commission"],
        )
        form.addRow(_("To transfer to the partner"), self.figures["to_pay"])
        self.body.addLayout(form)
        self.fields = [self.finder.edit, self.notes, self.iban]
        self.preview()

    def _partner_chosen(self, row: dict[str, Any]) -> None:
        if self.banner.kind == "error":
            self.banner.clear_message()
        self.iban.setText(row.get("iban") or "")
        self.notes.setFocus()
        # the Enter that picked the partner reaches the dialog next: it must not move on again
        self._picked = True
        QTimer.singleShot(0, self._forget_pick)

    def _forget_pick(self) -> None:
        self._picked = False

    def advance(self) -> None:
        if self._picked:
            self._picked = False
            return
        if self.focusWidget() is self.finder.edit and self.finder.member is None:
            return  # the finder shows what it found, or why not
        super().advance()

    def preview(self) -> None:
        try:
            units = self.notes.cents()
        except CaisseError:
            units = 0
        euros = self.currency.euros_for_units(self.currency.unit(max(units, 0)))
        fee = commission(euros.cents, self.rate)
        self.figures["euros"].setText(euros.display())
        self.figures["commission"].setText(Money(fee).display())
        self.figures["to_pay"].setText(Money(euros.cents - fee).display())

    def submit(self) -> Any:
        partner = self.finder.member
        if partner is None:
            self.banner.error(_("Find the partner first: type a number or a name."))
            self.finder.edit.setFocus()
            raise Retry
        units = self.notes.cents()
        return partners.reconvert(
            self.ctx,
            partner["number"],
            self.code,
            units,
            iban=self.iban.text().strip() or None,
            notes_handed=units,
        )


def percent_text(basis_points: int) -> str:
    return format_percent(
        Decimal(basis_points).scaleb(-4), format="#,##0.##\u00a0%", locale=i18n.locale()
    )
