"""Settings: the directory's categories added, renamed, reordered, retired and brought back; the
retention period of personal data."""

from __future__ import annotations

from caisse.gui.pages.settings.categories import CategoryDialog
from caisse.services import directory, privacy

from .conftest import drive


def listed(store) -> list[str]:
    return [c["name"] for c in directory.categories(store)]


def test_add_rename_move_retire_and_bring_back(qtbot, window, admin, store, monkeypatch):
    typed = iter(["Bookshops", "Books and comics"])

    def fill(dialog: CategoryDialog) -> None:
        if dialog.row is None:  # a new category needs a name
            dialog.try_accept()
            assert "Type the category's name" in dialog.banner.text()
        else:
            assert dialog.name.text() == "Bookshops"
        dialog.name.setText(next(typed))
        dialog.try_accept()

    opened = drive(monkeypatch, CategoryDialog, fill)
    win = window(admin)
    tab = win.settings_page.categories
    partners_page = win.directory_page
    tab.new_button.click()
    assert listed(store)[-1] == "Bookshops"
    assert tab.current()["name"] == "Bookshops" and '"Bookshops" is added' in tab.banner.text()
    assert partners_page.category.findText("Bookshops") > 0  # the Partners page offers it
    assert not tab.down_button.isEnabled()  # already last

    tab.up_button.click()
    assert listed(store)[-2:] == ["Bookshops", "Associations"]
    assert tab.current()["name"] == "Bookshops"

    tab.edit_button.click()
    opened.check(2)
    assert "Books and comics" in listed(store) and "Bookshops" not in listed(store)
    assert partners_page.category.findText("Books and comics") > 0

    tab.retire_button.click()
    assert "Books and comics" not in listed(store)
    row = tab.current()
    assert row["name"] == "Books and comics" and not row["active"]
    assert tab.model.rows[-1] is row  # the retired ones after the list
    assert tab.retire_button.text() == "Bring back" and not tab.up_button.isEnabled()
    assert partners_page.category.findText("Books and comics") == -1

    tab.retire_button.click()
    assert "Books and comics" in listed(store)
    assert tab.retire_button.text() == "Retire"


def test_the_retention_period_is_checked_and_saved(window, admin, store):
    tab = window(admin).settings_page.association
    assert tab.retention.text() == str(privacy.retention_months(store))
    tab.retention.setText("0")
    tab.save()
    assert tab.banner.kind == "error" and "from 1 to 120 months" in tab.banner.text()
    tab.retention.setText("24")
    tab.save()
    assert tab.banner.kind == "success"
    assert privacy.retention_months(store) == 24
