"""Settings, Accounts: the administrator renumbers an account, sees a refusal say the rule,
brings the default back; nobody else has the tab."""

from __future__ import annotations

from caisse.gui.pages.settings.accounts import NumberDialog
from caisse.services import counters, events

from .conftest import drive


def accounts_tab(window, admin):
    win = window(admin)
    win.show_page("Settings")
    page = win.settings_page
    page.tabs.setCurrentWidget(page.accounts)
    return page.accounts


def select(tab, key: str) -> None:
    row = next(i for i, r in enumerate(tab.model.rows) if r["account"].key == key)
    tab.table.selectRow(row)


def number_of(store, key: str) -> str:
    return store.scalar("SELECT pcg FROM account WHERE key = ?", (key,))


def test_only_the_administrator_has_the_tab(window, treasurer, admin):
    assert window(treasurer).settings_page is None
    page = window(admin).settings_page
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert "Accounts" in titles and page.accounts is not None


def test_a_number_changed_then_restored(qtbot, window, admin, store, counter, monkeypatch):
    tab = accounts_tab(window, admin)
    assert tab.model.rowCount() == store.scalar("SELECT COUNT(*) FROM account")
    select(tab, "till_fund:C01")
    assert not tab.default_button.isEnabled()

    def fill(dialog: NumberDialog) -> None:
        assert dialog.number.text() == "530101"
        dialog.number.clear()
        qtbot.keyClicks(dialog.number, "53A")
        dialog.try_accept()
        assert "3 to 10 digits" in dialog.banner.text()
        dialog.number.setText("612000")
        dialog.try_accept()
        assert "classes 1 to 5" in dialog.banner.text()
        assert number_of(store, "till_fund:C01") == "530101"  # nothing written on a refusal
        dialog.number.setText("530000")
        dialog.try_accept()

    opened = drive(monkeypatch, NumberDialog, fill)
    tab.edit_button.click()
    opened.check()
    assert number_of(store, "till_fund:C01") == "530000"
    assert tab.banner.kind == "success"
    assert tab.banner.text() == "Till C01: exchange cash: number 530101 is now 530000."
    row = tab.model.rows.index(next(r for r in tab.model.rows
                                    if r["account"].key == "till_fund:C01"))  # fmt: skip
    assert tab.model.cell_text(row, 0) == "530000" and tab.model.cell_text(row, 1) == "530101"
    assert tab.current()["account"].key == "till_fund:C01"
    assert tab.default_button.isEnabled()
    tab.grab().save("/tmp/shots/settings_accounts.png")
    tab.default_button.click()
    assert number_of(store, "till_fund:C01") == "530101"
    assert "is now 530101, the default" in tab.banner.text()
    assert [e["detail"]["new"] for e in events.recent(store)
            if e["kind"] == "account_number_changed"] == ["530101", "530000"]  # fmt: skip


def test_a_new_exchange_point_s_accounts_appear(window, admin, store):
    tab = accounts_tab(window, admin)
    before = tab.model.rowCount()
    counters.create(admin, "C02", "Anglet")
    window_bus = tab.bus
    window_bus.counters_changed.emit()
    assert tab.model.rowCount() == before + 8
