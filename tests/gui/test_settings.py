"""Settings: only administrators see them; exchange points and users created there."""

from __future__ import annotations

from caisse.gui.pages.settings.counters import CounterDialog
from caisse.gui.pages.settings.users import NewUserDialog
from caisse.services import auth, counters, settings

from .conftest import drive


def test_volunteer_and_treasurer_do_not_see_settings(window, volunteer, treasurer, admin):
    assert window(volunteer).page_titles() == ["Counter", "Members", "Partners"]
    assert window(treasurer).page_titles() == [
        "Counter",
        "Members",
        "Partners",
        "Vouchers",
        "Treasury",
    ]
    assert window(admin).page_titles() == [
        "Counter",
        "Members",
        "Partners",
        "Vouchers",
        "Treasury",
        "Settings",
    ]


def test_create_an_exchange_point(qtbot, window, admin, store, monkeypatch):
    def fill(dialog: CounterDialog) -> None:
        qtbot.keyClicks(dialog.code, "c 2")
        qtbot.keyClicks(dialog.name, "Ustaritz, Bar du fronton")
        dialog.try_accept()
        assert "2 to 8 capital letters" in dialog.banner.text()
        dialog.code.setText("C02")
        dialog.try_accept()

    opened = drive(monkeypatch, CounterDialog, fill)
    win = window(admin)
    win.show_page("Settings")
    tab = win.settings_page.counters
    tab.new_button.click()
    opened.check()
    assert [c["code"] for c in counters.list_counters(store)] == ["C02"]
    assert tab.model.rows[0]["name"] == "Ustaritz, Bar du fronton"
    assert "C02" in tab.banner.text()
    # the counter page offers it at once
    assert win.counter_page.counter_code == "C02"

    tab.table.selectRow(0)
    tab.toggle_button.click()
    assert not counters.get(store, "C02")["active"]
    assert tab.model.rows[0]["active"] == 0 and tab.toggle_button.text() == "Reopen"
    assert win.counter_page.counter_code is None


def test_create_a_user(qtbot, window, admin, store, monkeypatch):
    def fill(dialog: NewUserDialog) -> None:
        qtbot.keyClicks(dialog.login, "maite")
        dialog.name.setText("Maite Bénévole")
        dialog.role.setCurrentIndex(dialog.role.findData("volunteer"))
        qtbot.keyClicks(dialog.secret, "98")
        qtbot.keyClicks(dialog.confirm, "98")
        dialog.try_accept()
        assert "at least 4 characters" in dialog.banner.text()
        qtbot.keyClicks(dialog.secret, "76")
        dialog.try_accept()
        assert "differ" in dialog.banner.text()
        qtbot.keyClicks(dialog.confirm, "76")
        dialog.try_accept()

    opened = drive(monkeypatch, NewUserDialog, fill)
    win = window(admin)
    tab = win.settings_page.users
    tab.new_button.click()
    opened.check()
    assert auth.login(store, "maite", "9876").actor.name == "Maite Bénévole"
    assert "maite" in [r["login"] for r in tab.model.rows]


def test_exchange_limit_typed_in_the_locale(window, admin, store, french):
    tab = window(admin).settings_page.currency
    tab.limit.setText("1 500,50")
    tab.save()
    assert tab.banner.kind == "success"
    assert settings.exchange_limit(store) == 150050


def test_currency_code_is_locked_once_the_journal_has_entries(window, admin, counter):
    tab = window(admin).settings_page.currency
    assert tab.code.isReadOnly() and tab.parity.isReadOnly()
