"""Vouchers, for treasurers and administrators: the programmes, the signing key, and the
batches of the programme selected, issued, printed or cancelled here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caisse.domain import vouchers as vdomain
from caisse.domain.errors import CaisseError
from caisse.domain.money import Money, parse_cents
from caisse.i18n import N_, _, ngettext
from caisse.services import (
    settings,
    voucher_keys,
    voucher_life,
    voucher_print,
    voucher_reports,
    vouchers,
)
from caisse.services.context import Context

from ..bus import Bus
from ..journal_view import table_view
from ..models import Column, RowsModel
from ..printing import write_file
from ..widgets import Banner, heading, hint, long_date, short_date
from .voucher_dialogs import IssueDialog, KeyDialog, ProgrammeDialog, Stopped


def _values(row: dict[str, Any], code: str) -> str:
    return " · ".join(settings_unit(code, v) for v in row["face_values"])


def settings_unit(code: str, cents: int) -> str:
    return Money(cents, code).display()


class VouchersPage(QWidget):
    def __init__(self, ctx: Context, bus: Bus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.store, self.bus = ctx, ctx.store, bus
        code = settings.currency(self.store).code
        self.banner = Banner()
        self.key_label = QLabel()
        self.key_label.setWordWrap(True)
        self.key_button = QPushButton()
        self.key_button.clicked.connect(self.create_key)

        self.programmes = RowsModel(
            [
                Column(N_("Programme"), lambda r: r["name"]),
                Column(N_("Purpose"), lambda r: _(vdomain.PURPOSES.get(r["purpose"], "?"))),
                Column(N_("Funded by"), lambda r: r["funder"]),
                Column(N_("From"), lambda r: short_date(r["valid_from"])),
                Column(N_("Until"), lambda r: short_date(r["valid_until"])),
                Column(N_("Values"), lambda r: _values(r, code)),
            ],
            self,
        )
        self.programme_view = table_view(self.programmes, stretch=0)
        self.programme_view.selectionModel().currentRowChanged.connect(
            lambda *_args: self.load_batches()
        )
        self.new_programme_button = QPushButton(_("New programme…"))
        self.new_programme_button.clicked.connect(self.new_programme)
        self.report_button = QPushButton(_("Report…"))
        self.report_button.setToolTip(_("The programme's figures as PDF, or CSV for a spreadsheet"))
        self.report_button.clicked.connect(self.save_report)
        self.funder_button = QPushButton(_("Funder's payment…"))
        self.funder_button.clicked.connect(self.funder_payment)
        self.expire_button = QPushButton(_("Expire past-date vouchers"))
        self.expire_button.clicked.connect(self.expire)

        def status(key: str) -> Column:
            return Column(vouchers.STATUS_LABELS[key], lambda r: str(r["statuses"][key]), True)

        self.batches = RowsModel(
            [
                Column(N_("Batch"), lambda r: str(r["id"]), True),
                Column(N_("Made on"), lambda r: short_date(r["created_at"])),
                Column(N_("Vouchers"), lambda r: str(r["count"]), True),
                Column(N_("Value"), lambda r: settings_unit(code, r["amount"]), True),
                Column(N_("Valid until"), lambda r: short_date(r["expires_on"])),
                *(status(key) for key in vouchers.STATUSES),
                Column(N_("Prints"), lambda r: str(r["prints"]), True),
            ],
            self,
        )
        self.batch_view = table_view(self.batches)
        self.issue_button = QPushButton(_("Issue vouchers…"))
        self.issue_button.setObjectName("primary")
        self.issue_button.clicked.connect(self.issue)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.clicked.connect(self.print_batch)
        self.cancel_button = QPushButton(_("Cancel the batch…"))
        self.cancel_button.clicked.connect(self.cancel_batch)
        self.distribute_button = QPushButton(_("Distribute…"))
        self.distribute_button.setToolTip(
            _("Record the organisation that hands the batch's vouchers out")
        )
        self.distribute_button.clicked.connect(self.distribute_batch)

        key_row = QHBoxLayout()
        key_row.addWidget(self.key_label, 1)
        key_row.addWidget(self.key_button)
        programme_row = QHBoxLayout()
        programme_row.addWidget(_caption(_("Programmes")))
        programme_row.addStretch(1)
        programme_row.addWidget(self.expire_button)
        programme_row.addWidget(self.funder_button)
        programme_row.addWidget(self.report_button)
        programme_row.addWidget(self.new_programme_button)
        batch_row = QHBoxLayout()
        self.batch_caption = _caption(_("Batches"))
        batch_row.addWidget(self.batch_caption)
        batch_row.addStretch(1)
        batch_row.addWidget(self.cancel_button)
        batch_row.addWidget(self.distribute_button)
        batch_row.addWidget(self.print_button)
        batch_row.addWidget(self.issue_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 14, 24, 10)
        layout.setSpacing(8)
        layout.addWidget(heading(_("Vouchers"), 18))
        layout.addWidget(
            hint(
                _(
                    "Vouchers are funded by a programme, signed with the association's key and "
                    "redeemed by partners at any counter (F10)."
                )
            )
        )
        layout.addWidget(self.banner)
        layout.addLayout(key_row)
        layout.addLayout(programme_row)
        layout.addWidget(self.programme_view, 2)
        layout.addLayout(batch_row)
        layout.addWidget(self.batch_view, 3)
        self.bus.journal_changed.connect(self.refresh)
        self.refresh()

    # --- reading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.load_key()
        selected = self.programme()
        rows = vouchers.programmes(self.store, include_inactive=True)
        self.programmes.set_rows(rows)
        ids = [r["id"] for r in rows]
        if rows:
            keep = ids.index(selected["id"]) if selected and selected["id"] in ids else 0
            self.programme_view.selectRow(keep)
        self.load_batches()

    def load_key(self) -> None:
        current = voucher_keys.current_key_id(self.store)
        keys = voucher_keys.listing(self.store)
        if current is None:
            self.key_label.setText(
                _("No signing key yet: create it before issuing vouchers.")
                if not keys
                else _("This installation holds no key that can sign: create a new one.")
            )
            self.key_label.setStyleSheet("color:#b3261e; font-weight:600;")
            self.key_button.setText(_("Create the signing key…"))
            self.key_button.setObjectName("primary")
        else:
            row = next(k for k in keys if k["key_id"] == current)
            self.key_label.setText(
                _("Signing key no. {key}, created on {date}; the vouchers are signed with it.")
                .format(key=current, date=long_date(row["created_at"]))
            )  # fmt: skip
            self.key_label.setStyleSheet("color:#1b5e20; font-weight:600;")
            self.key_button.setText(_("New key…"))
            self.key_button.setObjectName("")
        self.key_button.style().unpolish(self.key_button)
        self.key_button.style().polish(self.key_button)

    def programme(self) -> dict[str, Any] | None:
        index = self.programme_view.currentIndex()
        return self.programmes.row_at(index) if index.isValid() else None

    def load_batches(self) -> None:
        prog = self.programme()
        rows = vouchers.batches(self.store, prog["id"]) if prog else []
        self.batches.set_rows(rows)
        self.batch_caption.setText(
            _("Batches of {programme}").format(programme=prog["name"]) if prog else _("Batches")
        )
        for button in (self.issue_button, self.report_button, self.funder_button):
            button.setEnabled(prog is not None)
        for button in (self.print_button, self.cancel_button, self.distribute_button):
            button.setEnabled(bool(rows))
        if rows:
            self.batch_view.selectRow(0)

    def batch(self) -> dict[str, Any] | None:
        index = self.batch_view.currentIndex()
        row = self.batches.row_at(index) if index.isValid() else None
        if row is None:
            self.banner.error(_("Select a batch in the list first."))
        return row

    # --- actions ------------------------------------------------------------------------------
    def new_programme(self) -> None:
        dialog = ProgrammeDialog(self.ctx, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.banner.success(
            _("Programme {programme} created.").format(programme=dialog.outcome["name"])
        )
        self.refresh()
        ids = [r["id"] for r in self.programmes.rows]
        self.programme_view.selectRow(ids.index(dialog.outcome["id"]))

    def create_key(self) -> None:
        replacing = voucher_keys.current_key_id(self.store) is not None
        dialog = KeyDialog(self.ctx, replacing, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.banner.success(_("Signing key no. {key} created.").format(key=dialog.outcome))
        self.load_key()

    def issue(self) -> None:
        prog = self.programme()
        if prog is None:
            return
        dialog = IssueDialog(self.ctx, prog, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        made: vouchers.Batch = dialog.outcome
        self.banner.success(
            _("Batch {batch} issued: {count} vouchers of {value}. Print them next.").format(
                batch=made.id,
                count=made.count,
                value=settings.currency(self.store).unit(made.amount).display(),
            )
        )
        self.bus.journal_changed.emit()

    def print_batch(self) -> None:
        row = self.batch()
        if row is None:
            return
        path, _chosen = QFileDialog.getSaveFileName(
            self,
            _("Save the vouchers as PDF"),
            str(Path.home() / _("vouchers-batch-{batch}.pdf").format(batch=row["id"])),
            _("PDF files (*.pdf)"),
        )
        if not path:
            return
        progress = QProgressDialog(_("Drawing the vouchers…"), _("Cancel"), 0, row["count"], self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def step(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(done)
            QCoreApplication.processEvents()
            if progress.wasCanceled():
                raise Stopped()

        try:
            write_file(path, voucher_print.sheet_pdf(self.ctx, row["id"], progress=step))
        except Stopped:
            self.banner.info(_("Printing stopped: nothing was saved."))
            return
        except CaisseError as err:
            self.banner.error(str(err))
            return
        finally:
            progress.close()
        self.banner.success(_("Vouchers of batch {batch} saved: {path}").format(
            batch=row["id"], path=path))  # fmt: skip
        self.load_batches()

    def cancel_batch(self) -> None:
        row = self.batch()
        if row is None:
            return
        reason, ok = QInputDialog.getText(
            self,
            _("Cancel the batch"),
            _("Batch {batch}: why are its vouchers cancelled? (the reason is kept)").format(
                batch=row["id"]
            ),
        )
        if not ok:
            return
        live = [
            v["serial"]
            for v in vouchers.batch_vouchers(self.store, row["id"])
            if v["status"] in ("issued", "distributed")
        ]
        try:
            count = voucher_life.cancel(self.ctx, live, reason)
        except CaisseError as err:
            self.banner.error(str(err))
            return
        self.banner.success(
            _("{count} vouchers of batch {batch} cancelled.").format(count=count, batch=row["id"])
        )
        self.bus.journal_changed.emit()

    def distribute_batch(self) -> None:
        row = self.batch()
        if row is None:
            return
        to, ok = QInputDialog.getText(
            self,
            _("Distribute the batch"),
            _("Batch {batch}: which organisation hands its vouchers out? (never the name of "
              "a person who receives them)").format(batch=row["id"]),
        )  # fmt: skip
        if not ok:
            return
        waiting = [v["serial"] for v in vouchers.batch_vouchers(self.store, row["id"])
                   if v["status"] == "issued"]  # fmt: skip
        try:
            count = voucher_life.distribute(self.ctx, waiting, to)
        except CaisseError as err:
            self.banner.error(str(err))
            return
        self.banner.success(
            _("{count} vouchers of batch {batch} handed to {to}.").format(
                count=count, batch=row["id"], to=to.strip()
            )
        )
        self.load_batches()

    def save_report(self) -> None:
        prog = self.programme()
        if prog is None:
            return
        figures = voucher_reports.report(self.store, prog["id"], self.ctx.today())
        path, _chosen = QFileDialog.getSaveFileName(
            self,
            _("Save the programme's report"),
            str(Path.home() / voucher_reports.suggested_name(figures, "pdf")),
            _("PDF files (*.pdf);;CSV files (*.csv)"),
        )
        if not path:
            return
        target = Path(path)
        csv = target.suffix.lower() == ".csv"
        try:
            write_file(
                target,
                voucher_reports.report_csv(figures) if csv else voucher_reports.report_pdf(figures),
            )
        except CaisseError as err:
            self.banner.error(str(err))
            return
        if figures.matches_journal:
            self.banner.success(_("Report saved: {path}").format(path=path))
        else:
            self.banner.error(
                _("Report saved: {path}. Its vouchers do not match the journal: run caisse "
                  "verify and tell the treasurer.").format(path=path)
            )  # fmt: skip

    def funder_payment(self) -> None:
        prog = self.programme()
        if prog is None:
            return
        owed = Money(voucher_life.funder_owes(self.store, prog["id"]))
        text, ok = QInputDialog.getText(
            self,
            _("Funder's payment"),
            _("{funder} owes {owed} for {programme}. Amount received on the guarantee "
              "account:").format(funder=prog["funder"], owed=owed.display(),
                                 programme=prog["name"]),
            text=owed.display() if owed.cents > 0 else "",
        )  # fmt: skip
        if not ok:
            return
        reference, ok = QInputDialog.getText(
            self, _("Funder's payment"), _("Bank reference of the transfer:")
        )
        if not ok:
            return
        try:
            amount = parse_cents(text)
            voucher_life.record_funder_payment(self.ctx, prog["id"], amount, reference)
        except CaisseError as err:
            self.banner.error(str(err))
            return
        self.banner.success(
            _("{amount} received from {funder}.").format(
                amount=Money(amount).display(), funder=prog["funder"]
            )
        )
        self.bus.journal_changed.emit()

    def expire(self) -> None:
        try:
            count = voucher_life.expire_due(self.ctx, self.ctx.today())
        except CaisseError as err:
            self.banner.error(str(err))
            return
        if count:
            self.banner.success(
                ngettext("{count} voucher past its date expired.",
                         "{count} vouchers past their date expired.", count).format(count=count)
            )  # fmt: skip
            self.bus.journal_changed.emit()
        else:
            self.banner.info(_("No voucher is past its date."))


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight:600; color:#3b4654;")
    return label
