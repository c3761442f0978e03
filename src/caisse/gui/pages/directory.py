"""The partner directory: the partners filtered as you type, one partner's entry, its editing,
and the directory written as a printed guide, a map or a spreadsheet."""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from caisse.domain.roles import Permission
from caisse.domain.text import fold
from caisse.i18n import N_, _, locale, ngettext
from caisse.services import directory
from caisse.services.context import Context

from ..bus import Bus
from ..journal_view import table_view
from ..models import GREY, Column, RowsModel
from ..widgets import Banner, heading
from .directory_files import ExportBar
from .partner_detail import PartnerDetail
from .partner_dialog import PartnerDialog

#: the category filter's choices besides the categories themselves
ALL, NONE = "all", "none"
SEARCHED = ("number", "name", "organisation", "category", "commune", "postcode")


def _flag(key: str) -> Any:
    return lambda r: _("Yes") if r[key] else ""


COLUMNS = [
    Column(N_("Name"), lambda r: r["name"]),
    Column(N_("Category"), lambda r: r["category"]),
    Column(N_("Commune"), lambda r: r["commune"]),
    Column(N_("Exchange point"), _flag("is_exchange_point")),
    Column(N_("Vouchers"), _flag("takes_vouchers")),
    Column(
        N_("State"),
        lambda r: _("Active") if r["active"] else _("Former"),
        color=lambda r: None if r["active"] else GREY,
    ),
]


def matches(row: dict[str, Any], words: list[str]) -> bool:
    return all(word in row["_folded"] for word in words)


class DirectoryPage(QWidget):
    def __init__(self, ctx: Context, bus: Bus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        self.bus = bus
        self.may_edit = ctx.may(Permission.EDIT_DIRECTORY)
        #: every partner read from the directory; the table shows those the filters keep
        self.everyone: list[dict[str, Any]] = []
        self.model = RowsModel(COLUMNS, self)

        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Filter by name, commune, category or number"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(220)
        self.filter.textChanged.connect(self.apply_filters)
        self.category = QComboBox()
        self.category.setMinimumWidth(170)
        self.category.currentIndexChanged.connect(self.apply_filters)
        self.show_former = QCheckBox(_("Show former partners"))
        self.show_former.toggled.connect(lambda _checked: self.reload())
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color:#5f6b7a;")
        self.banner = Banner()

        self.table = table_view(self.model, stretch=0)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((280, 200, 150)):
            self.table.setColumnWidth(column, width)
        for column in (3, 4, 5):  # the flags: as wide as their titles
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(lambda _index: self.edit_partner())
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.detail = PartnerDetail(self.store, self.may_edit)
        self.detail.edit_requested.connect(self.edit_partner)
        self.exports = ExportBar(self.store, self.banner, self.show_former.isChecked, self)

        top = QHBoxLayout()
        top.addWidget(heading(_("Partners"), 18))
        top.addSpacing(16)
        top.addWidget(self.filter, 1)
        top.addWidget(self.category)
        top.addWidget(self.show_former)
        top.addWidget(self.count_label)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([330, 320])
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.exports)

        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.filter.setFocus)

        bus.members_changed.connect(self.reload)  # a partner added, renamed or moved
        bus.settings_changed.connect(self.reload)  # the categories
        bus.journal_changed.connect(self.detail.refresh)  # a reconversion, a payment
        self.reload()

    # --- the list --------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the directory again, keeping the filters and the partner selected."""
        uid = self.detail.uid
        self.everyone = directory.entries(self.store, include_former=self.show_former.isChecked())
        for row in self.everyone:
            row["_folded"] = fold(" ".join(row[key] for key in SEARCHED))
        self._fill_categories()
        self.apply_filters(keep=uid)

    def _fill_categories(self) -> None:
        chosen = self.category.currentData()
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem(_("All categories"), ALL)
        for row in directory.categories(self.store):
            self.category.addItem(row["name"], row["id"])
        # a retired category still given to partners stays a choice while they have it
        listed = {self.category.itemData(i) for i in range(self.category.count())}
        for row in self.everyone:
            if row["category_id"] is not None and row["category_id"] not in listed:
                listed.add(row["category_id"])
                self.category.addItem(row["category"], row["category_id"])
        self.category.addItem(_("No category yet"), NONE)
        self.category.setCurrentIndex(max(self.category.findData(chosen), 0))
        self.category.blockSignals(False)

    def apply_filters(self, *_args: Any, keep: str | None = None) -> None:
        keep = keep or self.detail.uid
        words = fold(self.filter.text()).split()
        chosen = self.category.currentData()
        shown = [
            row
            for row in self.everyone
            if matches(row, words)
            and (
                chosen == ALL
                or (chosen == NONE and row["category_id"] is None)
                or row["category_id"] == chosen
            )
        ]
        self.model.set_rows(shown)
        n = len(shown)
        self.count_label.setText(
            ngettext("{n} partner", "{n} partners", n).format(n=format_decimal(n, locale=locale()))
        )
        self.select(keep)

    def select(self, uid: str | None) -> None:
        rows = self.model.rows
        index = next((i for i, r in enumerate(rows) if r["uid"] == uid), 0 if rows else None)
        if index is None:
            self.detail.show_partner(None)
            return
        self.table.selectRow(index)
        self.table.scrollTo(self.model.index(index, 0))
        self.detail.show_partner(rows[index])

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.detail.show_partner(self.model.row_at(current))

    def current_partner(self) -> dict[str, Any] | None:
        return self.model.row_at(self.table.currentIndex())

    # --- editing ---------------------------------------------------------------------------
    def edit_partner(self) -> None:
        row = self.current_partner()
        if row is None or not self.may_edit:
            return
        dialog = PartnerDialog(self.ctx, row, self)
        if dialog.exec() and dialog.saved is not None:
            self.banner.success(
                _("The directory entry of {name} is saved.").format(
                    name=dialog.saved.trade_name or row["organisation"]
                )
            )
            self.reload()
            self.select(row["uid"])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.filter.setFocus()
