"""Settings, for administrators: one tab per subject."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from caisse.domain.roles import Permission
from caisse.i18n import _
from caisse.services.context import Context

from ...bus import Bus
from ...widgets import heading
from .accounts import AccountsTab
from .association import AssociationTab
from .categories import CategoriesTab
from .computer import ComputerTab
from .counters import CountersTab
from .currency import CurrencyTab
from .users import UsersTab


class SettingsPage(QWidget):
    def __init__(self, ctx: Context, bus: Bus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.association = AssociationTab(ctx, bus)
        self.currency = CurrencyTab(ctx, bus)
        self.counters = CountersTab(ctx, bus)
        self.categories = CategoriesTab(ctx, bus)
        self.users = UsersTab(ctx, bus)
        self.computer = ComputerTab(ctx, bus)
        self.accounts: AccountsTab | None = None
        self.tabs = QTabWidget()
        self.tabs.addTab(self.association, _("Association"))
        self.tabs.addTab(self.currency, _("Currency and fees"))
        self.tabs.addTab(self.counters, _("Exchange points"))
        self.tabs.addTab(self.users, _("Users"))
        self.tabs.addTab(self.categories, _("Directory categories"))
        if ctx.may(Permission.SETTINGS):  # the chart's numbers: administrators only
            self.accounts = AccountsTab(ctx, bus)
            self.tabs.addTab(self.accounts, _("Accounts"))
        self.tabs.addTab(self.computer, _("This computer"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(12)
        layout.addWidget(heading(_("Settings"), 18))
        layout.addWidget(self.tabs, 1)
