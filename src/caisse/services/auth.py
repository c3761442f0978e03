"""Users, their roles and secrets (password or PIN, hashed with scrypt), and logging in."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from typing import Any

from caisse.domain.errors import InputError, NotFound, PermissionDenied, RuleViolation
from caisse.domain.roles import Permission, Role
from caisse.i18n import N_
from caisse.services import events
from caisse.services.context import Actor, Context, local_now
from caisse.store.db import Store

# scrypt with 16 MiB of memory: memory-hard, in the standard library, ~50 ms a check
_N, _R, _P = 2**14, 8, 1
MIN_PIN = 4
MIN_PASSWORD = 8


def hash_secret(secret: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    encoded = [base64.b64encode(part).decode() for part in (salt, digest)]
    return "$".join(["scrypt", str(_N), str(_R), str(_P), *encoded])


def check_secret(secret: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    computed = hashlib.scrypt(
        secret.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32
    )
    return hmac.compare_digest(computed, base64.b64decode(digest))


def validate_secret(role: Role, secret: str) -> None:
    if role is Role.VOLUNTEER:
        if len(secret) < MIN_PIN:
            raise InputError(N_("A PIN or password needs at least {n} characters."), n=MIN_PIN)
    elif len(secret) < MIN_PASSWORD:
        raise InputError(
            N_("Treasurers and administrators need a password of at least {n} characters."),
            n=MIN_PASSWORD,
        )


def _actor(row: dict[str, Any]) -> Actor:
    return Actor(uid=row["uid"], login=row["login"], name=row["name"], role=Role(row["role"]))


def login(store: Store, login_name: str, secret: str) -> Context:
    """A context for the user, or a refusal that does not say which part was wrong."""
    row = store.one("SELECT * FROM user WHERE login = ? AND active = 1", (login_name.strip(),))
    if row is None or not check_secret(secret, row["secret_hash"]):
        with store.transaction():
            events.record(store, "login_failed", login=login_name.strip())
        raise PermissionDenied(N_("Wrong user or password. Try again."))
    with store.transaction():
        events.record(store, "login", actor=row["uid"])
    return Context(store, _actor(row))


def logout(ctx: Context) -> None:
    """The user leaves the computer: logged, so the event log shows who held the counter."""
    with ctx.store.transaction():
        events.record(ctx.store, "logout", actor=ctx.actor.uid)


def system_context(store: Store, login_name: str) -> Context:
    """A context for a known user without a secret: for the demo builder and tests only."""
    row = store.one("SELECT * FROM user WHERE login = ?", (login_name,))
    if row is None:
        raise NotFound(N_('There is no user "{login}".'), login=login_name)
    return Context(store, _actor(row))


def list_users(store: Store, *, active_only: bool = False) -> list[dict[str, Any]]:
    where = "WHERE active = 1" if active_only else ""
    return store.rows(
        f"SELECT id, uid, login, name, role, active FROM user {where} ORDER BY name COLLATE NOCASE"
    )


def _insert_user(store: Store, login_name: str, name: str, role: Role, secret: str) -> str:
    login_name, name = login_name.strip(), name.strip()
    if not login_name or not name:
        raise InputError(N_("A user needs a login and a name."))
    if store.scalar("SELECT 1 FROM user WHERE login = ?", (login_name,)):
        raise RuleViolation(N_('The login "{login}" is already taken.'), login=login_name)
    validate_secret(role, secret)
    uid = uuid.uuid4().hex
    store.execute(
        "INSERT INTO user (uid, login, name, role, secret_hash, active, created_at) "
        "VALUES (?, ?, ?, ?, ?, 1, ?)",
        (
            uid,
            login_name,
            name,
            role.value,
            hash_secret(secret),
            local_now().isoformat(timespec="seconds"),
        ),
    )
    return uid


def create_first_admin(store: Store, login_name: str, name: str, secret: str) -> str:
    """The administrator of a new database; refused once any user exists."""
    with store.transaction():
        if store.scalar("SELECT COUNT(*) FROM user"):
            raise RuleViolation(N_("This database already has users."))
        uid = _insert_user(store, login_name, name, Role.ADMIN, secret)
        events.record(store, "user_created", actor=uid, login=login_name, role="admin")
    return uid


def create_user(ctx: Context, login_name: str, name: str, role: Role, secret: str) -> str:
    ctx.require(Permission.MANAGE_USERS)
    with ctx.store.transaction():
        uid = _insert_user(ctx.store, login_name, name, role, secret)
        events.record(
            ctx.store, "user_created", actor=ctx.actor.uid, login=login_name, role=role.value
        )
    return uid


def update_user(
    ctx: Context,
    uid: str,
    *,
    name: str | None = None,
    role: Role | None = None,
    active: bool | None = None,
    secret: str | None = None,
) -> None:
    ctx.require(Permission.MANAGE_USERS)
    store = ctx.store
    with store.transaction():
        row = store.one("SELECT * FROM user WHERE uid = ?", (uid,))
        if row is None:
            raise NotFound(N_("This user no longer exists."))
        new_role = role or Role(row["role"])
        new_active = row["active"] if active is None else int(active)
        if row["role"] == Role.ADMIN.value and (new_role is not Role.ADMIN or not new_active):
            others = store.scalar(
                "SELECT COUNT(*) FROM user WHERE role = 'admin' AND active = 1 AND uid <> ?",
                (uid,),
            )
            if not others:
                raise RuleViolation(
                    N_(
                        "At least one active administrator must remain: make someone else "
                        "administrator first."
                    )
                )
        changes: dict[str, Any] = {"role": new_role.value, "active": new_active}
        if name is not None:
            if not name.strip():
                raise InputError(N_("A user needs a login and a name."))
            changes["name"] = name.strip()
        if secret:
            validate_secret(new_role, secret)
            changes["secret_hash"] = hash_secret(secret)
        sets = ", ".join(f"{k} = ?" for k in changes)
        store.execute(f"UPDATE user SET {sets} WHERE uid = ?", (*changes.values(), uid))
        events.record(
            store,
            "user_changed",
            actor=ctx.actor.uid,
            user=row["login"],
            fields=sorted(k for k in changes if k != "secret_hash")
            + (["secret"] if secret else []),
        )
