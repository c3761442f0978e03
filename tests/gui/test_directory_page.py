"""The Partners page: the directory filtered as you type, a partner's entry, its editing by
treasurers and administrators only, and the exports written with the page busy meanwhile."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from caisse.gui.pages.partner_dialog import PartnerDialog
from caisse.services import directory, members, operations, partners
from caisse.services.context import Context
from caisse.services.directory import Profile

from .conftest import drive

IBAN = "FR14 2004 1010 0505 0001 3M02 606"


def category_id(store, name: str) -> int:
    return next(c["id"] for c in directory.categories(store) if c["name"] == name)


def add_partner(ctx: Context, organisation: str, commune: str, **entry) -> dict:
    row = members.create(
        ctx,
        members.MemberFields(kind="organisation", organisation=organisation, commune=commune,
                             postcode="64100", is_partner=True),
    )  # fmt: skip
    if "category" in entry:
        entry["category"] = category_id(ctx.store, entry["category"])
    directory.set_profile(ctx, row["uid"], Profile(**entry))
    return row


@pytest.fixture
def directory_rows(treasurer: Context) -> list[dict]:
    return [
        add_partner(treasurer, "SARL Le Bon Café", "Bayonne", trade_name="Café Bon",
                    category="Restaurants and cafés", takes_vouchers=True,
                    latitude_e6=43_490_000, longitude_e6=-1_475_000),
        add_partner(treasurer, "Librairie Elkar", "Hélette", trade_name="Elkar", category="Shops",
                    is_exchange_point=True, website="elkar.eus",
                    opening_hours="Mon-Sat 10:00-19:00"),
        add_partner(treasurer, "Garage Etcheverry", "Ustaritz", active=False),
        add_partner(treasurer, "Atelier Vélo", "Anglet"),
    ]  # fmt: skip


def names(page) -> list[str]:
    return [r["name"] for r in page.model.rows]


def test_everyone_sees_the_directory_and_only_some_may_edit(window, volunteer, treasurer,
                                                            directory_rows):  # fmt: skip
    win = window(volunteer)
    assert win.page_titles()[2] == "Partners"
    win.show_page("Partners")
    page = win.directory_page
    # by commune, then category, then name; the former partner left out
    assert names(page) == ["Atelier Vélo", "Café Bon", "Elkar"]
    assert page.count_label.text() == "3 partners"
    assert page.model.data(page.model.index(1, 1)) == "Restaurants and cafés"
    assert page.model.data(page.model.index(2, 3)) == "Yes"  # exchange point
    assert page.model.data(page.model.index(1, 4)) == "Yes"  # takes vouchers
    assert page.detail.edit_button.isHidden()
    page.table.selectRow(2)
    assert page.detail.name.text() == "Elkar"
    assert page.detail.values["website"].text() == "https://elkar.eus"
    assert page.detail.values["opening_hours"].text() == "Mon-Sat 10:00-19:00"
    assert not window(treasurer).directory_page.detail.edit_button.isHidden()


def test_the_filter_ignores_accents_and_case(qtbot, window, volunteer, directory_rows):
    page = window(volunteer).directory_page
    qtbot.keyClicks(page.filter, "CAFE")
    assert names(page) == ["Café Bon"]  # by its category and its name
    page.filter.clear()
    qtbot.keyClicks(page.filter, "helette")
    assert names(page) == ["Elkar"] and page.detail.name.text() == "Elkar"
    page.filter.setText("bon bayonne")  # every word, in any field
    assert names(page) == ["Café Bon"]
    page.filter.setText("nowhere")
    assert names(page) == [] and page.count_label.text() == "0 partners"
    assert page.detail.details.isHidden()


def test_the_category_filter_and_the_former_partners(window, volunteer, directory_rows):
    page = window(volunteer).directory_page
    page.category.setCurrentIndex(page.category.findText("Shops"))
    assert names(page) == ["Elkar"]
    page.category.setCurrentIndex(page.category.findText("No category yet"))
    assert names(page) == ["Atelier Vélo"]
    page.show_former.setChecked(True)
    assert names(page) == ["Atelier Vélo", "Garage Etcheverry"]
    assert page.model.data(page.model.index(1, 5)) == "Former"
    page.table.selectRow(1)
    assert page.detail.state.text() == "Former partner"


def test_edit_an_entry_from_the_page(qtbot, window, treasurer, directory_rows, monkeypatch):
    def fill(dialog: PartnerDialog) -> None:
        assert dialog.trade_name.placeholderText() == "Atelier Vélo"
        dialog.category.setCurrentIndex(dialog.category.findText("Crafts and repairs"))
        dialog.latitude.setText("43.5")
        dialog.try_accept()
        assert "Give both the latitude and the longitude" in dialog.banner.text()
        dialog.longitude.setText("-1,52")
        dialog.takes_vouchers.setChecked(True)
        dialog.try_accept()

    opened = drive(monkeypatch, PartnerDialog, fill)
    page = window(treasurer).directory_page
    assert page.current_partner()["name"] == "Atelier Vélo"
    page.detail.edit_button.click()
    opened.check()
    assert page.banner.kind == "success" and "Atelier Vélo" in page.banner.text()
    row = page.current_partner()
    assert row["name"] == "Atelier Vélo" and row["category"] == "Crafts and repairs"
    assert page.detail.values["coordinates"].text() == "43.5, -1.52"
    assert page.model.data(page.model.index(0, 4)) == "Yes"


def test_what_is_owed_and_the_reconversions(window, treasurer, member, counter,
                                           directory_rows):  # fmt: skip
    number = directory_rows[0]["number"]
    operations.exchange(treasurer, member["number"], counter, 10_000)
    partners.reconvert(treasurer, number, counter, 4_000, iban=IBAN)
    page = window(treasurer).directory_page
    page.select(directory_rows[0]["uid"])
    assert page.detail.owed.text() == "€38.00 owed: 1 reconversion awaiting payment."
    assert [r["operation"] for r in page.detail.history.rows] == ["reconversion"]


def test_a_new_category_reaches_the_filter(window, treasurer, directory_rows):
    win = window(treasurer)
    directory.add_category(treasurer, "Bookshops")
    win.bus.settings_changed.emit()
    assert win.directory_page.category.findText("Bookshops") > 0


# --- exports ---------------------------------------------------------------------------------


@pytest.fixture
def save_to(monkeypatch):
    """Answer the file dialog with a path chosen by the test."""
    chosen: dict[str, str] = {}

    def answer(parent, title, suggested, filters):
        chosen["suggested"] = suggested
        return chosen["path"], filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return chosen


def test_the_map_is_written_with_the_page_busy_meanwhile(
    qtbot, window, volunteer, directory_rows, save_to, tmp_path
):
    from caisse.services import directory_export

    page = window(volunteer).directory_page
    bar = page.exports
    assert not bar.isHidden()
    seen: list[tuple[bool, bool]] = []
    real_render = directory_export.render

    def watched_render(data, fmt, layout="a4"):
        # while it draws, the buttons wait and the bar moves
        seen.append((bar.map_button.isEnabled(), bar.busy.isHidden()))
        return real_render(data, fmt, layout)

    directory_export.render, saved_render = watched_render, directory_export.render
    try:
        save_to["path"] = str(tmp_path / "carte")  # no extension typed
        bar.map_button.click()
    finally:
        directory_export.render = saved_render
    assert seen == [(False, False)]
    assert page.banner.kind == "success"
    written = tmp_path / "carte.geojson"
    assert str(written) in page.banner.text()
    assert bar.map_button.isEnabled() and bar.busy.isHidden()
    assert Path(save_to["suggested"]).suffix == ".geojson"
    features = json.loads(written.read_text("utf-8"))["features"]
    assert [f["properties"]["name"] for f in features] == ["Café Bon"]


def test_the_printed_guide_in_a5(qtbot, window, volunteer, directory_rows, save_to, tmp_path):
    page = window(volunteer).directory_page
    bar = page.exports
    bar.paper.setCurrentIndex(bar.paper.findData("a5"))
    save_to["path"] = str(tmp_path / "guide.pdf")
    bar.guide_button.click()
    qtbot.waitUntil(lambda: page.banner.kind == "success")
    assert save_to["suggested"].endswith("-a5.pdf")
    assert (tmp_path / "guide.pdf").read_bytes().startswith(b"%PDF")


def test_the_spreadsheet_lists_former_partners_when_shown(
    qtbot, window, volunteer, directory_rows, save_to, tmp_path
):
    page = window(volunteer).directory_page
    page.show_former.setChecked(True)
    save_to["path"] = str(tmp_path / "partners.csv")
    page.exports.sheet_button.click()
    qtbot.waitUntil(lambda: page.banner.kind == "success")
    assert "Garage Etcheverry" in (tmp_path / "partners.csv").read_text("utf-8-sig")


def test_a_file_that_cannot_be_written_is_said_clearly(qtbot, window, volunteer, directory_rows,
                                                       save_to, tmp_path):  # fmt: skip
    page = window(volunteer).directory_page
    save_to["path"] = str(tmp_path / "missing-folder" / "partners.csv")
    page.exports.sheet_button.click()
    qtbot.waitUntil(lambda: page.banner.kind == "error")
    assert "could not be written" in page.banner.text()
    assert "choose another folder" in page.banner.text()
    assert page.exports.sheet_button.isEnabled()
