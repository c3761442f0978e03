"""The association's identity, printed on receipts and exports, and how long it keeps the personal
data of members who left."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from caisse.i18n import _
from caisse.services import privacy, settings
from caisse.services.context import Context

from ...bus import Bus
from ...widgets import heading, hint
from .form_tab import FormTab


class AssociationTab(FormTab):
    def __init__(self, ctx: Context, bus: Bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        self.name = QLineEdit()
        self.address = QLineEdit()
        self.postcode = QLineEdit()
        self.postcode.setMaximumWidth(120)
        self.commune = QLineEdit()
        self.email = QLineEdit()
        self.phone = QLineEdit()
        self.siret = QLineEdit()
        self.siret.setPlaceholderText(_("14 digits, optional"))
        for label, field in (
            (_("Name"), self.name),
            (_("Address"), self.address),
            (_("Postcode"), self.postcode),
            (_("Commune"), self.commune),
            (_("E-mail"), self.email),
            (_("Phone"), self.phone),
            (_("SIRET"), self.siret),
        ):
            self.form.addRow(label, field)
        self.retention = QLineEdit()
        self.retention.setValidator(QIntValidator(0, 999, self.retention))
        self.retention.setMaximumWidth(80)
        self.form.addRow(QLabel(""))
        self.form.addRow(heading(_("Personal data"), 12))
        self.form.addRow(_("Retention period (months)"), self.retention)
        retention_hint = hint(
            _("How long the personal data of members who left is kept before it is erased; "
              "their entries in the ledger stay, without their names.")
        )  # fmt: skip
        retention_hint.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.form.addRow("", retention_hint)
        self.load()

    def load(self) -> None:
        a = settings.association(self.store)
        for name in ("name", "address", "postcode", "commune", "email", "phone", "siret"):
            getattr(self, name).setText(getattr(a, name))
        self.retention.setText(str(privacy.retention_months(self.store)))

    def save(self) -> None:
        typed = self.retention.text().strip()
        months = int(typed) if typed.isdigit() else 0  # refused by the service, which says why

        def act() -> None:
            if months != privacy.retention_months(self.store):
                privacy.set_retention_months(self.ctx, months)
            settings.set_association(
                self.ctx,
                settings.Association(
                    name=self.name.text().strip(),
                    address=self.address.text().strip(),
                    postcode=self.postcode.text().strip(),
                    commune=self.commune.text().strip(),
                    email=self.email.text().strip(),
                    phone=self.phone.text().strip(),
                    siret=self.siret.text().strip(),
                ),
            )

        self.attempt(act, _("The association's identity and the retention period are saved."))
