"""A small partner directory written through the services, for the export tests."""

from __future__ import annotations

from typing import Any

from caisse.services import directory, members
from caisse.services.context import Context

#: (organisation, trade name, category position, address, postcode, commune, phone, e-mail,
#:  latitude, longitude, website, hours, description, vouchers, exchange point, active, siret)
PARTNERS: tuple[tuple[Any, ...], ...] = (
    ("SARL Etxea", "Épicerie Etxea", 0, "3 rue Pannecau", "64100", "Bayonne",
     "05 59 25 00 01", "contact@etxea.example.org", 43_490_120, -1_474_350,
     "https://etxea.example.org", "Tuesday to Saturday, 9:00–19:00",
     "Basque groceries; cheese from the valley.", True, True, True, "73282932000074"),
    ("Association Txoko", "", 7, "12 quai Galuperie", "64100", "Bayonne",
     "", "txoko@example.org", 43_488_001, -1_471_999, "", "", "", False, False, True, ""),
    ("Librairie Elkar SAS", "Librairie Elkar", 2, "1 place de l'Arsenal", "64100", "Bayonne",
     "+33 5 59 59 35 14", "", 43_491_500, -1_476_000, "www.elkar.example.org/bayonne",
     "Monday to Saturday", "=HYPERLINK(\"http://evil.example\")", False, False, True, ""),
    ("Boulangerie Anglet SARL", "Boulangerie des Sables", 0, "8 avenue de Biarritz", "64600",
     "Anglet", "05 59 03 00 02", "", None, None, "https://sables.example.org", "Every day",
     "Bread baked on a wood fire.", True, False, True, ""),
    ("Ancien Café SARL", "Café d'Antan", 1, "2 rue Thiers", "64100", "Bayonne",
     "", "", 43_489_000, -1_473_000, "", "", "Closed since the spring.", False, False, False,
     ""),
)  # fmt: skip


def add_partners(admin: Context) -> list[dict[str, Any]]:
    """Write :data:`PARTNERS` as organisation members with their directory entries."""
    categories = directory.categories(admin.store)
    rows = []
    for (organisation, trade, category, address, postcode, commune, phone, email, lat, lon,
         website, hours, description, vouchers, point, active, siret) in PARTNERS:  # fmt: skip
        row = members.create(
            admin,
            members.MemberFields(
                kind="organisation", organisation=organisation, address=address,
                postcode=postcode, commune=commune, phone=phone, email=email, is_partner=True,
            ),
        )  # fmt: skip
        directory.set_profile(
            admin,
            row["uid"],
            directory.Profile(
                trade_name=trade, category=categories[category]["id"], latitude_e6=lat,
                longitude_e6=lon, website=website, opening_hours=hours,
                description=description, takes_vouchers=vouchers, is_exchange_point=point,
                active=active, siret=siret,
            ),
        )  # fmt: skip
        rows.append(members.by_uid(admin.store, row["uid"]))
    return rows
