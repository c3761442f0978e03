"""Logging in: choose your name in the list, type your password or PIN, Enter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caisse.domain.errors import CaisseError
from caisse.domain.roles import ROLE_LABELS, Role
from caisse.i18n import _
from caisse.services import auth, settings
from caisse.services.context import Context
from caisse.store.db import Store

from .widgets import Banner, heading, hint

DEMO_ACCOUNTS = (
    ("admin", "admin1234"),
    ("tresorier", "tresor1234"),
    ("benevole", "1234"),
)


class LoginDialog(QDialog):
    def __init__(self, store: Store, *, demo: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.context: Context | None = None
        association = settings.association(store).name
        self.setWindowTitle(_("Caisse — log in"))
        self.setMinimumWidth(420)

        self.users = QListWidget()
        self.users.setObjectName("users")
        for row in auth.list_users(store, active_only=True):
            label = f"{row['name']}   ({_(ROLE_LABELS[Role(row['role'])])})"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, row["login"])
            self.users.addItem(item)
        self.users.setCurrentRow(0)
        self.users.setMinimumHeight(min(190, 36 * max(3, self.users.count()) + 8))
        self.users.setStyleSheet("QListWidget::item { padding: 7px 6px; }")
        self.users.itemActivated.connect(lambda _item: self.secret.setFocus())
        self.users.currentRowChanged.connect(lambda _row: self.banner.clear_message())

        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(_("Password or PIN"))
        self.secret.returnPressed.connect(self.try_login)
        self.banner = Banner()

        buttons = QDialogButtonBox()
        self.login_button = buttons.addButton(_("Log in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.login_button.setObjectName("primary")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(10)
        layout.addWidget(heading(association, 17))
        layout.addWidget(hint(_("Choose your name, type your password or PIN and press Enter.")))
        layout.addWidget(self.users)
        layout.addWidget(QLabel(_("Password or PIN")))
        layout.addWidget(self.secret)
        layout.addWidget(self.banner)
        if demo:
            accounts = " · ".join(f"{login} / {secret}" for login, secret in DEMO_ACCOUNTS)
            lines = [_("Demo accounts (user / password):"), accounts]
            demo_hint = Banner()
            demo_hint.info("\n".join(lines))
            layout.addWidget(demo_hint)
        layout.addWidget(buttons)
        self.secret.setFocus()

    def select(self, login: str) -> None:
        for i in range(self.users.count()):
            if self.users.item(i).data(Qt.ItemDataRole.UserRole) == login:
                self.users.setCurrentRow(i)
                return

    def try_login(self) -> None:
        item = self.users.currentItem()
        if item is None:
            self.banner.error(_("Choose your name in the list."))
            return
        try:
            self.context = auth.login(
                self.store, item.data(Qt.ItemDataRole.UserRole), self.secret.text()
            )
        except CaisseError as err:
            self.banner.error(str(err))
            self.secret.selectAll()
            self.secret.setFocus()
            return
        self.accept()
