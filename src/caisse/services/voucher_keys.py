"""The association's voucher signing keys (Ed25519).

The private key is kept encrypted with a passphrase the treasurer chooses (PKCS#8, scrypt and
AES from the ``cryptography`` library); it is needed only to issue vouchers. Checking a voucher
needs the public keys alone, which a counter's installation receives without the private key.
A new key retires the previous one: it signs no more, and what it signed stays verifiable.
"""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from caisse.domain.errors import InputError, NotFound, RuleViolation
from caisse.domain.roles import Permission
from caisse.i18n import N_
from caisse.services import events
from caisse.services.context import Context
from caisse.store.db import Store

MIN_PASSPHRASE = 10
MAX_KEYS = 255


def create_key(ctx: Context, passphrase: str) -> int:
    """A new signing key, protected by ``passphrase``; the previous one is retired."""
    ctx.require(Permission.MANAGE_VOUCHERS)
    if len(passphrase) < MIN_PASSPHRASE:
        raise InputError(
            N_("The passphrase needs {n} characters at least: it protects the key that makes "
               "vouchers worth money."),
            n=MIN_PASSPHRASE,
        )  # fmt: skip
    store = ctx.store
    with store.transaction():
        key_id = int(store.scalar("SELECT COALESCE(MAX(key_id), 0) + 1 FROM voucher_key"))
        if key_id > MAX_KEYS:
            raise RuleViolation(N_("No more signing keys can be made in this database."))
        private = Ed25519PrivateKey.generate()
        sealed = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
        )
        public = private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        now = ctx.now_iso()
        store.execute("UPDATE voucher_key SET retired_at = ? WHERE retired_at IS NULL", (now,))
        store.execute(
            "INSERT INTO voucher_key (key_id, public_key, private_key, created_at) "
            "VALUES (?, ?, ?, ?)",
            (key_id, public, sealed, now),
        )
        events.record(store, "voucher_key_created", actor=ctx.actor.uid, at=now, key_id=key_id)
    return key_id


def current_key_id(store: Store) -> int | None:
    return store.scalar(
        "SELECT MAX(key_id) FROM voucher_key WHERE retired_at IS NULL AND private_key IS NOT NULL"
    )


def signing_key(store: Store, passphrase: str) -> tuple[int, Ed25519PrivateKey]:
    """The current key, opened with the passphrase; refused clearly when it is wrong or when
    this installation holds no private key."""
    row = store.one(
        "SELECT key_id, private_key FROM voucher_key WHERE retired_at IS NULL "
        "AND private_key IS NOT NULL ORDER BY key_id DESC LIMIT 1"
    )
    if row is None:
        raise NotFound(
            N_("This installation holds no key to sign vouchers: the treasurer creates one "
               "first (caisse vouchers key).")
        )  # fmt: skip
    try:
        key = serialization.load_pem_private_key(
            row["private_key"], password=passphrase.encode("utf-8")
        )
    except (ValueError, TypeError):
        raise InputError(N_("Wrong passphrase for the voucher signing key.")) from None
    assert isinstance(key, Ed25519PrivateKey)
    return int(row["key_id"]), key


def public_keys(store: Store) -> dict[int, Ed25519PublicKey]:
    """Every key that ever signed, retired or not, by key id."""
    return {
        int(row["key_id"]): Ed25519PublicKey.from_public_bytes(row["public_key"])
        for row in store.rows("SELECT key_id, public_key FROM voucher_key")
    }


def listing(store: Store) -> list[dict[str, Any]]:
    return store.rows(
        "SELECT key_id, created_at, retired_at, private_key IS NOT NULL AS can_sign "
        "FROM voucher_key ORDER BY key_id"
    )
