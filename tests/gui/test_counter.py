"""The counter page: an exchange recorded with the keyboard alone, refusals shown in the page."""

from __future__ import annotations

from PySide6.QtCore import Qt

from caisse.gui.pages.counter.dialogs.membership import MembershipDialog
from caisse.services import ledger, members, status

from .conftest import drive, focused


def type_member_and_amount(qtbot, page, number: str, amount: str) -> None:
    qtbot.waitUntil(lambda: focused() is page.finder.edit)
    qtbot.keyClicks(focused(), number)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is page.amount)
    qtbot.keyClicks(focused(), amount)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)


def test_exchange_with_the_keyboard_alone(qtbot, window, volunteer, member, store):
    win = window(volunteer)
    page = win.counter_page
    type_member_and_amount(qtbot, page, member["number"], "20")

    assert page.banner.kind == "success"
    assert "C01-000003" in page.banner.text()
    assert "€20.00" in page.banner.text() and "EUS20.00" in page.banner.text()
    # ready for the next member
    assert page.finder.edit.text() == "" and page.amount.text() == ""
    assert focused() is page.finder.edit

    entry = ledger.listing(store, member=member["uid"], limit=1)[0]
    assert (entry["operation"], entry["euros"], entry["units"]) == ("exchange", 2000, 2000)
    assert page.history.rows[0]["receipt"] == "C01-000003"
    assert status.coverage(store).covered
    assert win.coverage.covered and "covered" in win.coverage.text()
    assert "EUS20.00" in win.coverage.toolTip()

    win.show_page("Members")
    win.members_page.select(member["uid"])
    history = win.members_page.detail.history.rows
    assert [r["receipt"] for r in history][:1] == ["C01-000003"]


def test_lapsed_member_is_refused_in_the_page(
    qtbot, window, volunteer, counter, store, monkeypatch
):
    row = members.create(volunteer, members.MemberFields(first_name="Jon", last_name="Larralde"))
    win = window(volunteer)
    page = win.counter_page
    type_member_and_amount(qtbot, page, row["number"], "20")

    assert page.banner.kind == "error"
    assert "has not paid a membership fee yet" in page.banner.text()
    assert page.finder.status_label.text().startswith("No membership fee paid yet")
    assert not [e for e in ledger.listing(store) if e["operation"] == "exchange"]

    # F3 opens the fee for the member shown, Enter records it; the exchange then goes through
    def fill(dialog: MembershipDialog) -> None:
        assert dialog.kind() == "individual" and dialog.method() == "cash"
        dialog.show()
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    opened = drive(monkeypatch, MembershipDialog, fill)
    qtbot.keyClick(page.amount, Qt.Key.Key_F3)
    opened.check()
    assert page.banner.kind == "success" and "Membership fee recorded" in page.banner.text()
    assert page.finder.status_label.text().startswith("Member until")
    qtbot.keyClick(page.amount, Qt.Key.Key_Return)
    assert page.banner.kind == "success" and "Exchange recorded" in page.banner.text()


def test_wrong_check_digit_and_bad_amount(qtbot, window, volunteer, member):
    page = window(volunteer).counter_page
    wrong = member["number"][:-1] + str((int(member["number"][-1]) + 1) % 10)
    qtbot.keyClicks(page.finder.edit, wrong)
    qtbot.keyClick(page.finder.edit, Qt.Key.Key_Return)
    assert "wrong check digit" in page.banner.text()
    assert page.finder.member is None

    page.clear()
    type_member_and_amount(qtbot, page, member["number"], "12.345")
    assert page.banner.kind == "error" and "two decimals" in page.banner.text()
    assert focused() is page.amount


def test_name_search_with_arrows_and_enter(qtbot, window, volunteer, member):
    members.create(volunteer, members.MemberFields(first_name="Hélène", last_name="Ospital"))
    page = window(volunteer).counter_page
    qtbot.keyClicks(page.finder.edit, "hel")
    qtbot.waitUntil(lambda: page.finder.results.count() == 2)
    qtbot.keyClick(page.finder.edit, Qt.Key.Key_Down)
    picked = page.finder.results.currentItem().text()
    qtbot.keyClick(page.finder.edit, Qt.Key.Key_Return)
    assert page.finder.member is not None
    assert members.display_name(page.finder.member) in picked
    assert focused() is page.amount


def test_escape_clears_the_form(qtbot, window, volunteer, member):
    page = window(volunteer).counter_page
    qtbot.keyClicks(page.finder.edit, member["number"])
    qtbot.keyClick(page.finder.edit, Qt.Key.Key_Return)
    qtbot.keyClicks(page.amount, "50")
    qtbot.keyClick(page.amount, Qt.Key.Key_Escape)
    assert page.finder.member is None and page.amount.text() == ""
    assert not page.finder.card.isVisible()


def test_cheque_reveals_its_fields_and_is_recorded(qtbot, window, volunteer, member, store):
    page = window(volunteer).counter_page
    assert not page.payment.cheque_box.isVisible()
    qtbot.keyClicks(page.finder.edit, member["number"])
    qtbot.keyClick(page.finder.edit, Qt.Key.Key_Return)
    qtbot.keyClicks(page.amount, "30")
    page.payment.cheque.setChecked(True)
    assert page.payment.cheque_box.isVisible()
    qtbot.keyClicks(page.payment.number, "0012345")
    qtbot.keyClick(page.payment.number, Qt.Key.Key_Return)
    assert page.banner.kind == "success", page.banner.text()
    entry = ledger.listing(store, member=member["uid"], limit=1)[0]
    assert entry["details"]["cheque_number"] == "0012345"
