"""Table models over service results.

``RowsModel`` shows a short list (operations of a counter, users). ``MembersModel`` pages
through the member registry: it fetches rows as the view scrolls (``canFetchMore`` /
``fetchMore``), so 100,000 members never become 100,000 objects at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from caisse.i18n import N_, _
from caisse.services import members
from caisse.store.db import Store

from .widgets import short_date

Index = QModelIndex | QPersistentModelIndex
RED = QColor("#b3261e")
GREY = QColor("#6b7280")


@dataclass(frozen=True)
class Column:
    title: str  # marked with N_, translated when shown
    text: Callable[[dict[str, Any]], str]
    right: bool = False
    color: Callable[[dict[str, Any]], QColor | None] | None = None


class RowsModel(QAbstractTableModel):
    """A read-only table over a list of dicts, one column per :class:`Column`."""

    def __init__(self, columns: list[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.rows: list[dict[str, Any]] = []
        # texts formatted once per row: views ask for the same cell many times while sizing
        self._texts: dict[int, list[str]] = {}
        self.modelReset.connect(self._texts.clear)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def cell_text(self, row_number: int, column: int) -> str:
        texts = self._texts.get(row_number)
        if texts is None:
            row = self.rows[row_number]
            texts = self._texts[row_number] = [c.text(row) for c in self.columns]
        return texts[column]

    def row_at(self, index: Index) -> dict[str, Any] | None:
        return self.rows[index.row()] if index.isValid() and index.row() < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _(column.title)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(column.right)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES_SHOWN:  # views ask for many roles; answer the others at once
            return None
        row = self.row_at(index)
        if row is None:
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(column.right)
        if role == Qt.ItemDataRole.ForegroundRole and column.color is not None:
            color = column.color(row)
            return QBrush(color) if color is not None else None
        return None


_ROLES_SHOWN = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
    }
)


def _alignment(right: bool) -> int:
    horizontal = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
    return int(horizontal | Qt.AlignmentFlag.AlignVCenter)


KIND_LABELS = {"individual": N_("Individual"), "organisation": N_("Organisation")}


def membership_text(row: dict[str, Any], today: date) -> str:
    """The member's standing in a few words: paid until, ended on, left on a day."""
    standing = members.status(row, today)
    if standing == "left":
        return _("Left {date}").format(date=short_date(row["left_on"]))
    until = row["membership_until"]
    if not until:
        return _("Never paid")
    if standing == "current":
        return _("Until {date}").format(date=short_date(until))
    return _("Ended {date}").format(date=short_date(until))


def membership_color(row: dict[str, Any], today: date) -> QColor | None:
    return STANDING_COLORS[members.status(row, today)]


#: current members in the usual ink; lapsed ones in red, those who left in grey
STANDING_COLORS: dict[str, QColor | None] = {"current": None, "lapsed": RED, "left": GREY}

MEMBER_COLUMNS: list[Column] = [
    Column(N_("Number"), lambda r: r["number"]),
    Column(N_("Name"), members.display_name),
    Column(N_("Kind"), lambda r: _(KIND_LABELS[r["kind"]])),
    Column(N_("Commune"), lambda r: r["commune"]),
    Column(N_("E-mail"), lambda r: r["email"]),
    Column(N_("Membership"), lambda r: membership_text(r, date.today())),
    Column(N_("Partner"), lambda r: _("Partner") if r["is_partner"] else ""),
]
#: the column coloured by the member's standing (current, lapsed, left)
STANDING_COLUMN = 5


class MembersModel(RowsModel):
    """The registry filtered by a search text, fetched page by page as the view scrolls.

    A search costs one count, stopped at :attr:`COUNT_CAP` (``capped`` then tells the exact
    number was not sought), and one page of rows; the next pages come as the view scrolls.
    """

    PAGE = 200
    COUNT_CAP = 10_000
    #: the last page was fetched: a count that had stopped at the cap is now exact
    counted = Signal()

    def __init__(self, store: Store, parent: Any = None) -> None:
        super().__init__(MEMBER_COLUMNS, parent)
        self.store = store
        self.text = ""
        self.total = 0
        self.capped = False
        self.today = date.today()

    def search(self, text: str) -> None:
        """Start again from the first page of members matching ``text``."""
        self.beginResetModel()
        self.text = text
        self.today = date.today()
        found = members.count(self.store, text, limit=self.COUNT_CAP + 1)
        self.capped = found > self.COUNT_CAP
        self.total = min(found, self.COUNT_CAP)
        self.rows = members.search(self.store, text, limit=self.PAGE, offset=0)
        self.endResetModel()

    def refresh(self) -> None:
        self.search(self.text)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and (self.capped or len(self.rows) < self.total)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = members.search(self.store, self.text, limit=self.PAGE, offset=len(self.rows))
        if more:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self.rows.extend(more)
            self.endInsertRows()
        if len(more) < self.PAGE:  # the last page: now the number is known
            self.capped = False
            self.total = len(self.rows)
            self.counted.emit()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == STANDING_COLUMN:
            row = self.row_at(index)
            color = membership_color(row, self.today) if row else None
            return QBrush(color) if color is not None else None
        return super().data(index, role)

    def row_of(self, uid: str) -> int | None:
        for i, row in enumerate(self.rows):
            if row["uid"] == uid:
                return i
        return None
