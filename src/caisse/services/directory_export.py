"""The partner directory published: a printed guide (PDF), a map layer (GeoJSON) and a CSV.

:func:`gather` reads the directory from the store into :class:`DirectoryData`, plain data the
GUI can hand to a worker thread; :func:`render` turns it into the bytes of a file, touching no
store; :func:`export` does both and writes the file atomically.

The directory is published, so it holds only what a partner shows the public: the names,
category, postal address, phone, website, opening hours, description, the vouchers and exchange
point flags, whether it is still a partner, and its coordinates. The member number, the
e-mail address (the membership contact, often a person's) and the SIRET (a sole trader's SIRET
names a person, who may have asked INSEE not to publish it) are left out of every format.

GeoJSON follows RFC 7946: a FeatureCollection of Points in WGS 84, longitude first, the numbers
written exactly from the stored microdegrees; partners without coordinates are left out of it
(``DirectoryData.without_coordinates`` says how many). Property keys are stable English names
(``name`` and ``description`` are the ones uMap shows in a marker's pop-up). The CSV is for a
spreadsheet: UTF-8 with BOM, ";" separators, CRLF, a header in the reader's language, decimal
degrees with a point, "yes"/"no" in the reader's language, formulas defused.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

from caisse.documents.directory import LAYOUTS, DirectoryData, render_directory
from caisse.domain.errors import InputError
from caisse.domain.geo import degrees_text
from caisse.domain.text import fold
from caisse.i18n import N_, _
from caisse.services import directory, files, settings
from caisse.services.imports.export import FORMULA_STARTS
from caisse.store.db import Store

__all__ = [
    "FORMATS",
    "LAYOUTS",
    "DirectoryData",
    "export",
    "gather",
    "render",
    "suggested_name",
]

FORMATS = ("pdf", "geojson", "csv")
EXTENSIONS = {"pdf": ".pdf", "geojson": ".geojson", "csv": ".csv"}
#: what a published entry holds, in this order (the CSV's columns, then the coordinates)
TEXT_FIELDS = (
    "name", "trade_name", "organisation", "category", "address", "postcode", "commune",
    "phone", "website", "opening_hours", "description",
)  # fmt: skip
FLAGS = ("takes_vouchers", "is_exchange_point", "active")
PUBLIC_FIELDS = (*TEXT_FIELDS, *FLAGS, "latitude_e6", "longitude_e6")
CSV_HEADER = {
    "name": N_("Name"),
    "trade_name": N_("Trade name"),
    "organisation": N_("Organisation"),
    "category": N_("Category"),
    "address": N_("Address"),
    "postcode": N_("Postcode"),
    "commune": N_("Commune"),
    "phone": N_("Phone"),
    "website": N_("Website"),
    "opening_hours": N_("Opening hours"),
    "description": N_("Description"),
    "takes_vouchers": N_("Takes vouchers"),
    "is_exchange_point": N_("Exchange point"),
    "active": N_("Active"),
    "latitude": N_("Latitude"),
    "longitude": N_("Longitude"),
}


def gather(
    store: Store, *, include_former: bool = False, today: date | None = None
) -> DirectoryData:
    """The directory as published today (former partners too when asked)."""
    association = settings.association(store)
    place = " ".join(x for x in (association.postcode, association.commune) if x)
    contact = tuple(x for x in (association.address, place, association.email,
                                association.phone) if x)  # fmt: skip
    entries = tuple(
        {k: row[k] for k in PUBLIC_FIELDS}
        for row in directory.entries(store, include_former=include_former)
    )
    return DirectoryData(
        association=association.name,
        currency=settings.currency(store).name,
        day=today or date.today(),
        entries=entries,
        contact=contact,
        include_former=include_former,
    )


def render(data: DirectoryData, fmt: str, layout: str = "a4") -> bytes:
    """The file's bytes in ``fmt`` ("pdf", "geojson" or "csv"); ``layout`` ("a4" or "a5")
    applies to the PDF. Touches no store: safe to run in a worker thread."""
    _check(fmt, layout)
    if fmt == "pdf":
        return render_directory(data, layout)
    if fmt == "geojson":
        return geojson(data)
    return csv_bytes(data)


def export(
    store: Store, fmt: str, path: Path, *, layout: str = "a4", include_former: bool = False
) -> Path:
    """Gather, render and write the directory to ``path``; returns the path written."""
    _check(fmt, layout)
    data = gather(store, include_former=include_former)
    return files.write(path, render(data, fmt, layout))


def suggested_name(fmt: str, layout: str = "a4", today: date | None = None) -> str:
    """A file name in the user's language: "directory-2026-11-26-a5.pdf", "annuaire-…"."""
    _check(fmt, layout)
    base = "-".join(fold(_("directory")).split()) or "directory"
    day = (today or date.today()).isoformat()
    suffix = f"-{layout}" if fmt == "pdf" else ""
    return f"{base}-{day}{suffix}{EXTENSIONS[fmt]}"


def _check(fmt: str, layout: str) -> None:
    if fmt not in FORMATS:
        raise InputError(
            N_('Unknown directory format "{format}": choose pdf, geojson or csv.'), format=fmt
        )
    if layout not in LAYOUTS:
        raise InputError(
            N_('Unknown page layout "{layout}": choose a4 (two columns on A4) or a5 (a booklet '
               "of A5 pages)."),
            layout=layout,
        )  # fmt: skip


# -- GeoJSON ---------------------------------------------------------------------------------


def geojson(data: DirectoryData) -> bytes:
    """A FeatureCollection of the partners that have coordinates."""
    features = []
    for entry in data.entries:
        if entry["latitude_e6"] is None or entry["longitude_e6"] is None:
            continue
        properties: dict[str, Any] = {k: entry[k] for k in TEXT_FIELDS}
        properties.update({k: bool(entry[k]) for k in FLAGS})
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    # a microdegree has at most 9 significant digits: the float prints back as
                    # exactly the same decimal
                    "coordinates": [
                        float(degrees_text(entry["longitude_e6"])),
                        float(degrees_text(entry["latitude_e6"])),
                    ],
                },
                "properties": properties,
            }
        )
    collection = {
        "type": "FeatureCollection",
        "name": f"{data.association} · {_('Partner directory')}",
        "features": features,
    }
    return (json.dumps(collection, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# -- CSV -------------------------------------------------------------------------------------


def csv_bytes(data: DirectoryData) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    columns = (*TEXT_FIELDS, *FLAGS, "latitude", "longitude")
    writer.writerow([_(CSV_HEADER[c]) for c in columns])
    yes, no = _("yes"), _("no")
    for entry in data.entries:
        row = [_spreadsheet_safe(entry[k] or "") for k in TEXT_FIELDS]
        row += [yes if entry[k] else no for k in FLAGS]
        row += [
            "" if entry[k] is None else degrees_text(entry[k])
            for k in ("latitude_e6", "longitude_e6")
        ]
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8-sig")


def _spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet would read as a formula ("=…", "+…", "-…", "@…") is prefixed with
    an apostrophe; a phone number such as "+33 5 36 49 12 34" is left as it is."""
    number = len(text) > 1 and all(c.isdigit() or c in " .+-()" for c in text)
    if text.startswith(FORMULA_STARTS) and not number:
        return "'" + text
    return text
