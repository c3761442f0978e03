"""The first start: create the database with the association, its currency and the
administrator."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from caisse.domain.currency import Currency
from caisse.domain.errors import CaisseError, InputError
from caisse.i18n import N_, _
from caisse.services import setup
from caisse.services.settings import Association
from caisse.store.db import Store

from .widgets import Banner, heading, hint


class SetupDialog(QDialog):
    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.store: Store | None = None
        self.setWindowTitle(_("Caisse — first start"))
        self.setMinimumWidth(500)

        self.association = QLineEdit()
        self.association.setPlaceholderText(_("for example Association Euskal Moneta"))
        self.commune = QLineEdit()
        self.currency_name = QLineEdit()
        self.currency_name.setPlaceholderText(_("for example Eusko"))
        self.currency_code = QLineEdit()
        self.currency_code.setPlaceholderText(_("for example EUS"))
        self.currency_code.setMaximumWidth(110)
        self.currency_symbol = QLineEdit()
        self.currency_symbol.setMaximumWidth(110)
        self.admin_login = QLineEdit("admin")
        self.admin_name = QLineEdit()
        self.admin_secret = QLineEdit()
        self.admin_secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.admin_confirm = QLineEdit()
        self.admin_confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.banner = Banner()

        form = QFormLayout()
        form.addRow(heading(_("Association"), 12))
        form.addRow(_("Name"), self.association)
        form.addRow(_("Commune"), self.commune)
        form.addRow(heading(_("Local currency"), 12))
        form.addRow(_("Name"), self.currency_name)
        form.addRow(_("Code"), self.currency_code)
        form.addRow(_("Symbol"), self.currency_symbol)
        form.addRow(heading(_("Administrator"), 12))
        form.addRow(_("Login"), self.admin_login)
        form.addRow(_("Full name"), self.admin_name)
        form.addRow(_("Password"), self.admin_secret)
        form.addRow(_("Same again"), self.admin_confirm)

        buttons = QDialogButtonBox()
        create = buttons.addButton(_("Create the database"), QDialogButtonBox.ButtonRole.AcceptRole)
        create.setObjectName("primary")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_create)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.addWidget(heading(_("Welcome to Caisse"), 17))
        layout.addWidget(
            hint(
                _(
                    "There is no database yet at {path}. Describe the association and its "
                    "currency; everything can be changed later in the settings except the "
                    "currency code, fixed by the first entry."
                ).format(path=str(path))
            )
        )
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def try_create(self) -> None:
        try:
            if self.admin_secret.text() != self.admin_confirm.text():
                raise InputError(N_("The two passwords differ: type the same one twice."))
            self.store = setup.initialize(
                self.path,
                Association(self.association.text().strip(), commune=self.commune.text().strip()),
                Currency(
                    self.currency_name.text().strip(),
                    self.currency_code.text(),
                    self.currency_symbol.text().strip(),
                ),
                self.admin_login.text(),
                self.admin_name.text(),
                self.admin_secret.text(),
            )
        except CaisseError as err:
            self.banner.error(str(err))
            return
        self.accept()
