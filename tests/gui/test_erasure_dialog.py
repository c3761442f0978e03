"""The dialog listing the members whose retention period is over, and erasing those ticked."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from caisse.gui.pages.erasure_dialog import ErasureDialog
from caisse.services import members, operations, partners
from caisse.store import journal

IBAN = "FR14 2004 1010 0505 0001 3M02 606"


@pytest.fixture
def gone(admin) -> list[dict]:
    """Three members who joined years ago and never paid, and one who joined today."""
    rows = [
        members.create(
            admin, members.MemberFields(first_name="Jon", last_name=name), joined_on=joined
        )
        for name, joined in (
            ("Ametzaga", date(2015, 5, 5)),
            ("Berria", date(2016, 2, 1)),
            ("Etxart", date(2017, 9, 9)),
        )
    ]
    members.create(admin, members.MemberFields(first_name="Jon", last_name="Zabala"))
    return rows


def dialog_for(qtbot, ctx, confirmations: list[int] | None = None, answer: bool = True):
    dialog = ErasureDialog(ctx)
    qtbot.addWidget(dialog)
    if confirmations is not None:

        def confirm(n: int) -> bool:
            confirmations.append(n)
            return answer

        dialog.confirm = confirm  # type: ignore[method-assign]
    dialog.show()
    return dialog


def listed(dialog: ErasureDialog) -> list[tuple[str, str, str, bool]]:
    model = dialog.model
    return [
        (model.cell_text(i, 1), model.cell_text(i, 2), model.cell_text(i, 3),
         model.data(model.index(i, 0), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked)
        for i in range(model.rowCount())
    ]  # fmt: skip


def test_lists_those_due_all_ticked_and_erases_the_ticked_ones(qtbot, admin, gone):
    store = admin.store
    confirmations: list[int] = []
    dialog = dialog_for(qtbot, admin, confirmations)
    assert "36 months" in dialog.explanation.text()
    assert listed(dialog) == [
        ("Jon Ametzaga", "Lapsed", "5 May 2015", True),
        ("Jon Berria", "Lapsed", "1 February 2016", True),
        ("Jon Etxart", "Lapsed", "9 September 2017", True),
    ]
    assert dialog.count.text() == "3 of 3 members due for erasure selected"
    assert dialog.erase_button.isEnabled()
    model = dialog.model
    model.setData(model.index(1, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert dialog.count.text() == "2 of 3 members due for erasure selected"
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    assert confirmations == [2]
    assert members.is_erased(members.by_uid(store, gone[0]["uid"]))
    assert members.is_erased(members.by_uid(store, gone[2]["uid"]))
    assert not members.is_erased(members.by_uid(store, gone[1]["uid"]))
    assert dialog.banner.text() == "2 members erased; the ledger is unchanged."
    assert [r[0] for r in listed(dialog)] == ["Jon Berria"]  # listed again, ticked again
    assert dialog.erased == 2
    assert journal.verify(store).ok


def test_nothing_is_erased_when_the_confirmation_is_declined(qtbot, admin, gone):
    confirmations: list[int] = []
    dialog = dialog_for(qtbot, admin, confirmations, answer=False)
    qtbot.mouseClick(dialog.untick_all, Qt.MouseButton.LeftButton)
    assert not dialog.erase_button.isEnabled()
    qtbot.mouseClick(dialog.tick_all, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    assert confirmations == [3]
    assert not any(members.is_erased(members.by_uid(admin.store, r["uid"])) for r in gone)
    assert len(listed(dialog)) == 3


def test_a_reason_is_needed_and_only_an_administrator_erases(qtbot, admin, treasurer, gone):
    dialog = dialog_for(qtbot, admin)
    dialog.reason.setText("  ")
    assert not dialog.erase_button.isEnabled()
    dialog.reason.setText("asked")
    assert dialog.erase_button.isEnabled()
    theirs = dialog_for(qtbot, treasurer)
    assert len(listed(theirs)) == 3 and not theirs.erase_button.isEnabled()
    assert theirs.permission_note.isVisible() and not dialog.permission_note.isVisible()


def test_the_confirmation_says_how_many_and_that_it_cannot_be_undone(qtbot, admin, gone,
                                                                      monkeypatch):  # fmt: skip
    asked: list[str] = []

    def answer(box: QMessageBox) -> int:
        asked.append(box.text())
        erase = next(b for b in box.buttons()
                     if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)  # fmt: skip
        asked.append(erase.text())
        erase.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    dialog = dialog_for(qtbot, admin)
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    question = "Erase the personal data of 3 members? This cannot be undone."
    assert asked == [question, "Erase 3 members"]
    assert all(members.is_erased(members.by_uid(admin.store, r["uid"])) for r in gone)


def test_says_so_when_none_is_due(qtbot, admin, member):
    dialog = dialog_for(qtbot, admin)
    assert dialog.model.rowCount() == 0 and not dialog.table.isVisible()
    assert dialog.none_due.isVisible() and not dialog.reason.isVisible()
    assert "No member is due for erasure" in dialog.none_due.text()
    assert not dialog.erase_button.isEnabled()


def test_a_refusal_is_shown_and_erases_none(qtbot, admin, treasurer, volunteer, member,
                                            counter, gone):  # fmt: skip
    shop = members.create(
        admin,
        members.MemberFields(kind="organisation", organisation="Ostatua", is_partner=True),
        joined_on=date(2014, 1, 1),
    )
    dialog = dialog_for(qtbot, admin, [])
    assert "Ostatua" in [r[0] for r in listed(dialog)]
    # meanwhile, at a counter, the partner reconverts notes: it is owed euros now
    operations.exchange(volunteer, member["number"], counter, 5000)
    partners.reconvert(treasurer, shop["number"], counter, 1000, iban=IBAN)
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    assert "reconversions are still owed" in dialog.banner.text()
    assert not any(members.is_erased(members.by_uid(admin.store, r["uid"])) for r in gone)


def test_the_members_page_opens_it_for_administrators(qtbot, window, admin, volunteer, gone,
                                                      monkeypatch):  # fmt: skip
    from .conftest import drive

    assert window(volunteer).members_page.erasure_button.isHidden()
    page = window(admin).members_page
    assert not page.erasure_button.isHidden()

    def erase_two(dialog: ErasureDialog) -> None:
        assert dialog.model.rowCount() == 3
        dialog.confirm = lambda n: True  # type: ignore[method-assign]
        dialog.model.setData(dialog.model.index(2, 0), Qt.CheckState.Unchecked.value,
                             Qt.ItemDataRole.CheckStateRole)  # fmt: skip
        dialog.erase()

    opened = drive(monkeypatch, ErasureDialog, erase_two)
    page.erasure_button.click()
    opened.check()
    qtbot.waitUntil(lambda: page.model.total == 4)
    names = [members.display_name(r) for r in members.search(admin.store, "")]
    assert sum(name.startswith("Erased member") for name in names) == 2
