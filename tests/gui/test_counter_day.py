"""A whole day at the counter through the GUI: open the till with a counted float, twenty mixed
operations, a correction (F7), a bank deposit (F5), closing with a difference (recount, then a
comment), the Z; the journal verifies and the coverage shown stays exact throughout."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from caisse.gui import printing
from caisse.gui.pages.counter.dialogs.correction import CorrectionDialog
from caisse.gui.pages.counter.dialogs.deposit import DepositDialog
from caisse.gui.pages.counter.dialogs.documents import ZReportDialog
from caisse.gui.pages.counter.dialogs.membership import MembershipDialog
from caisse.gui.pages.counter.dialogs.notes import NotesDialog
from caisse.gui.pages.counter.dialogs.reconversion import ReconversionDialog
from caisse.gui.pages.counter.dialogs.till import CloseTillDialog, OpenTillDialog
from caisse.services import members, operations, partners, sessions, status
from caisse.store import closings, journal

from .conftest import drive, focused

IBAN = "FR14 2004 1010 0505 0001 3M02 606"


@pytest.fixture
def printed(monkeypatch, tmp_path) -> list[tuple[str, Any]]:
    """Printing and saving replaced: what would have gone to the printer or the disk."""
    done: list[tuple[str, Any]] = []
    monkeypatch.setattr(printing, "choose_printer", lambda parent: "Comptoir")
    monkeypatch.setattr(
        printing, "send_to_printer", lambda pdf, printer, name: done.append((printer, pdf))
    )
    monkeypatch.setattr(printing, "ask_save_path", lambda parent, name: tmp_path / f"{name}.pdf")
    return done


def people(ctx, counter) -> tuple[list[dict], dict]:
    """Three members with their fee paid and a partner with an IBAN, before the day."""
    folks = []
    for first, last in (("Maddi", "Irigoyen"), ("Peio", "Etcheverry"), ("Ane", "Bidart")):
        row = members.create(ctx, members.MemberFields(first_name=first, last_name=last))
        operations.pay_membership(ctx, row["number"], counter, "individual")
        folks.append(members.by_uid(ctx.store, row["uid"]))
    shop = members.create(
        ctx,
        members.MemberFields(kind="organisation", organisation="Librairie Elkar", is_partner=True),
    )
    operations.pay_membership(ctx, shop["number"], counter, "organisation")
    # an earlier reconversion left the partner's IBAN on record
    operations.exchange(ctx, folks[0]["number"], counter, 5000)
    partners.reconvert(ctx, shop["number"], counter, 1000, iban=IBAN)
    return folks, members.by_uid(ctx.store, shop["uid"])


def close_quietly(ctx, counter: str) -> sessions.TillCount:
    """Close the fixture's session with the right count; returns that count."""
    exp = sessions.expected(ctx.store, counter)
    count = sessions.TillCount(euros=_pieces(exp.cash.cents), notes={1000: exp.notes.cents // 1000})
    sessions.close_session(ctx, counter, count)
    return count


def _pieces(cents: int) -> dict[int, int]:
    from caisse.domain.counting import EUR_DENOMINATIONS

    out = {}
    for d in EUR_DENOMINATIONS:
        if cents >= d:
            out[d], cents = cents // d, cents % d
    return out


def exchange(qtbot, page, number: str, amount: str, method: str = "cash") -> None:
    qtbot.keyClicks(page.finder.edit, number)
    qtbot.keyClick(page.finder.edit, Qt.Key.Key_Return)
    qtbot.keyClicks(page.amount, amount)
    if method == "card":
        page.payment.card.setChecked(True)
    if method == "cheque":
        page.payment.cheque.setChecked(True)
        qtbot.keyClicks(page.payment.number, f"CHQ{amount}")
        qtbot.keyClicks(page.payment.bank, "Credit Agricole")
        qtbot.keyClick(page.payment.bank, Qt.Key.Key_Return)
    else:
        qtbot.keyClick(page.amount, Qt.Key.Key_Return)
    assert page.banner.kind == "success", page.banner.text()


def type_grid(qtbot, dialog, euros: dict[int, int], notes: dict[int, int]) -> None:
    for row in dialog.grid.rows:
        count = (euros if row.section == "euros" else notes).get(row.cents)
        if count:
            row.field.clear()
            qtbot.keyClicks(row.field, str(count))


def coverage_matches(win, store) -> None:
    cov = status.coverage(store)
    win.coverage.refresh()
    assert cov.covered and win.coverage.covered is True
    assert "NOT" not in win.coverage.text()


def test_a_whole_day_at_the_counter(qtbot, window, treasurer, counter, store, monkeypatch, printed):
    folks, shop = people(treasurer, counter)
    float_count = close_quietly(treasurer, counter)
    win = window(treasurer)
    page = win.counter_page
    assert page.session is None and not page.actions_bar.buttons["exchange"].isEnabled()
    assert "open it first" in page.actions_bar.buttons["exchange"].toolTip()

    # --- open the till with the float counted
    def open_fill(dialog: OpenTillDialog) -> None:
        dialog.show()
        type_grid(qtbot, dialog, float_count.euros, float_count.notes)
        assert dialog.comparison.equal("cash") and dialog.comparison.equal("notes")
        # the comment field is hidden: Enter on the last grid line confirms
        dialog.grid.fields[-1].setFocus()
        qtbot.keyClick(dialog.grid.fields[-1], Qt.Key.Key_Return)

    opened = drive(monkeypatch, OpenTillDialog, open_fill)
    qtbot.keyClick(page.open_button, Qt.Key.Key_F9)
    opened.check()
    assert page.session is not None and page.session["number"] == 2
    assert page.header.state.text().startswith("Session C01-2 open")
    qtbot.waitUntil(lambda: focused() is page.finder.edit)

    # --- twenty operations
    a, b, c = (f["number"] for f in folks)
    for number, amount, method in (
        (a, "20", "cash"), (b, "50", "cash"), (c, "30", "cheque"), (a, "40", "card"),
        (b, "10", "cash"), (c, "60", "cheque"), (a, "25", "card"), (b, "15", "cash"),
        (c, "35", "cash"), (a, "45", "cheque"), (b, "70", "card"), (c, "5", "cash"),
        (a, "100", "cash"), (b, "80", "cash"), (c, "20", "cash"),
    ):  # fmt: skip
        exchange(qtbot, page, number, amount, method)
        coverage_matches(win, store)
    assert page.offer.isVisible() and "is ready" in page.offer.label.text()
    qtbot.keyClick(page.finder.edit, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert printed and printed[-1][1].startswith(b"%PDF")

    for method in ("cash", "card", "units"):  # three renewals, three ways of paying
        qtbot.keyClicks(page.finder.edit, a)
        qtbot.keyClick(page.finder.edit, Qt.Key.Key_Return)

        def fee_fill(dialog: MembershipDialog, method: str = method) -> None:
            dialog.method_buttons[method].setChecked(True)
            dialog.try_accept()

        fee = drive(monkeypatch, MembershipDialog, fee_fill)
        qtbot.keyClick(page.amount, Qt.Key.Key_F3)
        fee.check()
        assert "Membership fee recorded" in page.banner.text(), page.banner.text()
        page.clear()

    def reconvert_fill(dialog: ReconversionDialog) -> None:
        dialog.show()
        qtbot.keyClicks(dialog.finder.edit, folks[0]["number"])  # an individual: refused
        qtbot.keyClick(dialog.finder.edit, Qt.Key.Key_Return)
        assert "not a partner" in dialog.banner.text() and dialog.finder.member is None
        dialog.finder.edit.clear()
        qtbot.keyClicks(dialog.finder.edit, shop["number"])
        qtbot.keyClick(dialog.finder.edit, Qt.Key.Key_Return)
        assert dialog.iban.text() == IBAN.replace(" ", "")
        assert dialog.focusWidget() is dialog.notes
        qtbot.keyClicks(dialog.notes, "100")
        assert dialog.figures["commission"].text() == "€5.00"
        assert dialog.figures["to_pay"].text() == "€95.00"
        dialog.try_accept()

    reconv = drive(monkeypatch, ReconversionDialog, reconvert_fill)
    qtbot.keyClick(page.finder.edit, Qt.Key.Key_F4)
    reconv.check()
    assert "Reconversion recorded" in page.banner.text(), page.banner.text()

    def supply_fill(dialog: NotesDialog) -> None:
        qtbot.keyClicks(dialog.amount, "500")
        qtbot.keyClicks(dialog.courier, "Jon Courier")
        dialog.try_accept()

    supply = drive(monkeypatch, NotesDialog, supply_fill)
    qtbot.keyClick(page.finder.edit, Qt.Key.Key_F6)
    supply.check()
    assert "carried by Jon Courier" in page.banner.text()
    coverage_matches(win, store)

    # --- a correction of the 10 euros exchange (F7), reason required
    target = next(r for r in page.history.rows if r["operation"] == "exchange"
                  and r["euros"] == 1000)  # fmt: skip
    page.history_view.selectRow(page.history.rows.index(target))

    def correct_fill(dialog: CorrectionDialog) -> None:
        dialog.try_accept()
        assert "needs a reason" in dialog.banner.text()
        qtbot.keyClicks(dialog.reason, "wrong amount typed")
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    correction = drive(monkeypatch, CorrectionDialog, correct_fill)
    qtbot.keyClick(page.history_view, Qt.Key.Key_F7)
    correction.check()
    assert "cancelled by the correction" in page.banner.text()
    coverage_matches(win, store)

    # --- a bank deposit (F5): the cash prefilled, one cheque ticked
    def deposit_fill(dialog: DepositDialog) -> None:
        assert dialog.fund_cash.cents() == status.counter_figures(store, counter)["till_fund"].cents
        first = next(iter(dialog.cheque_boxes.values()))
        first.setChecked(True)
        dialog.assoc_cash.setText("0")
        dialog.fund_cards.setText("0")
        dialog.assoc_cards.setText("0")
        dialog.try_accept()
        assert "slip number" in dialog.banner.text()
        qtbot.keyClicks(dialog.slip, "BD-0001")
        dialog.try_accept()

    dep = drive(monkeypatch, DepositDialog, deposit_fill)
    qtbot.keyClick(page.finder.edit, Qt.Key.Key_F5)
    dep.check()
    assert "slip BD-0001" in page.banner.text(), page.banner.text()
    coverage_matches(win, store)
    # 15 exchanges, 3 fees, a reconversion, a supply; the correction; the deposit
    assert page.header.tiles["operations"].value.text() == "22"

    # --- close with a difference: 5 euros short, recount, then a comment
    exp = sessions.expected(store, counter)
    short = _pieces(exp.cash.cents - 500)
    notes = {1000: exp.notes.cents // 1000}

    def close_fill(dialog: CloseTillDialog) -> None:
        dialog.show()
        type_grid(qtbot, dialog, short, notes)
        for box in dialog.cheque_boxes.values():
            box.setChecked(True)
        assert not dialog.comparison.equal("cash") and dialog.comparison.equal("cheques")
        assert "-€5.00" in dialog.comparison.lines["cash"][2].text()
        qtbot.keyClick(
            dialog.grid.fields[0], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
        assert "Count again" in dialog.banner.text() and dialog.recount_asked
        assert sessions.current(store, counter) is not None
        qtbot.keyClick(
            dialog.grid.fields[0], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
        assert "comment" in dialog.banner.text() and dialog.comment.isVisible()
        assert dialog.focusWidget() is dialog.comment
        qtbot.keyClicks(dialog.comment, "a 5 euro note missing")
        qtbot.keyClick(dialog.comment, Qt.Key.Key_Return)

    def z_fill(dialog: ZReportDialog) -> None:
        assert "euros -€5.00" in dialog.differences.text()
        dialog.try_accept()

    closing_dialog = drive(monkeypatch, CloseTillDialog, close_fill)
    z = drive(monkeypatch, ZReportDialog, z_fill)
    qtbot.keyClick(page.finder.edit, Qt.Key.Key_F9)
    closing_dialog.check()
    z.check()
    assert printed[-1][0] == "Comptoir" and printed[-1][1].startswith(b"%PDF")

    chain = list(closings.all_closings(store))
    assert chain[-1].report["differences"]["cash"] == -500
    assert chain[-1].report["comment"] == "a 5 euro note missing"
    assert journal.verify(store).ok
    coverage_matches(win, store)
    # the page is back to "open the till"
    assert page.session is None and page.work_area.currentIndex() == 0
    assert page.actions_bar.buttons["till"].text().startswith("Open the till")
    assert not page.actions_bar.buttons["deposit"].isEnabled()


def test_a_till_closed_elsewhere_refuses_and_offers_to_open(qtbot, window, volunteer, member,
                                                            counter, store):  # fmt: skip
    page = window(volunteer).counter_page
    assert page.session is not None
    close_quietly(volunteer, counter)  # from another computer, or the command line
    qtbot.keyClicks(page.finder.edit, member["number"])
    qtbot.keyClick(page.finder.edit, Qt.Key.Key_Return)
    qtbot.keyClicks(page.amount, "20")
    qtbot.keyClick(page.amount, Qt.Key.Key_Return)
    assert page.banner.kind == "error" and "is not open" in page.banner.text()
    assert page.session is None and page.work_area.currentIndex() == 0
    assert page.open_button.isVisible() and page.open_button.isEnabled()
    assert not [r for r in page.history.rows if r["euros"] == 2000]


def test_cancelled_dialogs_write_nothing(qtbot, window, volunteer, member, counter, store,
                                         monkeypatch):  # fmt: skip
    page = window(volunteer).counter_page
    before = store.scalar("SELECT COUNT(*) FROM txn")

    def close_then_cancel(dialog: CloseTillDialog) -> None:
        dialog.show()
        type_grid(qtbot, dialog, {1000: 1}, {1000: 1})
        dialog.try_accept()
        assert dialog.recount_asked
        dialog.try_accept()
        assert dialog.comment.isVisible()
        qtbot.keyClick(dialog.comment, Qt.Key.Key_Escape)

    closing = drive(monkeypatch, CloseTillDialog, close_then_cancel)
    qtbot.keyClick(page.finder.edit, Qt.Key.Key_F9)
    closing.check()
    assert sessions.current(store, counter) is not None
    assert list(closings.all_closings(store)) == []

    qtbot.keyClicks(page.finder.edit, member["number"])
    qtbot.keyClick(page.finder.edit, Qt.Key.Key_Return)

    def fee_cancel(dialog: MembershipDialog) -> None:
        dialog.method_buttons["cheque"].setChecked(True)
        dialog.try_accept()  # no cheque number: refused, stays open
        assert "needs its number" in dialog.banner.text()
        dialog.reject()

    fee = drive(monkeypatch, MembershipDialog, fee_cancel)
    qtbot.keyClick(page.amount, Qt.Key.Key_F3)
    fee.check()
    assert store.scalar("SELECT COUNT(*) FROM txn") == before
    assert journal.verify(store).ok


def test_volunteer_sees_why_reconversion_and_notes_are_greyed(window, volunteer, counter):
    bar = window(volunteer).counter_page.actions_bar
    assert not bar.buttons["notes"].isEnabled() and "Treasurer" in bar.buttons["notes"].toolTip()
    assert not bar.buttons["reconversion"].isEnabled()
