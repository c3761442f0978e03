"""What the quick actions do: each opens its dialog, and once the service has accepted, says
so in the page's banner and offers the receipt. Mixed into :class:`CounterPage`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QPushButton, QTableView

from caisse.domain.money import Money
from caisse.i18n import _
from caisse.services import ledger, members
from caisse.services.context import Context

from ...bus import Bus
from ...models import RowsModel
from ...widgets import AmountEdit, Banner, long_date
from ..member_finder import MemberFinder
from .dialogs.base import CounterDialog
from .dialogs.correction import CorrectionDialog
from .dialogs.deposit import DepositDialog
from .dialogs.documents import ReprintDialog, ZReportDialog
from .dialogs.membership import MembershipDialog
from .dialogs.notes import NotesDialog
from .dialogs.reconversion import ReconversionDialog
from .dialogs.till import CloseTillDialog, OpenTillDialog
from .dialogs.voucher import VoucherDialog
from .receipt_offer import ReceiptOffer


class CounterActions:
    """Needs from the page: ctx, bus, banner, finder, amount, history, history_view,
    open_button, session, counter_code, last_closing, _working, _member_ready, _run, _done,
    clear_form."""

    ctx: Context
    bus: Bus
    banner: Banner
    finder: MemberFinder
    amount: AmountEdit
    history: RowsModel
    history_view: QTableView
    open_button: QPushButton
    offer: ReceiptOffer
    session: dict[str, Any] | None
    counter_code: str | None
    last_closing: Any
    _working: Callable[[], str | None]
    _member_ready: Callable[[], dict[str, Any] | None]
    _run: Callable[[CounterDialog], Any]
    _done: Callable[[int, str | None], None]
    clear_form: Callable[[], None]

    def record_membership(self) -> None:
        code = self._working()
        if code is None:
            return
        member = self._member_ready()
        if member is None:
            return
        dialog = MembershipDialog(self.ctx, code, member, self)
        receipt = self._run(dialog)
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
        self.bus.members_changed.emit()
        self.finder.reload()
        self._done(receipt.seq, receipt.number)
        self.amount.setFocus()

    def reconvert(self) -> None:
        code = self._working()
        if code is None:
            return
        receipt = self._run(ReconversionDialog(self.ctx, code, self))
        if receipt is None:
            return
        units, to_pay = receipt.amounts
        self.banner.success(
            _(
                "Reconversion recorded, receipt {receipt}: {units} in notes received; {euros} to "
                "transfer to the partner."
            ).format(receipt=receipt.number, units=units.display(), euros=to_pay.display())
        )
        self._done(receipt.seq, receipt.number)

    def redeem_vouchers(self) -> None:
        """F10: the partner's vouchers checked and redeemed one after the other; the dialog
        offers each receipt and stays open for the next voucher."""
        code = self._working()
        if code is None:
            return
        dialog = VoucherDialog(
            self.ctx,
            code,
            self,
            offer=self.offer,
            session=self.session["uid"] if self.session else None,
        )
        dialog.redeemed.connect(lambda _receipt: self.bus.journal_changed.emit())
        dialog.exec()
        if not dialog.receipts:
            return
        self.offer.hide()
        count = len(dialog.receipts)
        first, last = dialog.receipts[0], dialog.receipts[-1]
        units = Money(sum(r.amounts[0].cents for r in dialog.receipts), first.amounts[0].commodity)
        to_pay = Money(sum(r.amounts[1].cents for r in dialog.receipts))
        # one voucher names its receipt; several, the first and the last (never one alone)
        message = (
            _("Voucher redeemed, receipt {first}: {units}; {euros} to transfer to the partner.")
            if count == 1
            else _(
                "{count} vouchers redeemed, receipts {first} to {last}: {units}; {euros} to "
                "transfer to the partner."
            )
        )
        self.banner.success(
            message.format(
                count=count,
                first=first.number,
                last=last.number,
                units=units.display(),
                euros=to_pay.display(),
            )
        )

    def deposit(self) -> None:
        code = self._working()
        if code is None:
            return
        receipt = self._run(DepositDialog(self.ctx, code, self))
        if receipt is None:
            return
        self.banner.success(
            _("Bank deposit recorded, receipt {receipt}: {amount}, slip {slip}.").format(
                receipt=receipt.number,
                amount=receipt.amounts[0].display(),
                slip=receipt.details["slip"],
            )
        )
        self._done(receipt.seq, receipt.number)

    def move_notes(self) -> None:
        code = self._working()
        if code is None:
            return
        receipt = self._run(NotesDialog(self.ctx, code, self))
        if receipt is None:
            return
        self.banner.success(
            _("{operation} recorded, receipt {receipt}: {amount}, carried by {courier}.").format(
                operation=ledger.operation_label(receipt.operation),
                receipt=receipt.number,
                amount=receipt.amounts[0].display(),
                courier=receipt.details["courier"],
            )
        )
        self._done(receipt.seq, receipt.number)

    def selected_row(self) -> dict[str, Any] | None:
        index = self.history_view.currentIndex()
        row = self.history.row_at(index) if index.isValid() else None
        if row is None:
            self.banner.error(_("Select an operation in the list first."))
            self.history_view.setFocus()
        return row

    def correct_selected(self) -> None:
        if self._working() is None:
            return
        row = self.selected_row()
        if row is None:
            return
        written = self._run(CorrectionDialog(self.ctx, row, self))
        if written is None:
            return
        self.banner.success(
            _("Operation {original} cancelled by the correction {receipt}.").format(
                original=row["receipt"] or row["seq"], receipt=written.receipt or written.seq
            )
        )
        self.bus.members_changed.emit()
        self._done(written.seq, written.receipt)

    def reprint_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if not row["receipt"]:
            self.banner.error(_("This operation has no receipt."))
            return
        done = self._run(ReprintDialog(self.ctx, row, self))
        if done is not None:
            self.banner.success(
                _("Duplicate of receipt {receipt} done.").format(receipt=row["receipt"])
            )

    def till_action(self) -> None:
        if self.session is None:
            self.open_till()
        else:
            self.close_till()

    def open_till(self) -> None:
        if self.counter_code is None:
            return
        session = self._run(OpenTillDialog(self.ctx, self.counter_code, self))
        if session is None:
            return
        self.bus.journal_changed.emit()
        self.banner.success(
            _("Till open: session {counter}-{number}.").format(
                counter=session["counter"], number=session["number"]
            )
        )
        self.clear_form()

    def close_till(self) -> None:
        code = self._working()
        if code is None:
            return
        closing = self._run(CloseTillDialog(self.ctx, code, self))
        if closing is None:
            return
        report = closing.report
        self.banner.success(
            _("Till closed: Z of session {counter}-{number} recorded.").format(
                counter=report["counter"], number=report["session_number"]
            )
        )
        self.last_closing = closing
        self.bus.journal_changed.emit()
        self._run(ZReportDialog(self.ctx, closing, self))
