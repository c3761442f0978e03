"""The import dialog: the dry run in a table, then the clean rows imported and the list
refreshed; the export saved where the person chose."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from caisse.gui.pages.import_dialog import ImportDialog

from .conftest import drive

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "services"))
from helloasso_file import ROWS, helloasso_csv, row


def sample(tmp_path: Path) -> Path:
    path = tmp_path / "adhesions.csv"
    path.write_bytes(helloasso_csv([*ROWS, row(ref="9", date="demain")]))
    return path


def test_the_dry_run_then_import_refreshes_the_members_list(qtbot, window, volunteer, tmp_path,
                                                            monkeypatch):  # fmt: skip
    page = window(volunteer).members_page
    assert not page.import_button.isHidden() and page.model.total == 0
    path = sample(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))

    def fill(dialog: ImportDialog) -> None:
        dialog.choose()
        qtbot.waitUntil(lambda: not dialog.busy)
        assert dialog.model.rowCount() == 6
        # the rows left out come first, where they are seen
        assert [dialog.model.cell_text(i, 1) for i in range(3)] == ["skipped", "skipped", "refused"]
        assert '"demain" is not a date' in dialog.model.cell_text(2, 3)
        assert dialog.model.cell_text(2, 0) == "8"
        assert "3 to create" in dialog.counts.text() and "1 refused" in dialog.counts.text()
        assert dialog.import_button.text() == "Import 3 rows"
        dialog.import_button.click()
        qtbot.waitUntil(lambda: dialog.imported is not None)

    opened = drive(monkeypatch, ImportDialog, fill)
    page.import_button.click()
    opened.check()
    qtbot.waitUntil(lambda: page.model.total == 3)


def test_a_file_that_cannot_be_read_shows_why_and_cannot_be_imported(qtbot, volunteer, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    dialog = ImportDialog(volunteer)
    qtbot.addWidget(dialog)
    dialog.load(path)
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.banner.kind == "error" and "empty" in dialog.banner.text()
    assert not dialog.import_button.isEnabled()


def test_an_import_stopped_half_way_writes_nothing(qtbot, volunteer, tmp_path):
    """Cancelling while the rows are written rolls the whole import back."""
    path = tmp_path / "many.csv"
    path.write_bytes(helloasso_csv([row(ref=str(n), name=f"Nom{n}", email=f"m{n}@example.org")
                                    for n in range(1, 1200)]))  # fmt: skip
    dialog = ImportDialog(volunteer)
    qtbot.addWidget(dialog)
    dialog.load(path)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
    assert dialog.import_button.isEnabled()
    seen: list[int] = []
    step = dialog._progressed

    def cancel_half_way(done: int, total: int) -> None:
        seen.append(done)
        if done > 0:
            dialog.cancel_button.click()  # as if clicked while the rows are written
        step(done, total)

    dialog._progressed = cancel_half_way  # type: ignore[method-assign]
    dialog.run_import()
    assert dialog.imported is None and 0 < max(seen) < 2 * 1199
    assert dialog.banner.kind == "error" and "nothing was written" in dialog.banner.text()
    assert volunteer.store.scalar("SELECT COUNT(*) FROM member") == 0
    assert dialog.import_button.isEnabled()  # the same dry run can be imported after all


def test_export_saves_the_members_as_csv(
    qtbot, window, volunteer, treasurer, member, tmp_path, monkeypatch
):
    assert window(volunteer).members_page.export_button.isHidden()  # personal data
    target = tmp_path / "out.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page = window(treasurer).members_page
    page.export_button.click()
    text = target.read_bytes().decode("utf-8-sig")
    assert text.startswith("Number;") and "Etxeberri" in text
