"""``caisse report month|year``: the treasurer's report written as a PDF, refused to a
volunteer and for a mistyped period."""

from __future__ import annotations

import argparse

import pytest
from cli_support import TREASURER_PASSWORD, VOLUNTEER_PIN
from tests.documents.pdfread import pdf_text

from caisse.cli import reports
from caisse.domain.errors import InputError, PermissionDenied
from caisse.services import operations


def args(db_path, period: str, output, user: str) -> argparse.Namespace:
    return argparse.Namespace(db=str(db_path), lang=None, period=period, output=str(output),
                              user=user)  # fmt: skip


@pytest.fixture
def exchanged(store, volunteer, member, counter):
    operations.exchange(volunteer, member["number"], counter, 12_000)
    return store


def test_month_and_year_reports_are_written(exchanged, db_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CAISSE_PASSWORD", TREASURER_PASSWORD)
    this_month = exchanged.scalar("SELECT substr(MAX(at), 1, 7) FROM txn")
    month = tmp_path / "out" / "month.pdf"
    assert reports.month_report(args(db_path, this_month, month, "tresor")) == 0
    assert str(month) in capsys.readouterr().out
    text = pdf_text(month.read_bytes())
    assert "Monthly report" in text and "€120.00" in text
    year = tmp_path / "year.pdf"
    assert reports.year_report(args(db_path, this_month[:4], year, "tresor")) == 0
    assert "Annual report" in pdf_text(year.read_bytes())
    assert not list(tmp_path.glob("**/*.partial"))


def test_refused_to_a_volunteer_and_for_a_wrong_period(exchanged, db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("CAISSE_PASSWORD", VOLUNTEER_PIN)
    output = tmp_path / "month.pdf"
    with pytest.raises(PermissionDenied):
        reports.month_report(args(db_path, "2026-10", output, "benevole"))
    with pytest.raises(InputError):
        reports.month_report(args(db_path, "October", output, "benevole"))
    assert not output.exists()
