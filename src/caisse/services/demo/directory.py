"""The demo's partner directory: each partner's entry, written once the year is over.

Every partner gets a category from its trade, coordinates a few hundred metres from its
commune's centre (a few are not placed yet), opening hours and a one-line description; about
half have a website, about a third take vouchers, the shops holding an exchange point are
marked as such, and a few partners have left (former).
"""

from __future__ import annotations

import random

from caisse.domain.text import fold
from caisse.services import directory, members
from caisse.services.context import Context
from caisse.services.demo import names
from caisse.services.demo.people import PeopleMaker, Person

WEBSITE_SHARE = 50  # percent of partners with a website
VOUCHERS_SHARE = 33
FORMER_SHARE = 5
UNPLACED_SHARE = 4  # not yet on the map
#: how far from its commune's centre a partner may be, in microdegrees of latitude, per unit
#: of the commune's weight: a few hundred metres in a village, a kilometre in the town
SPREAD_PER_WEIGHT = 300
SPREAD_MIN = 2500
#: a degree of longitude is shorter than a degree of latitude at 44.6° N: 1 / cos(44.6°)
LONGITUDE_STRETCH = 1.405


def describe_partners(admin: Context, rng: random.Random, maker: PeopleMaker) -> int:
    """Write the directory entry of every partner who joined; returns how many."""
    store = admin.store
    categories = [row["id"] for row in directory.categories(store)]
    weights = {commune: weight for commune, _, weight in names.COMMUNES}
    written = 0
    with store.transaction():
        for person in maker.partners:
            if not person.number:
                continue  # scheduled after the demo's last day
            uid = members.by_number(store, person.number)["uid"]
            profile = _profile(rng, person, categories, weights)
            directory.set_profile(admin, uid, profile)
            written += 1
    return written


def _profile(
    rng: random.Random, person: Person, categories: list[int], weights: dict[str, int]
) -> directory.Profile:
    fields = person.fields
    sector = person.sector or "services"
    position = names.SECTOR_CATEGORY.get(sector, 6)
    latitude = longitude = None
    if person.hosts or rng.randrange(100) >= UNPLACED_SHARE:
        centre_lat, centre_lon = names.COMMUNE_CENTRES[fields.commune]
        spread = SPREAD_MIN + SPREAD_PER_WEIGHT * weights.get(fields.commune, 1)
        latitude = centre_lat + rng.randint(-spread, spread)
        longitude = centre_lon + int(rng.randint(-spread, spread) * LONGITUDE_STRETCH)
    website = ""
    if person.hosts or rng.randrange(100) < WEBSITE_SHARE:
        slug = "-".join(
            "".join(c if c.isalnum() else " " for c in fold(fields.organisation)).split()
        )
        website = f"https://{slug}.example.org"
    return directory.Profile(
        trade_name=fields.organisation,
        category=categories[position] if position < len(categories) else None,
        latitude_e6=latitude,
        longitude_e6=longitude,
        website=website,
        opening_hours=rng.choice(names.HOURS[names.SECTOR_HOURS.get(sector, "shop")]),
        description=_description(person),
        takes_vouchers=bool(person.hosts) or rng.randrange(100) < VOUCHERS_SHARE,
        is_exchange_point=bool(person.hosts),
        active=bool(person.hosts) or rng.randrange(100) >= FORMER_SHARE,
    )


def _description(person: Person) -> str:
    if person.hosts:
        return names.HOSTS[person.hosts][2]
    trade = person.fields.organisation
    kinds = sorted(names.DESCRIPTIONS, key=len, reverse=True)  # the longest first
    return next((names.DESCRIPTIONS[k] for k in kinds if trade.startswith(k)), "")
