"""Import time of a 20,000-row HelloAsso membership export: the dry run, then the real import
(members created and every fee posted to the journal), on a fresh database.

    python3 benchmarks/member_import.py [ROWS]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from _common import machine

from caisse.domain.currency import Currency
from caisse.services import auth, imports, setup
from caisse.services.demo.names import COMMUNES, FIRST_NAMES, LAST_NAMES
from caisse.services.settings import Association

HEADER = (
    "Référence commande;Date de la commande;Statut de la commande;Nom adhérent;Prénom adhérent;"
    "Nom payeur;Prénom payeur;Email payeur;Raison sociale;Moyen de paiement;Tarif;Montant tarif;"
    "Code Promo;Montant code promo;Date de naissance;Adresse;Code Postal;Ville;"
    "Numéro de téléphone;Acceptez-vous de recevoir la lettre d'information ?;Commentaire"
)
TARIFFS = (("Adhésion individuelle", "20,00"), ("Adhésion tarif réduit", "5,00"),
           ("Adhésion association", "40,00"), ("Adhésion individuelle + don", "35,50"))  # fmt: skip


def helloasso_file(rows: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    lines = [HEADER]
    for i in range(rows):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        commune, postcode, _weight = rng.choice(COMMUNES)
        tariff, amount = rng.choice(TARIFFS)
        status = "Validé" if rng.random() > 0.03 else rng.choice(("Remboursé", "Annulé"))
        organisation = f'"Atelier {last}; {commune}"' if tariff == "Adhésion association" else ""
        comment = '"Merci\nà vous"' if i % 50 == 0 else ""
        day = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2026 {rng.randint(8, 22):02d}:15"
        email = f"{first}.{last}{i}@exemple.fr".lower().replace(" ", "")
        lines.append(
            f"{40_000_000 + i};{day};{status};{last};{first};{last};{first};{email};"
            f"{organisation};Carte bancaire;{tariff};{amount};;;01/01/1980;"
            f"{i % 90 + 1} rue des Écoles;{postcode};{commune};06{i:08d};"
            f"{rng.choice(('Oui', 'Non'))};{comment}"
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    data = helloasso_file(rows)
    with tempfile.TemporaryDirectory() as folder:
        store = setup.initialize(
            Path(folder) / "bench.db",
            Association("Bench"),
            Currency("Eusko", "EUS", "€u"),
            "admin",
            "Ada",
            "bench-pass-1",
        )
        ctx = auth.login(store, "admin", "bench-pass-1")
        start = time.perf_counter()
        plan = imports.plan(store, data)
        dry = time.perf_counter() - start
        start = time.perf_counter()
        result = imports.apply(ctx, plan)
        real = time.perf_counter() - start
        start = time.perf_counter()
        again = imports.plan(store, data)
        replan = time.perf_counter() - start
        store.close()
    print(f"{rows} rows, {len(data) / 1e6:.1f} MB; {machine()}")
    print(
        f"dry run: {dry:.2f} s ({plan.count('create')} to create, {plan.memberships} "
        f"memberships, {plan.count('skipped')} skipped, {plan.count('refused')} refused)"
    )
    print(f"import: {real:.2f} s ({result.created} members, {result.memberships} entries)")
    print(f"dry run of the same file again: {replan:.2f} s ({again.count('unchanged')} unchanged)")


if __name__ == "__main__":
    main()
