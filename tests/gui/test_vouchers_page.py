"""The vouchers page: a programme created, the signing key made, a batch issued with its
progress (and stopped by Cancel, nothing issued), printed, and no page for a volunteer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from caisse.gui.pages import vouchers as page_module
from caisse.gui.pages.voucher_dialogs import IssueDialog, KeyDialog, ProgrammeDialog
from caisse.services import voucher_keys, vouchers
from caisse.store import journal

from .conftest import drive

PASSPHRASE = "la clé du trésorier"


def test_a_volunteer_has_no_vouchers_page(window, volunteer):
    win = window(volunteer)
    assert "Vouchers" not in win.page_titles() and win.vouchers_page is None


def test_programme_key_and_batch_issued_with_progress(window, treasurer, store, monkeypatch):
    win = window(treasurer)
    win.show_page("Vouchers")
    page = win.vouchers_page
    assert page.key_button.text() == "Create the signing key…"
    assert not page.issue_button.isEnabled()

    def programme(dialog: ProgrammeDialog) -> None:
        dialog.name.setText("Chèques solidaires")
        dialog.funder.setText("CCAS de Bayonne")
        dialog.values.setText("10; 20")
        today = treasurer.today()
        dialog.valid_from.setDate(QDate(today.year, today.month, today.day))
        dialog.ok_button.click()

    opened = drive(monkeypatch, ProgrammeDialog, programme)
    page.new_programme_button.click()
    opened.check()
    assert page.programmes.rows[0]["name"] == "Chèques solidaires"
    assert page.programmes.rows[0]["face_values"] == [1000, 2000]
    assert "EUS10.00 · EUS20.00" in page.programmes.cell_text(0, 5)

    def key(dialog: KeyDialog) -> None:
        dialog.passphrase.setText(PASSPHRASE)
        dialog.again.setText(PASSPHRASE + "x")
        dialog.ok_button.click()
        assert "differ" in dialog.banner.text()
        dialog.again.setText(PASSPHRASE)
        dialog.ok_button.click()

    opened = drive(monkeypatch, KeyDialog, key)
    page.key_button.click()
    opened.check()
    assert voucher_keys.current_key_id(store) == 1
    assert page.key_button.text() == "New key…"
    assert page.issue_button.isEnabled()

    seen: list[tuple[int, int]] = []

    def issue(dialog: IssueDialog) -> None:
        dialog.show()
        dialog.count.setValue(250)
        dialog.amount.setCurrentIndex(1)
        dialog.passphrase.setText("wrong passphrase")
        dialog.ok_button.click()
        assert "Wrong passphrase" in dialog.banner.text()
        dialog.passphrase.setText(PASSPHRASE)
        real = dialog._progressed

        def watched(done: int, total: int) -> None:
            seen.append((done, total))
            real(done, total)
            assert dialog.progress.isVisible() and dialog.progress.maximum() == total

        dialog._progressed = watched
        dialog.ok_button.click()

    opened = drive(monkeypatch, IssueDialog, issue)
    page.issue_button.click()
    opened.check()
    assert seen[0] == (0, 250) and seen[-1] == (250, 250) and len(seen) > 2
    assert "Batch 1 issued: 250 vouchers of EUS20.00" in page.banner.text()
    assert len(page.batches.rows) == 1
    batch = page.batches.rows[0]
    assert (batch["count"], batch["amount"], batch["statuses"]["issued"]) == (250, 2000, 250)
    assert journal.verify(store).ok


def test_cancel_stops_the_issue_and_nothing_is_written(window, treasurer, store, monkeypatch):
    voucher_keys.create_key(treasurer, PASSPHRASE)
    today = treasurer.today()
    vouchers.create_programme(treasurer, vouchers.ProgrammeFields(
        name="Dividende", purpose="dividend", funder="Région", face_values=(500,),
        valid_from=today, valid_until=today.replace(year=today.year + 1),
    ))  # fmt: skip
    win = window(treasurer)
    page = win.vouchers_page

    def issue(dialog: IssueDialog) -> None:
        dialog.show()
        dialog.count.setValue(1000)
        dialog.passphrase.setText(PASSPHRASE)
        real = dialog._progressed

        def stop_halfway(done: int, total: int) -> None:
            if done >= 300:
                dialog.cancel_button.click()  # what the user does while it runs
            real(done, total)

        dialog._progressed = stop_halfway
        dialog.ok_button.click()
        assert "Stopped: no voucher was issued" in dialog.banner.text()
        assert dialog.isVisible()  # open, to say so
        dialog.reject()

    opened = drive(monkeypatch, IssueDialog, issue)
    page.issue_button.click()
    opened.check()
    assert store.scalar("SELECT COUNT(*) FROM voucher") == 0
    assert store.scalar("SELECT COUNT(*) FROM voucher_batch") == 0
    assert page.batches.rows == []
    assert journal.verify(store).ok


def test_a_batch_printed_to_pdf(window, treasurer, store, monkeypatch, tmp_path: Path):
    if page_module.voucher_print is None:
        pytest.skip("services.voucher_print is not there yet")
    voucher_keys.create_key(treasurer, PASSPHRASE)
    today = treasurer.today()
    prog = vouchers.create_programme(treasurer, vouchers.ProgrammeFields(
        name="Dividende", purpose="dividend", funder="Région", face_values=(500,),
        valid_from=today, valid_until=today.replace(year=today.year + 1),
    ))  # fmt: skip
    vouchers.issue(treasurer, prog["id"], 3, 500, PASSPHRASE)
    win = window(treasurer)
    page = win.vouchers_page
    target = tmp_path / "batch.pdf"
    monkeypatch.setattr(
        page_module.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "")
    )
    page.print_button.click()
    assert target.read_bytes().startswith(b"%PDF")
    assert page.banner.kind == "success"
    assert page.batches.rows[0]["prints"] == 1


def test_distribute_pay_report_and_expire_from_the_page(window, treasurer, store, monkeypatch,
                                                        tmp_path):  # fmt: skip
    from datetime import timedelta

    from PySide6.QtWidgets import QFileDialog, QInputDialog

    from caisse.services import status, voucher_life

    voucher_keys.create_key(treasurer, PASSPHRASE)
    today = treasurer.today()
    prog = vouchers.create_programme(treasurer, vouchers.ProgrammeFields(
        name="Bons verts", purpose="ecological", funder="Région", face_values=(1000,),
        valid_from=today - timedelta(days=1), valid_until=today + timedelta(days=60),
    ))  # fmt: skip
    vouchers.issue(treasurer, prog["id"], 5, 1000, PASSPHRASE)
    win = window(treasurer)
    win.show_page("Vouchers")
    page = win.vouchers_page
    page.refresh()
    answers = iter([("CCAS de Bayonne", True), ("50.00", True), ("VIR-REGION-1", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    page.distribute_button.click()
    assert page.batches.rows[0]["statuses"]["distributed"] == 5
    assert "handed to CCAS de Bayonne" in page.banner.text()
    page.funder_button.click()
    assert voucher_life.funder_owes(store, prog["id"]) == 0
    assert status.coverage(store).covered
    target = tmp_path / "bons.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.report_button.click()
    assert page.banner.kind == "success"
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    page.expire_button.click()
    assert page.banner.text() == "No voucher is past its date."
    assert journal.verify(store).ok


def test_a_programme_spent_only_in_the_categories_ticked(qtbot, treasurer, store):
    from caisse.services import directory

    food = directory.add_category(treasurer, "Alimentation")
    directory.add_category(treasurer, "Librairies")
    dialog = ProgrammeDialog(treasurer)
    qtbot.addWidget(dialog)
    dialog.name.setText("Bons alimentaires")
    dialog.funder.setText("Département")
    dialog.values.setText("5")
    names = [dialog.categories.item(i).text() for i in range(dialog.categories.count())]
    dialog.categories.item(names.index("Alimentation")).setCheckState(Qt.CheckState.Checked)
    dialog.ok_button.click()
    assert dialog.outcome["categories"] == [food["id"]]
