"""The treasury's Closings and Exports tabs: the months and years closed (and closing the next
one, which freezes it for good), and the journal written for an accountant's software."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caisse.domain.errors import CaisseError
from caisse.i18n import N_, _
from caisse.services import auth, exports, files, periods
from caisse.services.context import Context
from caisse.store.period_closings import PeriodClosing

from ..journal_view import table_view
from ..models import Column, RowsModel
from ..widgets import Banner, date_time, hint

KINDS = {periods.MONTH: N_("Month"), periods.YEAR: N_("Year")}


class ClosingsTab(QWidget):
    """The period closings, newest first, and the buttons that close the next month or year."""

    def __init__(self, ctx: Context, banner: Banner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.store, self.banner = ctx, ctx.store, banner
        self.month: tuple[int, int] | None = None
        self.year: int | None = None
        self.model = RowsModel(
            [
                Column(N_("Kind"), lambda r: _(KINDS[r["closing"].kind])),
                Column(N_("Period"), lambda r: r["period"]),
                Column(N_("Entries"), lambda r: str(r["closing"].entries), True),
                Column(N_("Last entry"), lambda r: f"#{r['closing'].last_txn}", True),
                Column(N_("Closed on"), lambda r: date_time(r["closing"].created_at)),
                Column(N_("By"), lambda r: r["by"]),
                Column(N_("Hash"), lambda r: r["closing"].hash[:12]),
            ],
            self,
        )
        self.view = table_view(self.model, stretch=5)
        self.month_button = QPushButton()
        self.month_button.setObjectName("primary")
        self.month_button.clicked.connect(self.close_month)
        self.year_button = QPushButton()
        self.year_button.clicked.connect(self.close_year)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(
            hint(
                _("A closed month or year can never change: the journal refuses any entry "
                  "dated in it, and a correction is dated on the day it is made. Months close "
                  "in order, once ended and once every till opened in them is closed.")
            )
        )  # fmt: skip
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.year_button)
        buttons.addWidget(self.month_button)
        layout.addLayout(buttons)

    def load(self) -> None:
        closings = periods.closings(self.store)
        names = {u["uid"]: u["name"] for u in auth.list_users(self.store)}
        self.model.set_rows(
            [
                {
                    "closing": c,
                    "period": periods.label(c.kind, c.period_start),
                    "by": names.get(c.actor, c.actor),
                }
                for c in reversed(closings)
            ]
        )
        self.month = periods.next_month(self.store)
        if self.month is None:
            self.month_button.setText(_("No month to close"))
        else:
            self.month_button.setText(_("Close {month}…").format(month=self._month_label()))
        self.month_button.setEnabled(self.month is not None)
        self.year = year_to_close(closings)
        self.year_button.setVisible(self.year is not None)
        if self.year is not None:
            self.year_button.setText(_("Close the year {year}…").format(year=self.year))

    def _month_label(self) -> str:
        assert self.month is not None
        return periods.label(periods.MONTH, date(*self.month, 1))

    def confirm(self, title: str, text: str, action: str) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(title)
        box.setText(text)
        accept = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is accept

    def close_month(self) -> None:
        if self.month is None:
            return
        year, number = self.month
        month = self._month_label()
        if not self.confirm(
            _("Close a month"),
            _("Close {month}? Once closed, {month} can never change: no entry can be dated in "
              "it any more, and a mistake found later is corrected by an entry dated on the day "
              "of the correction.").format(month=month),
            _("Close {month}").format(month=month),
        ):  # fmt: skip
            return
        self._run(
            lambda: periods.close_month(self.ctx, year, number),
            N_("{period} is closed: {entries} entries, the last one #{last}."),
        )

    def close_year(self) -> None:
        if self.year is None:
            return
        year = self.year
        if not self.confirm(
            _("Close a year"),
            _("Close the year {year}? Its totals and the balances at 31 December are written "
              "once and carried forward; the year can never change afterwards.").format(
                year=year
            ),
            _("Close {year}").format(year=year),
        ):  # fmt: skip
            return
        self._run(
            lambda: periods.close_year(self.ctx, year),
            N_("The year {period} is closed: {entries} entries, the last one #{last}."),
        )

    def _run(self, work: Callable[[], PeriodClosing], done: str) -> None:
        try:
            closing = work()
        except CaisseError as err:
            self.banner.error(str(err))
            return
        self.banner.success(
            _(done).format(
                period=periods.label(closing.kind, closing.period_start),
                entries=closing.entries,
                last=closing.last_txn,
            )
        )
        self.load()


def year_to_close(closings: list[PeriodClosing]) -> int | None:
    """The first year whose months are closed up to December and that is not closed yet."""
    years = {c.period_start[:4] for c in closings if c.kind == periods.YEAR}
    for c in closings:
        if (
            c.kind == periods.MONTH
            and c.period_end[5:] == "12-31"
            and c.period_end[:4] not in years
        ):
            return int(c.period_end[:4])
    return None


# --- exports ----------------------------------------------------------------------------------

FORMATS: dict[str, dict[str, Any]] = {
    "fec": {"title": N_("FEC…"), "filter": N_("FEC (*.txt)"), "suffix": ".txt",
            "hint": N_("The fichier des écritures comptables of a year, euro lines only, as the "
                       "tax administration asks for it.")},
    "csv": {"title": N_("Journal as CSV…"), "filter": N_("CSV files (*.csv)"), "suffix": ".csv",
            "name": N_("journal.csv"),
            "hint": N_("Every line of the whole journal, both currencies, for a spreadsheet.")},
    "hledger": {"title": N_("hledger…"), "filter": N_("hledger journals (*.journal)"),
                "suffix": ".journal", "name": N_("caisse.journal"),
                "hint": N_("The whole journal as text for hledger or ledger-cli.")},
    "beancount": {"title": N_("Beancount…"), "filter": N_("Beancount files (*.beancount)"),
                  "suffix": ".beancount", "name": N_("caisse.beancount"),
                  "hint": N_("The whole journal as text for Beancount (and Fava).")},
}  # fmt: skip


class ExportsTab(QWidget):
    """One button per format: ask where, build the file, write it whole or not at all."""

    def __init__(self, ctx: Context, banner: Banner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.store, self.banner = ctx, ctx.store, banner
        self.folder = Path.home()
        self.buttons: dict[str, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(10)
        layout.addWidget(
            hint(_("The journal for the accountant's software. Files are written whole: an "
                   "interrupted export leaves no half-written file."))
        )  # fmt: skip
        for fmt, spec in FORMATS.items():
            button = QPushButton(_(spec["title"]))
            button.setMinimumWidth(180)
            button.clicked.connect(lambda _checked=False, f=fmt: self.export(f))
            self.buttons[fmt] = button
            line = QHBoxLayout()
            line.addWidget(button)
            line.addWidget(hint(_(spec["hint"])), 1)
            layout.addLayout(line)
        layout.addStretch(1)

    def years(self) -> list[int]:
        """The years the journal covers, the latest first."""
        closings = periods.closings(self.store)
        start = periods.next_month(self.store)
        first = int(closings[0].period_start[:4]) if closings else start[0] if start else None
        if first is None:
            return []
        return list(range(self.ctx.today().year, first - 1, -1))

    def export(self, fmt: str) -> None:
        spec = FORMATS[fmt]
        year: int | None = None
        if fmt == "fec":
            years = self.years()
            if not years:
                self.banner.error(_("The journal is empty: there is nothing to export yet."))
                return
            today = self.ctx.today()
            default = years.index(today.year - 1) if today.year - 1 in years else 0
            chosen, ok = QInputDialog.getItem(
                self, _("FEC"), _("Financial year:"), [str(y) for y in years], default, False
            )
            if not ok:
                return
            year = int(chosen)
            name = exports.fec_filename(self.store, date(year, 12, 31))
        else:
            name = _(spec["name"])
        chosen_path, _filter = QFileDialog.getSaveFileName(
            self, _("Export the journal"), str(self.folder / name), _(spec["filter"])
        )
        if not chosen_path:
            return
        path = Path(chosen_path)
        if path.suffix.lower() != spec["suffix"]:
            path = path.with_name(path.name + spec["suffix"])
        self.banner.info(_("Writing {path}…").format(path=str(path)))
        for button in self.buttons.values():
            button.setEnabled(False)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        QCoreApplication.processEvents()
        try:
            files.write(path, self.content(fmt, year))
        except (CaisseError, OSError) as err:
            self.banner.error(
                _("Nothing was written to {path}: {reason}").format(path=str(path), reason=err)
            )
            return
        finally:
            QApplication.restoreOverrideCursor()
            for button in self.buttons.values():
                button.setEnabled(True)
        self.folder = path.parent
        self.banner.success(_("Written to {path}.").format(path=str(path)))

    def content(self, fmt: str, year: int | None) -> bytes:
        if fmt == "fec":
            return exports.fec(self.store, year)
        if fmt == "csv":
            return exports.journal_csv(self.store)
        return exports.ledger_text(self.store, fmt).encode("utf-8")
