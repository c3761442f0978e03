"""Exchange points: the list, created, edited, closed and reopened."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from caisse.i18n import N_, _
from caisse.services import counters
from caisse.services.context import Context

from ...bus import Bus
from ...models import GREY, Column
from .dialog import FormDialog
from .table_tab import TableTab


def _state(row: dict[str, Any]) -> str:
    return _("Open") if row["active"] else _("Closed")


COLUMNS = [
    Column(N_("Code"), lambda r: r["code"]),
    Column(N_("Name"), lambda r: r["name"]),
    Column(N_("Address"), lambda r: r["address"]),
    Column(N_("Commune"), lambda r: r["commune"]),
    Column(N_("State"), _state, color=lambda r: None if r["active"] else GREY),
]


class CounterDialog(FormDialog):
    def __init__(
        self, ctx: Context, row: dict[str, Any] | None, parent: QWidget | None = None
    ) -> None:
        title = _("New exchange point") if row is None else _("Edit exchange point")
        super().__init__(title, parent)
        self.ctx = ctx
        self.row = row
        self.code = QLineEdit()
        self.code.setPlaceholderText(_("for example C01"))
        self.code.setMaximumWidth(120)
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("for example Bayonne, Le Petit Bayonne"))
        self.address = QLineEdit()
        self.commune = QLineEdit()
        self.form.addRow(_("Code"), self.code)
        self.form.addRow(_("Name"), self.name)
        self.form.addRow(_("Address"), self.address)
        self.form.addRow(_("Commune"), self.commune)
        self.saved_code: str | None = None
        if row is not None:
            self.code.setText(row["code"])
            self.code.setReadOnly(True)
            self.name.setText(row["name"])
            self.address.setText(row["address"])
            self.commune.setText(row["commune"])
        self.submit = self._save

    def _save(self) -> None:
        if self.row is None:
            self.saved_code = counters.create(
                self.ctx,
                self.code.text(),
                self.name.text(),
                self.address.text(),
                self.commune.text(),
            )
        else:
            counters.update(
                self.ctx,
                self.row["code"],
                name=self.name.text(),
                address=self.address.text(),
                commune=self.commune.text(),
            )
            self.saved_code = self.row["code"]


class CountersTab(TableTab):
    def __init__(self, ctx: Context, bus: Bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, COLUMNS, parent)
        self.toggle_button = self.button(_("Close"), self.toggle)
        self.edit_button = self.button(_("Edit"), self.edit)
        self.new_button = self.button(_("New exchange point"), self.create, primary=True)
        self.load()

    def load(self) -> None:
        self.model.set_rows(counters.list_counters(self.store))
        self.selection_changed()

    def selection_changed(self) -> None:
        row = self.current()
        self.edit_button.setEnabled(row is not None)
        self.toggle_button.setEnabled(row is not None)
        self.toggle_button.setText(_("Reopen") if row and not row["active"] else _("Close"))

    def create(self) -> None:
        dialog = CounterDialog(self.ctx, None, self)
        if dialog.exec() and dialog.saved_code:
            self._changed(dialog.saved_code, _("The exchange point {code} is created."))

    def edit(self) -> None:
        row = self.current()
        if row is None:
            return
        dialog = CounterDialog(self.ctx, row, self)
        if dialog.exec() and dialog.saved_code:
            self._changed(dialog.saved_code, _("The exchange point {code} is saved."))

    def toggle(self) -> None:
        row = self.current()
        if row is None:
            return
        reopen = not row["active"]
        done = (
            _("The exchange point {code} is open again.")
            if reopen
            else _("The exchange point {code} is closed.")
        )
        if self.attempt(
            lambda: counters.update(self.ctx, row["code"], active=reopen),
            done.format(code=row["code"]),
        ):
            self.load()
            self.select_where("code", row["code"])
            self.bus.counters_changed.emit()

    def _changed(self, code: str, message: str) -> None:
        self.banner.success(message.format(code=code))
        self.load()
        self.select_where("code", code)
        self.bus.counters_changed.emit()
