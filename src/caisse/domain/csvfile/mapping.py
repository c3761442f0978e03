"""Which column holds which field: HelloAsso's export by its column names, any other CSV by a
mapping chosen once; a missing required column refuses the whole file, naming it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from caisse.domain.errors import InputError
from caisse.domain.text import fold
from caisse.i18n import N_

#: our fields, in the order a mapping form shows them
FIELDS = (
    "reference",
    "date",
    "status",
    "last_name",
    "first_name",
    "organisation",
    "email",
    "phone",
    "address",
    "postcode",
    "commune",
    "tariff",
    "amount",
    "newsletter",
)

FIELD_LABELS = {
    "reference": N_("order reference"),
    "date": N_("date paid"),
    "status": N_("order status"),
    "last_name": N_("last name"),
    "first_name": N_("first name"),
    "organisation": N_("organisation"),
    "email": N_("e-mail"),
    "phone": N_("phone"),
    "address": N_("address"),
    "postcode": N_("postcode"),
    "commune": N_("commune"),
    "tariff": N_("tariff"),
    "amount": N_("amount paid"),
    "newsletter": N_("newsletter consent"),
}

#: HelloAsso's membership export, by column name
HELLOASSO = {
    "reference": "Référence commande",
    "date": "Date de la commande",
    "status": "Statut de la commande",
    "last_name": "Nom adhérent",
    "first_name": "Prénom adhérent",
    "email": "Email payeur",
    "organisation": "Raison sociale",
    "tariff": "Tarif",
    "amount": "Montant tarif",
    "postcode": "Code Postal",
    "commune": "Ville",
    "address": "Adresse",
    "phone": "Numéro de téléphone",
}
HELLOASSO_REQUIRED = ("reference", "date", "status", "last_name", "amount")
NEWSLETTER_WORDS = ("lettre d'information", "newsletter", "lettre d information")


@dataclass(frozen=True)
class ColumnMap:
    """Field -> column index in the header; ``source`` names where the rows come from."""

    source: str
    columns: Mapping[str, int]

    def values(self, row: Sequence[str]) -> RowValues:
        return RowValues(
            {f: (row[i].strip() if i < len(row) else "") for f, i in self.columns.items()}
        )

    @property
    def has_membership(self) -> bool:
        return "amount" in self.columns


class RowValues(dict[str, str]):
    def get_text(self, field: str) -> str:
        return self.get(field, "")


def signature(header: Sequence[str]) -> str:
    """The same columns in any order give the same key."""
    return "|".join(sorted(fold(h) for h in header if h.strip()))


def _index(header: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, name in enumerate(header):
        found.setdefault(fold(name), i)
    return found


def is_helloasso(header: Sequence[str]) -> bool:
    index = _index(header)
    return fold(HELLOASSO["reference"]) in index and fold(HELLOASSO["last_name"]) in index


def helloasso_mapping(header: Sequence[str]) -> ColumnMap:
    index = _index(header)
    columns = {f: index[fold(name)] for f, name in HELLOASSO.items() if fold(name) in index}
    for field in HELLOASSO_REQUIRED:
        if field not in columns:
            raise InputError(
                N_('The column "{column}" is missing: nothing of this file was imported.'),
                column=HELLOASSO[field],
            )
    for i, name in enumerate(header):
        if any(word in fold(name) for word in NEWSLETTER_WORDS):
            columns["newsletter"] = i
            break
    return ColumnMap("helloasso", columns)


def mapping_from_names(header: Sequence[str], names: Mapping[str, str]) -> ColumnMap:
    """A mapping chosen by a person: our field -> the column's name in the file."""
    index = _index(header)
    columns: dict[str, int] = {}
    for field, column in names.items():
        if field not in FIELDS:
            raise InputError(N_('Unknown field "{field}".'), field=field)
        if not column:
            continue
        if fold(column) not in index:
            raise InputError(
                N_('The column "{column}" is missing: nothing of this file was imported.'),
                column=column,
            )
        columns[field] = index[fold(column)]
    if "last_name" not in columns and "organisation" not in columns:
        raise InputError(
            N_("Say which column holds the last name or the organisation: none is chosen.")
        )
    if ("date" in columns) != ("amount" in columns):
        missing = "amount" if "date" in columns else "date"
        raise InputError(
            N_(
                "A membership needs both its date and its amount: choose the column of the {field}."
            ),
            field=FIELD_LABELS[missing],
        )
    return ColumnMap("csv", columns)


#: column names we recognise without asking: our own export and common spellings
ALIASES = {
    "reference": ("reference", "ref", "id", "number", "numero", "numero d'adherent"),
    "last_name": ("last name", "nom", "surname", "family name", "nom de famille"),
    "first_name": ("first name", "prenom", "given name"),
    "organisation": ("organisation", "organization", "raison sociale", "structure"),
    "email": ("e-mail", "email", "courriel", "mail"),
    "phone": ("phone", "telephone", "tel"),
    "address": ("address", "adresse"),
    "postcode": ("postcode", "code postal", "cp", "zip"),
    "commune": ("commune", "ville", "city", "town"),
    "newsletter": ("newsletter consent", "newsletter", "consentement lettre d'information"),
}


def guess_mapping(header: Sequence[str], labels: Mapping[str, str]) -> dict[str, str]:
    """Field -> column name for the columns whose names say what they hold (``labels``: our
    own export's header in the user's language, field -> label)."""
    index = _index(header)
    guessed: dict[str, str] = {}
    for field in FIELDS:
        names = (labels.get(field, ""), *ALIASES.get(field, ()))
        for name in names:
            if name and fold(name) in index:
                guessed[field] = header[index[fold(name)]]
                break
    return guessed
