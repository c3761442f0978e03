"""Adding or editing a member. The service validates; its message stays in the dialog, which
stays open until the member is saved or the person cancels."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from caisse.domain.errors import CaisseError
from caisse.domain.membership import MEMBER_KINDS
from caisse.i18n import _
from caisse.services import members
from caisse.services.context import Context

from ..models import KIND_LABELS
from ..widgets import Banner, heading


class MemberDialog(QDialog):
    def __init__(
        self, ctx: Context, row: dict[str, Any] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.saved: dict[str, Any] | None = None
        if row is None:
            self.setWindowTitle(_("New member"))
            title = _("New member")
        else:
            self.setWindowTitle(_("Edit member"))
            title = _("Member {number}").format(number=row["number"])
        self.setMinimumWidth(460)

        self.kind = QComboBox()
        for kind in MEMBER_KINDS:
            self.kind.addItem(_(KIND_LABELS[kind]), kind)
        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.organisation = QLineEdit()
        self.email = QLineEdit()
        self.phone = QLineEdit()
        self.address = QLineEdit()
        self.address.setPlaceholderText(_("number and street"))
        self.postcode = QLineEdit()
        self.postcode.setMaximumWidth(120)
        self.commune = QLineEdit()
        self.is_partner = QCheckBox(_("Partner: this organisation accepts the local currency"))
        self.banner = Banner()

        self.form = QFormLayout()
        self.form.addRow(_("Kind"), self.kind)
        self.form.addRow(_("First name"), self.first_name)
        self.form.addRow(_("Last name"), self.last_name)
        self.form.addRow(_("Organisation name"), self.organisation)
        self.form.addRow(_("E-mail"), self.email)
        self.form.addRow(_("Phone"), self.phone)
        self.form.addRow(_("Address"), self.address)
        self.form.addRow(_("Postcode"), self.postcode)
        self.form.addRow(_("Commune"), self.commune)
        self.form.addRow("", self.is_partner)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        layout = QVBoxLayout(self)
        layout.addWidget(heading(title))
        layout.addWidget(self.banner)
        layout.addLayout(self.form)
        layout.addWidget(buttons)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        if row is not None:
            self._fill(row)
        self._kind_changed()

    def _fill(self, row: dict[str, Any]) -> None:
        self.kind.setCurrentIndex(MEMBER_KINDS.index(row["kind"]))
        for name in ("first_name", "last_name", "organisation", "email", "phone", "address"):
            getattr(self, name).setText(row[name])
        self.postcode.setText(row["postcode"])
        self.commune.setText(row["commune"])
        self.is_partner.setChecked(bool(row["is_partner"]))

    def _kind_changed(self) -> None:
        organisation = self.kind.currentData() == "organisation"
        for widget, visible in (
            (self.first_name, not organisation),
            (self.last_name, not organisation),
            (self.organisation, organisation),
            (self.is_partner, organisation),
        ):
            self.form.setRowVisible(widget, visible)
        if not organisation:
            self.is_partner.setChecked(False)
        self.adjustSize()

    def fields(self) -> members.MemberFields:
        organisation = self.kind.currentData() == "organisation"
        return members.MemberFields(
            kind=self.kind.currentData(),
            first_name="" if organisation else self.first_name.text(),
            last_name="" if organisation else self.last_name.text(),
            organisation=self.organisation.text() if organisation else "",
            email=self.email.text(),
            phone=self.phone.text(),
            postcode=self.postcode.text(),
            commune=self.commune.text(),
            address=self.address.text(),
            is_partner=organisation and self.is_partner.isChecked(),
        )

    def try_accept(self) -> None:
        """Save through the service; on a refusal, say why and stay open."""
        try:
            if self.row is None:
                self.saved = members.create(self.ctx, self.fields())
            else:
                self.saved = members.update(self.ctx, self.row["uid"], self.fields())
        except CaisseError as err:
            self.banner.error(str(err))
            return
        self.accept()
