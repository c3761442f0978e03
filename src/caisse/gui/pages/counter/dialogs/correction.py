"""F7: the operation selected in the list cancelled by a reversing entry, with a reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from caisse.i18n import _
from caisse.services import ledger
from caisse.services.context import Context

from ....journal_view import euros_text, operation_text, units_text
from ....widgets import date_time, hint
from .base import CounterDialog, caption


class CorrectionDialog(CounterDialog):
    def __init__(self, ctx: Context, row: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(_("Correct an operation"), _("Record the correction"), parent)
        self.ctx, self.row = ctx, row
        amounts = " · ".join(t for t in (euros_text(row), units_text(row)) if t)
        self.body.addWidget(
            caption(
                _("{operation}, receipt {receipt}, {when}: {amounts}").format(
                    operation=operation_text(row),
                    receipt=row["receipt"] or row["seq"],
                    when=date_time(row["at"]),
                    amounts=amounts or "—",
                )
            )
        )
        self.body.addWidget(
            hint(
                _(
                    "The operation stays in the journal; a reversing entry cancels it, with your "
                    "reason. Record the right operation afterwards if there is one."
                )
            )
        )
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("Reason (required), for example: wrong amount typed"))
        self.body.addWidget(self.reason)
        self.fields = [self.reason]

    def submit(self) -> Any:
        return ledger.correct(self.ctx, self.row["seq"], self.reason.text())
