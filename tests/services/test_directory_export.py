"""The partner directory published as GeoJSON (read back by GDAL), CSV and PDF."""

from __future__ import annotations

import csv
import io
import json
import re
import struct
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pyogrio
import pyogrio.raw
import pytest
from directory_partners import add_partners

from caisse.domain.errors import InputError
from caisse.services import directory_export, files

DAY = date(2026, 11, 26)
LISTED = ["Boulangerie des Sables", "Association Txoko", "Épicerie Etxea", "Librairie Elkar"]


@pytest.fixture
def partners(admin):
    return add_partners(admin)


@pytest.fixture
def data(store, partners):
    return directory_export.gather(store, today=DAY)


def test_gather_lists_active_partners_by_commune_with_public_fields_only(data, partners):
    # Anglet before Bayonne; in Bayonne, food first, then shops, then associations (by name)
    assert [e["name"] for e in data.entries] == LISTED
    assert data.association == "Monnaie Test" and data.currency == "Eusko"
    assert data.partners == 4 and data.exchange_points == 1 and data.without_coordinates == 1
    for entry in data.entries:
        assert not {"email", "siret", "number", "uid", "category_id"} & entry.keys()
    everything = json.dumps([list(e.values()) for e in data.entries], ensure_ascii=False)
    assert "contact@etxea.example.org" not in everything
    assert partners[0]["number"] not in everything


def test_former_partners_only_when_asked(store, partners):
    with_former = directory_export.gather(store, include_former=True)
    assert "Café d'Antan" in [e["name"] for e in with_former.entries]
    assert with_former.partners == 4  # the former one is listed, not counted


def write(tmp_path: Path, data, fmt: str, layout: str = "a4") -> Path:
    path = tmp_path / directory_export.suggested_name(fmt, layout, today=DAY)
    return files.write(path, directory_export.render(data, fmt, layout))


def test_geojson_reads_back_through_gdal_with_every_field(tmp_path, data):
    path = write(tmp_path, data, "geojson")
    info = pyogrio.read_info(path)
    assert info["driver"] == "GeoJSON"
    assert info["features"] == 3  # the partner without coordinates is left out
    fields = set(info["fields"])
    assert {
        "name", "trade_name", "organisation", "category", "address", "postcode", "commune",
        "phone", "website", "opening_hours", "description", "takes_vouchers",
        "is_exchange_point", "active",
    } <= fields  # fmt: skip
    assert not {"email", "siret", "number"} & fields
    assert "4326" in info["crs"] or "CRS84" in info["crs"]

    meta, _fids, geometry, values = pyogrio.raw.read(path)
    columns = dict(zip(meta["fields"], values, strict=True))
    names = list(columns["name"])
    assert names == ["Association Txoko", "Épicerie Etxea", "Librairie Elkar"]
    etxea = names.index("Épicerie Etxea")
    assert columns["commune"][etxea] == "Bayonne"
    assert columns["website"][etxea] == "https://etxea.example.org"
    assert columns["opening_hours"][etxea] == "Tuesday to Saturday, 9:00–19:00"
    assert bool(columns["is_exchange_point"][etxea]) and bool(columns["takes_vouchers"][etxea])
    # RFC 7946: longitude first, WGS 84
    order, kind, lon, lat = struct.unpack("<BIdd", bytes(geometry[etxea])[:21])
    assert (order, kind) == (1, 1)
    assert (lon, lat) == (-1.47435, 43.49012)


def test_geojson_coordinates_are_the_exact_decimals_and_umap_keys(data):
    collection = json.loads(directory_export.render(data, "geojson"))
    assert collection["type"] == "FeatureCollection"
    text = directory_export.render(data, "geojson").decode("utf-8")
    assert re.search(r'"coordinates": \[\s*-1\.47435,\s*43\.49012\s*\]', text)
    feature = next(f for f in collection["features"] if f["properties"]["name"] == "Épicerie Etxea")
    assert feature["geometry"] == {"type": "Point", "coordinates": [-1.47435, 43.49012]}
    assert feature["properties"]["description"] == "Basque groceries; cheese from the valley."
    assert feature["properties"]["takes_vouchers"] is True
    assert "Épicerie" in text  # UTF-8, not \\u escapes


def test_csv_opens_in_a_spreadsheet(data):
    raw = directory_export.render(data, "csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == len(data.entries) + 1
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Name", "Trade name", "Organisation"]
    assert header[-5:] == ["Takes vouchers", "Exchange point", "Active", "Latitude", "Longitude"]
    assert "E-mail" not in header and "SIRET" not in header
    table = [dict(zip(header, row, strict=True)) for row in body]
    assert [r["Name"] for r in table] == LISTED
    etxea = table[2]
    assert (etxea["Latitude"], etxea["Longitude"]) == ("43.49012", "-1.47435")
    assert (etxea["Takes vouchers"], etxea["Exchange point"], etxea["Active"]) == (
        "yes", "yes", "yes",
    )  # fmt: skip
    assert table[0]["Latitude"] == "" and table[0]["Exchange point"] == "no"
    elkar = table[3]
    assert elkar["Description"].startswith("'=HYPERLINK")  # not a formula in a spreadsheet
    assert elkar["Phone"] == "+33 5 59 59 35 14"  # a phone number stays as typed
    assert elkar["Website"] == "https://www.elkar.example.org/bayonne"


def test_csv_in_french(data, french):
    raw = directory_export.render(data, "csv").decode("utf-8-sig")
    header, first = raw.split("\r\n")[:2]
    assert header.startswith("Nom;")
    assert first.split(";")[-5:-2] == ["oui", "non", "oui"]


def test_an_unknown_format_or_layout_is_refused_clearly(data, store, tmp_path):
    with pytest.raises(InputError) as refused:
        directory_export.render(data, "xlsx")
    assert str(refused.value) == 'Unknown directory format "xlsx": choose pdf, geojson or csv.'
    with pytest.raises(InputError, match="choose a4"):
        directory_export.render(data, "pdf", "letter")
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(InputError):
        directory_export.export(store, "kml", folder / "x.kml")
    with pytest.raises(InputError):
        directory_export.suggested_name("odt")
    assert list(folder.iterdir()) == []


def test_export_writes_the_whole_file_or_leaves_the_old_one(store, partners, tmp_path,
                                                             monkeypatch):  # fmt: skip
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "annuaire.csv"
    path.write_bytes(b"old")
    assert directory_export.export(store, "csv", path) == path
    assert "Épicerie Etxea" in path.read_bytes().decode("utf-8-sig")
    assert [p.name for p in folder.iterdir()] == ["annuaire.csv"]

    def broken(content: bytes):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", broken)
    with pytest.raises(OSError):
        directory_export.export(store, "geojson", path)
    assert "Épicerie Etxea" in path.read_bytes().decode("utf-8-sig")
    assert [p.name for p in folder.iterdir()] == ["annuaire.csv"]


def test_suggested_names():
    assert directory_export.suggested_name("csv", today=DAY) == "directory-2026-11-26.csv"
    assert directory_export.suggested_name("pdf", "a5", today=DAY).endswith("-2026-11-26-a5.pdf")
    assert directory_export.suggested_name("geojson", "a5", today=DAY).endswith(
        "-2026-11-26.geojson"
    )


def test_render_needs_no_store_and_runs_in_threads(store, partners):
    data = directory_export.gather(store, today=DAY)
    store.close()  # the GUI renders in a worker thread, away from the database
    jobs = [("pdf", "a4"), ("pdf", "a5"), ("geojson", "a4"), ("csv", "a4")]
    with ThreadPoolExecutor(max_workers=4) as pool:
        made = list(pool.map(lambda job: directory_export.render(data, *job), jobs))
    assert made[0].startswith(b"%PDF") and made[1].startswith(b"%PDF")
    assert json.loads(made[2])["features"] and made[3].startswith(b"\xef\xbb\xbf")


def test_the_demo_partners_have_directory_entries(tmp_path):
    from caisse.services import demo
    from caisse.services.demo import names
    from caisse.store import open_store

    path = tmp_path / "demo.db"
    demo.build(path, seed=5, members=30, partners=24, counters=4, days=20)
    with open_store(path) as store:
        data = directory_export.gather(store, include_former=True)
    assert len(data.entries) == 24
    # the shops that hold the exchange points C02 to C04 are marked as such
    points = {e["name"] for e in data.entries if e["is_exchange_point"]}
    assert points == {names.HOSTS[code][0] for code in ("C02", "C03", "C04")}
    assert all(e["category"] and e["description"] and e["opening_hours"] for e in data.entries)
    assert 0 < sum(1 for e in data.entries if e["website"]) < 24
    assert 0 < sum(1 for e in data.entries if e["takes_vouchers"]) < 24
    # on the map, within the valley: a few kilometres around its communes
    placed = [e for e in data.entries if e["latitude_e6"] is not None]
    assert len(placed) >= 20
    for e in placed:
        lat, lon = names.COMMUNE_CENTRES[e["commune"]]
        assert abs(e["latitude_e6"] - lat) < 20_000 and abs(e["longitude_e6"] - lon) < 30_000
