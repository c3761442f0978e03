"""Helpers of the command-line tests."""

from __future__ import annotations

from dataclasses import dataclass

# the secrets of the users made by the shared fixtures (tests/conftest.py)
ADMIN_PASSWORD = "admin-pass"
TREASURER_PASSWORD = "treasurer-pass"
VOLUNTEER_PIN = "1234"


@dataclass
class Result:
    code: int
    out: str
    err: str


def assert_clean_failure(result: Result, code: int) -> None:
    """A refusal a person can act on: its exit code, one line on stderr, no traceback."""
    assert result.code == code, (result.code, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("caisse: ")
    assert "Traceback" not in result.err
