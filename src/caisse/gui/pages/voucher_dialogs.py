"""The vouchers page's dialogs: a new programme, the signing key, and a batch issued with its
progress shown. Issuing runs on the window's thread and processes events at each step, so
Cancel stops it; the service's transaction is then rolled back and nothing is issued."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from caisse.domain import vouchers as vdomain
from caisse.domain.errors import InputError
from caisse.domain.money import parse_cents
from caisse.i18n import N_, _
from caisse.services import directory, settings, voucher_keys, vouchers
from caisse.services.context import Context

from ..widgets import AmountEdit, FormDialog, hint

EXPIRY_CHOICES = {
    "funder": N_("go back to the funder"),
    "association": N_("stay with the association"),
}


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(to_qdate(day))
    edit.setCalendarPopup(True)
    return edit


class ProgrammeDialog(FormDialog):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(_("New voucher programme"), _("Create the programme"), parent)
        self.ctx = ctx
        self.currency = settings.currency(ctx.store)
        today = ctx.today()
        self.name = QLineEdit()
        self.purpose = QComboBox()
        for key, label in vdomain.PURPOSES.items():
            self.purpose.addItem(_(label), key)
        self.funder = QLineEdit()
        self.funder.setPlaceholderText(_("e.g. the town's social services"))
        self.values = QLineEdit()
        self.values.setPlaceholderText(_("e.g. 10; 20; 50"))
        self.valid_from = date_edit(today)
        self.valid_until = date_edit(today + timedelta(days=365))
        self.commission = QCheckBox(_("The partner pays the usual commission"))
        self.commission.setChecked(True)
        self.budget = AmountEdit()
        self.budget.setPlaceholderText(_("none"))
        self.on_expiry = QComboBox()
        for key, label in EXPIRY_CHOICES.items():
            self.on_expiry.addItem(_(label), key)
        # where the vouchers may be spent: none ticked means at every partner
        self.categories = QListWidget()
        for category in directory.categories(ctx.store):
            item = QListWidgetItem(category["name"])
            item.setData(Qt.ItemDataRole.UserRole, category["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.categories.addItem(item)
        self.categories.setFixedHeight(120)
        self.setMinimumWidth(640)
        self.form.addRow(_("Name"), self.name)
        self.form.addRow(_("Purpose"), self.purpose)
        self.form.addRow(_("Funded by"), self.funder)
        self.form.addRow(_("Values ({unit}), separated by ;").format(unit=self.currency.code),
                         self.values)  # fmt: skip
        self.form.addRow(_("Valid from"), self.valid_from)
        self.form.addRow(_("Valid until"), self.valid_until)
        self.form.addRow("", self.commission)
        self.form.addRow(_("Budget cap (€)"), self.budget)
        self.form.addRow(_("Euros of expired vouchers"), self.on_expiry)
        # below the form, where its height is its own (a list in a form row overlapped the
        # buttons)
        spent = QVBoxLayout()
        spent.setSpacing(4)
        spent.addWidget(QLabel(_("Spent only in")))
        spent.addWidget(self.categories)
        self.layout_.insertLayout(self.layout_.indexOf(self.buttons), spent)
        self.layout_.insertWidget(
            2,
            hint(
                _(
                    "A programme says who funds the vouchers, what they are worth, until when "
                    "and where they are spent (no category ticked: at every partner)."
                )
            ),
        )

    def chosen_categories(self) -> tuple[int, ...]:
        items = (self.categories.item(i) for i in range(self.categories.count()))
        return tuple(
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        )

    def face_values(self) -> tuple[int, ...]:
        parts = [p for p in self.values.text().replace("/", ";").split(";") if p.strip()]
        if not parts:
            raise InputError(N_("Give the vouchers' values, each more than zero."))
        return tuple(parse_cents(p) for p in parts)

    def save(self) -> Any:
        budget = self.budget.cents() if self.budget.text().strip() else None
        return vouchers.create_programme(
            self.ctx,
            vouchers.ProgrammeFields(
                name=self.name.text(),
                purpose=self.purpose.currentData(),
                funder=self.funder.text(),
                face_values=self.face_values(),
                valid_from=from_qdate(self.valid_from.date()),
                valid_until=from_qdate(self.valid_until.date()),
                categories=self.chosen_categories(),
                partner_commission=self.commission.isChecked(),
                budget_cap=budget,
                on_expiry=self.on_expiry.currentData(),
            ),
        )


class KeyDialog(FormDialog):
    """The passphrase asked twice; a new key retires the previous one."""

    def __init__(self, ctx: Context, replacing: bool, parent: QWidget | None = None) -> None:
        title = _("New signing key") if replacing else _("Create the signing key")
        super().__init__(title, _("Create the key"), parent)
        self.ctx = ctx
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        text = _(
            "The key signs the vouchers: whoever holds it and its passphrase can make vouchers "
            "worth money. Choose a passphrase of {n} characters at least and keep it safe: it "
            "cannot be recovered."
        ).format(n=voucher_keys.MIN_PASSPHRASE)
        if replacing:
            text += " " + _("The current key will sign no more; the vouchers it signed stay valid.")
        self.layout_.insertWidget(2, hint(text))
        self.form.addRow(_("Passphrase"), self.passphrase)
        self.form.addRow(_("Passphrase again"), self.again)

    def save(self) -> Any:
        if self.passphrase.text() != self.again.text():
            self.again.setFocus()
            self.again.selectAll()
            raise InputError(N_("The two passphrases differ: type the same one twice."))
        return voucher_keys.create_key(self.ctx, self.passphrase.text())


class Stopped(Exception):
    """Cancel was pressed while the vouchers were being made."""


class IssueDialog(FormDialog):
    def __init__(
        self, ctx: Context, programme: dict[str, Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("Issue vouchers: {programme}").format(programme=programme["name"]),
            _("Issue the vouchers"),
            parent,
        )
        self.ctx, self.programme = ctx, programme
        currency = settings.currency(ctx.store)
        self.busy = self.stopping = False
        self.count = QSpinBox()
        self.count.setRange(1, vouchers.MAX_BATCH)
        self.count.setValue(100)
        self.count.setGroupSeparatorShown(True)
        self.amount = QComboBox()
        for value in programme["face_values"]:
            self.amount.addItem(currency.unit(value).display(), value)
        self.expires = date_edit(date.fromisoformat(programme["valid_until"]))
        self.expires.setMaximumDate(to_qdate(date.fromisoformat(programme["valid_until"])))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.progress = QProgressBar()
        self.progress.setFormat(_("Signing the vouchers: %v of %m"))
        self.progress.hide()
        self.form.addRow(_("Number of vouchers"), self.count)
        self.form.addRow(_("Value of each"), self.amount)
        self.form.addRow(_("Valid until"), self.expires)
        self.form.addRow(_("Passphrase of the signing key"), self.passphrase)
        self.layout_.insertWidget(
            2,
            hint(
                _(
                    "Funded by {funder}: the euros of the batch are owed by the funder to the "
                    "guarantee fund from now on."
                ).format(funder=programme["funder"])
            ),
        )
        self.layout_.insertWidget(4, self.progress)

    def save(self) -> Any:
        self.busy, self.stopping = True, False
        self.progress.setRange(0, self.count.value())
        self.progress.setValue(0)
        self.progress.show()
        self.ok_button.setEnabled(False)
        self.banner.clear_message()
        try:
            return vouchers.issue(
                self.ctx,
                self.programme["id"],
                self.count.value(),
                int(self.amount.currentData()),
                self.passphrase.text(),
                expires_on=from_qdate(self.expires.date()),
                progress=self._progressed,
            )
        except Stopped:
            raise InputError(N_("Stopped: no voucher was issued.")) from None
        finally:
            self.busy = False
            self.progress.hide()
            self.ok_button.setEnabled(True)

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        QCoreApplication.processEvents()
        if self.stopping:
            raise Stopped()

    def reject(self) -> None:
        """Cancel while the vouchers are made stops them (nothing is written) and the dialog
        stays open to say so."""
        if self.busy:
            self.stopping = True
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            self.stopping = True
            event.ignore()
            return
        super().closeEvent(event)
