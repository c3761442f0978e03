"""The counter: find a member, type the euros, Enter. Keyboard first.

F2 records the exchange (Enter in the amount field does too), F3 the membership fee, Escape
clears the form for the next member.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caisse.domain.errors import CaisseError
from caisse.domain.membership import FEE_KINDS
from caisse.domain.money import EUR, Money
from caisse.domain.roles import Permission
from caisse.i18n import N_, _
from caisse.services import counters, ledger, members, operations, settings
from caisse.services.context import Context

from ..bus import Bus
from ..journal_view import COUNTER_COLUMNS, COUNTER_STRETCH, table_view
from ..models import RowsModel
from ..widgets import AmountEdit, Banner, guarded, heading, hint, long_date, money
from .member_finder import MemberFinder
from .payment import PaymentBox
from .till_card import TillCard

FEE_LABELS = {
    "individual": N_("Individual fee"),
    "reduced": N_("Reduced fee"),
    "organisation": N_("Organisation fee"),
}
HISTORY_ROWS = 50


class CounterPage(QWidget):
    def __init__(self, ctx: Context, bus: Bus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        self.bus = bus
        self.counter_code: str | None = None

        self.title = heading(_("Exchange counter"), 18)
        self.counter_label = QLabel()
        self.counter_label.setStyleSheet("color:#5f6b7a; font-size:11pt;")
        self.counter_choice = QComboBox()
        self.counter_choice.currentIndexChanged.connect(self._counter_chosen)
        self.banner = Banner()

        self.finder = MemberFinder(self.store)
        self.finder.chosen.connect(self._member_chosen)
        self.finder.cleared.connect(self._member_cleared)
        self.finder.failed.connect(self.banner.error)

        self.amount = AmountEdit()
        self.amount.setObjectName("amount")
        self.amount.setMinimumHeight(56)
        self.amount.returnPressed.connect(self.record_exchange)
        self.amount.textChanged.connect(self._preview)
        self.preview = QLabel()
        self.preview.setStyleSheet("color:#1a3a6b; font-size:11.5pt;")

        self.payment = PaymentBox()
        self.payment.submitted.connect(self.record_exchange)
        self.till = TillCard()

        self.exchange_button = QPushButton(_("Record the exchange (F2)"))
        self.exchange_button.setObjectName("primary")
        self.exchange_button.clicked.connect(self.record_exchange)
        self.fee_kind = QComboBox()
        self.fee_button = QPushButton(_("Membership fee (F3)"))
        self.fee_button.clicked.connect(self.record_membership)
        self.clear_button = QPushButton(_("Clear (Esc)"))
        self.clear_button.clicked.connect(self.clear)

        self.history = RowsModel(COUNTER_COLUMNS, self)
        self.history_view = table_view(self.history, stretch=COUNTER_STRETCH)

        self._layout()
        self._shortcuts()
        self._apply_permissions()
        self.bus.journal_changed.connect(self.refresh)
        self.bus.counters_changed.connect(self.load_counters)
        self.bus.settings_changed.connect(self._settings_changed)
        self._load_fees()
        self.load_counters()

    # --- layout -------------------------------------------------------------------------------
    def _layout(self) -> None:
        form = QVBoxLayout()
        form.setSpacing(8)
        form.addWidget(_caption(_("Member")))
        form.addWidget(self.finder)
        form.addSpacing(6)
        form.addWidget(_caption(_("Euros received")))
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount, 1)
        amount_row.addWidget(self._euro_label())
        form.addLayout(amount_row)
        form.addWidget(self.preview)
        form.addWidget(self.payment)
        form.addSpacing(4)
        form.addWidget(self.exchange_button)
        form.addWidget(self.fee_kind)
        buttons = QHBoxLayout()
        buttons.addWidget(self.fee_button, 1)
        buttons.addWidget(self.clear_button)
        form.addLayout(buttons)
        form.addStretch(1)
        form.addWidget(self.till)

        right = QVBoxLayout()
        right.addWidget(_caption(_("Last operations at this counter")))
        right.addWidget(self.history_view, 1)
        right.addWidget(
            hint(
                _(
                    "Type or scan the member number and press Enter, type the euros and press "
                    "Enter: the exchange is recorded. Escape clears the form."
                )
            )
        )

        header = QGridLayout()
        header.addWidget(self.title, 0, 0)
        counter_row = QHBoxLayout()
        counter_row.addWidget(self.counter_label)
        counter_row.addWidget(self.counter_choice)
        counter_row.addStretch(1)
        header.addLayout(counter_row, 1, 0)
        header.setColumnStretch(0, 1)

        body = QHBoxLayout()
        body.setSpacing(24)
        left = QWidget()
        left.setLayout(form)
        left.setMinimumWidth(380)
        left.setMaximumWidth(520)
        body.addWidget(left, 2)
        body.addLayout(right, 3)

        page = QVBoxLayout(self)
        page.setContentsMargins(24, 18, 24, 12)
        page.setSpacing(10)
        page.addLayout(header)
        page.addWidget(self.banner)
        page.addLayout(body, 1)

    def _euro_label(self) -> QLabel:
        label = QLabel("€")
        label.setStyleSheet("font-size:20pt; color:#5f6b7a;")
        return label

    def _shortcuts(self) -> None:
        for keys, slot in (
            (Qt.Key.Key_F2, self.record_exchange),
            (Qt.Key.Key_F3, self.record_membership),
            (Qt.Key.Key_Escape, self.clear),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _apply_permissions(self) -> None:
        self.exchange_button.setVisible(self.ctx.may(Permission.EXCHANGE))
        can_fee = self.ctx.may(Permission.MEMBERSHIP)
        self.fee_button.setVisible(can_fee)
        self.fee_kind.setVisible(can_fee)

    # --- counter ----------------------------------------------------------------------------
    def load_counters(self) -> None:
        """The installation's exchange point, or a choice among the open ones."""
        installed = settings.installation_counter(self.store)
        active = counters.list_counters(self.store, active_only=True)
        codes = [c["code"] for c in active]
        if installed in codes:
            row = next(c for c in active if c["code"] == installed)
            self.counter_choice.hide()
            self.counter_label.setText(
                _("Exchange point: {code} — {name}").format(code=row["code"], name=row["name"])
            )
            self._set_counter(row["code"])
            return
        self.counter_choice.blockSignals(True)
        self.counter_choice.clear()
        for c in active:
            self.counter_choice.addItem(f"{c['code']} — {c['name']}", c["code"])
        keep = codes.index(self.counter_code) if self.counter_code in codes else 0
        self.counter_choice.setCurrentIndex(keep if codes else -1)
        self.counter_choice.blockSignals(False)
        self.counter_choice.setVisible(bool(codes))
        self.counter_label.setText(_("Exchange point:"))
        if not codes:
            self._set_counter(None)
            self.banner.info(
                _(
                    "There is no open exchange point yet. An administrator creates one in "
                    "Settings, Exchange points."
                )
            )
            return
        self._set_counter(codes[keep])

    def _counter_chosen(self, index: int) -> None:
        self._set_counter(self.counter_choice.itemData(index))

    def _set_counter(self, code: str | None) -> None:
        self.counter_code = code
        enabled = code is not None
        for widget in (self.exchange_button, self.fee_button, self.amount, self.finder):
            widget.setEnabled(enabled)
        self.refresh()

    # --- figures ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """The counter's figures and last operations, read again from the journal."""
        if self.counter_code is None:
            self.history.set_rows([])
            self.till.refresh(self.store, None)
            return
        self.history.set_rows(
            ledger.listing(self.store, counter=self.counter_code, limit=HISTORY_ROWS)
        )
        self.till.refresh(self.store, self.counter_code)

    def _settings_changed(self) -> None:
        self._load_fees()
        self.load_counters()

    def _load_fees(self) -> None:
        fees = settings.membership_fees(self.store)
        current = self.fee_kind.currentData()
        self.fee_kind.clear()
        for kind in FEE_KINDS:
            label = _("{fee}: {amount}").format(fee=_(FEE_LABELS[kind]), amount=money(fees[kind]))
            self.fee_kind.addItem(label, kind)
        if current in FEE_KINDS:
            self.fee_kind.setCurrentIndex(FEE_KINDS.index(current))

    # --- member and amount ----------------------------------------------------------------------
    def _member_chosen(self, row: dict[str, Any]) -> None:
        if self.banner.kind == "error":
            self.banner.clear_message()
        kind = "organisation" if row["kind"] == "organisation" else "individual"
        self.fee_kind.setCurrentIndex(FEE_KINDS.index(kind))
        self.amount.setFocus()
        self.amount.selectAll()

    def _member_cleared(self) -> None:
        self.preview.clear()

    def _preview(self, text: str) -> None:
        if not text.strip():
            self.preview.clear()
            return
        try:
            cents = self.amount.cents()
            units = settings.currency(self.store).units_for_euros(Money(cents, EUR))
        except CaisseError:
            self.preview.clear()
            return
        self.preview.setText(_("Notes to hand over: {units}").format(units=units.display()))

    def _member_ready(self) -> dict[str, Any] | None:
        if self.counter_code is None:
            self.banner.error(_("Choose the exchange point first."))
            return None
        if self.finder.member is None:
            if self.finder.edit.text().strip():
                self.finder.confirm()
            if self.finder.member is None:
                if self.banner.kind != "error":
                    self.banner.error(_("Find the member first: type a number or a name."))
                self.finder.edit.setFocus()
                return None
        return self.finder.member

    # --- operations ---------------------------------------------------------------------------
    def record_exchange(self) -> None:
        if not self.ctx.may(Permission.EXCHANGE):
            return
        member = self._member_ready()
        if member is None:
            return
        code = self.counter_code
        assert code is not None

        def act() -> operations.Receipt:
            method, cheque = self.payment.payment()
            return operations.exchange(
                self.ctx, member["number"], code, self.amount.cents(), method, cheque
            )

        receipt = guarded(self.banner, act)
        if receipt is None:
            self.amount.setFocus()
            self.amount.selectAll()
            return
        euros, units = receipt.amounts
        self.banner.success(
            _(
                "Exchange recorded, receipt {receipt}: {euros} received from {name}. "
                "Hand over {units} in notes."
            ).format(
                receipt=receipt.number,
                euros=euros.display(),
                name=members.display_name(member),
                units=units.display(),
            )
        )
        self.bus.journal_changed.emit()
        self.clear_form()

    def record_membership(self) -> None:
        if not self.ctx.may(Permission.MEMBERSHIP):
            return
        member = self._member_ready()
        if member is None:
            return
        code = self.counter_code
        assert code is not None

        def act() -> operations.Receipt:
            method, cheque = self.payment.payment()
            return operations.pay_membership(
                self.ctx, member["number"], code, self.fee_kind.currentData(), method, cheque
            )

        receipt = guarded(self.banner, act)
        if receipt is None:
            return
        self.banner.success(
            _(
                "Membership fee recorded, receipt {receipt}: {amount} received. {name} is a "
                "member until {until}."
            ).format(
                receipt=receipt.number,
                amount=receipt.amounts[0].display(),
                name=members.display_name(member),
                until=long_date(receipt.details["to"]),
            )
        )
        self.bus.journal_changed.emit()
        self.bus.members_changed.emit()
        self.finder.reload()
        self.payment.reset()
        self.amount.setFocus()

    def clear_form(self) -> None:
        """Ready for the next member: fields empty, focus in the member field."""
        self.finder.clear()
        self.amount.clear()
        self.payment.reset()
        self.finder.edit.setFocus()

    def clear(self) -> None:
        """Escape: everything cleared, messages too."""
        self.banner.clear_message()
        self.clear_form()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.finder.edit.setFocus()


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight:600; color:#3b4654;")
    return label
