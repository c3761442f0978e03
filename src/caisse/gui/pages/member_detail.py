"""The member chosen in the registry: their standing (current, lapsed, left), identity and
consents, their history (journal, membership fees, a partner's reconversions), and what can be
done for them: print their card, record that they left or came back, give them a copy of
their data, erase it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from caisse.domain.errors import CaisseError
from caisse.domain.roles import Permission
from caisse.i18n import _, ngettext
from caisse.services import ledger, member_cards, members, settings
from caisse.services.context import Context

from .. import printing
from ..bus import Bus
from ..journal_view import MEMBER_COLUMNS, MEMBER_STRETCH, table_view
from ..models import KIND_LABELS, RowsModel
from ..widgets import Banner, heading, hint, long_date, money
from . import member_actions
from .member_tabs import (
    FEE_STRETCH,
    RECONVERSION_COLUMNS,
    RECONVERSION_STRETCH,
    TippedRowsModel,
    fee_columns,
    owed_total,
    standing,
)

HISTORY_ROWS = 200
#: text and background of the standing, by status
STANDING_STYLES = {
    "current": ("#1b5e20", "#e8f5e9"),
    "lapsed": ("#8a1c1c", "#fdecea"),
    "left": ("#3b4654", "#e6e9ee"),
}
IDENTITY_WIDTH = 420


class MemberDetail(QWidget):
    def __init__(self, ctx: Context, bus: Bus | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        self.bus = bus
        self.uid: str | None = None
        self.row: dict[str, Any] | None = None
        self.banner = Banner()
        self.name = heading("", 15)
        self.name.setWordWrap(True)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.standing = QLabel()
        self.standing.setWordWrap(True)
        self.erased_note = hint(
            _("Personal data erased: only the number, the memberships and the history remain.")
        )
        self.number = QLabel()
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = QLabel()
        self.joined = QLabel()
        self.contact = QLabel()
        self.contact.setWordWrap(True)
        self.contact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.place = QLabel()
        self.place.setWordWrap(True)
        self.owed = QLabel()
        self.owed.setWordWrap(True)
        self.empty = hint(_("Choose a member in the list to see their details and history."))
        self._build_actions()
        self._build_consents()

        self.history = RowsModel(MEMBER_COLUMNS, self)
        self.history_view = table_view(self.history, stretch=MEMBER_STRETCH)
        self.fees = TippedRowsModel(fee_columns(settings.currency(self.store).code), self)
        self.fees_view = table_view(self.fees, stretch=FEE_STRETCH)
        self.reconversions = TippedRowsModel(RECONVERSION_COLUMNS, self)
        self.reconversions_view = table_view(self.reconversions, stretch=RECONVERSION_STRETCH)
        self.reconversions_caption = QLabel()
        self.reconversions_caption.setWordWrap(True)
        reconversion_tab = QWidget()
        reconversion_layout = QVBoxLayout(reconversion_tab)
        reconversion_layout.setContentsMargins(8, 8, 8, 8)
        reconversion_layout.addWidget(self.reconversions_caption)
        reconversion_layout.addWidget(self.reconversions_view, 1)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(False)
        self.tabs.addTab(self.history_view, _("History"))
        self.tabs.addTab(self.fees_view, _("Membership fees"))
        self.reconversion_tab = self.tabs.addTab(reconversion_tab, _("Reconversions"))

        self.form = QFormLayout()
        self.form.setHorizontalSpacing(14)
        self.form.setVerticalSpacing(5)
        self.form.addRow(_("Number"), self.number)
        self.form.addRow(_("Kind"), self.kind)
        self.form.addRow(_("Member since"), self.joined)
        self.form.addRow(_("Contact"), self.contact)
        self.form.addRow(_("Address"), self.place)
        self.form.addRow(_("Owed now"), self.owed)
        identity = QWidget()
        identity.setFixedWidth(IDENTITY_WIDTH)
        identity_layout = QVBoxLayout(identity)
        identity_layout.setContentsMargins(0, 0, 0, 0)
        identity_layout.setSpacing(8)
        identity_layout.addWidget(self.standing)
        identity_layout.addWidget(self.erased_note)
        identity_layout.addLayout(self.form)
        identity_layout.addSpacing(4)
        identity_layout.addWidget(self.consents_box)
        identity_layout.addStretch(1)

        header = QHBoxLayout()
        header.setSpacing(8)
        header.addWidget(self.name, 1)
        for button in (self.card_button, self.leave_button, self.access_button, self.erase_button):
            header.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        body = QHBoxLayout()
        body.setSpacing(20)
        body.addWidget(identity)
        body.addWidget(self.tabs, 1)
        self.details = QWidget()
        details_layout = QVBoxLayout(self.details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.setSpacing(8)
        details_layout.addLayout(header)
        details_layout.addLayout(body, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.empty)
        layout.addWidget(self.details, 1)
        self.details.hide()

    def _build_actions(self) -> None:
        may_edit = self.ctx.may(Permission.EDIT_MEMBERS)
        self.card_button = QPushButton(_("Print member card"))
        menu = QMenu(self.card_button)
        menu.addAction(_("Print on an A4 sheet, to cut out…"), lambda: self.print_card("a4"))
        menu.addAction(_("Print on a card printer…"), lambda: self.print_card("card"))
        menu.addAction(_("Save as PDF…"), self.save_card)
        self.card_button.setMenu(menu)
        self.leave_button = QPushButton()
        self.leave_button.clicked.connect(self.leave_or_rejoin)
        self.access_button = QPushButton(_("Access request…"))
        self.access_button.setToolTip(_("Save everything held about this member as one file"))
        self.access_button.clicked.connect(self.access_request)
        self.erase_button = QPushButton(_("Erase…"))
        self.erase_button.setToolTip(_("Erase this member's personal data"))
        self.erase_button.clicked.connect(self.erase)
        for button in (self.card_button, self.leave_button, self.access_button):
            button.setVisible(may_edit)
        self.erase_button.setVisible(self.ctx.may(Permission.SETTINGS))

    def _build_consents(self) -> None:
        self.consents_box = QWidget()
        layout = QVBoxLayout(self.consents_box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        caption = QLabel(_("Consents"))
        caption.setStyleSheet("font-weight:600; color:#3b4654;")
        self.consents_hint = hint(_("each change is saved at once, with its date"))
        captions = QHBoxLayout()
        captions.setSpacing(10)
        captions.addWidget(caption)
        captions.addWidget(self.consents_hint, 1)
        layout.addLayout(captions)
        self.consent_boxes: dict[str, QCheckBox] = {}
        for purpose, label in members.CONSENTS.items():
            box = QCheckBox(_(label))
            box.toggled.connect(lambda checked, p=purpose: self.set_consent(p, checked))
            self.consent_boxes[purpose] = box
            layout.addWidget(box)

    # --- showing a member ----------------------------------------------------------------------
    def show_member(self, uid: str | None) -> None:
        if uid != self.uid:
            self.banner.clear_message()
        self.uid = uid
        if uid is None:
            self.row = None
            self.details.hide()
            self.empty.show()
            return
        try:
            row = members.by_uid(self.store, uid)
        except CaisseError as err:  # gone from a restored copy
            self.row = None
            self.details.hide()
            self.banner.error(str(err))
            return
        self.row = row
        erased = members.is_erased(row)
        self.name.setText(members.display_name(row))
        self.number.setText(row["number"])
        kind = _(KIND_LABELS[row["kind"]])
        self.kind.setText(_("{kind}, partner").format(kind=kind) if row["is_partner"] else kind)
        self.joined.setText(long_date(row["joined_on"]))
        self.contact.setText("\n".join(v for v in (row["email"], row["phone"]) if v) or "—")
        place = " ".join(v for v in (row["postcode"], row["commune"]) if v)
        self.place.setText("\n".join(v for v in (row["address"], place) if v) or "—")
        self.erased_note.setVisible(erased)
        self._standing(row)
        self._consents(row, erased)
        self._actions(row, erased)
        self.history.set_rows(ledger.listing(self.store, member=uid, limit=HISTORY_ROWS))
        self.fees.set_rows(members.fee_history(self.store, uid))
        self._reconversions(row)
        self.empty.hide()
        self.details.show()

    def _standing(self, row: dict[str, Any]) -> None:
        status, text = standing(row, self.ctx.today())
        color, background = STANDING_STYLES[status]
        self.standing.setText(text)
        self.standing.setStyleSheet(
            f"QLabel {{ color:{color}; background:{background}; font-weight:600; "
            "border-radius:6px; padding:5px 10px; }"
        )
        self.standing.setProperty("status", status)

    def _consents(self, row: dict[str, Any], erased: bool) -> None:
        may = self.ctx.may(Permission.EDIT_MEMBERS) and not erased
        for purpose, given in members.consents(row).items():
            box = self.consent_boxes[purpose]
            box.blockSignals(True)
            box.setChecked(given)
            box.blockSignals(False)
            box.setEnabled(may)
        self.consents_hint.setVisible(may)

    def _actions(self, row: dict[str, Any], erased: bool) -> None:
        status = members.status(row, self.ctx.today())
        self.leave_button.setText(_("Member rejoins") if row["left_on"] else _("Member left…"))
        why_no_card = ""
        if erased:
            why_no_card = _("An erased member has no card.")
        elif status == "left":
            why_no_card = _("A member who left has no card.")
        elif not row["membership_until"]:
            why_no_card = _("Record the membership fee first.")
        self.card_button.setEnabled(not why_no_card)
        self.card_button.setToolTip(why_no_card)
        self.erase_button.setEnabled(not erased)

    def _reconversions(self, row: dict[str, Any]) -> None:
        partner = bool(row["is_partner"])
        self.form.setRowVisible(self.owed, partner)
        self.tabs.setTabVisible(self.reconversion_tab, partner)
        if not partner:
            self.reconversions.set_rows([])
            return
        rows = members.reconversions(self.store, row["uid"])
        self.reconversions.set_rows(rows)
        cents, count = owed_total(rows)
        if count:
            owed = ngettext(
                "{amount}, for {n} reconversion awaiting its transfer",
                "{amount}, for {n} reconversions awaiting their transfer",
                count,
            ).format(amount=money(cents), n=count)
            self.owed.setStyleSheet("color:#8a1c1c; font-weight:600;")
        else:
            owed = _("Nothing")
            self.owed.setStyleSheet("")
        self.owed.setText(owed)
        self.reconversions_caption.setText(
            ngettext("{n} reconversion", "{n} reconversions", len(rows)).format(n=len(rows))
            + " · "
            + _("owed now: {amount}").format(amount=money(cents))
        )

    def refresh(self) -> None:
        if self.uid is not None:
            self.show_member(self.uid)

    # --- acting on the member ------------------------------------------------------------------
    def _changed(self, message: str = "") -> None:
        """Show the member again, tell the other views, then say what was done."""
        self.refresh()
        if self.bus is not None:
            self.bus.members_changed.emit()
        if message:
            self.banner.success(message)

    def set_consent(self, purpose: str, given: bool) -> None:
        if self.uid is None:
            return
        try:
            members.set_consents(self.ctx, self.uid, {purpose: given})
        except CaisseError as err:
            box = self.consent_boxes[purpose]
            box.blockSignals(True)
            box.setChecked(not given)
            box.blockSignals(False)
            self.banner.error(str(err))
            return
        self.banner.clear_message()
        self._changed()

    def _card_name(self) -> str:
        number = self.row["number"] if self.row else ""
        return _("member-card-{number}").format(number=number)

    def print_card(self, layout: str) -> None:
        uid = self.uid
        if uid is None:
            return
        try:
            printer = printing.print_document(
                self, self._card_name(), lambda: member_cards.card_pdf(self.ctx, uid, layout)
            )
        except CaisseError as err:
            self.banner.error(str(err))
            return
        if printer:
            self.banner.success(_("The member card was sent to {printer}.").format(printer=printer))

    def save_card(self) -> None:
        uid = self.uid
        if uid is None:
            return
        try:
            path = printing.save_document(
                self, self._card_name(), lambda: member_cards.card_pdf(self.ctx, uid, "a4")
            )
        except CaisseError as err:
            self.banner.error(str(err))
            return
        if path:
            self.banner.success(_("The member card was saved in {file}.").format(file=path))

    def leave_or_rejoin(self) -> None:
        row = self.row
        if row is None:
            return
        if row["left_on"]:
            try:
                members.rejoin(self.ctx, row["uid"])
            except CaisseError as err:
                self.banner.error(str(err))
                return
            name = members.display_name(row)
            self._changed(_("{name} is a member of the association again.").format(name=name))
            return
        dialog = member_actions.LeaveDialog(self.ctx, row, self)
        if dialog.exec() and dialog.saved is not None:
            self._changed(
                _("{name} left the association on {date}.").format(
                    name=members.display_name(row), date=long_date(dialog.saved["left_on"])
                )
            )

    def access_request(self) -> None:
        row = self.row
        if row is None:
            return
        try:
            path = member_actions.save_access_request(self.ctx, row["number"], self)
        except CaisseError as err:
            self.banner.error(str(err))
            return
        if path:
            self.banner.success(
                _("Everything held about member {number} written to {file}.").format(
                    number=row["number"], file=path
                )
            )

    def erase(self) -> None:
        row = self.row
        if row is None or not self.ctx.may(Permission.SETTINGS):
            return
        dialog = member_actions.EraseDialog(self.ctx, row, self)
        if dialog.exec() and dialog.erased:
            self._changed(
                _("Member {number} erased; the ledger is unchanged.").format(number=row["number"])
            )
