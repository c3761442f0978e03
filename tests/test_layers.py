"""The arrows between layers point one way: domain knows nothing of Qt, SQLite or files;
services know nothing of Qt; nothing below the GUI imports it."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "caisse"


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def modules(layer: str) -> list[Path]:
    return sorted((SRC / layer).rglob("*.py"))


@pytest.mark.parametrize("path", modules("domain"), ids=lambda p: p.name)
def test_domain_is_pure(path):
    bad = {
        m
        for m in imports(path)
        if m.split(".")[0] in {"PySide6", "sqlite3", "sqlite_utils", "reportlab", "qrcode"}
    }
    bad |= {
        m
        for m in imports(path)
        if m.startswith("caisse.") and not m.startswith(("caisse.domain", "caisse.i18n"))
    }
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", modules("services") + modules("store"), ids=lambda p: p.name)
def test_no_qt_below_the_gui(path):
    bad = {m for m in imports(path) if m.startswith(("PySide6", "caisse.gui", "caisse.cli"))}
    assert not bad, f"{path.name} imports {bad}"


def test_the_gui_writes_no_sql():
    offenders = []
    for path in modules("gui"):
        text = path.read_text(encoding="utf-8")
        if any(
            word in text for word in ("INSERT INTO", "UPDATE ", "DELETE FROM", "journal.append")
        ):
            offenders.append(path.name)
    assert not offenders


FORBIDDEN_IN_GUI = {"caisse.store.journal", "caisse.services.zreport", "sqlite3"}


@pytest.mark.parametrize("path", modules("gui"), ids=lambda p: p.name)
def test_the_gui_reads_money_through_services(path):
    bad = imports(path) & FORBIDDEN_IN_GUI
    assert not bad, f"{path.name} imports {bad}"
