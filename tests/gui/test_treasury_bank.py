"""The treasury's Bank tab: a statement imported from a file, its lines matched and unmatched,
the entries awaiting the bank, the reconciled balance, a refusal shown in the banner."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QTabWidget

from caisse.gui.pages.treasury import TreasuryPage
from caisse.gui.pages.treasury_bank import BankTab, MatchDialog
from caisse.gui.widgets import Banner
from caisse.services import bank

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "services"))

from bank_month import STATEMENTS, make_month, on

SHOTS = Path("/tmp/shots")


@pytest.fixture
def month(admin, treasurer, volunteer):
    return make_month(admin, treasurer, volunteer)


@pytest.fixture
def tab(qtbot, treasurer, month):
    banner = Banner()
    widget = BankTab(on(treasurer, "2026-11-03"), banner)
    widget.banner_widget = banner
    qtbot.addWidget(widget)
    qtbot.addWidget(banner)
    widget.resize(1100, 640)
    widget.show()
    return widget


def choose_file(monkeypatch, path: Path, opening: str = "") -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (opening, True))


def select(tab: BankTab, *rows: int) -> None:
    selection = tab.lines_view.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(
            tab.lines_model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def row_of(tab: BankTab, label: str) -> int:
    return next(i for i, r in enumerate(tab.lines_model.rows) if r["label"] == label)


def test_import_shows_the_lines_the_awaiting_entries_and_the_reconciled_balance(tab, monkeypatch,
                                                                               month):  # fmt: skip
    assert "No statement imported yet" in tab.verdict.text()
    choose_file(monkeypatch, STATEMENTS / "credit_agricole.csv")
    tab.import_statement()
    assert tab.banner.kind == "success"
    assert "6 lines read, 6 new, 0 already imported (skipped); 5 matched automatically" in (
        tab.banner.text()
    )
    assert tab.lines_model.rowCount() == 6
    fee = row_of(tab, "FRAIS TENUE DE COMPTE")
    cell = tab.lines_model.index(fee, 4)
    assert cell.data() == "unmatched"
    assert cell.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b45309"
    deposit = tab.lines_model.index(row_of(tab, "REMISE ESPECES BD-1002"), 4)
    assert deposit.data() == f"#{month.bd1002}, #{month.bd1002_gap}"
    assert [r["seq"] for r in tab.awaiting_model.rows] == [month.bd1004, month.bd1005]
    assert tab.figures["statement"].text() == "€643.50"
    assert tab.figures["reconciled"].text() == tab.figures["journal"].text() == "€718.00"
    assert "Reconciled" in tab.verdict.text()
    SHOTS.mkdir(exist_ok=True)
    tab.grab().save(str(SHOTS / "treasury_bank.png"))
    choose_file(monkeypatch, STATEMENTS / "credit_agricole.csv")
    tab.import_statement()  # the same file again
    assert "6 lines read, 0 new, 6 already imported (skipped)" in tab.banner.text()
    assert tab.lines_model.rowCount() == 6


def test_a_refused_file_is_shown_in_the_banner_and_nothing_is_written(tab, monkeypatch, tmp_path,
                                                                     store):  # fmt: skip
    broken = tmp_path / "releve.csv"
    broken.write_text("Date;Libellé;Débit;Crédit\n01/10/2026;A;5,00;5,00\n", encoding="utf-8")
    choose_file(monkeypatch, broken)
    tab.import_statement()
    assert tab.banner.kind == "error"
    assert tab.banner.text().startswith("releve.csv was not imported: Line 2 of the statement has")
    assert store.scalar("SELECT COUNT(*) FROM bank_line") == 0
    assert tab.lines_model.rowCount() == 0


def test_unmatch_then_match_again_by_choosing_the_entry(tab, monkeypatch, month, store):
    choose_file(monkeypatch, STATEMENTS / "credit_mutuel.csv")
    tab.import_statement()
    weak = row_of(tab, "VERSEMENT ESPECES")
    select(tab, weak)
    assert tab.unmatch_button.isEnabled() and not tab.match_button.isEnabled()
    tab.unmatch_selected()
    assert "unmatched" in tab.banner.text()
    weak = row_of(tab, "VERSEMENT ESPECES")
    assert tab.lines_model.index(weak, 4).data() == "unmatched"
    assert month.bd1003 in [r["seq"] for r in tab.awaiting_model.rows]

    offered: list[list[str]] = []

    def accept(dialog: MatchDialog) -> int:
        offered.append([dialog.list.item(i).text() for i in range(dialog.list.count())])
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        assert ok.isEnabled()  # the entry of the same amount is ticked
        dialog.list.item(1).setCheckState(Qt.CheckState.Checked)  # a second one: sums differ
        assert not ok.isEnabled()
        dialog.list.item(1).setCheckState(Qt.CheckState.Unchecked)
        SHOTS.mkdir(exist_ok=True)
        dialog.grab().save(str(SHOTS / "treasury_bank_match.png"))
        return 1

    monkeypatch.setattr(MatchDialog, "exec", accept)
    select(tab, weak)
    assert tab.match_button.isEnabled()
    tab.match_selected()
    assert offered[0][0].startswith(f"#{month.bd1003} · ")
    assert "BD-1003" in offered[0][0] and "€80.00" in offered[0][0]
    assert tab.banner.kind == "success"
    assert bank.lines(store)[weak]["seqs"] == [month.bd1003]
    assert month.bd1003 not in [r["seq"] for r in tab.awaiting_model.rows]


def test_the_tab_sits_after_closings_for_a_treasurer_only(qtbot, treasurer, volunteer, admin):
    from caisse.gui.bus import Bus

    page = TreasuryPage(treasurer, Bus())
    qtbot.addWidget(page)
    tabs = page.findChild(QTabWidget)
    names = [tabs.tabText(i) for i in range(tabs.count())]
    assert names.index("Bank") == names.index("Closings") + 1
