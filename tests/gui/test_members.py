"""The members page: search as you type, paging, add and edit through the dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt

from caisse.gui.models import MembersModel
from caisse.gui.pages.member_dialog import MemberDialog
from caisse.services import members

from .conftest import drive, focused


def test_search_helo_finds_heloise(qtbot, window, volunteer, member):
    members.create(volunteer, members.MemberFields(first_name="Jon", last_name="Larralde"))
    page = window(volunteer).members_page
    assert page.model.rowCount() == 2
    qtbot.keyClicks(page.search, "HELO")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    index = page.model.index(0, 1)
    assert page.model.data(index) == "Héloïse Etxeberri"
    assert page.count_label.text() == "1 member"
    assert page.detail.name.text() == "Héloïse Etxeberri"


def test_model_fetches_members_page_by_page(store, volunteer):
    with store.transaction():
        for i in range(MembersModel.PAGE + 50):
            members.create(volunteer, members.MemberFields(last_name=f"Member {i:04d}"))
    model = MembersModel(store)
    model.search("")
    assert model.total == MembersModel.PAGE + 50
    assert model.rowCount() == MembersModel.PAGE and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == MembersModel.PAGE + 50 and not model.canFetchMore()
    names = [members.display_name(r) for r in model.rows]
    assert names == sorted(names) and len(set(names)) == len(names)


def test_add_member_dialog_stays_open_on_error(qtbot, window, volunteer, store, monkeypatch):
    def fill(dialog: MemberDialog) -> None:
        dialog.first_name.setText("Maïder")  # QTest types ASCII only
        dialog.try_accept()  # no last name: refused, stays open
        assert not dialog.result()
        assert not dialog.banner.isHidden() and "needs a last name" in dialog.banner.text()
        qtbot.keyClicks(dialog.last_name, "Arbelbide")
        qtbot.keyClicks(dialog.email, "maider@example")
        dialog.try_accept()
        assert "is not an e-mail address" in dialog.banner.text()
        dialog.email.clear()
        qtbot.keyClicks(dialog.email, "maider@example.org")
        qtbot.keyClicks(dialog.commune, "Ustaritz")
        dialog.try_accept()

    opened = drive(monkeypatch, MemberDialog, fill)
    win = window(volunteer)
    win.show_page("Members")
    page = win.members_page
    qtbot.waitUntil(lambda: focused() is page.search)
    qtbot.keyClick(page.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    opened.check()
    assert opened[0].result()
    assert members.count(store, "maider") == 1
    assert page.detail.name.text() == "Maïder Arbelbide"
    assert page.model.row_at(page.table.currentIndex())["commune"] == "Ustaritz"


def test_edit_member_changes_the_table(qtbot, window, volunteer, member, monkeypatch):
    def fill(dialog: MemberDialog) -> None:
        assert dialog.last_name.text() == "Etxeberri"
        dialog.commune.setText("Bayonne")
        dialog.try_accept()

    opened = drive(monkeypatch, MemberDialog, fill)
    page = window(volunteer).members_page
    page.table.selectRow(0)
    page.edit_member()
    opened.check()
    assert page.model.rows[0]["commune"] == "Bayonne"
    assert "Bayonne" in page.detail.place.text()
