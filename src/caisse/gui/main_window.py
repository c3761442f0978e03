"""The main window: a navigation on the left with the pages the user's role may use, and a
status bar with the coverage of the guarantee fund, the user and the exchange point."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from caisse.domain.errors import CaisseError
from caisse.domain.roles import Permission
from caisse.i18n import _
from caisse.services import auth, counters, settings
from caisse.services.context import Context

from .bus import Bus
from .pages.counter import CounterPage
from .pages.directory import DirectoryPage
from .pages.members import MembersPage
from .pages.settings import SettingsPage
from .pages.treasury import TreasuryPage
from .pages.vouchers import VouchersPage
from .status import CoverageLabel


class MainWindow(QMainWindow):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        self.bus = Bus(self)
        self.resize(1280, 780)
        #: set when the user asked to hand the computer to someone else
        self.switch_requested = False

        self.pages = QStackedWidget()
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(210)
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)

        self.counter_page = CounterPage(ctx, self.bus)
        self.members_page = MembersPage(ctx, self.bus)
        self.directory_page = DirectoryPage(ctx, self.bus)
        self.settings_page: SettingsPage | None = None
        self.vouchers_page: VouchersPage | None = None
        self.treasury_page: TreasuryPage | None = None
        self._add_page(_("Counter"), self.counter_page)
        self._add_page(_("Members"), self.members_page)
        self._add_page(_("Partners"), self.directory_page)
        if ctx.may(Permission.MANAGE_VOUCHERS):
            self.vouchers_page = VouchersPage(ctx, self.bus)
            self._add_page(_("Vouchers"), self.vouchers_page)
        if ctx.may(Permission.PAY_PARTNERS):
            self.treasury_page = TreasuryPage(ctx, self.bus)
            self._add_page(_("Treasury"), self.treasury_page)
        if ctx.may(Permission.SETTINGS):
            self.settings_page = SettingsPage(ctx, self.bus)
            self._add_page(_("Settings"), self.settings_page)
        for i in range(self.navigation.count()):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self)
            shortcut.activated.connect(lambda row=i: self.navigation.setCurrentRow(row))

        self.brand = QLabel()
        self.brand.setObjectName("brand")
        self.brand.setWordWrap(True)
        self.brand_sub = QLabel()
        self.brand_sub.setObjectName("brandSub")
        side = QWidget()
        side.setObjectName("side")
        side.setStyleSheet("QWidget#side { background:#f3f5f7; border-right:1px solid #d9dee5; }")
        side.setFixedWidth(210)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        side_layout.addWidget(self.brand)
        side_layout.addWidget(self.brand_sub)
        side_layout.addWidget(self.navigation, 1)
        self.switch_button = QPushButton(_("Change user"))
        self.switch_button.setToolTip("Ctrl+L")
        self.switch_button.setObjectName("switchUser")
        self.switch_button.clicked.connect(self.switch_user)
        side_layout.addWidget(self.switch_button)
        side_layout.addSpacing(12)
        switch = QShortcut(QKeySequence("Ctrl+L"), self)
        switch.activated.connect(self.switch_user)
        self.navigation.setStyleSheet("QListWidget#navigation { border-right: none; }")

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(side)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.coverage = CoverageLabel(self.store)
        self.user_label = QLabel(
            _("{name} · {role}").format(name=ctx.actor.name, role=_(ctx.actor.role.label))
        )
        self.counter_label = QLabel()
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        bar.addWidget(self.coverage)
        bar.addPermanentWidget(self.counter_label)
        bar.addPermanentWidget(self.user_label)

        self.bus.journal_changed.connect(self.coverage.refresh)
        self.bus.settings_changed.connect(self.refresh_identity)
        self.bus.settings_changed.connect(self.coverage.refresh)
        self.bus.counters_changed.connect(self.refresh_identity)
        self.refresh_identity()
        self.navigation.setCurrentRow(0)

    def switch_user(self) -> None:
        """Log out and close; the application shows the log-in dialog again."""
        auth.logout(self.ctx)
        self.switch_requested = True
        self.close()

    def _add_page(self, title: str, page: QWidget) -> None:
        self.pages.addWidget(page)
        self.navigation.addItem(title)
        item = self.navigation.item(self.navigation.count() - 1)
        item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def page_titles(self) -> list[str]:
        return [self.navigation.item(i).text() for i in range(self.navigation.count())]

    def show_page(self, title: str) -> None:
        self.navigation.setCurrentRow(self.page_titles().index(title))

    def refresh_identity(self) -> None:
        association = settings.association(self.store).name
        currency = settings.currency(self.store)
        self.setWindowTitle(_("Caisse — {association}").format(association=association))
        self.brand.setText(association)
        self.brand_sub.setText(f"{currency.name} ({currency.code})")
        code = settings.installation_counter(self.store)
        if code is None:
            self.counter_label.setText(_("No exchange point set for this computer"))
            return
        try:
            row = counters.get(self.store, code)
        except CaisseError:  # a counter missing from a restored copy
            row = {"code": code, "name": "?"}
        self.counter_label.setText(
            _("Exchange point: {code} — {name}").format(code=row["code"], name=row["name"])
        )
