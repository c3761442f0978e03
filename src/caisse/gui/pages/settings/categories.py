"""The directory's sector categories: added, renamed, put in order, retired and brought back.

A retired category leaves the list offered for new entries; the partners already in it keep it
until they are given another, so it stays here, greyed, with how many partners still have it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from caisse.domain.errors import CaisseError
from caisse.i18n import N_, _
from caisse.services import directory
from caisse.services.context import Context

from ...bus import Bus
from ...models import GREY, Column
from ...widgets import hint
from .dialog import FormDialog
from .table_tab import TableTab


def _grey_if_retired(row: dict[str, Any]) -> Any:
    return None if row["active"] else GREY


COLUMNS = [
    Column(N_("Category"), lambda r: r["name"], color=_grey_if_retired),
    Column(N_("Partners"), lambda r: str(r["partners"]), right=True),
    Column(
        N_("State"),
        lambda r: _("In use") if r["active"] else _("Retired"),
        color=_grey_if_retired,
    ),
]


class CategoryDialog(FormDialog):
    def __init__(
        self, ctx: Context, row: dict[str, Any] | None, parent: QWidget | None = None
    ) -> None:
        title = _("New category") if row is None else _("Rename the category")
        super().__init__(title, parent)
        self.ctx = ctx
        self.row = row
        self.name = QLineEdit(row["name"] if row else "")
        self.name.setPlaceholderText(_("for example Bookshops"))
        self.form.addRow(_("Name"), self.name)
        if row is not None and row["partners"]:
            self.form.addRow("", hint(_("The partners in it keep it under its new name.")))
        self.saved: dict[str, Any] | None = None
        self.submit = self._save

    def _save(self) -> None:
        if self.row is None:
            self.saved = directory.add_category(self.ctx, self.name.text())
        else:
            self.saved = directory.rename_category(self.ctx, self.row["id"], self.name.text())


class CategoriesTab(TableTab):
    def __init__(self, ctx: Context, bus: Bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, COLUMNS, parent)
        self.up_button = self.button(_("Move up"), lambda: self.move_selected(-1))
        self.down_button = self.button(_("Move down"), lambda: self.move_selected(1))
        self.retire_button = self.button(_("Retire"), self.toggle)
        self.edit_button = self.button(_("Rename…"), self.edit)
        self.new_button = self.button(_("New category…"), self.add_category, primary=True)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(
            1,
            hint(
                _("The order here is the order of the printed guide. A retired category is "
                  "no longer offered; the partners in it keep it until they are given another.")
            ),
        )  # fmt: skip
        self.load()

    def load(self) -> None:
        used = Counter(
            row["category_id"] for row in directory.entries(self.store, include_former=True)
        )
        rows = directory.categories(self.store, include_retired=True)
        for row in rows:
            row["partners"] = used.get(row["id"], 0)
        # the list in its order, then the retired ones
        rows.sort(key=lambda r: not r["active"])
        self.model.set_rows(rows)
        self.selection_changed()

    def selection_changed(self) -> None:
        row = self.current()
        active = [r for r in self.model.rows if r["active"]]
        self.edit_button.setEnabled(row is not None)
        self.retire_button.setEnabled(row is not None)
        self.retire_button.setText(_("Bring back") if row and not row["active"] else _("Retire"))
        movable = row is not None and row["active"]
        self.up_button.setEnabled(movable and row is not active[0])
        self.down_button.setEnabled(movable and row is not active[-1])

    def _changed(self, category_id: int, message: str) -> None:
        self.banner.success(message)
        self.load()
        self.select_where("id", category_id)
        self.bus.settings_changed.emit()

    def add_category(self) -> None:
        dialog = CategoryDialog(self.ctx, None, self)
        if dialog.exec() and dialog.saved:
            name = dialog.saved["name"]
            self._changed(
                dialog.saved["id"], _('The category "{name}" is added.').format(name=name)
            )

    def edit(self) -> None:
        row = self.current()
        if row is None:
            return
        dialog = CategoryDialog(self.ctx, row, self)
        if dialog.exec() and dialog.saved:
            self._changed(
                row["id"],
                _('"{old}" is renamed "{name}".').format(
                    old=row["name"], name=dialog.saved["name"]
                ),
            )

    def toggle(self) -> None:
        row = self.current()
        if row is None:
            return
        retire = bool(row["active"])

        def act() -> None:
            if retire:
                directory.retire_category(self.ctx, row["id"])
            else:
                directory.add_category(self.ctx, row["name"])

        done = (
            _('"{name}" is retired: it is no longer offered for new entries.')
            if retire
            else _('"{name}" is offered again.')
        )
        if self.attempt(act, done.format(name=row["name"])):
            self.load()
            self.select_where("id", row["id"])
            self.bus.settings_changed.emit()

    def move_selected(self, offset: int) -> None:
        row = self.current()
        if row is None or not row["active"]:
            return
        try:
            directory.move_category(self.ctx, row["id"], offset)
        except CaisseError as err:
            self.banner.error(str(err))
            return
        self.banner.clear_message()
        self.load()
        self.select_where("id", row["id"])
        self.bus.settings_changed.emit()
