"""Editing a partner's directory entry. The service checks it; a refusal is shown in the dialog,
which stays open until the entry is saved or the person cancels."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from caisse.domain import geo
from caisse.domain.errors import CaisseError, InputError
from caisse.i18n import N_, _
from caisse.services import directory
from caisse.services.context import Context

from ..widgets import Banner, heading, hint

COORDINATE_HINT = N_("Decimal degrees as a map gives them, for example 43.49231 and -1.4748.")


def place_text(row: dict[str, Any]) -> str:
    """ "2 place de l'Arsenal, 64100 Bayonne", from what is known."""
    town = " ".join(v for v in (row["postcode"], row["commune"]) if v)
    return ", ".join(v for v in (row["address"], town) if v)


class LimitedText(QPlainTextEdit):
    """A few lines of text; ``caption`` is its label with the number of characters typed
    against the limit below it."""

    def __init__(self, label: str, limit: int, lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limit = limit
        self.lines = lines
        self.setTabChangesFocus(True)
        self.count = QLabel()
        self.caption = QWidget()
        column = QVBoxLayout(self.caption)
        column.setContentsMargins(0, 4, 0, 0)
        column.setSpacing(2)
        column.addWidget(QLabel(label))
        column.addWidget(self.count)
        column.addStretch(1)
        self.textChanged.connect(self._count)
        self._count()
        self.ensurePolished()  # the style sheet's font, not the default one
        margins = self.contentsMargins()
        frame = 2 * self.document().documentMargin() + margins.top() + margins.bottom()
        self.setFixedHeight(int(self.fontMetrics().lineSpacing() * lines + frame))

    def _count(self) -> None:
        n = len(self.toPlainText().strip())
        self.count.setText(_("{n} / {limit} characters").format(n=n, limit=self.limit))
        colour = "#b3261e" if n > self.limit else "#5f6b7a"
        self.count.setStyleSheet(f"color:{colour}; font-size:9pt;")

    def text(self) -> str:
        return self.toPlainText()


class PartnerDialog(QDialog):
    """``row`` is the partner as :func:`directory.entries` lists it."""

    def __init__(self, ctx: Context, row: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.saved: directory.Profile | None = None
        self.setWindowTitle(_("Directory entry"))
        self.setMinimumWidth(620)
        entry = directory.profile(ctx.store, row["uid"])

        self.trade_name = QLineEdit(entry.trade_name)
        self.trade_name.setPlaceholderText(row["organisation"])
        self.category = QComboBox()
        self.category.addItem(_("No category"), None)
        for category in directory.categories(ctx.store, include_retired=True):
            if category["active"] or category["id"] == entry.category:
                label = category["name"]
                if not category["active"]:
                    label = _("{name} (retired)").format(name=label)
                self.category.addItem(label, category["id"])
        self.category.setCurrentIndex(max(self.category.findData(entry.category), 0))
        self.latitude = QLineEdit(_degrees(entry.latitude_e6))
        self.longitude = QLineEdit(_degrees(entry.longitude_e6))
        coordinates = QHBoxLayout()
        coordinates.setContentsMargins(0, 0, 0, 0)
        for field, name, example in (
            (self.latitude, _("latitude"), "43.49231"),
            (self.longitude, _("longitude"), "-1.4748"),
        ):
            field.setPlaceholderText(example)
            field.setMaximumWidth(150)
            coordinates.addWidget(QLabel(name))
            coordinates.addSpacing(4)
            coordinates.addWidget(field)
            coordinates.addSpacing(10)
        coordinates.addStretch(1)
        self.website = QLineEdit(entry.website)
        self.website.setPlaceholderText("www.example.org")
        limits = directory.TEXT_LIMITS
        self.opening_hours = LimitedText(_("Opening hours"), limits["opening_hours"], 3)
        self.opening_hours.setPlainText(entry.opening_hours)
        self.description = LimitedText(_("Description"), limits["description"], 5)
        self.description.setPlainText(entry.description)
        self.takes_vouchers = QCheckBox(_("Takes vouchers"))
        self.takes_vouchers.setChecked(entry.takes_vouchers)
        self.is_exchange_point = QCheckBox(_("Is an exchange point"))
        self.is_exchange_point.setChecked(entry.is_exchange_point)
        self.active = QCheckBox(_("Listed in the directory (untick for a former partner)"))
        self.active.setChecked(entry.active)
        self.siret = QLineEdit(entry.siret)
        self.siret.setPlaceholderText(_("14 digits, optional"))
        self.siret.setMaximumWidth(220)
        self.banner = Banner()

        form = QFormLayout()
        form.setVerticalSpacing(8)
        form.addRow(_("Trade name"), self.trade_name)
        form.addRow(_("Category"), self.category)
        form.addRow(_("Coordinates"), coordinates)
        form.addRow("", hint(_(COORDINATE_HINT)))
        form.addRow(_("Website"), self.website)
        form.addRow(self.opening_hours.caption, self.opening_hours)
        form.addRow(self.description.caption, self.description)
        flags = QHBoxLayout()
        flags.addWidget(self.takes_vouchers)
        flags.addSpacing(16)
        flags.addWidget(self.is_exchange_point)
        flags.addStretch(1)
        form.addRow("", flags)
        form.addRow("", self.active)
        form.addRow(_("SIRET"), self.siret)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        place = place_text(row) or _("no address yet")
        self.about = hint(
            _("Member {number} · {place}. The address, phone and e-mail are edited with the "
              "member, on the Members page.").format(number=row["number"], place=place)
        )  # fmt: skip
        layout = QVBoxLayout(self)
        layout.addWidget(heading(row["organisation"]))
        layout.addWidget(self.about)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(buttons)
        # the word-wrapped hints make Qt open the dialog at its smallest, squeezing the texts
        self.resize(self.sizeHint())
        self.trade_name.setFocus()

    def entry(self) -> directory.Profile:
        """The entry as typed; a coordinate that cannot be read names its field."""
        latitude = _coordinate(self.latitude, _("Latitude"), geo.parse_latitude)
        longitude = _coordinate(self.longitude, _("Longitude"), geo.parse_longitude)
        return directory.Profile(
            trade_name=self.trade_name.text(),
            category=self.category.currentData(),
            latitude_e6=latitude,
            longitude_e6=longitude,
            website=self.website.text(),
            opening_hours=self.opening_hours.text(),
            description=self.description.text(),
            takes_vouchers=self.takes_vouchers.isChecked(),
            is_exchange_point=self.is_exchange_point.isChecked(),
            active=self.active.isChecked(),
            siret=self.siret.text(),
        )

    def try_accept(self) -> None:
        """Save through the service; on a refusal, say why and stay open."""
        try:
            self.saved = directory.set_profile(self.ctx, self.row["uid"], self.entry())
        except CaisseError as err:
            self.banner.error(str(err))
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))
            return
        self.accept()


def _degrees(micro: int | None) -> str:
    return "" if micro is None else geo.degrees_text(micro)


def _coordinate(field: QLineEdit, name: str, parse: Callable[[str], int]) -> int | None:
    text = field.text().strip()
    if not text:
        return None
    try:
        return parse(text)
    except InputError as err:
        field.setFocus()
        field.selectAll()
        raise InputError(N_("{field}: {reason}"), field=name, reason=str(err)) from None
