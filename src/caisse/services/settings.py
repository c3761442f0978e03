"""The association's identity, its currency and the rules of the counter, kept as settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from caisse.domain.currency import Currency, parity_text, parse_parity
from caisse.domain.errors import InputError, RuleViolation
from caisse.domain.membership import FEE_KINDS
from caisse.domain.roles import Permission
from caisse.i18n import N_
from caisse.services import events
from caisse.services.context import Context
from caisse.store.db import Store

DEFAULT_EXCHANGE_LIMIT = 100_000  # 1,000.00 EUR per exchange
DEFAULT_FEES = {"individual": 1500, "reduced": 500, "organisation": 5000}


@dataclass(frozen=True)
class Association:
    name: str
    address: str = ""
    postcode: str = ""
    commune: str = ""
    email: str = ""
    phone: str = ""
    siret: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InputError(N_("The association needs a name."))
        siret = self.siret.replace(" ", "")
        if siret:
            from stdnum.fr import siret as siret_check

            if not siret_check.is_valid(siret):
                raise InputError(
                    N_('The SIRET "{siret}" is not valid: check its 14 digits.'),
                    siret=self.siret,
                )
        object.__setattr__(self, "siret", siret)


def association(store: Store) -> Association:
    return Association(**store.get_setting("association", {"name": "?"}))


def currency(store: Store) -> Currency:
    data = store.get_setting("currency")
    if data is None:
        raise RuleViolation(N_("This database has no currency set up yet."))
    return currency_from_setting(data)


def currency_from_setting(data: dict[str, Any]) -> Currency:
    return Currency(
        name=data["name"],
        code=data["code"],
        symbol=data.get("symbol", ""),
        denominations=tuple(data["denominations"]),
        parity=parse_parity(data.get("parity", "1")),
    )


def currency_setting(cur: Currency) -> dict[str, Any]:
    return {
        "name": cur.name,
        "code": cur.code,
        "symbol": cur.symbol,
        "denominations": list(cur.denominations),
        "parity": parity_text(cur.parity),
    }


def exchange_limit(store: Store) -> int:
    return int(store.get_setting("exchange_limit", DEFAULT_EXCHANGE_LIMIT))


def membership_fees(store: Store) -> dict[str, int]:
    return {**DEFAULT_FEES, **store.get_setting("membership_fees", {})}


def language(store: Store) -> str | None:
    return store.get_setting("language")


def installation_counter(store: Store) -> str | None:
    """The exchange point this installation serves, chosen once in the settings."""
    return store.get_setting("installation_counter")


def set_installation_counter(ctx: Context, code: str | None) -> None:
    """Any user may say at which counter this computer stands."""
    if code is not None:
        from caisse.services import counters

        code = counters.get_active(ctx.store, code)["code"]
    _put(ctx, "installation_counter", code, permission=None)


def set_association(ctx: Context, value: Association) -> None:
    ctx.require(Permission.SETTINGS)
    _put(ctx, "association", value.__dict__)


def set_currency(ctx: Context, value: Currency) -> None:
    ctx.require(Permission.SETTINGS)
    store = ctx.store
    old = currency(store)
    if store.scalar("SELECT COUNT(*) FROM txn"):
        if value.code != old.code:
            raise RuleViolation(N_("The currency code cannot change once the journal has entries."))
        if value.parity != old.parity:
            raise RuleViolation(N_("The parity cannot change once the journal has entries."))
    _put(ctx, "currency", currency_setting(value))


def set_exchange_limit(ctx: Context, cents: int) -> None:
    ctx.require(Permission.SETTINGS)
    if cents <= 0:
        raise InputError(N_("The exchange limit must be a positive amount."))
    _put(ctx, "exchange_limit", cents)


def set_membership_fees(ctx: Context, fees: dict[str, int]) -> None:
    ctx.require(Permission.SETTINGS)
    if set(fees) != set(FEE_KINDS) or any(v <= 0 for v in fees.values()):
        raise InputError(N_("Each membership fee must be a positive amount."))
    _put(ctx, "membership_fees", fees)


def set_language(ctx: Context, lang: str) -> None:
    from caisse.i18n import LANGUAGES

    if lang not in LANGUAGES:
        raise InputError(N_('Unknown language "{lang}".'), lang=lang)
    _put(ctx, "language", lang, permission=None)


def _put(
    ctx: Context, key: str, value: Any, permission: Permission | None = Permission.SETTINGS
) -> None:
    if permission is not None:
        ctx.require(permission)
    with ctx.store.transaction():
        old = ctx.store.get_setting(key)
        ctx.store.put_setting(key, value)
        events.record(
            ctx.store, "setting_changed", actor=ctx.actor.uid, key=key, old=old, new=value
        )
