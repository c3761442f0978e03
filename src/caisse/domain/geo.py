"""Coordinates as integer microdegrees: exact, comparable, and the same on every machine."""

from __future__ import annotations

import re

from caisse.domain.errors import InputError
from caisse.i18n import N_

MICRO = 1_000_000
LATITUDE_LIMIT = 90 * MICRO
LONGITUDE_LIMIT = 180 * MICRO
#: a decimal number of degrees, with a point or a comma (maps give up to 15 decimals)
DEGREES = re.compile(r"^([+-]?)(\d{1,3})(?:[.,](\d{1,15}))?$")


def parse_degrees(text: str, limit: int) -> int:
    """Decimal degrees ("43.48321", "-1,4750") as microdegrees, within ``±limit``."""
    cleaned = text.strip().replace(" ", "").replace("\u2212", "-")
    match = DEGREES.match(cleaned)
    if not match:
        raise InputError(
            N_('"{text}" is not a coordinate: type decimal degrees such as 43.48321.'), text=text
        )
    sign, whole, fraction = match.groups()
    digits = (fraction or "").ljust(7, "0")
    # rounded to the microdegree (about 11 cm), half away from zero
    value = int(whole) * MICRO + int(digits[:6]) + (digits[6] >= "5")
    value = -value if sign == "-" else value
    if abs(value) > limit:
        raise InputError(
            N_("{text} is out of range: a latitude lies between -90 and 90 degrees, "
               "a longitude between -180 and 180."),
            text=text.strip(),
        )  # fmt: skip
    return value


def parse_latitude(text: str) -> int:
    return parse_degrees(text, LATITUDE_LIMIT)


def parse_longitude(text: str) -> int:
    return parse_degrees(text, LONGITUDE_LIMIT)


def degrees_text(micro: int) -> str:
    """Microdegrees as plain decimal degrees ("43.48321"), as GeoJSON and CSV want them."""
    sign = "-" if micro < 0 else ""
    whole, fraction = divmod(abs(micro), MICRO)
    return f"{sign}{whole}.{fraction:06d}".rstrip("0").rstrip(".") if fraction else f"{sign}{whole}"
