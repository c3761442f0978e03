"""Which mapping reads a file: HelloAsso's by its column names, else one a person chose, kept
in the setting "import_mappings" under the file's sorted header so it is asked only once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from caisse.domain.csvfile import ColumnMap, guess_mapping, signature
from caisse.domain.csvfile.mapping import helloasso_mapping, is_helloasso, mapping_from_names
from caisse.domain.errors import InputError
from caisse.i18n import N_, _
from caisse.services import events
from caisse.store.db import Store

SETTING = "import_mappings"


def choose_mapping(
    store: Store, header: Sequence[str], chosen: Mapping[str, str] | None
) -> tuple[ColumnMap, dict[str, str] | None]:
    """(the mapping, the names to remember once the import is written, if new)."""
    if chosen:
        names = dict(chosen)
        return mapping_from_names(header, names), names
    if is_helloasso(header):
        return helloasso_mapping(header), None
    remembered = remembered_mapping(store, header)
    if remembered:
        return mapping_from_names(header, remembered), None
    guessed = guess_mapping(header, export_labels())
    if "last_name" in guessed or "organisation" in guessed:
        return mapping_from_names(header, guessed), None
    raise InputError(
        N_(
            "This file is not a HelloAsso export and no column mapping is known for it: say "
            "which column holds each field (columns: {columns})."
        ),
        columns=", ".join(header),
    )


def remembered_mapping(store: Store, header: Sequence[str]) -> dict[str, str] | None:
    found: dict[str, Any] = store.get_setting(SETTING, {})
    value = found.get(signature(header))
    return dict(value) if value else None


def remember(store: Store, header_signature: str, names: Mapping[str, str], actor: str) -> None:
    """Keep a chosen mapping; call inside the import's transaction."""
    mappings: dict[str, Any] = store.get_setting(SETTING, {})
    old = mappings.get(header_signature)
    mappings[header_signature] = dict(names)
    store.put_setting(SETTING, mappings)
    events.record(store, "setting_changed", actor=actor, key=SETTING, old=old, new=dict(names))


def export_labels() -> dict[str, str]:
    """Our export's column names in the current language, so an export imports back."""
    from .export import HEADER

    return {field: _(label) for field, label in HEADER if field}
