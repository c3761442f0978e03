"""Counting a till by denomination: one row per note or coin, pieces typed, the line and the
column totals kept up to date as the volunteer types; and the table of what the journal
expects beside what was counted, green when equal, red otherwise.

The grid only reads what is typed: whole numbers are checked by ``domain.counting``; the
service decides whether the count is accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import format_currency
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from caisse import i18n
from caisse.domain.counting import EUR_COINS, EUR_NOTES, parse_pieces
from caisse.domain.errors import CaisseError, InputError
from caisse.domain.money import EUR, Money
from caisse.i18n import _

from .widgets import money

GREEN = "#1b5e20"
RED = "#b3261e"
MUTED = "#5f6b7a"


def denomination_text(cents: int, commodity: str) -> str:
    """ "50 €", "0,50 €": whole values without their decimals, in the user's locale."""
    if cents % 100:
        return money(cents, commodity)
    value = Decimal(cents // 100)
    return format_currency(
        value, commodity, locale=i18n.locale(), currency_digits=False, format=_whole_pattern()
    )


def _whole_pattern() -> str:
    from babel import Locale

    pattern = Locale.parse(i18n.locale()).currency_formats["standard"].pattern
    return pattern.split(";")[0].replace("#,##0.00", "#,##0")


@dataclass
class PieceRow:
    section: str  # "euros" or "notes"
    cents: int
    commodity: str
    field: QLineEdit
    total: QLabel


class CountingGrid(QWidget):
    """Euro notes, euro coins and the local currency's notes side by side."""

    changed = Signal()

    def __init__(self, unit: str, unit_notes: tuple[int, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self.unit = unit
        self.rows: list[PieceRow] = []
        self.subtotals: dict[str, QLabel] = {}
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color:{RED}; font-weight:600;")
        self.error.hide()
        columns = QHBoxLayout()
        columns.setSpacing(18)
        for key, title, section, commodity, values in (
            ("eur_notes", _("Euro notes"), "euros", EUR, EUR_NOTES),
            ("eur_coins", _("Euro coins"), "euros", EUR, EUR_COINS),
            (
                "unit_notes",
                _("{unit} notes").format(unit=unit),
                "notes",
                unit,
                tuple(sorted(unit_notes, reverse=True)),
            ),
        ):
            columns.addWidget(self._column(key, title, section, commodity, values), 1)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(columns, 0, 0)
        layout.addWidget(self.error, 1, 0)
        for row in self.rows:
            row.field.textChanged.connect(self._recount)
        for first, second in zip(self.rows, self.rows[1:], strict=False):
            QWidget.setTabOrder(first.field, second.field)
        self._recount()

    def _column(
        self, key: str, title: str, section: str, commodity: str, values: tuple[int, ...]
    ) -> QFrame:
        frame = QFrame()
        frame.setObjectName("card")
        grid = QGridLayout(frame)
        grid.setContentsMargins(12, 8, 12, 8)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(3)
        caption = QLabel(title)
        caption.setStyleSheet("font-weight:600; color:#3b4654;")
        grid.addWidget(caption, 0, 0, 1, 3)
        for line, cents in enumerate(values, start=1):
            label = QLabel(denomination_text(cents, commodity))
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            field = QLineEdit()
            field.setAlignment(Qt.AlignmentFlag.AlignRight)
            field.setPlaceholderText("0")
            field.setMaximumWidth(70)
            field.setAccessibleName(_("Pieces of {denomination}").format(denomination=label.text()))
            total = QLabel()
            total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            total.setMinimumWidth(90)
            total.setStyleSheet(f"color:{MUTED};")
            grid.addWidget(label, line, 0)
            grid.addWidget(field, line, 1)
            grid.addWidget(total, line, 2)
            self.rows.append(PieceRow(section, cents, commodity, field, total))
        subtotal = QLabel()
        subtotal.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        subtotal.setStyleSheet("font-weight:600;")
        grid.addWidget(QLabel(_("Total")), len(values) + 1, 0, 1, 2)
        grid.addWidget(subtotal, len(values) + 1, 2)
        grid.setRowStretch(len(values) + 2, 1)
        self.subtotals[key] = subtotal
        return frame

    # --- reading ------------------------------------------------------------------------------
    @property
    def fields(self) -> list[QLineEdit]:
        return [row.field for row in self.rows]

    def field_for(self, commodity: str, cents: int) -> QLineEdit:
        return next(r.field for r in self.rows if r.commodity == commodity and r.cents == cents)

    def _pieces_of(self, row: PieceRow) -> int:
        return parse_pieces(row.field.text(), Money(row.cents, row.commodity))

    def pieces(self) -> tuple[dict[int, int], dict[int, int]]:
        """Euros and notes counted, or the first line's :class:`InputError`."""
        euros: dict[int, int] = {}
        notes: dict[int, int] = {}
        for row in self.rows:
            count = self._pieces_of(row)
            if count:
                (euros if row.section == "euros" else notes)[row.cents] = count
        return euros, notes

    def totals(self) -> tuple[int, int]:
        """Cents of euros and of notes counted, lines not readable taken as zero."""
        euros = notes = 0
        for row in self.rows:
            try:
                value = row.cents * self._pieces_of(row)
            except CaisseError:
                value = 0
            if row.section == "euros":
                euros += value
            else:
                notes += value
        return euros, notes

    def set_pieces(self, euros: dict[int, int], notes: dict[int, int]) -> None:
        for row in self.rows:
            count = (euros if row.section == "euros" else notes).get(row.cents, 0)
            row.field.setText(str(count) if count else "")

    # --- totals as you type ---------------------------------------------------------------
    def _recount(self) -> None:
        sums = {"eur_notes": 0, "eur_coins": 0, "unit_notes": 0}
        first_error: str | None = None
        for row in self.rows:
            key = (
                ("eur_notes" if row.cents in EUR_NOTES else "eur_coins")
                if (row.section == "euros")
                else "unit_notes"
            )
            try:
                count = self._pieces_of(row)
            except InputError as err:
                first_error = first_error or str(err)
                row.field.setStyleSheet(f"border:2px solid {RED};")
                row.total.setText("?")
                continue
            row.field.setStyleSheet("")
            row.total.setText(money(row.cents * count, row.commodity) if count else "")
            sums[key] += row.cents * count
        for key, label in self.subtotals.items():
            label.setText(money(sums[key], self.unit if key == "unit_notes" else EUR))
        self.error.setText(first_error or "")
        self.error.setVisible(first_error is not None)
        self.changed.emit()


class Comparison(QFrame):
    """Expected, counted and difference per commodity or payment method."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(12, 8, 12, 8)
        self.grid.setHorizontalSpacing(18)
        for column, title in enumerate(("", _("Expected"), _("Counted"), _("Difference"))):
            label = QLabel(title)
            label.setStyleSheet("font-weight:600; color:#3b4654;")
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(label, 0, column)
        self.lines: dict[str, tuple[QLabel, QLabel, QLabel]] = {}

    def add_line(self, key: str, title: str) -> None:
        row = len(self.lines) + 1
        self.grid.addWidget(QLabel(title), row, 0)
        labels = tuple(QLabel() for _ in range(3))
        for column, label in enumerate(labels, start=1):
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(label, row, column)
        self.lines[key] = labels  # type: ignore[assignment]

    def show_line(self, key: str, expected: Money, counted: Money | None) -> None:
        """``counted`` None: not counted here (card payments, settled by the bank)."""
        exp, cnt, diff = self.lines[key]
        exp.setText(expected.display())
        if counted is None:
            cnt.setText("—")
            diff.setText(_("settled by the bank"))
            diff.setStyleSheet(f"color:{MUTED};")
            return
        cnt.setText(counted.display())
        gap = counted.cents - expected.cents
        diff.setText(("+" if gap > 0 else "") + Money(gap, expected.commodity).display())
        color = GREEN if gap == 0 else RED
        diff.setStyleSheet(f"color:{color}; font-weight:600;")
        diff.setProperty("equal", gap == 0)

    def equal(self, key: str) -> bool:
        return bool(self.lines[key][2].property("equal"))
