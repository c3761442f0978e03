"""The directory entry dialog: what is stored is shown as typed, a refusal stays in the dialog
and names the field; and the member dialog's postal address."""

from __future__ import annotations

import pytest

from caisse.gui.pages.member_dialog import MemberDialog
from caisse.gui.pages.partner_dialog import PartnerDialog
from caisse.services import directory, members
from caisse.services.context import Context
from caisse.services.directory import Profile


def category_id(store, name: str) -> int:
    return next(c["id"] for c in directory.categories(store, include_retired=True)
                if c["name"] == name)  # fmt: skip


@pytest.fixture
def partner(treasurer: Context) -> dict:
    row = members.create(
        treasurer,
        members.MemberFields(
            kind="organisation", organisation="Boulangerie Harriet", address="5 rue Pannecau",
            postcode="64100", commune="Bayonne", is_partner=True,
        ),
    )  # fmt: skip
    directory.set_profile(
        treasurer, row["uid"],
        Profile(trade_name="Harriet", category=category_id(treasurer.store, "Food and groceries"),
                latitude_e6=43_490_500, longitude_e6=-1_474_000, description="Pain au levain."),
    )  # fmt: skip
    return next(r for r in directory.entries(treasurer.store) if r["uid"] == row["uid"])


def test_the_stored_entry_is_shown_as_typed(qtbot, treasurer, partner):
    dialog = PartnerDialog(treasurer, partner)
    qtbot.addWidget(dialog)
    assert dialog.trade_name.text() == "Harriet"
    assert dialog.category.currentText() == "Food and groceries"
    assert (dialog.latitude.text(), dialog.longitude.text()) == ("43.4905", "-1.474")
    assert dialog.description.count.text() == "15 / 600 characters"
    assert "5 rue Pannecau, 64100 Bayonne" in dialog.about.text()


def test_a_bad_coordinate_names_its_field_and_the_dialog_stays_open(qtbot, treasurer, partner):
    store = treasurer.store
    dialog = PartnerDialog(treasurer, partner)
    qtbot.addWidget(dialog)
    dialog.latitude.setText("91,5")
    dialog.try_accept()
    assert not dialog.result() and dialog.saved is None
    assert dialog.banner.text().startswith("Latitude: 91,5 is out of range")
    dialog.latitude.setText("43,4905")
    dialog.longitude.setText("1°28'W")
    dialog.try_accept()
    assert dialog.banner.text().startswith('Longitude: "1°28\'W" is not a coordinate')
    dialog.longitude.clear()
    dialog.try_accept()
    assert "Give both the latitude and the longitude" in dialog.banner.text()
    assert directory.profile(store, partner["uid"]).longitude_e6 == -1_474_000


def test_a_bad_siret_is_refused_then_the_entry_is_saved(qtbot, treasurer, partner):
    store = treasurer.store
    dialog = PartnerDialog(treasurer, partner)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.siret, "732 829 320 00075")
    dialog.try_accept()
    assert 'The SIRET "732 829 320 00075" is not valid' in dialog.banner.text()
    dialog.siret.setText("732 829 320 00074")
    dialog.website.setText("harriet.eus")
    dialog.opening_hours.setPlainText("Tue-Sun 7:00-13:00")
    dialog.takes_vouchers.setChecked(True)
    dialog.is_exchange_point.setChecked(True)
    dialog.active.setChecked(False)
    dialog.category.setCurrentIndex(dialog.category.findText("Shops"))
    dialog.longitude.setText("-1,4741")
    dialog.try_accept()
    assert dialog.result()
    saved = directory.profile(store, partner["uid"])
    assert saved == dialog.saved
    assert saved.siret == "73282932000074" and saved.website == "https://harriet.eus"
    assert saved.longitude_e6 == -1_474_100 and saved.category == category_id(store, "Shops")
    assert saved.takes_vouchers and saved.is_exchange_point and not saved.active


def test_a_retired_category_stays_offered_to_its_partners_only(qtbot, admin, partner):
    store = admin.store
    food = category_id(store, "Food and groceries")
    directory.retire_category(admin, food)
    dialog = PartnerDialog(admin, partner)
    qtbot.addWidget(dialog)
    assert dialog.category.currentText() == "Food and groceries (retired)"
    dialog.category.setCurrentIndex(0)
    assert dialog.category.currentText() == "No category"
    dialog.try_accept()
    assert directory.profile(store, partner["uid"]).category is None
    again = PartnerDialog(admin, partner)
    qtbot.addWidget(again)
    assert again.category.findData(food) == -1


def test_a_description_over_the_limit_is_shown_then_refused(qtbot, treasurer, partner):
    dialog = PartnerDialog(treasurer, partner)
    qtbot.addWidget(dialog)
    dialog.description.setPlainText("x" * 601)
    assert dialog.description.count.text() == "601 / 600 characters"
    assert "#b3261e" in dialog.description.count.styleSheet()
    dialog.try_accept()
    assert "description is too long: 600 characters at most" in dialog.banner.text()


def test_the_member_dialog_edits_the_postal_address(qtbot, volunteer):
    dialog = MemberDialog(volunteer)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.last_name, "Arbelbide")
    qtbot.keyClicks(dialog.address, "12 rue des Tonneliers")
    dialog.try_accept()
    assert dialog.result() and dialog.saved["address"] == "12 rue des Tonneliers"
    edit = MemberDialog(volunteer, dialog.saved)
    qtbot.addWidget(edit)
    assert edit.address.text() == "12 rue des Tonneliers"
    edit.address.setText("14 rue des Tonneliers")
    edit.try_accept()
    stored = members.by_uid(volunteer.store, dialog.saved["uid"])
    assert stored["address"] == "14 rue des Tonneliers"
