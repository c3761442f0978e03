"""The vault on the treasury's Note stock tab: notes received from the printer, notes destroyed
and the vault counted, each in a dialog with a row per denomination (number of notes, their
total, and the serial ranges typed as text, checked as typed); and the vault's row of the note
stock table with its last count."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from caisse.domain.counting import parse_pieces
from caisse.domain.errors import CaisseError, InputError
from caisse.domain.money import Money
from caisse.domain.serials import SerialRange, parse_ranges
from caisse.i18n import N_, _
from caisse.services import settings, vault
from caisse.services.context import Context
from caisse.services.treasury_view import NoteStock

from ..bus import Bus
from ..counting import MUTED, RED, Comparison, denomination_text
from ..widgets import Banner, FormDialog, date_time, hint, money


def vault_row(stock: NoteStock) -> dict[str, Any]:
    """The vault's row of the note stock table: its amount by the journal, and its last count's
    date, notes by denomination and total."""
    unit = stock.vault.commodity
    when = (
        _("count, {date}").format(date=date_time(stock.vault_counted_at))
        if stock.vault_counted_at
        else _("never counted")
    )
    return {
        "place": _("Vault"),
        "stock": money(stock.vault.cents, unit),
        "returned": "",
        "when": when,
        "counted": money(stock.vault_counted.cents, unit) if stock.vault_counted_at else "",
        "notes": {d: str(n) for d, n in stock.vault_notes.items()},
    }


class NotesGrid(QFrame):
    """A row per note of the currency, largest first: the number of notes, their total, and
    (``serials``) the serial ranges typed as "A000001-A000500, A000601-A000700"."""

    changed = Signal()

    def __init__(self, unit: str, denominations: tuple[int, ...], *, serials: bool,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("card")
        self.unit = unit
        self.rows: list[tuple[int, QLineEdit, QLabel, QLineEdit | None]] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(12, 8, 12, 8)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        titles = [_("Value"), _("Number of notes"), _("Total")]
        if serials:
            titles.append(_("Serial numbers (optional)"))
        for column, title in enumerate(titles):
            label = QLabel(title)
            label.setStyleSheet("font-weight:600; color:#3b4654;")
            if column < 3:  # over figures aligned right
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(label, 0, column)
        for line, cents in enumerate(sorted(denominations, reverse=True), start=1):
            label = QLabel(denomination_text(cents, unit))
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            field = QLineEdit()
            field.setAlignment(Qt.AlignmentFlag.AlignRight)
            field.setPlaceholderText("0")
            field.setMaximumWidth(90)
            field.setAccessibleName(_("Notes of {value}").format(value=label.text()))
            total = QLabel()
            total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            total.setMinimumWidth(110)
            total.setStyleSheet(f"color:{MUTED};")
            grid.addWidget(label, line, 0)
            grid.addWidget(field, line, 1)
            grid.addWidget(total, line, 2)
            ranges = None
            if serials:
                ranges = QLineEdit()
                ranges.setMinimumWidth(280)
                if line == 1:  # once is an example; on every line, noise
                    ranges.setPlaceholderText(_("e.g. A000001-A000500, A000601-A000700"))
                ranges.setAccessibleName(_("Serials of {value}").format(value=label.text()))
                ranges.textChanged.connect(self._recount)
                grid.addWidget(ranges, line, 3)
            field.textChanged.connect(self._recount)
            self.rows.append((cents, field, total, ranges))
        last = len(self.rows) + 1
        grid.addWidget(QLabel(_("Total")), last, 0, 1, 2)
        self.total = QLabel()
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.total.setStyleSheet("font-weight:600;")
        grid.addWidget(self.total, last, 2)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color:{RED}; font-weight:600;")
        self.error.hide()
        grid.addWidget(self.error, last + 1, 0, 1, len(titles))
        grid.setColumnStretch(3, 1)  # the serials, or the room left when there are none
        self._recount()

    def field_for(self, cents: int) -> QLineEdit:
        return next(field for d, field, _t, _r in self.rows if d == cents)

    def serials_for(self, cents: int) -> QLineEdit:
        found = next(r for d, _f, _t, r in self.rows if d == cents)
        assert found is not None
        return found

    def notes(self) -> dict[int, int]:
        """Notes by denomination, or the first line's :class:`InputError`."""
        found = {}
        for cents, field, _total, _ranges in self.rows:
            number = parse_pieces(field.text(), Money(cents, self.unit))
            if number:
                found[cents] = number
        return found

    def serials(self) -> dict[int, list[SerialRange]]:
        found: dict[int, list[SerialRange]] = {}
        for cents, _field, _total, ranges in self.rows:
            if ranges is not None and ranges.text().strip():
                found[cents] = list(parse_ranges(ranges.text()))
        return found

    def counted(self) -> int:
        """Cents of the lines that read, the others taken as zero."""
        total = 0
        for cents, field, _total, _ranges in self.rows:
            with suppress(CaisseError):
                total += cents * parse_pieces(field.text(), Money(cents, self.unit))
        return total

    def _recount(self) -> None:
        first_error: str | None = None
        for cents, field, total, ranges in self.rows:
            value = Money(cents, self.unit)
            try:
                number = parse_pieces(field.text(), value)
                field.setStyleSheet("")
                total.setText(money(cents * number, self.unit) if number else "")
            except InputError as err:
                first_error = first_error or str(err)
                field.setStyleSheet(f"border:2px solid {RED};")
                total.setText("?")
                number = None
            if ranges is None:
                continue
            problem = self._serials_problem(ranges.text(), number, value)
            ranges.setStyleSheet(f"border:2px solid {RED};" if problem else "")
            ranges.setToolTip(problem or "")
            first_error = first_error or problem
        self.total.setText(money(self.counted(), self.unit))
        self.error.setText(first_error or "")
        self.error.setVisible(first_error is not None)
        self.changed.emit()

    @staticmethod
    def _serials_problem(text: str, number: int | None, value: Money) -> str | None:
        if not text.strip():
            return None
        try:
            size = sum(r.size for r in parse_ranges(text))
        except InputError as err:
            return str(err)
        if number is not None and size != number:
            return _("The serials of the {value} notes number {size}, not {declared}.").format(
                value=value.display(), size=size, declared=number
            )
        return None


class VaultDialog(FormDialog):
    """A title, a banner, a hint, the notes grid, a form below, and OK / Cancel; ``save`` calls
    the service and its outcome is kept for the page's message."""

    def __init__(self, ctx: Context, title: str, ok: str, explanation: str, *, serials: bool,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(title, ok, parent)
        self.ctx = ctx
        currency = settings.currency(ctx.store)
        self.unit = currency.code
        self.setMinimumWidth(720 if serials else 460)
        self.grid = NotesGrid(self.unit, currency.denominations, serials=serials)
        # heading, hint, banner, the notes, the form, room, the buttons
        layout = self.layout_
        layout.insertWidget(1, hint(explanation))
        layout.insertWidget(3, self.grid)
        layout.insertStretch(5, 1)  # room left by a refusal gone sits above the buttons
        self.body = layout
        # a refusal speaks of what was typed before: it goes once the notes change
        self.grid.changed.connect(self.banner.clear_message)
        self.grid.field_for(max(currency.denominations)).setFocus()

    def held(self) -> Money:
        return vault.holdings(self.ctx.store).balance


class ReceiveDialog(VaultDialog):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx, _("Notes received from the printer"), _("Receive into the vault"),
            _("Type the notes delivered by denomination, as the delivery note says, and their "
              "serial ranges if it gives them: a range's notes must match the number typed."),
            serials=True, parent=parent,
        )  # fmt: skip
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(_("e.g. BL-2026-014"))
        self.memo = QLineEdit()
        self.form.addRow(_("Delivery note"), self.reference)
        self.form.addRow(_("Memo"), self.memo)

    def save(self) -> Any:
        return vault.receive(self.ctx, self.grid.notes(), self.grid.serials(),
                             self.reference.text(), self.memo.text())  # fmt: skip


class DestroyDialog(VaultDialog):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        held = vault.holdings(ctx.store).balance.display()
        super().__init__(
            ctx, _("Notes destroyed"), _("Record the destruction"),
            _("Worn, torn or withdrawn notes taken out of the vault ({held}) and destroyed "
              "before a second person. Their serials are optional.").format(held=held),
            serials=True, parent=parent,
        )  # fmt: skip
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("e.g. worn notes handed back by partners"))
        self.witness = QLineEdit()
        self.witness.setPlaceholderText(_("the second person present"))
        self.form.addRow(_("Reason"), self.reason)
        self.form.addRow(_("Witness"), self.witness)

    def save(self) -> Any:
        return vault.destroy(self.ctx, self.grid.notes(), self.reason.text(),
                             self.witness.text(), self.grid.serials())  # fmt: skip


class CountDialog(VaultDialog):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx, _("Count the vault"), _("Record the count"),
            _("Count every note in the vault by denomination. A count that differs from the "
              "journal needs a second count and a comment; the difference is booked as lost or "
              "found notes."),
            serials=False, parent=parent,
        )  # fmt: skip
        self.comparison = Comparison()
        self.comparison.add_line("vault", _("Vault"))
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(_("needed when the count differs"))
        self.body.insertWidget(self.body.indexOf(self.grid) + 1, self.comparison)
        self.form.addRow(_("Comment"), self.comment)
        self.expected = self.held()
        self.grid.changed.connect(self.compare)
        self.compare()

    def compare(self) -> None:
        self.comparison.show_line("vault", self.expected, Money(self.grid.counted(), self.unit))

    def save(self) -> Any:
        return vault.count(self.ctx, self.grid.notes(), self.comment.text())


class VaultActions(QWidget):
    """The three buttons under the note stock table; after a write the pages refresh."""

    def __init__(self, ctx: Context, bus: Bus, banner: Banner,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.ctx, self.bus, self.banner = ctx, bus, banner
        self.receive_button = QPushButton(_("Notes received from the printer…"))
        self.destroy_button = QPushButton(_("Notes destroyed…"))
        self.count_button = QPushButton(_("Count the vault…"))
        self.receive_button.clicked.connect(lambda: self.run(ReceiveDialog))
        self.destroy_button.clicked.connect(lambda: self.run(DestroyDialog))
        self.count_button.clicked.connect(lambda: self.run(CountDialog))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)
        for button in (self.count_button, self.destroy_button, self.receive_button):
            layout.addWidget(button)

    def run(self, kind: Callable[[Context, QWidget], VaultDialog]) -> None:
        try:
            dialog = kind(self.ctx, self)
        except CaisseError as err:
            self.banner.error(str(err))
            return
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.banner.success(self.done_message(dialog.outcome))
        self.bus.journal_changed.emit()

    def done_message(self, outcome: Any) -> str:
        if isinstance(outcome, vault.VaultCount):
            unit = settings.currency(self.ctx.store).code
            if outcome.seq is None:
                return _("The vault holds {counted}, as the journal says.").format(
                    counted=money(outcome.counted, unit)
                )
            gap = Money(outcome.difference, unit)
            return _("Vault counted: {difference} booked as lost or found notes (journal entry "
                     "{seq}).").format(difference=("+" if gap.cents > 0 else "") + gap.display(),
                                       seq=outcome.seq)  # fmt: skip
        text = DONE.get(outcome.operation, "{amount}")
        return _(text).format(amount=outcome.amounts[0].display(), seq=outcome.seq)


DONE = {
    vault.RECEIVE: N_("{amount} of notes received into the vault (journal entry {seq})."),
    vault.DESTROY: N_("{amount} of notes destroyed (journal entry {seq})."),
}
