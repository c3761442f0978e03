"""Base45 (RFC 9285): bytes as text in the QR code's alphanumeric alphabet, which a QR code
stores at 5.5 bits a character where bytes take 8."""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
VALUES = {c: i for i, c in enumerate(ALPHABET)}


class Base45Error(ValueError):
    """Not Base45: a character outside the alphabet, a bad length or a value out of range."""


def encode(data: bytes) -> str:
    out: list[str] = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        c, n = divmod(n, 45 * 45)
        e, d = divmod(n, 45)
        out += [ALPHABET[d], ALPHABET[e], ALPHABET[c]]
    if len(data) % 2:
        e, d = divmod(data[-1], 45)
        out += [ALPHABET[d], ALPHABET[e]]
    return "".join(out)


def decode(text: str) -> bytes:
    try:
        values = [VALUES[c] for c in text]
    except KeyError as exc:
        raise Base45Error(f"not a Base45 character: {exc.args[0]!r}") from None
    if len(values) % 3 == 1:
        raise Base45Error("a Base45 text cannot have this length")
    out = bytearray()
    for i in range(0, len(values), 3):
        chunk = values[i : i + 3]
        if len(chunk) == 3:
            n = chunk[0] + chunk[1] * 45 + chunk[2] * 45 * 45
            if n > 0xFFFF:
                raise Base45Error("a Base45 group out of range")
            out += n.to_bytes(2, "big")
        else:
            n = chunk[0] + chunk[1] * 45
            if n > 0xFF:
                raise Base45Error("a Base45 group out of range")
            out.append(n)
    return bytes(out)
