"""Running ``caisse`` in-process, away from the user's real data folder and settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import Result

from caisse.cli.main import main


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("CAISSE_DATA_DIR", str(data))
    monkeypatch.delenv("CAISSE_LANG", raising=False)
    monkeypatch.delenv("CAISSE_PASSWORD", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return data


@pytest.fixture
def caisse(capsys: pytest.CaptureFixture[str]):
    """``caisse(*args)`` runs the command line and returns its exit code and output."""

    def run(*args: str | Path) -> Result:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
