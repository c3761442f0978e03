"""After each operation, its receipt is offered in the page without stopping the next keystroke:
print it (Ctrl+P), save it as PDF (Ctrl+Shift+S) or just go on. Ticking "same choice for this
session" prints (on the printer chosen once) or saves (in the folder chosen once) every
following receipt by itself, or stops offering them, until the till is closed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from caisse.i18n import _
from caisse.services import receipts
from caisse.services.context import Context

from ... import printing


class ReceiptOffer(QFrame):
    #: a message for the page's banner, when printing or saving failed
    failed = Signal(str)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("card")
        self.seq: int | None = None
        self.number: str | None = None
        self.session: str | None = None
        #: None: offer each receipt; "print", "save" or "skip" for the rest of the session
        self.mode: str | None = None
        self.printer: str | None = None
        self.folder: Path | None = None
        self.label = QLabel()
        self.print_button = QPushButton(_("Print (Ctrl+P)"))
        self.save_button = QPushButton(_("Save as PDF (Ctrl+Shift+S)"))
        self.skip_button = QPushButton(_("Skip"))
        self.remember = QCheckBox(_("Same choice for this session"))
        for button in (self.print_button, self.save_button, self.skip_button, self.remember):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.print_button.clicked.connect(self.print_receipt)
        self.save_button.clicked.connect(self.save_receipt)
        self.skip_button.clicked.connect(self.skip)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.remember)
        layout.addWidget(self.print_button)
        layout.addWidget(self.save_button)
        layout.addWidget(self.skip_button)
        self.hide()

    def install_shortcuts(self, page: QWidget) -> None:
        for keys, slot in (("Ctrl+P", self.print_receipt), ("Ctrl+Shift+S", self.save_receipt)):
            shortcut = QShortcut(QKeySequence(keys), page)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def offer(self, seq: int, number: str | None, session: str | None) -> None:
        """A new receipt: offered, or handled as chosen for the session."""
        if number is None:
            return
        if session != self.session:
            self.session, self.mode, self.printer, self.folder = session, None, None, None
            self.remember.setChecked(False)
        self.seq, self.number = seq, number
        if self.mode == "print" and self.printer:
            self._print_to(self.printer)
        elif self.mode == "save" and self.folder:
            self._save_to(self.folder / f"{printing.receipt_name(number)}.pdf")
        elif self.mode == "skip":
            self._say(_("Receipt {receipt}: Ctrl+P prints it.").format(receipt=number), False)
        else:
            self._say(_("Receipt {receipt} is ready.").format(receipt=number), True)
        self.show()

    def _say(self, text: str, buttons: bool) -> None:
        self.label.setText(text)
        for widget in (self.print_button, self.save_button, self.skip_button, self.remember):
            widget.setVisible(buttons)

    def _render(self) -> bytes:
        assert self.seq is not None
        return receipts.receipt_pdf(self.ctx, self.seq)

    def print_receipt(self) -> None:
        if self.seq is None or not self.isVisible():
            return
        try:
            printer = printing.print_document(
                self.window(), printing.receipt_name(self.number or ""), self._render
            )
        except printing.PrintFailed as err:
            self.failed.emit(str(err))
            return
        if printer is None:
            return
        if self.remember.isChecked():
            self.mode, self.printer = "print", printer
        self._say(
            _("Receipt {receipt} sent to {printer}.").format(receipt=self.number, printer=printer),
            False,
        )

    def _print_to(self, printer: str) -> None:
        try:
            printing.send_to_printer(
                self._render(), printer, printing.receipt_name(self.number or "")
            )
        except printing.PrintFailed as err:
            self.failed.emit(str(err))
            return
        self._say(
            _("Receipt {receipt} sent to {printer}.").format(receipt=self.number, printer=printer),
            False,
        )

    def save_receipt(self) -> None:
        if self.seq is None or not self.isVisible():
            return
        try:
            path = printing.save_document(
                self.window(), printing.receipt_name(self.number or ""), self._render
            )
        except printing.PrintFailed as err:
            self.failed.emit(str(err))
            return
        if path is None:
            return
        if self.remember.isChecked():
            self.mode, self.folder = "save", path.parent
        self._say(
            _("Receipt {receipt} saved: {path}").format(receipt=self.number, path=path), False
        )

    def _save_to(self, path: Path) -> None:
        try:
            path.write_bytes(self._render())
        except OSError as err:
            self.failed.emit(
                _("The file {path} could not be written ({reason}): choose another folder.").format(
                    path=path, reason=err.strerror or err
                )
            )
            self.mode = None
            return
        self._say(
            _("Receipt {receipt} saved: {path}").format(receipt=self.number, path=path), False
        )

    def skip(self) -> None:
        if self.remember.isChecked():
            self.mode = "skip"
        self.hide()
