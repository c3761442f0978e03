"""F10: a partner hands in vouchers; each is checked at once, then redeemed.

The scan field takes what a USB scanner types (a QWERTY scanner on an AZERTY keyboard too) or
the serial typed by hand. The answer comes as soon as the text is complete, and on Enter: green
with the value, the programme and the expiry, or red with the reason. "Redeem" is enabled only
after a valid check; Ctrl+Enter redeems. The receipt is offered in the dialog, and the dialog is
then ready for the partner's next voucher: a partner often brings a stack.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from caisse.domain import vouchers as vdomain
from caisse.domain.errors import CaisseError
from caisse.i18n import _
from caisse.services import members, settings, vouchers
from caisse.services.context import Context
from caisse.services.ledger import Receipt

from ....widgets import hint, long_date
from ...member_finder import MemberFinder
from ..receipt_offer import ReceiptOffer
from .base import CounterDialog, Retry, caption

ANSWER_STYLES = {
    "valid": "background:#e8f5e9; color:#1b5e20; border:2px solid #66bb6a;",
    "refused": "background:#fdecea; color:#8a1c1c; border:2px solid #e57373;",
    "done": "background:#eef3fb; color:#1a3a6b; border:2px solid #90a9d6;",
}


def complete(text: str) -> bool:
    """Whether a scan or a typed serial is whole: the check needs no Enter then."""
    for reading in vdomain.readings(text):
        if len(reading) == vdomain.PAYLOAD_CHARS:
            return True
        digits = "".join(reading.split())
        if digits.isdigit() and len(digits) == vdomain.SERIAL_DIGITS:
            return True
    return False


class VoucherDialog(CounterDialog):
    #: a voucher was redeemed (the Receipt): the page reads the journal again
    redeemed = Signal(object)

    def __init__(
        self,
        ctx: Context,
        code: str,
        parent: QWidget | None = None,
        *,
        offer: ReceiptOffer | None = None,
        session: str | None = None,
    ) -> None:
        super().__init__(_("Voucher"), _("Redeem (Ctrl+Enter)"), parent)
        self.setMinimumWidth(960)
        self.cancel_button.setText(_("Close (Esc)"))
        self.ctx, self.code = ctx, code
        self.currency = settings.currency(ctx.store)
        #: the receipts of the vouchers redeemed while the dialog was open
        self.receipts: list[Receipt] = []
        self.checked: vouchers.Check | None = None
        self._checked_text: str | None = None
        self._picked = False

        self.finder = MemberFinder(ctx.store, partners_only=True)
        self.finder.chosen.connect(self._partner_chosen)
        self.finder.cleared.connect(self._partner_cleared)
        self.finder.failed.connect(self.banner.error)
        self.scan = QLineEdit()
        self.scan.setObjectName("voucherScan")
        self.scan.setMinimumHeight(44)
        self.scan.setStyleSheet("font-size:13pt;")
        self.scan.setPlaceholderText(_("Scan the QR code, or type the 12-digit serial"))
        self.scan.setMaxLength(vdomain.MAX_SCAN + 1)
        self.scan.setClearButtonEnabled(True)
        self.scan.textChanged.connect(self._scan_changed)
        self.answer = QLabel()
        self.answer.setObjectName("voucherAnswer")
        self.answer.setWordWrap(True)
        self.answer.setTextFormat(Qt.TextFormat.RichText)
        self.answer.setMinimumHeight(150)
        #: what the answer says, as plain text
        self.answer_text = ""
        self.answer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.iban = QLineEdit()
        self.iban.setPlaceholderText("FR76 …")
        self.iban_label = QLabel(_("IBAN of the partner"))
        self.offer = ReceiptOffer(ctx)
        self.offer.failed.connect(self.banner.error)
        self.offer.install_shortcuts(self)
        self._shared_offer = offer
        self.session = session
        self._answer = ""
        if offer is not None:
            share_choice(offer, self.offer)

        self.body.addWidget(
            hint(
                _(
                    "Only partners redeem vouchers; their value is paid in euros by bank "
                    "transfer. Scan each voucher: the answer shows at once."
                )
            )
        )
        self.body.addWidget(caption(_("Partner")))
        self.body.addWidget(self.finder)
        iban_form = QFormLayout()
        iban_form.addRow(self.iban_label, self.iban)
        self.body.addLayout(iban_form)
        self.body.addWidget(caption(_("Voucher")))
        self.body.addWidget(self.scan)
        self.body.addWidget(self.answer)
        self.body.addWidget(self.offer)
        self.fields = [self.finder.edit, self.iban, self.scan]
        self._show_iban(False)
        self._say("", "", [])

    # --- partner ----------------------------------------------------------------------------
    def partner(self) -> dict[str, Any] | None:
        return self.finder.member

    def _partner_chosen(self, row: dict[str, Any]) -> None:
        if self.banner.kind == "error":
            self.banner.clear_message()
        self._show_iban(not row.get("iban"))
        (self.iban if not row.get("iban") else self.scan).setFocus()
        # the Enter that picked the partner reaches the dialog next: it must not move on again
        self._picked = True
        QTimer.singleShot(0, self._forget_pick)
        self.recheck()

    def _forget_pick(self) -> None:
        self._picked = False

    def _partner_cleared(self) -> None:
        self._show_iban(False)
        self.recheck()

    def _show_iban(self, shown: bool) -> None:
        self.iban_label.setVisible(shown)
        self.iban.setVisible(shown)
        if not shown:
            self.iban.clear()

    # --- checking ---------------------------------------------------------------------------
    def _scan_changed(self, text: str) -> None:
        if text != self._checked_text:
            self.checked, self._checked_text = None, None
            self.confirm_button.setEnabled(False)
            if self._answer:
                self._say("", "", [])
        if complete(text):
            self.check()

    def recheck(self) -> None:
        """The partner changed: what was checked is checked again for this partner."""
        if self.scan.text().strip():
            self.check()
        else:
            self.confirm_button.setEnabled(False)

    def check(self) -> vouchers.Check | None:
        """The answer for what the scan field holds, shown at once."""
        text = self.scan.text()
        if not text.strip():
            self._say("", "", [])
            self.confirm_button.setEnabled(False)
            return None
        partner = self.partner()
        result = vouchers.check(
            self.ctx.store, text, self.ctx.today(), partner["uid"] if partner else None
        )
        self.checked, self._checked_text = result, text
        if result.ok:
            assert result.amount is not None and result.voucher is not None
            lines = [
                _("Programme {programme}, valid until {date}").format(
                    programme=result.programme,
                    date=long_date(result.voucher["expires_on"]),
                ),
                _("Serial {serial}").format(serial=vdomain.grouped_serial(result.serial or "")),
            ]
            if partner is None:
                lines.append(_("Find the partner to redeem it."))
            value = self.currency.unit(result.amount).display()
            self._say("valid", _("Valid: {amount}").format(amount=value), lines)
        else:
            self._say("refused", _("Refused"), [result.message])
        self.confirm_button.setEnabled(result.ok)
        return result

    def _say(self, kind: str, title: str, details: list[str]) -> None:
        """The answer: a large first line (valid and the value, or refused), then why."""
        self._answer = kind
        if not kind:
            self.answer_text = _("Waiting for a voucher…")
            self.answer.setStyleSheet("QLabel { color:#5f6b7a; border:2px dashed #d9dee5; }")
            self.answer.setText(html.escape(self.answer_text))
            return
        self.answer_text = "\n".join([title, *details])
        rule = f"{ANSWER_STYLES[kind]} border-radius:8px; padding:10px 16px;"
        self.answer.setStyleSheet(f"QLabel {{ {rule} }}")
        lines = "".join(
            f'<div style="font-size:12pt; font-weight:500;">{html.escape(line)}</div>'
            for line in details
        )
        self.answer.setText(
            f'<div style="font-size:19pt; font-weight:700;">{html.escape(title)}</div>{lines}'
        )

    # --- keyboard ---------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        plain = not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if enter and plain and self.focusWidget() is self.scan:
            self.check()  # a scanner ends its line with Enter: never a redemption
            self.scan.selectAll()
            return
        super().keyPressEvent(event)

    def advance(self) -> None:
        if self._picked:
            self._picked = False
            return
        if self.focusWidget() is self.finder.edit and self.finder.member is None:
            return  # the finder shows what it found, or why not
        super().advance()

    # --- redeeming --------------------------------------------------------------------------
    def submit(self) -> Any:
        partner = self.partner()
        if partner is None:
            self.banner.error(_("Find the partner first: type a number or a name."))
            self.finder.edit.setFocus()
            raise Retry
        result = self.check()
        if result is None:
            self.banner.error(_("Scan the voucher first, or type its serial."))
            self.scan.setFocus()
            raise Retry
        if not result.ok:
            self.scan.setFocus()
            self.scan.selectAll()
            raise Retry
        return vouchers.redeem(
            self.ctx,
            self.scan.text(),
            partner["number"],
            self.code,
            iban=(self.iban.text().strip() or None) if self.iban.isVisibleTo(self) else None,
        )

    def try_accept(self) -> None:
        """Redeem, then stay open for the next voucher of the same partner."""
        try:
            receipt = self.submit()
        except Retry:
            return
        except CaisseError as err:
            self.banner.error(str(err))
            return
        self.receipts.append(receipt)
        self.outcome = self.receipts
        units, to_pay = receipt.amounts
        if self.banner.kind == "error":
            self.banner.clear_message()
        self._say(
            "done",
            _("Redeemed: {units}").format(units=units.display()),
            [
                _("Receipt {receipt}; {euros} to transfer to the partner.").format(
                    receipt=receipt.number, euros=to_pay.display()
                ),
                _("Scan the next voucher."),
            ],
        )
        self.redeemed.emit(receipt)
        self.offer.offer(receipt.seq, receipt.number, self.session)
        if self._shared_offer is not None:
            share_choice(self.offer, self._shared_offer)
        self._next_voucher()

    def _next_voucher(self) -> None:
        partner = self.partner()
        if partner is not None:
            # the IBAN typed for the first voucher is the partner's now
            self.finder.member = members.by_uid(self.ctx.store, partner["uid"])
            self._show_iban(not self.finder.member.get("iban"))
        self.scan.blockSignals(True)
        self.scan.clear()
        self.scan.blockSignals(False)
        self.checked, self._checked_text = None, None
        self.confirm_button.setEnabled(False)
        self.scan.setFocus()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.confirm_button.setEnabled(bool(self.checked and self.checked.ok))


def share_choice(source: ReceiptOffer, target: ReceiptOffer) -> None:
    """The receipt choice made for the session ("same choice for this session") holds in the
    dialog as in the page."""
    target.session, target.mode = source.session, source.mode
    target.printer, target.folder = source.printer, source.folder
    target.remember.setChecked(source.remember.isChecked())
