"""The association's identity, printed on receipts and exports."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from caisse.i18n import _
from caisse.services import settings
from caisse.services.context import Context

from ...bus import Bus
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
        self.load()

    def load(self) -> None:
        a = settings.association(self.store)
        for name in ("name", "address", "postcode", "commune", "email", "phone", "siret"):
            getattr(self, name).setText(getattr(a, name))

    def save(self) -> None:
        def act() -> None:
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

        self.attempt(act, _("The association's identity is saved."))
