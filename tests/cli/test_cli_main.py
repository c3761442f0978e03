"""The entry point: help, version, languages, the window, and a real `python -m caisse`."""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path

import pytest
from cli_support import assert_clean_failure

from caisse import __version__, i18n
from caisse.services import auth, settings

COMMANDS = (
    "init",
    "demo",
    "status",
    "verify",
    "backup",
    "exchange",
    "correct",
    "session open",
    "session close",
    "session status",
    "reconvert",
    "deposit",
    "report z",
)


def test_version(caisse):
    result = caisse("--version")
    assert (result.code, result.out.strip()) == (0, f"caisse {__version__}")
    assert caisse("status", "--version").out.strip() == f"caisse {__version__}"


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help_with_the_global_options(caisse, command):
    result = caisse("--lang", "en", *command.split(), "--help")
    assert result.code == 0
    assert result.out.startswith(f"usage: caisse {command}")
    for option in ("--db", "--lang", "--help", "--version"):
        assert option in result.out


def test_usage_errors_exit_2_with_the_usage(caisse):
    result = caisse("--lang", "en", "fly")
    assert result.code == 2
    assert "invalid choice: 'fly'" in result.err
    result = caisse("--lang", "en", "exchange", "--member", "1")
    assert result.code == 2
    assert "the following arguments are required: --amount, --user" in result.err


def test_lang_chooses_the_language_of_messages(caisse, tmp_path):
    caisse("--lang", "fr", "--db", tmp_path / "none.db", "status")
    assert i18n.language() == "fr"
    caisse("status", "--db", tmp_path / "none.db", "--lang", "en")
    assert i18n.language() == "en"


def test_without_lang_the_databases_setting_then_french(caisse, db_path, store, monkeypatch):
    caisse("--db", db_path, "status")
    assert i18n.language() == "fr"
    settings.set_language(auth.system_context(store, "admin"), "en")
    caisse("--db", db_path, "status")
    assert i18n.language() == "en"
    monkeypatch.setenv("CAISSE_LANG", "fr")
    caisse("--db", db_path, "status")
    assert i18n.language() == "fr"


def test_global_options_before_or_after_the_command(caisse, db_path, store):
    before = caisse("--db", db_path, "--lang", "en", "status", "--json")
    after = caisse("status", "--json", "--lang", "en", "--db", db_path)
    assert before.code == after.code == 0
    assert before.out == after.out


@pytest.fixture
def window(monkeypatch):
    """A stand-in for caisse.gui.app that records how it was asked to open."""
    calls = []
    fake = types.ModuleType("caisse.gui.app")

    def run(db_path, *, self_test=False, demo=False, language=None):
        calls.append({"db": Path(db_path), "self_test": self_test, "demo": demo, "lang": language})
        return 0

    fake.run = run
    monkeypatch.setitem(sys.modules, "caisse.gui.app", fake)
    return calls


def test_no_command_opens_the_window_on_the_users_database(caisse, window, isolated):
    assert caisse().code == 0
    assert window == [{"db": isolated / "caisse.db", "self_test": False, "demo": False,
                       "lang": None}]  # fmt: skip


def test_demo_self_test_builds_the_demo_first(caisse, window, tmp_path, monkeypatch):
    from caisse.services import demo

    built, real_build = [], demo.build

    def small_build(path, progress=None, **sizes):
        built.append(path)
        return real_build(path, members=10, partners=2, counters=1, days=5, progress=progress)

    monkeypatch.setattr(demo, "build", small_build)
    path = tmp_path / "demo.db"
    result = caisse("--demo", "--self-test", "--lang", "en", "--db", path)
    assert result.code == 0, result.err
    assert "Building the demo database" in result.err
    assert window == [{"db": path, "self_test": True, "demo": True, "lang": "en"}]
    assert caisse("--demo", "--db", path).code == 0
    assert len(built) == 1  # an existing demo is opened as it is


def test_a_window_that_cannot_open_is_one_clear_line(caisse, monkeypatch):
    monkeypatch.setitem(sys.modules, "caisse.gui.app", None)  # import fails
    result = caisse("--lang", "en", "--self-test")
    assert_clean_failure(result, 1)
    assert "The window cannot open" in result.err


def test_demo_command_builds_and_refuses_to_replace_without_force(caisse, tmp_path, store):
    path = tmp_path / "demo.db"
    small = ("--members", "12", "--partners", "2", "--counters", "2", "--days", "6")
    result = caisse("--lang", "en", "--db", path, "demo", *small)
    assert result.code == 0, result.err
    assert "Demo database built at" in result.out
    again = caisse("--lang", "en", "--db", path, "demo", *small)
    assert_clean_failure(again, 6)
    assert "--force" in again.err
    assert caisse("--lang", "en", "--db", path, "demo", "--force", *small).code == 0
    assert caisse("--db", path, "verify").code == 0
    # a real database is never replaced by a demo
    real = caisse("--lang", "en", "--db", store.path, "demo", "--force", *small)
    assert_clean_failure(real, 6)
    assert "is not a demo database" in real.err


def run_module(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "caisse", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def test_python_dash_m_caisse_in_a_real_process(db_path, store, isolated):
    env = {"CAISSE_DATA_DIR": str(isolated)}
    assert run_module("--version", env=env).stdout.strip() == f"caisse {__version__}"
    result = run_module("--lang", "en", "--db", str(db_path), "verify", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 0 journal entries")
    missing = run_module("--lang", "en", "status", env=env)
    assert missing.returncode == 6
    assert missing.stderr.startswith("caisse: There is no database at")
    assert "Traceback" not in missing.stderr


def test_commands_do_not_load_qt(db_path, store):
    code = (
        "import sys; from caisse.cli.main import main; "
        f"code = main(['--db', {str(db_path)!r}, 'status', '--json']); "
        "assert 'PySide6' not in sys.modules, 'Qt was loaded'; sys.exit(code)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
