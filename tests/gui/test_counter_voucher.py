"""F10 at the counter: a partner's vouchers scanned, checked at once and redeemed; a replayed,
a forged and a misread voucher answered clearly."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from caisse.domain import vouchers as vdomain
from caisse.gui.pages.counter.dialogs.voucher import VoucherDialog
from caisse.services import ledger, members, operations, partners, voucher_keys, vouchers
from caisse.services.context import Context
from caisse.store import journal

from .conftest import drive

PASSPHRASE = "la clé du trésorier"
IBAN = "FR14 2004 1010 0505 0001 3M02 606"


@pytest.fixture
def batch(treasurer: Context) -> vouchers.Batch:
    voucher_keys.create_key(treasurer, PASSPHRASE)
    today = treasurer.today()
    programme = vouchers.create_programme(treasurer, vouchers.ProgrammeFields(
        name="Chèques solidaires", purpose="social", funder="CCAS de Bayonne",
        face_values=(1000, 2000), valid_from=today - timedelta(days=1),
        valid_until=today + timedelta(days=90),
    ))  # fmt: skip
    return vouchers.issue(treasurer, programme["id"], 3, 2000, PASSPHRASE)


@pytest.fixture
def shop(volunteer: Context, counter: str) -> dict:
    row = members.create(volunteer, members.MemberFields(
        kind="organisation", organisation="Épicerie du Port", is_partner=True))  # fmt: skip
    operations.pay_membership(volunteer, row["number"], counter, "organisation")
    return members.by_uid(volunteer.store, row["uid"])


def payload(store, serial: str) -> str:
    return store.scalar("SELECT payload FROM voucher WHERE serial = ?", (serial,))


def choose_partner(qtbot, dialog: VoucherDialog, number: str) -> None:
    dialog.show()
    qtbot.keyClicks(dialog.finder.edit, number)
    qtbot.keyClick(dialog.finder.edit, Qt.Key.Key_Return)
    assert dialog.partner() is not None


def scan(qtbot, dialog: VoucherDialog, text: str) -> None:
    """What a USB scanner does: the characters typed one by one, then Enter. (QTest's
    keyClicks knows ASCII only: "é" is sent as a key event carrying its text.)"""
    dialog.scan.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(dialog.scan, event)
    qtbot.keyClick(dialog.scan, Qt.Key.Key_Return)


def test_a_voucher_redeemed_then_refused_when_scanned_again(
    qtbot, window, volunteer, shop, batch, store, monkeypatch
):
    code = payload(store, batch.serials[0])
    seen: dict[str, str] = {}

    def fill(dialog: VoucherDialog) -> None:
        choose_partner(qtbot, dialog, shop["number"])
        # the partner has no IBAN yet: the dialog asks for it
        assert dialog.iban.isVisible()
        dialog.iban.setText(IBAN)
        assert not dialog.confirm_button.isEnabled()
        scan(qtbot, dialog, code)
        assert dialog.checked is not None and dialog.checked.ok
        seen["valid"] = dialog.answer_text
        assert dialog.confirm_button.isEnabled()
        # the scanner's Enter checks, it never redeems
        assert not dialog.receipts
        qtbot.keyClick(dialog.scan, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert len(dialog.receipts) == 1
        seen["done"] = dialog.answer_text
        # ready for the next voucher of the same partner, whose IBAN is now known
        assert dialog.scan.text() == "" and dialog.partner()["number"] == shop["number"]
        assert not dialog.iban.isVisible() and not dialog.confirm_button.isEnabled()
        assert dialog.offer.isVisible() and dialog.receipts[0].number in dialog.offer.label.text()
        # the same voucher again: refused, saying when and where
        scan(qtbot, dialog, code)
        seen["again"] = dialog.answer_text
        assert not dialog.confirm_button.isEnabled()
        dialog.confirm_button.click()
        assert len(dialog.receipts) == 1
        dialog.reject()

    win = window(volunteer)
    page = win.counter_page
    opened = drive(monkeypatch, VoucherDialog, fill)
    qtbot.keyClick(page.finder.edit, Qt.Key.Key_F10)
    opened.check()

    assert seen["valid"].startswith("Valid: EUS20.00")
    assert "Chèques solidaires" in seen["valid"]
    assert seen["done"].startswith("Redeemed: EUS20.00")
    assert "Receipt C01-" in seen["done"] and "€19.00" in seen["done"]
    assert "Already redeemed" in seen["again"] and "C01" in seen["again"]
    assert "Épicerie du Port" in seen["again"]
    assert page.banner.kind == "success" and "Voucher redeemed" in page.banner.text()

    entries = [e for e in ledger.listing(store) if e["operation"] == "voucher_redemption"]
    assert len(entries) == 1 and entries[0]["receipt"] == page.history.rows[0]["receipt"]
    assert store.scalar(
        "SELECT status FROM voucher WHERE serial = ?", (batch.serials[0],)
    ) == "redeemed"  # fmt: skip
    assert [r for r in partners.owed(store) if r["seq"] == entries[0]["seq"]]
    assert members.by_uid(store, shop["uid"])["iban"]
    assert journal.verify(store).ok


def test_a_forged_voucher_is_refused_clearly(qtbot, volunteer, shop, batch, store, counter):
    code = payload(store, batch.serials[1])
    forged = code[:30] + ("0" if code[30] != "0" else "1") + code[31:]
    dialog = VoucherDialog(volunteer, counter)
    qtbot.addWidget(dialog)
    choose_partner(qtbot, dialog, shop["number"])
    # a pasted code is checked as soon as it is whole, without Enter
    dialog.scan.setText(forged)
    assert dialog.checked is not None and not dialog.checked.ok
    text = dialog.answer_text
    assert text.startswith("Refused\n")
    assert "Forged" in text or "not a voucher" in text
    assert not dialog.confirm_button.isEnabled()
    dialog.try_accept()
    assert not dialog.receipts
    assert store.scalar("SELECT COUNT(*) FROM voucher WHERE status = 'redeemed'") == 0
    # the genuine one, typed by hand as its serial, is valid
    dialog.scan.setText(vdomain.grouped_serial(batch.serials[1]))
    assert dialog.checked.ok and dialog.answer_text.startswith("Valid")


def test_a_qwerty_scanner_on_an_azerty_keyboard(qtbot, volunteer, shop, batch, store, counter):
    scanner_types = {meant: typed for typed, meant in vdomain.AZERTY_FROM_QWERTY.items()}
    code = payload(store, batch.serials[2])
    typed = "".join(scanner_types.get(c, c) for c in code)
    assert typed != code
    dialog = VoucherDialog(volunteer, counter)
    qtbot.addWidget(dialog)
    choose_partner(qtbot, dialog, shop["number"])
    dialog.iban.setText(IBAN)
    scan(qtbot, dialog, typed)
    assert dialog.checked is not None and dialog.checked.ok, dialog.answer_text
    assert dialog.checked.serial == batch.serials[2]
    dialog.try_accept()
    assert len(dialog.receipts) == 1
    assert store.scalar(
        "SELECT status FROM voucher WHERE serial = ?", (batch.serials[2],)
    ) == "redeemed"  # fmt: skip
