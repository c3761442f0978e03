"""The treasury's Reports tab: the treasurer's report of a month or a year, its main figures
on screen, then saved as PDF or printed."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from caisse.domain.errors import CaisseError
from caisse.domain.money import EUR
from caisse.i18n import N_, _
from caisse.services import period_report, periods, settings
from caisse.services.context import Context

from .. import printing
from ..journal_view import table_view
from ..models import RED, Column, RowsModel
from ..widgets import Banner, hint, money

KINDS = ((periods.MONTH, N_("Month")), (periods.YEAR, N_("Year")))


def amount(cents: int | None, commodity: str, signed: bool) -> str:
    if cents is None:
        return ""
    if not signed:
        return money(cents, commodity) if cents else "–"
    return ("+" if cents > 0 else "") + money(cents, commodity)


def _red_if_missing(field: str) -> Any:
    """A difference in red when something is missing."""

    def color(row: dict[str, Any]) -> Any:
        line = row["line"]
        return RED if line.signed and (getattr(line, field) or 0) < 0 else None

    return color


class ReportsTab(QWidget):
    """Choose a month or a year holding entries; see its figures; save or print the report."""

    def __init__(self, ctx: Context, banner: Banner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.store, self.banner = ctx, ctx.store, banner
        self.months: list[str] = []
        self.kind = QComboBox()
        for kind, label in KINDS:
            self.kind.addItem(_(label), kind)
        self.period = QComboBox()
        self.period.setMinimumWidth(180)
        self.save_button = QPushButton(_("Save as PDF…"))
        self.save_button.clicked.connect(self.save)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setObjectName("primary")
        self.print_button.clicked.connect(self.print_report)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600;")
        self.model = RowsModel(
            [
                Column(N_("Figure"), lambda r: r["line"].label),
                Column(N_("Entries"), lambda r: _count(r["line"].count), True),
                Column(
                    N_("Euros"),
                    lambda r: amount(r["line"].eur, EUR, r["line"].signed),
                    True,
                    _red_if_missing("eur"),
                ),
                Column(
                    N_("Notes"),
                    lambda r: amount(r["line"].units, r["unit"], r["line"].signed),
                    True,
                    _red_if_missing("units"),
                ),
            ],
            self,
        )
        self.view = table_view(self.model, stretch=0)
        self.view.horizontalHeader().setMinimumSectionSize(110)
        self.view.setMaximumWidth(860)
        self.note = hint("")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(
            hint(
                _("The treasurer's report of a month or a year: its operations, each exchange "
                  "point's figures and differences (+ found, - missing), the partners, the "
                  "vault and the coverage. Saving or printing it is logged.")
            )
        )  # fmt: skip
        choose = QHBoxLayout()
        choose.addWidget(QLabel(_("Report of")))
        choose.addWidget(self.kind)
        choose.addWidget(self.period)
        choose.addStretch(1)
        choose.addWidget(self.save_button)
        choose.addWidget(self.print_button)
        layout.addLayout(choose)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)
        self.kind.currentIndexChanged.connect(lambda _i: self.fill_periods())
        self.period.currentIndexChanged.connect(lambda _i: self.show_figures())

    # --- reading ------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.load()  # operations may have been recorded since: read the journal again

    def load(self) -> None:
        """The periods holding entries, the choice kept when it still exists."""
        try:
            self.months = period_report.months_with_entries(self.store)
        except CaisseError as err:
            self.banner.error(str(err))
            return
        self.fill_periods(keep=self.chosen())

    def fill_periods(self, keep: str | None = None) -> None:
        kind = self.kind.currentData()
        if kind == periods.MONTH:
            choices = self.months
            default = period_report.default_month(self.months, self.ctx.today())
        else:
            choices = sorted({m[:4] for m in self.months}, reverse=True)
            default = choices[0] if choices else None
        self.period.blockSignals(True)
        self.period.clear()
        for value in choices:
            start = f"{value}-01" if kind == periods.MONTH else f"{value}-01-01"
            self.period.addItem(periods.label(kind, start), value)
        wanted = keep if keep in choices else default
        if wanted is not None:
            self.period.setCurrentIndex(choices.index(wanted))
        self.period.blockSignals(False)
        self.show_figures()

    def chosen(self) -> str | None:
        value = self.period.currentData()
        return str(value) if value else None

    def show_figures(self) -> None:
        period = self.chosen()
        for button in (self.save_button, self.print_button):
            button.setEnabled(period is not None)
        if period is None:
            self.model.set_rows([])
            self.title.setText(_("The journal is empty: there is no report yet."))
            self.note.setText("")
            return
        kind = self.kind.currentData()
        try:
            f = period_report.report_figures(self.ctx, kind, period)
        except CaisseError as err:
            self.banner.error(str(err))
            return
        unit = settings.currency(self.store).code
        self.model.set_rows([{"line": line, "unit": unit} for line in period_report.summary(f)])
        self.title.setText(
            _("{period}: from {start} to {end}").format(
                period=self.period.currentText(),
                start=_day(f.date_from),
                end=_day(f.date_to),
            )
        )
        self.note.setText(
            _("Differences are signed: + found, - missing. The coverage is the one of today; "
              "the journal keeps no past coverage.")
        )  # fmt: skip

    # --- documents ----------------------------------------------------------------------------
    def _name(self) -> str:
        return _("report-{period}").format(period=self.chosen())

    def _render(self) -> bytes:
        period = self.chosen()
        assert period is not None
        return period_report.report_pdf(self.ctx, self.kind.currentData(), period)

    def save(self) -> None:
        if self.chosen() is None:
            return
        try:
            path = printing.save_document(self, self._name(), self._render)
        except CaisseError as err:
            self.banner.error(str(err))
            return
        if path is not None:
            self.banner.success(
                _("The report of {period} was saved in {file}.").format(
                    period=self.period.currentText(), file=path
                )
            )

    def print_report(self) -> None:
        if self.chosen() is None:
            return
        try:
            printer = printing.print_document(self, self._name(), self._render)
        except CaisseError as err:
            self.banner.error(str(err))
            return
        if printer:
            self.banner.success(
                _("The report of {period} was sent to {printer}.").format(
                    period=self.period.currentText(), printer=printer
                )
            )


def _count(n: int | None) -> str:
    return "" if n is None else str(n)


def _day(day: date) -> str:
    from babel.dates import format_date

    from caisse import i18n

    return format_date(day, format="long", locale=i18n.locale())
