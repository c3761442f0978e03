"""The treasury's Bank tab: the guarantee fund's statement imported from the bank's CSV, its
lines matched to the journal, the entries the bank has not booked yet, and the reconciled
balance at the top."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from caisse.domain.errors import CaisseError
from caisse.domain.money import parse_cents
from caisse.i18n import N_, _
from caisse.services import bank, ledger
from caisse.services.context import Context

from ..journal_view import table_view
from ..models import Column, RowsModel
from ..status import GREEN, RED
from ..widgets import Banner, heading, hint, money, short_date

#: an unmatched line, in the colour of something to look at
WARNING = QColor("#b45309")


def _matched_text(row: dict[str, Any]) -> str:
    return ", ".join(f"#{seq}" for seq in row["seqs"]) if row["seqs"] else _("unmatched")


def _matched_color(row: dict[str, Any]) -> QColor | None:
    return None if row["seqs"] else WARNING


def _entry_text(row: dict[str, Any]) -> str:
    return _("#{seq} · {date} · {operation} · {reference} · {amount}").format(
        seq=row["seq"], date=short_date(row["at"]),
        operation=ledger.operation_label(row["operation"]),
        reference=row["reference"] or "—", amount=money(row["amount"]),
    )  # fmt: skip


class MatchDialog(QDialog):
    """Choose the journal entries that go with the selected statement lines: those of the same
    amount come first; several may be ticked when they add up to the lines' total."""

    def __init__(self, total: int, candidates: list[dict[str, Any]], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Match with the journal"))
        self.total = total
        self.list = QListWidget()
        for row in candidates:
            item = QListWidgetItem(_entry_text(row))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, (row["seq"], row["amount"]))
            self.list.addItem(item)
        if candidates and candidates[0]["amount"] == total:
            self.list.item(0).setCheckState(Qt.CheckState.Checked)
        self.list.itemChanged.connect(self.update_sum)
        self.sum_label = QLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Match"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint(_("Tick the journal entries the bank booked as the selected line(s), {amount} "
                   "in all. The amounts must agree to the cent.").format(amount=money(total)))
        )  # fmt: skip
        layout.addWidget(self.list, 1)
        layout.addWidget(self.sum_label)
        layout.addWidget(self.buttons)
        self.resize(640, 360)
        self.update_sum()

    def chosen(self) -> list[int]:
        return [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)[0]
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def chosen_total(self) -> int:
        return sum(
            self.list.item(i).data(Qt.ItemDataRole.UserRole)[1]
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        )

    def update_sum(self, *_args: Any) -> None:
        chosen = self.chosen_total()
        equal = chosen == self.total and bool(self.chosen())
        self.sum_label.setText(
            _("Ticked: {chosen} for {total}.").format(chosen=money(chosen), total=money(self.total))
        )
        self.sum_label.setStyleSheet(f"color:{GREEN if equal else RED};")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(equal)


class BankTab(QWidget):
    def __init__(self, ctx: Context, banner: Banner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.store, self.banner = ctx, ctx.store, banner
        self.folder = Path.home()
        self.figures: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        names = (
            ("statement", N_("Statement balance")),
            ("unmatched", N_("− bank lines not in the journal")),
            ("pending", N_("+ entries awaiting the bank")),
            ("reconciled", N_("= reconciled balance")),
            ("journal", N_("Journal balance")),
        )
        for column, (key, title) in enumerate(names):
            caption = hint(_(title))
            figure = QLabel()
            figure.setStyleSheet("font-size:13pt; font-weight:600;")
            grid.addWidget(caption, 0, column)
            grid.addWidget(figure, 1, column)
            self.figures[key] = figure
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)

        self.lines_model = RowsModel(
            [
                Column(N_("Line"), lambda r: str(r["id"]), True),
                Column(N_("Date"), lambda r: short_date(r["booked_on"])),
                Column(N_("Label"), lambda r: r["label"] or _("(erased)")),
                Column(N_("Amount"), lambda r: money(r["amount"]), True),
                Column(N_("Journal entry"), _matched_text, False, _matched_color),
            ],
            self,
        )
        self.lines_view = table_view(self.lines_model, stretch=2)
        self.lines_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.lines_view.selectionModel().selectionChanged.connect(self.selection_changed)
        self.lines_view.doubleClicked.connect(lambda *_args: self.match_selected())
        self.awaiting_model = RowsModel(
            [
                Column(N_("Entry"), lambda r: f"#{r['seq']}", True),
                Column(N_("Date"), lambda r: short_date(r["at"])),
                Column(N_("Operation"), lambda r: ledger.operation_label(r["operation"])),
                Column(N_("Reference"), lambda r: r["reference"]),
                Column(N_("Amount"), lambda r: money(r["amount"]), True),
            ],
            self,
        )
        self.awaiting_view = table_view(self.awaiting_model, stretch=3)

        self.import_button = QPushButton(_("Import a statement…"))
        self.import_button.setObjectName("primary")
        self.import_button.clicked.connect(self.import_statement)
        self.match_button = QPushButton(_("Match…"))
        self.match_button.clicked.connect(self.match_selected)
        self.unmatch_button = QPushButton(_("Unmatch"))
        self.unmatch_button.clicked.connect(self.unmatch_selected)
        self.lines_title = heading("", 11)
        self.awaiting_title = heading("", 11)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.lines_title)
        top_layout.addWidget(self.lines_view, 1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 6, 0, 0)
        bottom_layout.addWidget(self.awaiting_title)
        bottom_layout.addWidget(self.awaiting_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unmatch_button)
        buttons.addWidget(self.match_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(8)
        layout.addLayout(grid)
        layout.addWidget(self.verdict)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.load()

    # --- reading ------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.load()

    def load(self) -> None:
        try:
            summary = bank.summary(self.store)
            lines = bank.lines(self.store)
            awaiting = bank.awaiting(self.store)
        except CaisseError as err:
            self.banner.error(str(err))
            return
        self.lines_model.set_rows(lines)
        self.awaiting_model.set_rows(awaiting)
        self.figures["statement"].setText(money(summary.statement_balance))
        self.figures["unmatched"].setText(money(summary.unmatched_total))
        self.figures["pending"].setText(money(summary.pending_total + summary.later_total))
        self.figures["reconciled"].setText(money(summary.reconciled_balance))
        self.figures["journal"].setText(money(summary.journal_balance))
        self.lines_title.setText(
            _("Statement lines: {count}, {unmatched} unmatched").format(
                count=summary.lines, unmatched=summary.unmatched_lines
            )
        )
        self.awaiting_title.setText(
            _("Journal entries awaiting the bank: {count}").format(count=len(awaiting))
        )
        self.verdict.setText(self._verdict(summary))
        good = summary.statements > 0 and summary.difference == 0 and not summary.closing_gap
        self.verdict.setStyleSheet(f"color:{GREEN if good else RED}; font-weight:600;")
        if not summary.statements:
            self.verdict.setStyleSheet("color:#5f6b7a;")
        self.selection_changed()

    def _verdict(self, s: bank.Summary) -> str:
        if not s.statements:
            return _("No statement imported yet. Export the guarantee fund account's statement "
                     "from the bank's website as CSV, then import it here.")  # fmt: skip
        text = _("Statements from {first} to {last}.").format(
            first=short_date(s.first_day), last=short_date(s.last_day)
        )
        if s.difference == 0:
            text += " " + _("Reconciled: the journal's balance is explained by the statement.")
        else:
            text += " " + _(
                "Difference of {amount}: the entries before the first statement line come to "
                "{before}, the opening balance is {opening}."
            ).format(amount=money(s.difference), before=money(s.before_total),
                     opening=money(s.opening_balance))  # fmt: skip
        if s.closing_gap:
            text += " " + _(
                "The last file states a closing balance of {stated}, the lines give {computed}: "
                "a statement may be missing."
            ).format(stated=money(s.closing_stated or 0), computed=money(s.statement_balance))
        return text

    def selected_lines(self) -> list[dict[str, Any]]:
        rows = [self.lines_model.row_at(i) for i in self.lines_view.selectionModel().selectedRows()]
        return sorted((r for r in rows if r is not None), key=lambda r: r["id"])

    def selection_changed(self, *_args: Any) -> None:
        rows = self.selected_lines()
        self.match_button.setEnabled(bool(rows) and all(not r["seqs"] for r in rows))
        self.unmatch_button.setEnabled(len(rows) == 1 and bool(rows[0]["seqs"]))

    # --- actions ------------------------------------------------------------------------------
    def import_statement(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Import a bank statement"), str(self.folder),
            _("CSV files (*.csv *.txt);;All files (*)"),
        )  # fmt: skip
        if not chosen:
            return
        path = Path(chosen)
        opening: int | None = None
        if not bank.summary(self.store).statements:
            text, ok = QInputDialog.getText(
                self, _("Opening balance"),
                _("The first statement: the account's balance before its first line, as the "
                  "bank gives it (leave empty if the file states it or the account was new):"),
            )  # fmt: skip
            if not ok:
                return
            try:
                opening = parse_cents(text) if text.strip() else None
            except CaisseError as err:
                self.banner.error(str(err))
                return
        try:
            result = bank.import_statement(
                self.ctx, path.read_bytes(), path.name, opening_balance=opening
            )
        except CaisseError as err:
            self.banner.error(
                _("{file} was not imported: {reason}").format(file=path.name, reason=err)
            )
            return
        except OSError as err:
            self.banner.error(
                _("{file} cannot be read: {reason}").format(file=path.name, reason=err.strerror)
            )
            return
        self.folder = path.parent
        self.banner.success(
            _("{file}: {read} lines read, {new} new, {duplicates} already imported (skipped); "
              "{matched} matched automatically, {unmatched} unmatched.").format(
                file=path.name, read=result.lines_read, new=result.new,
                duplicates=result.duplicates, matched=result.matched,
                unmatched=result.unmatched,
            )
        )  # fmt: skip
        self.load()

    def match_selected(self) -> None:
        rows = self.selected_lines()
        if not rows or any(r["seqs"] for r in rows):
            self.banner.error(_("Select one or more unmatched statement lines first."))
            return
        ids = [r["id"] for r in rows]
        total = sum(r["amount"] for r in rows)
        found = bank.candidates(self.store, ids)
        if not found:
            self.banner.error(
                _("No journal entry awaiting the bank goes the same way as {amount}: record the "
                  "operation first, or leave the line unmatched (bank fees, interest).").format(
                    amount=money(total))
            )  # fmt: skip
            return
        dialog = MatchDialog(total, found, self)
        if not dialog.exec():
            return
        try:
            bank.match(self.ctx, ids, dialog.chosen())
        except CaisseError as err:
            self.banner.error(str(err))
            return
        self.banner.success(
            _("Statement line(s) {lines} matched to {entries}.").format(
                lines=", ".join(str(i) for i in ids),
                entries=", ".join(f"#{s}" for s in dialog.chosen()),
            )
        )
        self.load()

    def unmatch_selected(self) -> None:
        rows = self.selected_lines()
        if len(rows) != 1 or not rows[0]["seqs"]:
            self.banner.error(_("Select one matched statement line first."))
            return
        try:
            freed = bank.unmatch(self.ctx, rows[0]["id"])
        except CaisseError as err:
            self.banner.error(str(err))
            return
        self.banner.success(
            _("Match undone: statement line(s) {lines} unmatched.").format(
                lines=", ".join(str(i) for i in freed)
            )
        )
        self.load()
