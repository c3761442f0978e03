"""Vouchers on paper that any counter checks offline: a random serial with a check digit, and a
QR code carrying a small payload signed with Ed25519.

The payload, 79 bytes, is written in Base45 (119 characters of the QR alphanumeric alphabet, a
version 7 code at error correction Q)::

    version (1) | key id (1) | serial (5) | amount in cents (4) | expiry (2) | programme (2)
    | Ed25519 signature of the 15 bytes before it (64)

The expiry counts days from 1 January 2000. A counter holds only the public keys: it can check
a voucher, never make one. USB scanners type like a keyboard, and one set to QWERTY on an
AZERTY computer types "&é\"'(" for "12345": :func:`readings` gives what such a scanner meant.
"""

from __future__ import annotations

import secrets
import struct
from dataclasses import dataclass
from datetime import date, timedelta

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from stdnum import damm

from caisse.domain import base45
from caisse.domain.errors import InputError
from caisse.i18n import N_

VERSION = 1
EPOCH = date(2000, 1, 1)
#: a serial: 11 random digits and a Damm check digit
SERIAL_DIGITS = 12
HEADER = struct.Struct(">BB5sIHH")
SIGNATURE_BYTES = 64
PAYLOAD_BYTES = HEADER.size + SIGNATURE_BYTES
PAYLOAD_CHARS = len(base45.encode(bytes(PAYLOAD_BYTES)))
#: the longest text worth reading: anything longer is refused before any work
MAX_SCAN = 4 * PAYLOAD_CHARS

PURPOSES = {
    "social": N_("Social aid"),
    "ecological": N_("Ecological incentive"),
    "dividend": N_("Citizen dividend"),
    "gift": N_("Gift"),
    "other": N_("Other"),
}


def new_serial() -> str:
    """11 random digits (never starting with 0) and their Damm check digit."""
    body = str(secrets.randbelow(9 * 10**10) + 10**10)
    return body + damm.calc_check_digit(body)


def check_serial(text: str) -> str:
    """A serial typed by hand (spaces allowed), or a clear refusal."""
    cleaned = "".join(text.split())
    if not cleaned.isdigit() or len(cleaned) != SERIAL_DIGITS:
        raise InputError(
            N_('"{text}" is not a voucher serial: it has 12 digits, printed under the QR code.'),
            text=text.strip()[:40],
        )
    if not damm.is_valid(cleaned):
        raise InputError(
            N_("The serial {serial} has a wrong check digit: check for a typo."), serial=cleaned
        )
    return cleaned


def grouped_serial(serial: str) -> str:
    """ "1234 5678 9012": easier to read aloud and to type."""
    return " ".join(serial[i : i + 4] for i in range(0, len(serial), 4))


@dataclass(frozen=True)
class Payload:
    serial: str
    amount: int  # cents of the local unit
    expires_on: date
    programme: int
    key_id: int
    version: int = VERSION

    def signed_bytes(self) -> bytes:
        serial = int(self.serial).to_bytes(5, "big")
        days = (self.expires_on - EPOCH).days
        return HEADER.pack(self.version, self.key_id, serial, self.amount, days, self.programme)


def encode(payload: Payload, key: Ed25519PrivateKey) -> str:
    """The text of the QR code: the payload and its signature, in Base45."""
    data = payload.signed_bytes()
    return base45.encode(data + key.sign(data))


class Forged(InputError):
    """The code was read but does not hold a voucher this association signed."""


def decode(text: str) -> tuple[Payload, bytes, bytes]:
    """(payload, signed bytes, signature) of a QR text; refused when it is not one of ours.
    The signature is not checked here: see :func:`verify`."""
    try:
        data = base45.decode(text)
    except base45.Base45Error:
        raise Forged(N_("This code is not a voucher of the association.")) from None
    if len(data) != PAYLOAD_BYTES:
        raise Forged(
            N_("This code is not a voucher of the association, or it was read only in part.")
        )
    signed, signature = data[: HEADER.size], data[HEADER.size :]
    version, key_id, serial_bytes, amount, days, programme = HEADER.unpack(signed)
    if version != VERSION:
        raise Forged(N_("This voucher was made by a newer version of the program: update it."))
    body = str(int.from_bytes(serial_bytes, "big")).zfill(SERIAL_DIGITS)
    if len(body) != SERIAL_DIGITS or not damm.is_valid(body):
        raise Forged(N_("This code is not a voucher of the association."))
    payload = Payload(body, amount, EPOCH + timedelta(days=days), programme, key_id, version)
    return payload, signed, signature


def verify(public_key: Ed25519PublicKey, signed: bytes, signature: bytes) -> None:
    try:
        public_key.verify(signature, signed)
    except InvalidSignature:
        raise Forged(
            N_("Forged voucher: its signature is not the association's. Keep it aside.")
        ) from None


#: what a USB scanner set to QWERTY types on a computer set to AZERTY, and what it meant
AZERTY_FROM_QWERTY = {
    "&": "1", "é": "2", '"': "3", "'": "4", "(": "5", "-": "6", "è": "7", "_": "8",
    "ç": "9", "à": "0", "Q": "A", "A": "Q", "W": "Z", "Z": "W", "?": "M", "M": ":",
    "4": "$", "5": "%", "8": "*", ")": "-", ":": ".", "!": "/",
}  # fmt: skip


def readings(text: str) -> list[str]:
    """What a scan may have meant: the text as typed (trimmed, in capitals), then as a
    QWERTY scanner on an AZERTY keyboard meant it, when that differs."""
    typed = text.strip("\r\n\t")
    if len(typed) != PAYLOAD_CHARS:  # a space is a Base45 character: trimmed only if extra
        typed = typed.strip(" ")
    first = typed.upper()
    swapped = "".join(AZERTY_FROM_QWERTY.get(c, c) for c in typed).upper()
    return [first] if swapped == first else [first, swapped]
