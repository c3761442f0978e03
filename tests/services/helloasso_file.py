"""A small HelloAsso-shaped export written by the tests themselves."""

from __future__ import annotations

HEADER = [
    "Référence commande", "Date de la commande", "Statut de la commande", "Nom adhérent",
    "Prénom adhérent", "Email payeur", "Raison sociale", "Tarif", "Montant tarif",
    "Code Postal", "Ville", "Adresse", "Numéro de téléphone",
    "Acceptez-vous de recevoir la lettre d'information ?", "Commentaire",
]  # fmt: skip

ROWS = [
    ["50000001", "14/12/2026 16:15", "Validé", "Etxeberri", "Héloïse", "helo@exemple.fr", "",
     "Adhésion individuelle", "20,00", "64100", "Bayonne", "1 rue Neuve", "0600000001", "Oui",
     'Il a dit "bravo"\nsur deux lignes'],
    ["50000002", "02/03/2026 09:30", "Validé", "Bernadou", "Iñaki", "inaki@exemple.fr",
     "Boulangerie Bernadou; fournil", "Adhésion association", "85,00", "64250",
     "Cambo-les-Bains", "2 place du Marché", "0600000002", "Non", ""],
    ["50000003", "05/03/2026 10:00", "Remboursé", "Garcia", "Noël", "noel@exemple.fr", "",
     "Adhésion individuelle", "20,00", "64200", "Biarritz", "", "", "Oui", ""],
    ["50000004", "06/03/2026 11:00", "Annulé", "Dubois", "Anaïs", "anais@exemple.fr", "",
     "Adhésion individuelle", "20,00", "64200", "Biarritz", "", "", "Non", ""],
    ["50000005", "07/03/2026 12:00", "Validé", "Müller", "Jon", "jon@exemple.fr", "",
     "Adhésion tarif réduit", "5,00", "64240", "Hasparren", "", "", "Oui", ""],
]  # fmt: skip


def cell(value: str) -> str:
    if any(c in value for c in ';"\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def helloasso_csv(rows: list[list[str]] | None = None, header: list[str] | None = None) -> bytes:
    table = [header or HEADER, *(ROWS if rows is None else rows)]
    lines = [";".join(cell(v) for v in r) for r in table]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def row(**changes: str) -> list[str]:
    """A valid row, with some columns changed by their HelloAsso name's first word."""
    values = dict(zip(HEADER, ROWS[0], strict=True))
    for key, value in changes.items():
        values[{"ref": "Référence commande", "date": "Date de la commande",
                "amount": "Montant tarif", "email": "Email payeur", "name": "Nom adhérent",
                "status": "Statut de la commande"}[key]] = value  # fmt: skip
    return [values[h] for h in HEADER]
