"""Opening and closing the till: the counting grid, what the journal expects beside what is
counted, and at closing the cheques ticked one by one.

A difference is never accepted at the first confirmation: the dialog asks to count again; if it
remains, a comment is required; only then does the service post it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from caisse.domain.money import EUR, Money
from caisse.i18n import _
from caisse.services import sessions, settings
from caisse.services.context import Context

from ....counting import Comparison, CountingGrid
from ....widgets import hint, money
from .base import CounterDialog, Retry, caption


class TillDialog(CounterDialog):
    """What opening and closing share: the grid, the comparison, the recount and the comment."""

    closing = False

    def __init__(
        self, ctx: Context, code: str, title: str, confirm: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(title, confirm, parent)
        self.setMinimumWidth(980)
        self.ctx = ctx
        self.code = code
        currency = settings.currency(ctx.store)
        self.unit = currency.code
        self.expected = sessions.expected(ctx.store, code)
        #: set once the dialog has asked to count again
        self.recount_asked = False
        self.grid = CountingGrid(currency.code, currency.denominations)
        self.comparison = Comparison()
        self.comparison.add_line("cash", _("Euros in the till"))
        self.comparison.add_line("notes", _("{unit} notes").format(unit=self.unit))
        self.comment_label = caption(_("Comment on the difference"))
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(_("What you found, for the treasurer"))
        self.comment_label.hide()
        self.comment.hide()
        self.fields = list(self.grid.fields)
        self.grid.changed.connect(self.compare)

    def add_comment_and_compare(self) -> None:
        self.body.addWidget(self.comparison)
        self.body.addWidget(self.comment_label)
        self.body.addWidget(self.comment)
        self.fields.append(self.comment)
        self.compare()

    # --- as you type ------------------------------------------------------------------------
    def counted_cash(self) -> Money:
        return Money(self.grid.totals()[0])

    def counted_notes(self) -> Money:
        return Money(self.grid.totals()[1], self.unit)

    def compare(self) -> None:
        self.comparison.show_line("cash", self.expected.cash, self.counted_cash())
        self.comparison.show_line("notes", self.expected.notes, self.counted_notes())

    def cheques(self) -> tuple[int, ...] | None:
        return None

    # --- confirming -------------------------------------------------------------------------
    def count(self) -> sessions.TillCount:
        euros, notes = self.grid.pieces()
        return sessions.TillCount(euros, notes, self.cheques())

    def submit(self) -> Any:
        count = self.count()
        diff = sessions.differences(self.ctx.store, self.code, count)
        comment = self.comment.text().strip()
        if diff.any and not self.recount_asked:
            self.recount_asked = True
            self.banner.error(
                _(
                    "The count differs from what the till should hold (see the red lines). Count "
                    "again, correct the lines, then confirm."
                )
            )
            self.focus_first()
            raise Retry
        if diff.any and not comment:
            self.comment_label.show()
            self.comment.show()
            self.comment.setFocus()
            self.banner.error(
                _(
                    "The difference remains after counting again: say what you found in the "
                    "comment, then confirm."
                )
            )
            raise Retry
        return self.call(count, comment if diff.any else "", self.recount_asked)

    def call(self, count: sessions.TillCount, comment: str, recounted: bool) -> Any:
        raise NotImplementedError  # pragma: no cover


class OpenTillDialog(TillDialog):
    def __init__(self, ctx: Context, code: str, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            code,
            _("Open the till of {counter}").format(counter=code),
            _("Open the till"),
            parent,
        )
        self.body.addWidget(
            hint(
                _(
                    "Count the float: the euro notes and coins and the {unit} notes in the till "
                    "now. Enter moves down the grid; Enter on the last line opens the till."
                ).format(unit=self.unit)
            )
        )
        self.body.addWidget(self.grid)
        self.add_comment_and_compare()

    def call(self, count: sessions.TillCount, comment: str, recounted: bool) -> dict[str, Any]:
        return sessions.open_session(
            self.ctx, self.code, count, comment=comment, recounted=recounted
        )


class CloseTillDialog(TillDialog):
    closing = True

    def __init__(self, ctx: Context, code: str, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            code,
            _("Close the till of {counter}").format(counter=code),
            _("Close the till"),
            parent,
        )
        self.comparison.add_line("cheques", _("Cheques"))
        self.comparison.add_line("cards", _("Card payments"))
        self.cheque_boxes: dict[int, QCheckBox] = {}
        self.body.addWidget(
            hint(
                _(
                    "Count what the till holds now, line by line, and tick each cheque you find. "
                    "Enter moves down; Enter on the last line closes the till."
                )
            )
        )
        self.body.addWidget(self.grid)
        self.body.addWidget(self._cheque_list())
        for box in self.cheque_boxes.values():
            self.fields.append(box)
        self.add_comment_and_compare()

    def _cheque_list(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        cheques = self.expected.cheques
        title = _("Cheques in the till: {count}, {amount}").format(
            count=len(cheques), amount=self.expected.cheques_total.display()
        )
        layout.addWidget(caption(title))
        if not cheques:
            layout.addWidget(hint(_("No cheque was received in this till.")))
            return box
        inner = QWidget()
        rows = QVBoxLayout(inner)
        rows.setContentsMargins(4, 0, 4, 0)
        rows.setSpacing(2)
        for cheque in cheques:
            text = _("No. {number} · {bank} · {amount} · receipt {receipt}").format(
                number=cheque["number"] or "?",
                bank=cheque["bank"] or "—",
                amount=money(cheque["amount"]),
                receipt=cheque["receipt"] or "",
            )
            check = QCheckBox(text)
            check.toggled.connect(self.compare)
            rows.addWidget(check)
            self.cheque_boxes[cheque["seq"]] = check
        rows.addStretch(1)
        if len(cheques) <= 4:
            layout.addWidget(inner)
        else:
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setMaximumHeight(120)
            scroll.setWidget(inner)
            layout.addWidget(scroll)
        return box

    def cheques(self) -> tuple[int, ...]:
        return tuple(seq for seq, box in self.cheque_boxes.items() if box.isChecked())

    def compare(self) -> None:
        super().compare()
        if "cheques" not in self.comparison.lines:
            return
        ticked = set(self.cheques()) if hasattr(self, "cheque_boxes") else set()
        counted = sum(c["amount"] for c in self.expected.cheques if c["seq"] in ticked)
        self.comparison.show_line("cheques", self.expected.cheques_total, Money(counted, EUR))
        self.comparison.show_line("cards", self.expected.cards, None)

    def call(self, count: sessions.TillCount, comment: str, recounted: bool) -> Any:
        return sessions.close_session(
            self.ctx, self.code, count, comment=comment, recounted=recounted
        )
