"""The vault on the treasury page: notes received, destroyed and counted in dialogs, and the
vault's row of the note stock with its last count."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from caisse.domain import accounts as acc
from caisse.gui.pages.treasury_vault import CountDialog, DestroyDialog, ReceiveDialog
from caisse.services import vault
from caisse.store import journal

from .conftest import drive

SHOTS = Path("/tmp/shots")


def vault_balance(store) -> int:
    return journal.balance(store, acc.VAULT, "EUS")


def shoot(widget, name: str) -> None:
    QApplication.processEvents()  # the layouts follow the texts just typed
    SHOTS.mkdir(exist_ok=True)
    assert widget.grab().save(str(SHOTS / f"{name}.png"))


@pytest.fixture
def page(window, treasurer, counter):
    win = window(treasurer)
    win.show_page("Treasury")
    page = win.treasury_page
    page.tabs.setCurrentIndex(2)
    return page


def vault_row(page) -> dict:
    return page.stock_model.rows[0]


def test_a_volunteer_sees_no_vault_buttons_and_a_treasurer_does(page):
    assert page.vault_actions.isVisible()
    assert vault_row(page)["when"] == "never counted"


def test_notes_received_by_denomination_with_their_serials(page, treasurer, monkeypatch):
    store = treasurer.store
    before = vault_balance(store)

    def fill(dialog: ReceiveDialog) -> None:
        dialog.show()
        dialog.grid.field_for(1000).setText("500")
        dialog.grid.field_for(2000).setText("200")
        dialog.grid.serials_for(1000).setText("A000001-A000400")  # 400 serials for 500 notes
        assert dialog.grid.error.isVisible()
        assert "number 400, not 500" in dialog.grid.error.text()
        dialog.ok_button.click()
        assert "number 400 notes, but 500 are declared" in dialog.banner.text()
        assert dialog.isVisible() and vault_balance(store) == before
        dialog.grid.serials_for(1000).setText("A000001-A000400, A000501-A000600")
        dialog.grid.serials_for(2000).setText("B000001-000200")
        dialog.reference.setText("BL-2026-014")
        assert not dialog.grid.error.isVisible()
        assert dialog.grid.total.text() == "EUS9,000.00"
        shoot(dialog, "vault_receive")
        dialog.ok_button.click()

    opened = drive(monkeypatch, ReceiveDialog, fill)
    page.vault_actions.receive_button.click()
    opened.check()
    assert vault_balance(store) == before + 900_000
    assert page.banner.text() == "EUS9,000.00 of notes received into the vault (journal entry 3)."
    assert vault_row(page)["stock"] == "EUS108,000.00"  # the page refreshed
    texts = [r.range.text for r in vault.serial_ranges(store)]
    assert texts == ["A000001-A000400", "A000501-A000600", "B000001-B000200"]


def test_notes_destroyed_need_a_reason_and_a_witness(page, treasurer, monkeypatch):
    store = treasurer.store
    before = vault_balance(store)

    def fill(dialog: DestroyDialog) -> None:
        dialog.show()
        dialog.grid.field_for(1000).setText("3")
        dialog.grid.serials_for(1000).setText("A000007, A000009-A000010")
        dialog.ok_button.click()
        assert "Say why the notes are destroyed" in dialog.banner.text()
        dialog.reason.setText("Billets usés")
        dialog.ok_button.click()
        assert "Name the second person" in dialog.banner.text()
        assert vault_balance(store) == before
        dialog.witness.setText("Maialen Irigoien")
        shoot(dialog, "vault_destroy")
        dialog.ok_button.click()

    opened = drive(monkeypatch, DestroyDialog, fill)
    page.vault_actions.destroy_button.click()
    opened.check()
    assert vault_balance(store) == before - 3_000
    assert journal.balance(store, acc.NOTES_DESTROYED, "EUS") == 3_000
    assert "EUS30.00 of notes destroyed" in page.banner.text()


def test_the_vault_counted_shows_in_the_note_stock(page, treasurer, monkeypatch):
    store = treasurer.store
    expected = vault_balance(store)  # 99,000 units

    def fill(dialog: CountDialog) -> None:
        dialog.show()
        dialog.grid.field_for(5000).setText("1980")
        dialog.grid.field_for(1000).setText("-1")
        assert dialog.grid.error.isVisible()
        dialog.grid.field_for(1000).setText("")
        assert dialog.comparison.equal("vault")
        dialog.grid.field_for(1000).setText("1")
        assert not dialog.comparison.equal("vault")
        dialog.ok_button.click()
        assert "count again, then confirm with a comment" in dialog.banner.text()
        shoot(dialog, "vault_count")
        dialog.grid.field_for(1000).setText("")
        dialog.ok_button.click()

    opened = drive(monkeypatch, CountDialog, fill)
    page.vault_actions.count_button.click()
    opened.check()
    assert vault_balance(store) == expected
    assert page.banner.text() == "The vault holds EUS99,000.00, as the journal says."
    row = vault_row(page)
    assert row["when"].startswith("count, ")
    assert row["notes"] == {5000: "1980"} and row["counted"] == "EUS99,000.00"
    assert journal.verify(store).ok
    shoot(page, "vault_note_stock")
