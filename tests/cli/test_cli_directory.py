"""`caisse directory export`: the guide, the map layer and the spreadsheet from the command
line."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from pathlib import Path

import pypdf
import pytest
from cli_support import assert_clean_failure

# the partners the service tests use, written through the services
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "services"))
from directory_partners import add_partners


@pytest.fixture
def partners(admin):
    return add_partners(admin)


def export(caisse, db_path, *args):
    return caisse("--lang", "en", "--db", db_path, "directory", "export", *args)


def test_geojson_says_how_many_partners_were_left_off_the_map(caisse, db_path, partners,
                                                              tmp_path):  # fmt: skip
    output = tmp_path / "carte.geojson"
    result = export(caisse, db_path, "--format", "geojson", "-o", output)
    assert result.code == 0, result.err
    assert f"3 partners on the map written to {output}." in result.out
    assert "1 partner without coordinates was left out" in result.out
    features = json.loads(output.read_text("utf-8"))["features"]
    assert len(features) == 3


def test_csv_with_former_partners_when_asked(caisse, db_path, partners, tmp_path):
    output = tmp_path / "annuaire.csv"
    assert export(caisse, db_path, "--format", "csv", "--output", output).code == 0
    names = [r[0] for r in csv.reader(io.StringIO(output.read_text("utf-8-sig")), delimiter=";")]
    assert "Café d'Antan" not in names and "Épicerie Etxea" in names
    result = export(caisse, db_path, "--format", "csv", "--include-former", "-o", output)
    assert result.code == 0 and "5 partners written" in result.out
    names = [r[0] for r in csv.reader(io.StringIO(output.read_text("utf-8-sig")), delimiter=";")]
    assert "Café d'Antan" in names


def test_the_a5_guide_goes_to_a_dated_file_in_the_current_folder(
    caisse, db_path, partners, tmp_path, monkeypatch
):
    folder = tmp_path / "here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    result = export(caisse, db_path, "--format", "pdf", "--layout", "a5")
    assert result.code == 0, result.err
    expected = f"directory-{date.today().isoformat()}-a5.pdf"
    assert [p.name for p in folder.iterdir()] == [expected]
    assert f"4 partners written to {expected}." in result.out
    reader = pypdf.PdfReader(folder / expected)
    assert len(reader.pages) % 4 == 0
    assert "Épicerie Etxea" in "".join(page.extract_text() for page in reader.pages)


def test_an_unknown_format_is_refused_and_nothing_written(caisse, db_path, partners, tmp_path):
    output = tmp_path / "annuaire.xlsx"
    result = export(caisse, db_path, "--format", "xlsx", "-o", output)
    assert result.code == 2
    assert "--format" in result.err and "invalid choice: 'xlsx'" in result.err
    assert not output.exists()


def test_a_missing_folder_is_one_clear_line(caisse, db_path, partners, tmp_path):
    result = export(caisse, db_path, "--format", "csv", "-o", tmp_path / "nowhere" / "a.csv")
    assert_clean_failure(result, 1)
    assert "No such file or directory" in result.err


def test_an_empty_directory_exports_in_french(caisse, db_path, store, tmp_path):
    output = tmp_path / "vide.pdf"
    result = caisse("--lang", "fr", "--db", db_path, "directory", "export", "--format", "pdf",
                    "-o", output)  # fmt: skip
    assert result.code == 0, result.err
    assert output.read_bytes().startswith(b"%PDF")
    assert str(output) in result.out
