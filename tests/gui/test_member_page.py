"""The member page: the standing as a volunteer reads it, the fee history, consents saved at a
click, the member card, a departure and a return, the access request, and erasure."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from tests.conftest import FixedClock
from tests.documents.pdfread import pdf_text

from caisse.domain.errors import PermissionDenied, RuleViolation
from caisse.gui import printing
from caisse.gui.bus import Bus
from caisse.gui.models import GREY, STANDING_COLUMN
from caisse.gui.pages import member_actions
from caisse.gui.pages.member_actions import EraseDialog, LeaveDialog
from caisse.gui.pages.member_detail import MemberDetail
from caisse.gui.widgets import long_date
from caisse.services import events, members, operations, partners, privacy
from caisse.services.context import Context

from .conftest import drive

IBAN = "FR14 2004 1010 0505 0001 3M02 606"


def detail_for(qtbot, ctx: Context, uid: str) -> MemberDetail:
    detail = MemberDetail(ctx, Bus())
    qtbot.addWidget(detail)
    detail.resize(1020, 380)
    detail.show_member(uid)
    return detail


def kinds(ctx: Context) -> list[str]:
    return [e["kind"] for e in events.recent(ctx.store)]


def test_a_current_member_shows_until_when_and_their_fees(qtbot, volunteer, member):
    detail = detail_for(qtbot, volunteer, member["uid"])
    until = date.fromisoformat(member["membership_until"])
    assert detail.standing.text() == f"Member until {long_date(until.isoformat())}"
    assert detail.standing.property("status") == "current"
    assert detail.fees.rowCount() == 1
    assert detail.fees.cell_text(0, 2) == "€15.00" and detail.fees.cell_text(0, 4) == "Cash"
    assert detail.fees.cell_text(0, 5) == member_receipt(volunteer, member)
    assert not detail.tabs.isTabVisible(detail.reconversion_tab)  # not a partner
    assert detail.card_button.isEnabled() and detail.erase_button.isHidden()


def member_receipt(ctx: Context, member: dict) -> str:
    return members.fee_history(ctx.store, member["uid"])[0]["receipt"]


def test_a_lapsed_member_shows_since_when(qtbot, volunteer, member):
    until = date.fromisoformat(member["membership_until"])
    later = until + timedelta(days=30)
    ctx = Context(volunteer.store, volunteer.actor, FixedClock(datetime(later.year, later.month,
                                                                        later.day, 9)))  # fmt: skip
    detail = detail_for(qtbot, ctx, member["uid"])
    after = until + timedelta(days=1)
    assert detail.standing.text() == f"Lapsed since {long_date(after.isoformat())}"
    assert detail.standing.property("status") == "lapsed"


def test_a_member_leaves_and_rejoins_from_the_page(qtbot, window, volunteer, member, monkeypatch):
    def fill(dialog: LeaveDialog) -> None:
        qtbot.keyClicks(dialog.reason, "moved away")
        dialog.try_accept()

    opened = drive(monkeypatch, LeaveDialog, fill)
    page = window(volunteer).members_page
    detail = page.detail
    assert detail.uid == member["uid"] and detail.leave_button.text() == "Member left…"
    detail.leave_button.click()
    opened.check()
    row = members.by_uid(volunteer.store, member["uid"])
    assert row["left_on"] == volunteer.today().isoformat()
    assert detail.standing.text().startswith("Left the association on")
    assert detail.banner.kind == "success" and "left the association" in detail.banner.text()
    assert not detail.card_button.isEnabled()  # no card for a former member
    index = page.model.index(page.model.row_of(member["uid"]), STANDING_COLUMN)
    assert page.model.data(index).startswith("Left ")  # the list was refreshed
    assert page.model.data(index, role=9).color() == GREY  # Qt.ForegroundRole
    assert detail.leave_button.text() == "Member rejoins"
    detail.leave_button.click()  # no dialog: it only undoes the departure
    opened.check()
    assert members.by_uid(volunteer.store, member["uid"])["left_on"] is None
    assert detail.standing.property("status") == "current"


def test_paying_again_brings_back_a_member_who_left(qtbot, volunteer, member, counter):
    members.leave(volunteer, member["uid"])
    detail = detail_for(qtbot, volunteer, member["uid"])
    assert detail.standing.property("status") == "left"
    operations.pay_membership(volunteer, member["number"], counter, "individual")
    detail.refresh()
    assert detail.standing.property("status") == "current"
    assert detail.fees.rowCount() == 2


def test_consents_ticked_are_saved_at_once_and_logged(qtbot, volunteer, member):
    detail = detail_for(qtbot, volunteer, member["uid"])
    box = detail.consent_boxes["events"]
    assert box.isEnabled() and not box.isChecked()
    box.click()
    assert members.by_uid(volunteer.store, member["uid"])["consent_events"] == 1
    assert "consent_given" in kinds(volunteer)
    box.click()
    assert members.by_uid(volunteer.store, member["uid"])["consent_events"] == 0
    assert kinds(volunteer)[0] == "consent_withdrawn"
    assert detail.banner.isHidden()


def test_a_refused_consent_is_said_and_the_box_put_back(qtbot, volunteer, member, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise RuleViolation("This member no longer exists.")

    detail = detail_for(qtbot, volunteer, member["uid"])
    monkeypatch.setattr(members, "set_consents", refuse)
    box = detail.consent_boxes["photos"]
    box.click()
    assert not box.isChecked()
    assert detail.banner.kind == "error" and "no longer exists" in detail.banner.text()


def test_printing_the_card_sends_its_pdf(qtbot, volunteer, member, monkeypatch):
    sent: list[tuple[bytes, str, str]] = []
    monkeypatch.setattr(printing, "choose_printer", lambda parent: "Office")
    monkeypatch.setattr(printing, "send_to_printer", lambda *args: sent.append(args))
    detail = detail_for(qtbot, volunteer, member["uid"])
    [_a4, card, _save] = detail.card_button.menu().actions()
    card.trigger()
    [(pdf, printer, name)] = sent
    assert printer == "Office" and member["number"] in name
    assert member["number"][:3] in pdf_text(pdf) and "Héloïse Etxeberri" in pdf_text(pdf)
    assert "member_card_printed" in kinds(volunteer)
    assert "Office" in detail.banner.text()


def test_an_access_request_is_saved_where_chosen(qtbot, volunteer, member, monkeypatch, tmp_path):
    target = tmp_path / "copy.json"
    suggested: list[str] = []

    def ask(parent, name):
        suggested.append(name)
        return target

    monkeypatch.setattr(member_actions, "ask_json_path", ask)
    detail = detail_for(qtbot, volunteer, member["uid"])
    detail.access_button.click()
    assert suggested == [f"access-request-{member['number']}.json"]
    document = json.loads(target.read_text("utf-8"))
    assert document["member"]["number"] == member["number"]
    assert detail.banner.kind == "success" and str(target) in detail.banner.text()


def test_erase_asks_for_the_number_then_shows_the_erased_member(
    qtbot, window, admin, volunteer, member, monkeypatch
):
    def fill(dialog: EraseDialog) -> None:
        assert "This cannot be undone" in dialog.what.text()
        assert not dialog.erase_button.isEnabled()
        qtbot.keyClicks(dialog.reason, "asked by e-mail")
        qtbot.keyClicks(dialog.typed, member["number"][:-1] + "0")  # a wrong number
        assert not dialog.erase_button.isEnabled()
        dialog.typed.clear()
        qtbot.keyClicks(dialog.typed, member["number"])
        assert dialog.erase_button.isEnabled()
        dialog.erase_button.click()

    opened = drive(monkeypatch, EraseDialog, fill)
    members.create(volunteer, members.MemberFields(first_name="Jon", last_name="Larralde"))
    page = window(admin).members_page
    qtbot.keyClicks(page.search, "Etxeberri")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.detail.uid == member["uid"])
    detail = page.detail
    assert not detail.erase_button.isHidden()
    detail.erase_button.click()
    opened.check()
    assert opened[0].erased
    assert detail.name.text() == f"Erased member {member['number']}"
    assert detail.uid == member["uid"] and not detail.erased_note.isHidden()
    assert members.is_erased(members.by_uid(admin.store, member["uid"]))
    assert page.model.rowCount() == 0  # the name is no longer found
    assert not detail.erase_button.isEnabled() and not detail.card_button.isEnabled()
    assert not any(box.isEnabled() for box in detail.consent_boxes.values())


def test_erase_cancelled_erases_nothing(qtbot, admin, member, monkeypatch):
    opened = drive(monkeypatch, EraseDialog, lambda dialog: dialog.reject())
    detail = detail_for(qtbot, admin, member["uid"])
    detail.erase_button.click()
    opened.check()
    assert not members.is_erased(members.by_uid(admin.store, member["uid"]))
    assert detail.name.text() == "Héloïse Etxeberri"


def test_a_volunteer_cannot_erase(qtbot, window, volunteer, member):
    detail = window(volunteer).members_page.detail
    assert detail.uid == member["uid"]
    assert detail.erase_button.isHidden()
    detail.erase()  # even when asked directly: nothing happens
    with pytest.raises(PermissionDenied):
        privacy.erase(volunteer, member["number"], "asked")
    assert not members.is_erased(members.by_uid(volunteer.store, member["uid"]))


def test_a_partner_shows_what_is_owed_to_them(qtbot, treasurer, volunteer, member, counter):
    row = members.create(
        volunteer,
        members.MemberFields(kind="organisation", organisation="Librairie Elkar", is_partner=True),
    )
    operations.pay_membership(volunteer, row["number"], counter, "organisation")
    operations.exchange(volunteer, member["number"], counter, 50_000)
    first = partners.reconvert(treasurer, row["number"], counter, 10_000, iban=IBAN)
    partners.reconvert(treasurer, row["number"], counter, 20_000)
    partners.mark_paid(treasurer, first.seq, "VIR-2026-001")
    detail = detail_for(qtbot, treasurer, row["uid"])
    assert detail.tabs.isTabVisible(detail.reconversion_tab)
    assert detail.owed.text().startswith("€190.00, for 1 reconversion")
    assert detail.reconversions.rowCount() == 2
    assert detail.reconversions.cell_text(0, 4) == "Owed"
    assert detail.reconversions.cell_text(1, 4).endswith("VIR-2026-001")
    assert "owed now: €190.00" in detail.reconversions_caption.text()
