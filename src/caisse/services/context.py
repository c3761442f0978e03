"""Who is acting, on which database, at what time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from caisse.domain.errors import PermissionDenied
from caisse.domain.roles import PERMISSION_LABELS, Permission, Role, allows
from caisse.i18n import N_, _
from caisse.store.db import Store


def local_now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


@dataclass(frozen=True)
class Actor:
    uid: str
    login: str
    name: str
    role: Role


@dataclass
class Context:
    """What every service receives: the store, the acting user and the clock."""

    store: Store
    actor: Actor
    clock: Callable[[], datetime] = field(default=local_now)

    def now(self) -> datetime:
        return self.clock().replace(microsecond=0)

    def now_iso(self) -> str:
        return self.now().isoformat(timespec="seconds")

    def today(self) -> date:
        return self.now().date()

    def may(self, permission: Permission) -> bool:
        return allows(self.actor.role, permission)

    def require(self, permission: Permission) -> None:
        if not self.may(permission):
            raise PermissionDenied(
                N_("{user} ({role}) may not {action}. Ask a treasurer or an administrator."),
                user=self.actor.name,
                role=_(self.actor.role.label),
                action=_(PERMISSION_LABELS[permission]),
            )
