"""Users: who may log in, with which role; created, edited, deactivated, secret reset."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from caisse.domain.errors import InputError
from caisse.domain.roles import ROLE_LABELS, Role
from caisse.i18n import N_, _
from caisse.services import auth
from caisse.services.context import Context

from ...bus import Bus
from ...models import GREY, Column
from ...widgets import hint
from .dialog import FormDialog
from .table_tab import TableTab

COLUMNS = [
    Column(N_("Login"), lambda r: r["login"]),
    Column(N_("Name"), lambda r: r["name"]),
    Column(N_("Role"), lambda r: _(ROLE_LABELS[Role(r["role"])])),
    Column(
        N_("State"),
        lambda r: _("Active") if r["active"] else _("Deactivated"),
        color=lambda r: None if r["active"] else GREY,
    ),
]


def secret_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def role_box() -> QComboBox:
    box = QComboBox()
    for role in Role:
        box.addItem(_(ROLE_LABELS[role]), role.value)
    return box


def same_secret(first: QLineEdit, second: QLineEdit) -> str:
    if first.text() != second.text():
        raise InputError(N_("The two passwords differ: type the same one twice."))
    return first.text()


SECRET_HINT = N_(
    "Volunteers may use a PIN of 4 characters or more; treasurers and administrators need a "
    "password of 8 characters or more."
)


class NewUserDialog(FormDialog):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(_("New user"), parent)
        self.ctx = ctx
        self.login = QLineEdit()
        self.name = QLineEdit()
        self.role = role_box()
        self.secret = secret_field()
        self.confirm = secret_field()
        self.form.addRow(_("Login"), self.login)
        self.form.addRow(_("Full name"), self.name)
        self.form.addRow(_("Role"), self.role)
        self.form.addRow(_("Password or PIN"), self.secret)
        self.form.addRow(_("Same again"), self.confirm)
        self.form.addRow("", hint(_(SECRET_HINT)))
        self.saved_login: str | None = None
        self.submit = self._save

    def _save(self) -> None:
        secret = same_secret(self.secret, self.confirm)
        auth.create_user(
            self.ctx, self.login.text(), self.name.text(), Role(self.role.currentData()), secret
        )
        self.saved_login = self.login.text().strip()


class EditUserDialog(FormDialog):
    def __init__(self, ctx: Context, row: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(_("Edit user {login}").format(login=row["login"]), parent)
        self.ctx = ctx
        self.row = row
        self.name = QLineEdit(row["name"])
        self.role = role_box()
        self.role.setCurrentIndex(self.role.findData(row["role"]))
        self.active = QCheckBox(_("May log in"))
        self.active.setChecked(bool(row["active"]))
        self.form.addRow(_("Full name"), self.name)
        self.form.addRow(_("Role"), self.role)
        self.form.addRow("", self.active)
        self.submit = self._save

    def _save(self) -> None:
        auth.update_user(
            self.ctx,
            self.row["uid"],
            name=self.name.text(),
            role=Role(self.role.currentData()),
            active=self.active.isChecked(),
        )


class SecretDialog(FormDialog):
    def __init__(self, ctx: Context, row: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(_("New password for {name}").format(name=row["name"]), parent)
        self.ctx = ctx
        self.row = row
        self.secret = secret_field()
        self.confirm = secret_field()
        self.form.addRow(_("Password or PIN"), self.secret)
        self.form.addRow(_("Same again"), self.confirm)
        self.form.addRow("", hint(_(SECRET_HINT)))
        self.submit = self._save

    def _save(self) -> None:
        secret = same_secret(self.secret, self.confirm)
        if not secret:
            raise InputError(N_("Type the new password or PIN."))
        auth.update_user(self.ctx, self.row["uid"], secret=secret)


class UsersTab(TableTab):
    def __init__(self, ctx: Context, bus: Bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, COLUMNS, parent)
        self.toggle_button = self.button(_("Deactivate"), self.toggle)
        self.secret_button = self.button(_("New password"), self.reset_secret)
        self.edit_button = self.button(_("Edit"), self.edit)
        self.new_button = self.button(_("New user"), self.create, primary=True)
        self.load()

    def load(self) -> None:
        self.model.set_rows(auth.list_users(self.store))
        self.selection_changed()

    def selection_changed(self) -> None:
        row = self.current()
        for button in (self.edit_button, self.secret_button, self.toggle_button):
            button.setEnabled(row is not None)
        self.toggle_button.setText(
            _("Reactivate") if row and not row["active"] else _("Deactivate")
        )

    def _changed(self, login: str, message: str) -> None:
        self.banner.success(message)
        self.load()
        self.select_where("login", login)
        self.bus.users_changed.emit()

    def create(self) -> None:
        dialog = NewUserDialog(self.ctx, self)
        if dialog.exec() and dialog.saved_login:
            login = dialog.saved_login
            self._changed(login, _("The user {login} is created.").format(login=login))

    def edit(self) -> None:
        row = self.current()
        if row is None:
            return
        dialog = EditUserDialog(self.ctx, row, self)
        if dialog.exec():
            self._changed(row["login"], _("The user {login} is saved.").format(login=row["login"]))

    def reset_secret(self) -> None:
        row = self.current()
        if row is None:
            return
        dialog = SecretDialog(self.ctx, row, self)
        if dialog.exec():
            self._changed(
                row["login"],
                _("{name} has a new password: tell them in person.").format(name=row["name"]),
            )

    def toggle(self) -> None:
        row = self.current()
        if row is None:
            return
        active = not row["active"]
        done = (
            _("{login} may log in again.") if active else _("{login} may no longer log in.")
        ).format(login=row["login"])
        if self.attempt(lambda: auth.update_user(self.ctx, row["uid"], active=active), done):
            self.load()
            self.select_where("login", row["login"])
            self.bus.users_changed.emit()
