"""Documents on paper or on disk: the reprint of a receipt (F8, marked DUPLICATA) and the Z of
a session just closed, with its figures shown before printing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from caisse.domain.money import EUR
from caisse.i18n import _
from caisse.services import ledger, receipts
from caisse.services.context import Context
from caisse.store.closings import Closing

from .... import printing
from ....widgets import date_time, hint, money
from .base import CounterDialog, Retry, caption


class DocumentDialog(CounterDialog):
    """Print (Enter), save as PDF, or close."""

    def __init__(
        self, title: str, name: str, render: Callable[[], bytes], parent: QWidget | None = None
    ) -> None:
        super().__init__(title, _("Print…"), parent)
        self.name, self.render = name, render
        self.cancel_button.setText(_("Close (Esc)"))
        self.save_button = QPushButton(_("Save as PDF…"))
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.button_row.insertWidget(2, self.save_button)
        #: where the document went: ("print", printer) or ("save", path)
        self.done_with: tuple[str, Any] | None = None

    def submit(self) -> Any:
        printer = printing.print_document(self, self.name, self.render)
        if printer is None:
            raise Retry
        self.done_with = ("print", printer)
        return self.done_with

    def save(self) -> None:
        try:
            path = printing.save_document(self, self.name, self.render)
        except printing.PrintFailed as err:
            self.banner.error(str(err))
            return
        if path is not None:
            self.done_with = ("save", path)
            self.outcome = self.done_with
            self.accept()


class ReprintDialog(DocumentDialog):
    def __init__(self, ctx: Context, row: dict[str, Any], parent: QWidget | None = None) -> None:
        number = row["receipt"]
        super().__init__(
            _("Reprint receipt {receipt}").format(receipt=number),
            printing.receipt_name(number, reprint=True),
            lambda: receipts.receipt_pdf(ctx, row["seq"], reprint=True),
            parent,
        )
        times = receipts.printed_count(ctx.store, row["seq"])
        self.body.addWidget(
            caption(
                _("{operation} of {when}").format(
                    operation=ledger.operation_label(row["operation"]), when=date_time(row["at"])
                )
            )
        )
        self.body.addWidget(
            hint(
                _(
                    "The copy is marked DUPLICATA and the reprint is logged. Printed so far: "
                    "{times} time(s)."
                ).format(times=times)
            )
        )


class ZReportDialog(DocumentDialog):
    """The session's Z after closing: its figures here, the PDF to print or save."""

    def __init__(self, ctx: Context, closing: Closing, parent: QWidget | None = None) -> None:
        report = closing.report
        label = f"{report['counter']}-{report['session_number']}"
        super().__init__(
            _("Z report of session {session}").format(session=label),
            _("z-{session}").format(session=label),
            lambda: receipts.z_report_pdf(ctx, closing.session or label),
            parent,
        )
        self.setMinimumWidth(560)
        unit = report["unit"]
        self.body.addWidget(
            hint(
                _(
                    "The till is closed: this session can never change again. Opened {opened} by "
                    "{by}, closed {closed}; {entries} journal entries."
                ).format(
                    opened=date_time(report["opened_at"]),
                    by=report["opened_by"] or "?",
                    closed=date_time(report["closed_at"]),
                    entries=report["entries"],
                )
            )
        )
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        for column, title in enumerate((_("Operation"), _("Count"), _("Euros"), unit)):
            grid.addWidget(caption(title), 0, column)
        line = 1
        for operation, figures in report["period"].items():
            name = (
                _("Corrections")
                if operation == "corrections"
                else ledger.operation_label(operation)
            )
            grid.addWidget(QLabel(name), line, 0)
            for column, text in enumerate(
                (str(figures["count"]), money(figures["eur"]), money(figures["units"], unit)),
                start=1,
            ):
                grid.addWidget(QLabel(text), line, column)
            line += 1
        self.body.addLayout(grid)
        diff = report["differences"]
        parts = [
            _("euros {amount}").format(amount=_signed(diff["cash"], EUR)),
            _("notes {amount}").format(amount=_signed(diff["notes"], unit)),
            _("cheques {amount}").format(amount=_signed(diff["cheques"], EUR)),
        ]
        self.differences = caption(_("Differences: {parts}").format(parts=", ".join(parts)))
        self.body.addWidget(self.differences)
        if report["comment"]:
            self.body.addWidget(hint(_("Comment: {comment}").format(comment=report["comment"])))


def _signed(cents: int, commodity: str) -> str:
    return ("+" if cents > 0 else "") + money(cents, commodity)
