"""The treasury, for treasurers and administrators: the coverage of the guarantee fund and its
parts, what is owed to partners (and the transfer that pays it), the notes in the vault and at
each counter, and the months' circulation, exchanges and reconversions drawn as charts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from babel.numbers import format_compact_decimal, format_currency, format_decimal
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from caisse import i18n
from caisse.documents.formats import masked_iban
from caisse.domain.errors import CaisseError
from caisse.domain.money import EUR
from caisse.domain.roles import Permission
from caisse.i18n import N_, _, ngettext
from caisse.services import partners, settings, treasury_view
from caisse.services.context import Context

from ..bus import Bus
from ..charts import MonthChart
from ..journal_view import table_view
from ..models import Column, Index, RowsModel
from ..status import GREEN, RED, percent
from ..widgets import Banner, date_time, heading, hint, long_date, money, short_date
from .treasury_bank import BankTab
from .treasury_closings import ClosingsTab, ExportsTab
from .treasury_reports import ReportsTab
from .treasury_vault import VaultActions, vault_row

OWED_FOR = {"reconversion": N_("Reconversion"), "voucher_redemption": N_("Vouchers")}


def exact(cents: Fraction | int, commodity: str = EUR) -> str:
    """An amount of cents that may hold a fraction of a cent (a parity that is not 1): shown
    to the last digit when it ends, else rounded and marked ≈."""
    value = Fraction(cents)
    if value.denominator == 1:
        return money(int(value), commodity)
    den = value.denominator
    for prime in (2, 5):
        while den % prime == 0:
            den //= prime
    if den == 1:
        decimal = Decimal(value.numerator) / Decimal(value.denominator) / 100
        return format_currency(decimal, commodity, locale=i18n.locale(), decimal_quantization=False)
    return "≈ " + money(round(value), commodity)


def signed(cents: Fraction) -> str:
    return ("+" if cents > 0 else "") + exact(cents)


def compact(cents: int, commodity: str) -> str:
    """A chart's label: "3,5 M €", "41 k€"-like, short enough to sit above a bar."""
    number = format_compact_decimal(Decimal(cents) / 100, locale=i18n.locale(), fraction_digits=1)
    return f"{number} {'€' if commodity == EUR else commodity}"


class PartsModel(RowsModel):
    """The coverage's parts; the totals in bold, the difference green or red."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if role == Qt.ItemDataRole.FontRole and row is not None and row.get("total"):
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        return super().data(index, role)


class TreasuryPage(QWidget):
    def __init__(self, ctx: Context, bus: Bus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.store, self.bus = ctx, ctx.store, bus
        self.stale = True
        self.banner = Banner()

        self.figure = QLabel()
        self.figure.setObjectName("coverageFigure")
        self.figure_detail = QLabel()
        self.figure_detail.setWordWrap(True)
        card = QFrame()
        card.setObjectName("card")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(16, 10, 16, 10)
        card_layout.addWidget(self.figure)
        card_layout.addWidget(self.figure_detail)

        self.parts = PartsModel(
            [
                Column(N_("Part"), lambda r: r["part"]),
                Column(N_("Detail"), lambda r: r["detail"]),
                Column(N_("Amount"), lambda r: r["amount"], True, lambda r: r.get("color")),
            ],
            self,
        )
        self.parts_view = table_view(self.parts, stretch=1)

        self.owed_model = RowsModel(
            [
                Column(N_("Partner"), lambda r: r["partner"]),
                Column(N_("Number"), lambda r: r["number"]),
                Column(N_("For"), lambda r: _(OWED_FOR.get(r["operation"], "?"))),
                Column(N_("Receipt"), lambda r: r["receipt"] or ""),
                Column(N_("Date"), lambda r: short_date(r["at"])),
                Column(N_("To transfer"), lambda r: money(r["to_pay"]), True),
                Column(N_("IBAN"), lambda r: masked_iban(r["iban"]) if r["iban"] else ""),
            ],
            self,
        )
        self.owed_view = table_view(self.owed_model, stretch=0)
        self.owed_total = QLabel()
        self.pay_button = QPushButton(_("Record the transfer…"))
        self.pay_button.setObjectName("primary")
        self.pay_button.clicked.connect(self.record_transfer)
        self.owed_view.doubleClicked.connect(lambda *_args: self.record_transfer())

        self.denominations = sorted(settings.currency(self.store).denominations, reverse=True)

        def pieces(denomination: int) -> Column:
            title = format_decimal(Decimal(denomination) / 100, locale=i18n.locale())
            return Column(title, lambda r: r["notes"].get(denomination, ""), True)

        self.stock_model = RowsModel(
            [
                Column(N_("Place"), lambda r: r["place"]),
                Column(N_("In stock"), lambda r: r["stock"], True),
                Column(N_("Handed back"), lambda r: r["returned"], True),
                Column(N_("Last count"), lambda r: r["when"]),
                *(pieces(d) for d in self.denominations),
                Column(N_("Counted"), lambda r: r["counted"], True),
            ],
            self,
        )
        self.stock_view = table_view(self.stock_model, stretch=0)
        self.stock_total = QLabel()

        self.circulation_chart = MonthChart(_("Notes in circulation at the end of the month"),
                                            line=True)  # fmt: skip
        self.exchanges_chart = MonthChart(_("Exchanges: euros received"))
        self.reconversions_chart = MonthChart(_("Paid back to partners: euros"))

        self.tabs = QTabWidget()
        self.tabs.addTab(self._coverage_tab(), _("Coverage"))
        self.tabs.addTab(self._owed_tab(), _("Owed to partners"))
        self.tabs.addTab(self._stock_tab(), _("Note stock"))
        self.tabs.addTab(self._charts_tab(), _("By month"))
        self.closings: ClosingsTab | None = None
        if ctx.may(Permission.CLOSE_PERIODS):
            self.closings = ClosingsTab(ctx, self.banner)
            self.tabs.addTab(self.closings, _("Closings"))
        if ctx.may(Permission.RECONCILE_BANK):
            self.tabs.addTab(BankTab(ctx, self.banner), _("Bank"))
        self.exports = ExportsTab(ctx, self.banner)
        self.tabs.addTab(self.exports, _("Exports"))
        self.reports: ReportsTab | None = None
        if ctx.may(Permission.PAY_PARTNERS):
            self.reports = ReportsTab(ctx, self.banner)
            self.tabs.addTab(self.reports, _("Reports"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 14, 24, 10)
        layout.setSpacing(8)
        layout.addWidget(heading(_("Treasury"), 18))
        layout.addWidget(card)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.bus.journal_changed.connect(self.journal_changed)
        self.bus.settings_changed.connect(self.journal_changed)
        self.bus.counters_changed.connect(self.journal_changed)
        self.refresh()

    # --- layout -------------------------------------------------------------------------------
    def _coverage_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(
            hint(
                _("Euros held for the guarantee fund against what circulation calls for: notes "
                  "and vouchers at parity, and the partners' reconversions not yet paid.")
            )
        )  # fmt: skip
        layout.addWidget(self.parts_view, 1)
        return tab

    def _owed_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(
            hint(
                _("Reconversions and vouchers redeemed whose euros the partner has not yet "
                  "received. Make the bank transfer, then record it here with its reference.")
            )
        )  # fmt: skip
        layout.addWidget(self.owed_view, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.owed_total, 1)
        bottom.addWidget(self.pay_button)
        layout.addLayout(bottom)
        return tab

    def _stock_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(
            hint(
                _("The journal follows notes by amount. The notes by denomination are those of "
                  "each place's last count, as counted then.")
            )
        )  # fmt: skip
        layout.addWidget(self.stock_view, 1)
        layout.addWidget(self.stock_total)
        if self.ctx.may(Permission.RECEIVE_NOTES):
            self.vault_actions = VaultActions(self.ctx, self.bus, self.banner)
            layout.addWidget(self.vault_actions)
        return tab

    def _charts_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(10)
        for chart in (self.circulation_chart, self.exchanges_chart, self.reconversions_chart):
            layout.addWidget(chart, 1)
        return tab

    # --- reading ------------------------------------------------------------------------------
    def journal_changed(self) -> None:
        """Refresh now if shown; otherwise when next shown (a counter's exchanges in the same
        window do not pay for figures nobody is looking at)."""
        if self.isVisible():
            self.refresh()
        else:
            self.stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def refresh(self) -> None:
        self.stale = False
        try:
            self.load_coverage()
            self.load_owed()
            self.load_stock()
            self.load_months()
            if self.closings is not None:
                self.closings.load()
        except CaisseError as err:
            self.banner.error(str(err))

    def load_coverage(self) -> None:
        parts = treasury_view.coverage_parts(self.store)
        cov = parts.coverage
        unit = cov.circulation.commodity
        color = GREEN if parts.covered else RED
        figure = _("nothing in circulation") if cov.ratio is None else percent(cov.ratio)
        text = (
            _("Guarantee fund covered: {figure}") if parts.covered
            else _("Guarantee fund NOT covered: {figure}")
        ).format(figure=figure)  # fmt: skip
        self.figure.setText(f"● {text}")
        self.figure.setStyleSheet(f"QLabel {{ color:{color}; font-size:20pt; font-weight:700; }}")
        if parts.covered:
            detail = _("Held {held} for {required} required: {surplus} beyond, the "
                       "association's (commissions, fees paid in notes), to transfer to the "
                       "operating account.")  # fmt: skip
        else:
            detail = _("Held {held} for {required} required: {surplus} missing. Deposit the "
                       "counters' euros or find the difference before anything else.")  # fmt: skip
        self.figure_detail.setText(
            detail.format(
                held=money(parts.held.cents), required=exact(parts.required),
                surplus=exact(abs(parts.difference)),
            )
        )  # fmt: skip
        parity = settings.currency(self.store).parity

        def at_parity(units: int) -> str:
            if parity == 1:
                return money(units, unit)
            return _("{units} at parity {parity}").format(
                units=money(units, unit), parity=f"{parity.numerator}/{parity.denominator}"
            )

        rows: list[dict[str, Any]] = [
            {"part": _("Guarantee fund bank account"), "detail": "",
             "amount": money(parts.guarantee_bank.cents)},
        ]  # fmt: skip
        for c in parts.counters:
            rows.append(
                {
                    "part": _("Counter {code}, {name}").format(code=c.code, name=c.name),
                    "detail": _("cash {cash} · cheques {cheques} · cards {cards}").format(
                        cash=money(c.cash.cents),
                        cheques=money(c.cheques.cents),
                        cards=money(c.cards.cents),
                    ),
                    "amount": money(c.total.cents),
                }
            )
        rows += [
            {"part": _("Held"), "detail": _("the bank account and the counters' euros"),
             "amount": money(parts.held.cents), "total": True},
            {"part": _("Notes in circulation"), "detail": at_parity(cov.circulation.cents),
             "amount": exact(parts.circulation_eur)},
            {"part": _("Vouchers outstanding"), "detail": at_parity(cov.vouchers.cents),
             "amount": exact(parts.vouchers_eur)},
            {"part": _("Owed to partners"),
             "detail": _("reconversions and vouchers redeemed, not yet paid"),
             "amount": money(parts.owed_to_partners.cents)},
            {"part": _("Required"), "detail": "", "amount": exact(parts.required), "total": True},
            {"part": _("Difference"),
             "detail": _("held beyond what is required") if parts.covered
             else _("missing from the guarantee fund"),
             "amount": signed(parts.difference), "total": True,
             "color": QColor(color)},
        ]  # fmt: skip
        self.parts.set_rows(rows)

    def load_owed(self) -> None:
        selected = self.selected_owed()
        rows = treasury_view.owed(self.store)
        self.owed_model.set_rows(rows)
        total = sum(r["to_pay"] for r in rows)
        self.owed_total.setText(
            ngettext(
                "{count} payment awaiting, {total} in all",
                "{count} payments awaiting, {total} in all",
                len(rows),
            ).format(count=len(rows), total=money(total))
        )
        self.tabs.setTabText(1, _("Owed to partners ({count})").format(count=len(rows)))
        self.pay_button.setEnabled(bool(rows))
        seqs = [r["seq"] for r in rows]
        if rows:
            keep = seqs.index(selected["seq"]) if selected and selected["seq"] in seqs else 0
            self.owed_view.selectRow(keep)

    def load_stock(self) -> None:
        stock = treasury_view.note_stock(self.store)
        unit = stock.vault.commodity
        rows: list[dict[str, Any]] = [vault_row(stock)]
        for c in stock.counters:
            if c.counted_at is None:
                when = _("never counted")
            elif c.counted_at_closing:
                when = _("closing, {date}").format(date=date_time(c.counted_at))
            else:
                when = _("opening, {date}").format(date=date_time(c.counted_at))
            rows.append(
                {
                    "place": f"{c.code} · {c.name}",
                    "stock": money(c.stock.cents, unit),
                    "returned": money(c.returned.cents, unit),
                    "when": when,
                    "counted": money(c.counted.cents, unit) if c.counted_at else "",
                    "notes": {d: str(n) for d, n in c.notes.items()},
                }
            )
        self.stock_model.set_rows(rows)
        self.stock_total.setText(
            _("Notes held: {vault} in the vault, {counters} at the counters. In circulation: "
              "{circulation}.").format(
                vault=money(stock.vault.cents, unit),
                counters=money(stock.at_counters.cents, unit),
                circulation=money(stock.circulation.cents, unit),
            )
        )  # fmt: skip

    def load_months(self) -> None:
        months = treasury_view.monthly(self.store, 12, self.ctx.today())
        unit = settings.currency(self.store).code
        labels = [month_label(m.month) for m in months]
        self.circulation_chart.set_data(
            labels, [m.circulation for m in months], lambda v: compact(v, unit)
        )
        self.exchanges_chart.set_data(
            labels, [m.exchanges for m in months], lambda v: compact(v, EUR)
        )
        self.reconversions_chart.set_data(
            labels,
            [m.reconversions for m in months],
            lambda v: compact(v, EUR),
            extra=[m.voucher_redemptions for m in months],
            legend=(_("reconversions"), _("vouchers redeemed")),
        )

    # --- actions ------------------------------------------------------------------------------
    def selected_owed(self) -> dict[str, Any] | None:
        index = self.owed_view.currentIndex()
        return self.owed_model.row_at(index) if index.isValid() else None

    def record_transfer(self) -> None:
        row = self.selected_owed()
        if row is None:
            self.banner.error(_("Select a payment in the list first."))
            return
        reference, ok = QInputDialog.getText(
            self,
            _("Record the transfer"),
            _("{amount} to {partner} ({iban}) for {receipt} of {date}.\n"
              "Bank reference of the transfer:").format(
                amount=money(row["to_pay"]), partner=row["partner"],
                iban=masked_iban(row["iban"]) if row["iban"] else "?",
                receipt=row["receipt"] or "", date=long_date(row["at"]),
            ),
        )  # fmt: skip
        if not ok:
            return
        try:
            partners.mark_paid(self.ctx, row["seq"], reference)
        except CaisseError as err:
            self.banner.error(str(err))
            return
        self.banner.success(
            _("Transfer of {amount} to {partner} recorded.").format(
                amount=money(row["to_pay"]), partner=row["partner"]
            )
        )
        self.bus.journal_changed.emit()


def month_label(month: str) -> str:
    from babel.dates import format_skeleton

    year, number = month.split("-")
    return format_skeleton("yyMMM", date(int(year), int(number), 1), locale=i18n.locale())
