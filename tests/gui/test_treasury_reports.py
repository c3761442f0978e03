"""The treasury's Reports tab: the last month ended offered first with its figures, a year
chosen instead, the report saved as a PDF and printed, a printer's refusal said in the banner."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from tests.conftest import FixedClock
from tests.documents.pdfread import pdf_text

from caisse.gui import printing
from caisse.services import counters, operations, periods, sessions
from caisse.services.context import Context
from caisse.services.sessions import TillCount


def at(ctx: Context, day: date, hour: int = 10) -> Context:
    return replace(ctx, clock=FixedClock(datetime(day.year, day.month, day.day, hour).astimezone()))


def months_ago(today: date, n: int) -> date:
    index = today.year * 12 + today.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


@pytest.fixture
def past(admin, treasurer, volunteer, member) -> date:
    """Two months ago at C02: notes received and supplied, an exchange of 80.00, the till
    closed 2.00 short. The fixtures' own entries are dated today."""
    day = months_ago(date.today(), 2).replace(day=10)
    counters.create(admin, "C02", "Anglet")
    operations.receive_notes(at(treasurer, day, 9), 500_000)
    sessions.open_session(at(treasurer, day, 9), "C02", TillCount())
    operations.supply(at(treasurer, day, 9), "C02", 20_000, "Jon Courier")
    operations.exchange(at(volunteer, day, 11), member["number"], "C02", 8_000)
    short = TillCount(euros={2_000: 3, 1_000: 1, 500: 1, 100: 3}, notes={2_000: 6})  # 78.00
    sessions.close_session(at(treasurer, day, 18), "C02", short, recounted=True,
                           comment="2 euros missing")  # fmt: skip
    return day.replace(day=1)


def reports(window, ctx):
    win = window(ctx)
    win.show_page("Treasury")
    page = win.treasury_page
    page.tabs.setCurrentWidget(page.reports)
    return page


def figures(tab) -> dict[str, list[str]]:
    model = tab.model
    return {
        model.cell_text(r, 0): [model.cell_text(r, c) for c in range(1, 4)]
        for r in range(model.rowCount())
    }


def test_the_tab_follows_exports_for_those_who_may_print_it(window, treasurer, admin):
    page = window(treasurer).treasury_page
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles.index("Reports") == titles.index("Exports") + 1
    assert window(admin).treasury_page.reports is not None


def test_the_last_month_ended_is_offered_with_its_figures(window, treasurer, past):
    page = reports(window, treasurer)
    tab = page.reports
    label = periods.label(periods.MONTH, past)
    assert tab.period.currentText() == label
    offered = [tab.period.itemText(i) for i in range(tab.period.count())]
    assert offered == [periods.label(periods.MONTH, date.today().replace(day=1)), label]
    shown = figures(tab)
    assert shown["Exchanges"] == ["1", "€80.00", "EUS80.00"]
    assert shown["Till differences (sessions with one)"] == ["1", "-€2.00", "EUS0.00"]
    assert shown["Membership fees"] == ["0", "–", ""]
    assert tab.title.text().startswith(f"{label}: from ")
    tab.grab().save("/tmp/shots/treasury_reports.png")
    # the year of that month, chosen instead
    tab.kind.setCurrentIndex(1)
    assert tab.period.currentText() == str(date.today().year)  # the latest year first
    tab.period.setCurrentIndex(tab.period.findData(str(past.year)))
    assert tab.title.text().startswith(f"{past.year}: from ")
    assert figures(tab)["Exchanges"] == ["1", "€80.00", "EUS80.00"]


def test_the_report_is_saved_and_printed(window, treasurer, past, monkeypatch, tmp_path):
    page = reports(window, treasurer)
    tab = page.reports
    target = tmp_path / "out" / "report.pdf"
    target.parent.mkdir()
    asked: list[str] = []
    monkeypatch.setattr(printing, "ask_save_path", lambda parent, name: asked.append(name)
                        or target)  # fmt: skip
    tab.save_button.click()
    assert page.banner.kind == "success", page.banner.text()
    assert str(target) in page.banner.text()
    assert asked == [f"report-{past.isoformat()[:7]}"]
    text = pdf_text(target.read_bytes())
    assert "Monthly report" in text and "Differences by exchange point" in text
    assert "-€2.00" in text
    sent: list[tuple[bytes, str]] = []
    monkeypatch.setattr(printing, "choose_printer", lambda parent: "Office")
    monkeypatch.setattr(printing, "send_to_printer",
                        lambda pdf, printer, name: sent.append((pdf, printer)))  # fmt: skip
    tab.print_button.click()
    assert [printer for _pdf, printer in sent] == ["Office"]
    assert pdf_text(sent[0][0]).count("Monthly report") >= 1
    assert "sent to Office" in page.banner.text()
    logged = treasurer.store.scalar(
        "SELECT COUNT(*) FROM event WHERE kind = 'period_report_exported'"
    )
    assert logged == 2


def test_a_printer_that_refuses_is_said_in_the_banner(window, treasurer, past, monkeypatch):
    page = reports(window, treasurer)

    def refuse(pdf, printer, name):
        raise printing.PrintFailed(
            "The printer {printer} did not take the document ({reason}). Save it as PDF "
            "instead, or check the printer and try again.",
            printer=printer,
            reason="offline",
        )

    monkeypatch.setattr(printing, "choose_printer", lambda parent: "Office")
    monkeypatch.setattr(printing, "send_to_printer", refuse)
    page.reports.print_button.click()
    assert page.banner.kind == "error" and "offline" in page.banner.text()


def test_an_empty_journal_offers_nothing(window, treasurer):
    page = reports(window, treasurer)
    tab = page.reports
    assert tab.period.count() == 0 and tab.model.rowCount() == 0
    assert not tab.save_button.isEnabled() and not tab.print_button.isEnabled()
    assert "empty" in tab.title.text()
