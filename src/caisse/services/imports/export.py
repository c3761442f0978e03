"""Members as a CSV that LibreOffice and Excel open cleanly: UTF-8 with BOM, ";" between
fields, CRLF line ends, ISO dates, a header in the reader's language."""

from __future__ import annotations

import csv
import io
from typing import Any

from caisse.domain.roles import Permission
from caisse.i18n import N_, _
from caisse.services import events
from caisse.services.context import Context

#: (member column, the import field that reads it back, header label)
COLUMNS = (
    ("number", "reference", N_("Number")),
    ("kind", "", N_("Kind")),
    ("last_name", "last_name", N_("Last name")),
    ("first_name", "first_name", N_("First name")),
    ("organisation", "organisation", N_("Organisation")),
    ("email", "email", N_("E-mail")),
    ("phone", "phone", N_("Phone")),
    ("address", "address", N_("Address")),
    ("postcode", "postcode", N_("Postcode")),
    ("commune", "commune", N_("Commune")),
    ("joined_on", "", N_("Joined on")),
    ("membership_until", "", N_("Member until")),
    ("consent_newsletter", "newsletter", N_("Newsletter")),
    ("is_partner", "", N_("Partner")),
)
HEADER = tuple((field, label) for _column, field, label in COLUMNS)
KIND_LABELS = {"individual": N_("individual"), "organisation": N_("organisation")}
#: a cell starting so would be read as a formula by a spreadsheet
FORMULA_STARTS = ("=", "@", "+", "-")


def export_csv(ctx: Context) -> bytes:
    """Every member as CSV for a spreadsheet. The file holds personal data: only treasurers and
    administrators may make it, and each export is logged."""
    ctx.require(Permission.EXPORT_MEMBERS)
    store = ctx.store
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([_(label) for _column, _field, label in COLUMNS])
    count = 0
    for row in store.db.query(
        f"SELECT {', '.join(c for c, _f, _l in COLUMNS)} FROM member ORDER BY number"
    ):
        writer.writerow([_cell(column, row[column]) for column, _f, _l in COLUMNS])
        count += 1
    with store.transaction():
        events.record(store, "members_exported", actor=ctx.actor.uid, count=count)
    return buffer.getvalue().encode("utf-8-sig")


def _cell(column: str, value: Any) -> str:
    if column == "kind":
        return _(KIND_LABELS[value])
    if column in ("consent_newsletter", "is_partner"):
        return _("yes") if value else _("no")
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not _is_phone_or_number(text):
        return "'" + text
    return text


def _is_phone_or_number(text: str) -> bool:
    return len(text) > 1 and all(c.isdigit() or c in " .+-()" for c in text)
