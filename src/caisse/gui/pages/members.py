"""The member registry: search as you type over a paged table, add, edit, and each member's
history from the journal."""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from caisse.domain.roles import Permission
from caisse.i18n import _, locale, ngettext
from caisse.services.context import Context

from ..bus import Bus
from ..journal_view import table_view
from ..models import MembersModel
from ..widgets import heading
from .erasure_dialog import ErasureDialog
from .import_dialog import ImportDialog, export_members
from .member_detail import MemberDetail
from .member_dialog import MemberDialog

SEARCH_DELAY_MS = 150


class MembersPage(QWidget):
    def __init__(self, ctx: Context, bus: Bus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bus = bus
        self.model = MembersModel(ctx.store, self)

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by name, number, e-mail or commune"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.search.textChanged.connect(self._typed)
        self.search.returnPressed.connect(self._search_now)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color:#5f6b7a;")
        self.add_button = QPushButton(_("Add a member  (Ctrl+N)"))
        self.add_button.setObjectName("primary")
        self.add_button.clicked.connect(self.add_member)
        self.edit_button = QPushButton(_("Edit"))
        self.edit_button.clicked.connect(self.edit_member)
        self.edit_button.setEnabled(False)
        self.import_button = QPushButton(_("Import members…"))
        self.import_button.clicked.connect(self.import_members)
        self.export_button = QPushButton(_("Export…"))
        self.export_button.clicked.connect(lambda: export_members(self.ctx, self))
        self.erasure_button = QPushButton(_("Due for erasure…"))
        self.erasure_button.setToolTip(
            _("Former members whose data has been kept longer than the retention period")
        )
        self.erasure_button.clicked.connect(self.erase_due)
        may_edit = ctx.may(Permission.EDIT_MEMBERS)
        self.add_button.setVisible(may_edit)
        self.edit_button.setVisible(may_edit)
        self.import_button.setVisible(may_edit)
        self.export_button.setVisible(ctx.may(Permission.EXPORT_MEMBERS))
        self.erasure_button.setVisible(ctx.may(Permission.SETTINGS))

        self.table = table_view(self.model)
        self.model.counted.connect(self._count)  # a count stopped at the cap became exact
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((80, 190, 110, 160, 190, 170, 95)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.edit_member())
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.detail = MemberDetail(ctx, bus)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self._search_now)

        # the title and the buttons on one line, the search under them: both fit the window's
        # 1280 pixels in every language
        top = QHBoxLayout()
        top.addWidget(heading(_("Members"), 18))
        top.addStretch(1)
        top.addWidget(self.edit_button)
        top.addWidget(self.erasure_button)
        top.addWidget(self.export_button)
        top.addWidget(self.import_button)
        top.addWidget(self.add_button)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addSpacing(8)
        search_row.addWidget(self.count_label)

        # the list above, the member chosen below with room for their history
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([250, 370])
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(search_row)
        layout.addWidget(splitter, 1)

        new = QShortcut(QKeySequence("Ctrl+N"), self)
        new.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        new.activated.connect(self.add_member)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.search.setFocus)

        bus.members_changed.connect(self.reload)
        bus.journal_changed.connect(self.detail.refresh)
        self._search_now()

    # --- search ----------------------------------------------------------------------------
    def _typed(self, _text: str) -> None:
        self.timer.start()

    def _search_now(self) -> None:
        self.timer.stop()
        self.model.search(self.search.text())
        self._count()
        if self.model.rows:
            self.table.selectRow(0)
        else:
            self.detail.show_member(None)

    def _count(self) -> None:
        n = self.model.total
        shown = format_decimal(n, locale=locale())
        if self.model.capped:  # the count stopped there: "10,000+ members"
            shown += "+"
        self.count_label.setText(ngettext("{n} member", "{n} members", n).format(n=shown))

    def reload(self) -> None:
        """Read the registry again, keeping the member that was selected."""
        uid = self.detail.uid
        self.model.refresh()
        self._count()
        self.select(uid)

    def select(self, uid: str | None) -> None:
        row = self.model.row_of(uid) if uid else None
        if row is None:
            self.detail.show_member(uid)
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current)
        self.edit_button.setEnabled(row is not None)
        self.detail.show_member(row["uid"] if row else None)

    def current_member(self) -> dict[str, Any] | None:
        return self.model.row_at(self.table.currentIndex())

    # --- add and edit ------------------------------------------------------------------------
    def add_member(self) -> None:
        if not self.ctx.may(Permission.EDIT_MEMBERS):
            return
        dialog = MemberDialog(self.ctx, None, self)
        if dialog.exec() and dialog.saved is not None:
            self._saved(dialog.saved)

    def edit_member(self) -> None:
        row = self.current_member()
        if row is None or not self.ctx.may(Permission.EDIT_MEMBERS):
            return
        dialog = MemberDialog(self.ctx, row, self)
        if dialog.exec() and dialog.saved is not None:
            self._saved(dialog.saved)

    def import_members(self) -> None:
        if self.ctx.may(Permission.EDIT_MEMBERS) and ImportDialog(self.ctx, self).exec():
            self.bus.members_changed.emit()
            self.bus.journal_changed.emit()

    def erase_due(self) -> None:
        """The members kept past the retention period, to erase those ticked."""
        if not self.ctx.may(Permission.SETTINGS):
            return
        dialog = ErasureDialog(self.ctx, self)
        dialog.exec()
        if dialog.erased:
            self.bus.members_changed.emit()

    def _saved(self, row: dict[str, Any]) -> None:
        self.detail.uid = row["uid"]
        self.bus.members_changed.emit()
        if self.model.row_of(row["uid"]) is None:
            # a new member may sort past the pages fetched: show it by its number
            self.search.blockSignals(True)
            self.search.setText(row["number"])
            self.search.blockSignals(False)
            self._search_now()
        self.select(row["uid"])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.search.setFocus()
