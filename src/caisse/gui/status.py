"""The status bar figure: coverage of the guarantee fund, green when covered, red when not."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction

from babel.numbers import format_percent
from PySide6.QtWidgets import QLabel, QWidget

from caisse import i18n
from caisse.domain.errors import CaisseError
from caisse.domain.money import EUR
from caisse.i18n import _
from caisse.services import status
from caisse.store.db import Store

from .widgets import money

GREEN = "#1b5e20"
RED = "#b3261e"


def percent(ratio: Fraction) -> str:
    """The ratio as a percentage rounded down to a tenth, so 99.99 % never shows as 100 %."""
    tenths = (Decimal(ratio.numerator) * 1000 / Decimal(ratio.denominator)).to_integral_value(
        ROUND_FLOOR
    )
    return format_percent(tenths / 1000, format="#,##0.#\u00a0%", locale=i18n.locale())


class CoverageLabel(QLabel):
    """One figure for the guarantee fund, its parts in the tooltip."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.covered: bool | None = None
        self.refresh()

    def refresh(self) -> None:
        try:
            cov = status.coverage(self.store)
        except CaisseError as err:
            self.covered = None
            self.setText(str(err))
            return
        self.covered = cov.covered
        if cov.ratio is None:
            figure = _("nothing in circulation") if cov.covered else _("not covered")
        else:
            figure = percent(cov.ratio)
        if cov.covered and cov.surplus:
            # the fund is whole; what is held beyond is the association's, awaiting transfer
            text = _(
                "Guarantee fund covered, {surplus} to transfer to the operating account"
            ).format(surplus=money(cov.surplus.cents))
        elif cov.covered:
            text = _("Guarantee fund covered: {figure}").format(figure=figure)
        else:
            text = _("Guarantee fund NOT covered: {figure}").format(figure=figure)
        color = GREEN if cov.covered else RED
        self.setText(f"● {text}")
        self.setStyleSheet(f"QLabel {{ color: {color}; font-weight: 600; }}")
        required = int(cov.required)
        self.setToolTip(
            "\n".join(
                [
                    _("Held in the guarantee fund bank account: {amount}").format(
                        amount=money(cov.guarantee_bank.cents)
                    ),
                    _("Held at the counters, awaiting deposit: {amount}").format(
                        amount=money(cov.at_counters.cents)
                    ),
                    _("Total held: {amount}").format(amount=money(cov.held.cents)),
                    _("Local currency in circulation: {amount}").format(
                        amount=money(cov.circulation.cents, cov.circulation.commodity)
                    ),
                    _("Vouchers outstanding: {amount}").format(
                        amount=money(cov.vouchers.cents, cov.vouchers.commodity)
                    ),
                    _("Owed to partners for reconversions and vouchers: {amount}").format(
                        amount=money(cov.owed_to_partners.cents)
                    ),
                    _("Required: {amount}").format(amount=money(required, EUR)),
                    _("Difference: {amount}").format(amount=money(cov.held.cents - required, EUR)),
                ]
            )
        )
