"""The chart of accounts: each account's number in the association's own chart, as the FEC
and the other exports write it. Only the numbers change; the journal keeps the accounts' keys."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from caisse.domain import accounts as acc
from caisse.i18n import N_, _
from caisse.services import chart
from caisse.services.context import Context

from ...bus import Bus
from ...models import GREY, Column
from ...widgets import hint
from .dialog import FormDialog
from .table_tab import TableTab


def _grey_unless_mapped(row: dict[str, Any]) -> Any:
    return None if row["account"].mapped else GREY


COLUMNS = [
    Column(N_("Number"), lambda r: r["account"].number),
    Column(N_("Default"), lambda r: r["account"].default, color=_grey_unless_mapped),
    Column(N_("Account"), lambda r: r["account"].name),
    Column(N_("Currency"), lambda r: r["account"].commodity),
    Column(N_("Kind"), lambda r: r["account"].kind_label),
    Column(N_("Key"), lambda r: r["account"].key, color=lambda r: GREY),
]


class NumberDialog(FormDialog):
    """One account's number, with the rule its kind follows."""

    def __init__(self, ctx: Context, account: chart.Account, parent: QWidget | None = None) -> None:
        super().__init__(_("Account number"), parent)
        self.ctx, self.account = ctx, account
        self.number = QLineEdit(account.number)
        self.number.setMaxLength(10)
        self.number.setMaximumWidth(160)
        self.form.addRow(_("Account"), QLabel(account.name))
        self.form.addRow(_("Number"), self.number)
        self.form.addRow(_("Default"), QLabel(account.default))
        rule = _(chart.CLASS_RULES[acc.Kind(account.kind)])
        self.form.addRow("", hint(_("3 to 10 digits; {rule}.").format(rule=rule)))
        self.saved: chart.Account | None = None
        self.submit = self._save

    def _save(self) -> None:
        self.saved = chart.set_number(self.ctx, self.account.key, self.number.text())


class AccountsTab(TableTab):
    def __init__(self, ctx: Context, bus: Bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, COLUMNS, parent)
        self.default_button = self.button(_("Default number"), self.restore)
        self.edit_button = self.button(_("Change the number…"), self.edit, primary=True)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(
            1,
            hint(
                _("The numbers the FEC and the other exports give the accounts, to match the "
                  "association's own chart: 1 to 5 for the balance sheet, 6 for expenses, 7 "
                  "for income, 8 or 0 for the notes counted in the unit. Several accounts may "
                  "share a number. The journal keeps the accounts themselves: it never changes.")
            ),
        )  # fmt: skip
        bus.counters_changed.connect(self.load)  # a new exchange point brings its accounts
        self.load()

    def load(self) -> None:
        self.model.set_rows([{"account": a} for a in chart.accounts(self.store)])
        self.selection_changed()

    def selected(self) -> chart.Account | None:
        row = self.current()
        return row["account"] if row else None

    def selection_changed(self) -> None:
        account = self.selected()
        self.edit_button.setEnabled(account is not None)
        self.default_button.setEnabled(account is not None and account.mapped)

    def _reload(self, key: str) -> None:
        self.load()
        for i, row in enumerate(self.model.rows):
            if row["account"].key == key:
                self.table.selectRow(i)
                break
        self.bus.settings_changed.emit()

    def edit(self) -> None:
        account = self.selected()
        if account is None:
            return
        dialog = NumberDialog(self.ctx, account, self)
        if dialog.exec() and dialog.saved is not None:
            saved = dialog.saved
            if saved.number == account.number:
                self.banner.info(
                    _("{name} keeps the number {number}.").format(
                        name=saved.name, number=saved.number
                    )
                )
                return
            self.banner.success(
                _("{name}: number {old} is now {new}.").format(
                    name=saved.name, old=account.number, new=saved.number
                )
            )
            self._reload(saved.key)

    def restore(self) -> None:
        account = self.selected()
        if account is None:
            return
        done = _("{name}: number {old} is now {new}, the default.").format(
            name=account.name, old=account.number, new=account.default
        )

        def reset() -> None:
            chart.reset_number(self.ctx, account.key)

        if self.attempt(reset, done):
            self._reload(account.key)
