"""The counter, organised around the till session. Keyboard first.

With the till open: find a member (number typed or scanned, or a name), type the euros, Enter:
the exchange is recorded and its receipt offered. F2 to F10 are the quick actions (see
``actions.py``); Escape clears the form. With the till closed, the page offers only to open it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from caisse.domain.errors import CaisseError
from caisse.domain.money import EUR, Money
from caisse.domain.roles import Permission
from caisse.i18n import _
from caisse.services import counters, ledger, members, operations, partners, settings
from caisse.services.context import Context

from ...bus import Bus
from ...journal_view import COUNTER_COLUMNS, COUNTER_STRETCH, table_view
from ...models import RowsModel
from ...widgets import AmountEdit, Banner, heading, hint
from ..member_finder import MemberFinder
from .actions import ActionBar
from .dialogs.base import CounterDialog
from .handlers import CounterActions
from .header import SessionHeader
from .payment import PaymentBox
from .receipt_offer import ReceiptOffer

HISTORY_ROWS = 50


class CounterPage(CounterActions, QWidget):
    def __init__(self, ctx: Context, bus: Bus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        self.bus = bus
        self.counter_code: str | None = None
        self.session: dict[str, Any] | None = None
        self.last_closing: Any = None

        self.title = heading(_("Exchange counter"), 18)
        self.counter_label = QLabel()
        self.counter_label.setStyleSheet("color:#5f6b7a; font-size:11pt;")
        self.counter_choice = QComboBox()
        self.counter_choice.currentIndexChanged.connect(self._counter_chosen)
        self.header = SessionHeader()
        self.banner = Banner()
        self.offer = ReceiptOffer(ctx)
        self.offer.failed.connect(self.banner.error)
        self.offer.install_shortcuts(self)
        self.actions_bar = ActionBar()

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
        self.exchange_button = QPushButton(_("Record the exchange (Enter)"))
        self.exchange_button.setObjectName("primary")
        self.exchange_button.clicked.connect(self.record_exchange)
        self.open_button = QPushButton(_("Open the till (F9)"))
        self.open_button.setObjectName("primary")
        self.open_button.setMinimumHeight(48)
        self.open_button.clicked.connect(self.open_till)

        self.history = RowsModel(COUNTER_COLUMNS, self)
        self.history_view = table_view(self.history, stretch=COUNTER_STRETCH)

        self._layout()
        self.actions_bar.connect(
            self,
            {
                "exchange": self.record_exchange,
                "membership": self.record_membership,
                "reconversion": self.reconvert,
                "deposit": self.deposit,
                "notes": self.move_notes,
                "correction": self.correct_selected,
                "reprint": self.reprint_selected,
                "till": self.till_action,
                "voucher": self.redeem_vouchers,
            },
        )
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.clear)
        self.bus.journal_changed.connect(self.refresh)
        self.bus.counters_changed.connect(self.load_counters)
        self.bus.settings_changed.connect(self.load_counters)
        self.load_counters()

    # --- layout -------------------------------------------------------------------------------
    def _layout(self) -> None:
        form = QVBoxLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(8)
        form.addWidget(_caption(_("Member")))
        form.addWidget(self.finder)
        form.addSpacing(6)
        form.addWidget(_caption(_("Euros received")))
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount, 1)
        euro = QLabel("€")
        euro.setStyleSheet("font-size:20pt; color:#5f6b7a;")
        amount_row.addWidget(euro)
        form.addLayout(amount_row)
        form.addWidget(self.preview)
        form.addWidget(self.payment)
        form.addWidget(self.exchange_button)
        form.addStretch(1)
        working = QWidget()
        working.setLayout(form)

        closed = QWidget()
        closed_layout = QVBoxLayout(closed)
        closed_layout.setContentsMargins(0, 12, 0, 0)
        closed_layout.addWidget(heading(_("The till is closed"), 14))
        closed_layout.addWidget(
            hint(
                _(
                    "Count what the till holds (euro notes and coins, and the local notes), then "
                    "open it: every operation of the day belongs to this session until you "
                    "close the till."
                )
            )
        )
        closed_layout.addWidget(self.open_button)
        closed_layout.addStretch(1)

        self.work_area = QStackedWidget()
        self.work_area.addWidget(closed)
        self.work_area.addWidget(working)
        self.work_area.setMinimumWidth(380)
        self.work_area.setMaximumWidth(500)

        right = QVBoxLayout()
        right.addWidget(_caption(_("Last operations at this counter")))
        right.addWidget(self.history_view, 1)
        right.addWidget(
            hint(
                _(
                    "Number or name, Enter, the euros, Enter: the exchange is recorded. Select a "
                    "line for F7 (correction) or F8 (reprint). Escape clears the form."
                )
            )
        )

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(16)
        top.addWidget(self.counter_label)
        top.addWidget(self.counter_choice)
        top.addStretch(1)

        body = QHBoxLayout()
        body.setSpacing(24)
        body.addWidget(self.work_area, 2)
        body.addLayout(right, 3)

        page = QVBoxLayout(self)
        page.setContentsMargins(24, 14, 24, 10)
        page.setSpacing(8)
        page.addLayout(top)
        page.addWidget(self.header)
        page.addWidget(self.actions_bar)
        page.addWidget(self.banner)
        page.addWidget(self.offer)
        page.addLayout(body, 1)

    # --- counter and session ------------------------------------------------------------------
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
        self.refresh()

    def refresh(self) -> None:
        """The session, the till's figures and the last operations, read again."""
        code = self.counter_code
        self.session = self.header.refresh(self.store, code, self.ctx.now())
        is_open = self.session is not None
        self.work_area.setCurrentIndex(1 if is_open else 0)
        self.open_button.setEnabled(code is not None and self.ctx.may(Permission.EXCHANGE))
        self.actions_bar.set_state(is_open, self._refusals())
        if not is_open:
            self.offer.hide()
        rows = ledger.listing(self.store, counter=code, limit=HISTORY_ROWS) if code else []
        self.history.set_rows(rows)

    def _refusals(self) -> dict[str, str]:
        treasurer = _("Treasurer only.")
        refusals: dict[str, str] = {}
        if self.counter_code is None:
            return {
                key: _("Choose the exchange point first.")
                for key in (
                    "exchange",
                    "membership",
                    "reconversion",
                    "deposit",
                    "notes",
                    "correction",
                    "reprint",
                    "till",
                    "voucher",
                )
            }
        for key, permission in (
            ("exchange", Permission.EXCHANGE),
            ("membership", Permission.MEMBERSHIP),
            ("deposit", Permission.DEPOSIT),
            ("till", Permission.EXCHANGE),
            ("voucher", Permission.REDEEM_VOUCHERS),
        ):
            if not self.ctx.may(permission):
                refusals[key] = _("Your role does not allow it.")
        if not self.ctx.may(Permission.SUPPLY):
            refusals["notes"] = treasurer
        if not partners.may_reconvert(self.ctx):
            refusals["reconversion"] = _(
                "Treasurer only, unless the administrator lets volunteers reconvert."
            )
        return refusals

    # --- member and amount ----------------------------------------------------------------------
    def _member_chosen(self, row: dict[str, Any]) -> None:
        if self.banner.kind == "error":
            self.banner.clear_message()
        self.amount.setFocus()
        self.amount.selectAll()

    def _member_cleared(self) -> None:
        self.preview.clear()

    def _preview(self, text: str) -> None:
        if not text.strip():
            self.preview.clear()
            return
        try:
            units = settings.currency(self.store).units_for_euros(Money(self.amount.cents(), EUR))
        except CaisseError:
            self.preview.clear()
            return
        self.preview.setText(_("Notes to hand over: {units}").format(units=units.display()))

    def _member_ready(self) -> dict[str, Any] | None:
        if self.finder.member is None:
            if self.finder.edit.text().strip():
                self.finder.confirm()
            if self.finder.member is None:
                if self.banner.kind != "error":
                    self.banner.error(_("Find the member first: type a number or a name."))
                self.finder.edit.setFocus()
                return None
        return self.finder.member

    def _working(self) -> str | None:
        """The exchange point, if its till is open; otherwise say so and offer to open it."""
        if self.counter_code is None:
            self.banner.error(_("Choose the exchange point first."))
            return None
        if self.session is None:
            self.banner.error(_("The till is closed: open it first (F9)."))
            self.open_button.setFocus()
            return None
        return self.counter_code

    def _refused(self, err: CaisseError) -> None:
        """A service said no: show why, and read the session again (it may have been closed
        from elsewhere, and then the page offers to open)."""
        self.refresh()
        self.banner.error(str(err))

    # --- operations ---------------------------------------------------------------------------
    def record_exchange(self) -> None:
        code = self._working()
        if code is None or not self.ctx.may(Permission.EXCHANGE):
            return
        member = self._member_ready()
        if member is None:
            return
        try:
            method, cheque = self.payment.payment()
            receipt = operations.exchange(
                self.ctx, member["number"], code, self.amount.cents(), method, cheque
            )
        except CaisseError as err:
            self._refused(err)
            if self.session is not None:
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
        self._done(receipt.seq, receipt.number)
        self.clear_form()

    def _run(self, dialog: CounterDialog) -> Any:
        """Show a dialog; what its service returned, or None if cancelled."""
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.outcome if accepted else None

    def _done(self, seq: int, receipt: str | None) -> None:
        self.bus.journal_changed.emit()
        self.offer.offer(seq, receipt, self.session["uid"] if self.session else None)

    def clear_form(self) -> None:
        """Ready for the next member: fields empty, focus in the member field."""
        self.finder.clear()
        self.amount.clear()
        self.payment.reset()
        if self.session is not None:
            self.finder.edit.setFocus()
        else:
            self.open_button.setFocus()

    def clear(self) -> None:
        """Escape: everything cleared, messages too."""
        self.banner.clear_message()
        self.clear_form()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.session is not None:
            self.finder.edit.setFocus()
        else:
            self.open_button.setFocus()


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight:600; color:#3b4654;")
    return label
