"""Commands about the database as a whole: init, demo, status, verify, backup."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from caisse import paths
from caisse.cli import common
from caisse.cli.common import coloured, number, out
from caisse.domain.currency import DEFAULT_DENOMINATIONS, Currency, parse_parity
from caisse.domain.errors import InputError, StoreError
from caisse.domain.money import Money, parse_cents
from caisse.domain.roles import Role
from caisse.i18n import N_, _
from caisse.services import auth, demo, events, settings, setup, status
from caisse.services.settings import Association
from caisse.store import journal
from caisse.store.lock import InstanceLock


# --- init -------------------------------------------------------------------------------------
def init(args: argparse.Namespace) -> int:
    path = common.db_path(args)
    currency = Currency(
        name=args.currency_name,
        code=args.currency_code,
        symbol=args.currency_symbol,
        denominations=parse_denominations(args.denominations),
        parity=parse_parity(args.parity),
    )
    association = Association(args.association, commune=args.commune)
    if path.exists() and path.stat().st_size > 0:
        raise StoreError(
            N_("{path} already exists: choose another file or delete it first."), path=str(path)
        )
    secret = common.read_secret(
        _("Password for {login}: ").format(login=args.admin_login), twice=True
    )
    auth.validate_secret(Role.ADMIN, secret)  # refused before any file is made
    path.parent.mkdir(parents=True, exist_ok=True)
    with InstanceLock(path):
        store = setup.initialize(
            path, association, currency, args.admin_login, args.admin_name, secret
        )
        try:
            if args.lang:
                admin = auth.system_context(store, args.admin_login)
                settings.set_language(admin, args.lang)
        finally:
            store.close()
    out(
        _("Created the database of {association} at {path}.").format(
            association=association.name, path=path
        )
    )
    out(
        _('Log in as "{login}" to add exchange points, users and members.').format(
            login=args.admin_login
        )
    )
    return common.EXIT_OK


def parse_denominations(text: str | None) -> tuple[int, ...]:
    """ "1 2 5 10 20 50" (or "1,2,5", or "0,50;1;2" in French) as cents of the unit."""
    if not text:
        return DEFAULT_DENOMINATIONS
    parts = text.replace(";", " ").split()
    if len(parts) == 1 and all(p.isdigit() for p in parts[0].split(",")):
        parts = parts[0].split(",")
    try:
        return tuple(parse_cents(p) for p in parts if p)
    except InputError:
        raise InputError(
            N_('"{text}" is not a list of note values: type them with spaces, as "1 2 5 10".'),
            text=text,
        ) from None


# --- demo -------------------------------------------------------------------------------------
def build_demo(args: argparse.Namespace) -> int:
    path = Path(args.db).expanduser() if args.db else paths.demo_db_path()
    if path.exists() and not args.force:
        raise StoreError(
            N_("{path} already exists. Add --force to build the demo again."), path=str(path)
        )
    started = time.perf_counter()
    demo_path = make_demo(path, args)
    seconds = time.perf_counter() - started
    out(
        _("Demo database built at {path} in {seconds} s.").format(
            path=demo_path, seconds=number(round(seconds))
        )
    )
    out(
        _(
            'Log in as "admin" (password admin1234), "tresorier" (tresor1234) or "benevole" '
            "(PIN 1234)."
        )
    )
    return common.EXIT_OK


def make_demo(path: Path, args: argparse.Namespace | None = None) -> Path:
    sizes: dict[str, Any] = {}
    if args is not None:
        sizes = {
            key: getattr(args, key)
            for key in ("seed", "members", "partners", "counters", "days")
            if getattr(args, key, None) is not None
        }
    progress = common.StepProgress(_("Building the demo database…"))
    return demo.build(path, progress=progress, **sizes)


# --- status -----------------------------------------------------------------------------------
def show_status(args: argparse.Namespace) -> int:
    with common.reading(args) as store:
        summary = status.summary(store)
        summary["demo"] = bool(store.get_setting("demo", False))
        summary["database"] = str(store.path)
        if args.json:
            out(json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True))
            return common.EXIT_OK
        cov = status.coverage(store)
        currency = settings.currency(store)
    out(
        _("{association}: {currency} ({code}){demo}").format(
            association=summary["association"],
            currency=currency.name,
            code=currency.code,
            demo=_(" — demo database") if summary["demo"] else "",
        )
    )
    out(coverage_line(cov))
    out(
        _("Members: {members}, of whom {partners} partners").format(
            members=number(summary["members"]), partners=number(summary["partners"])
        )
    )
    out(
        _("Exchange points: {counters}; users: {users}; journal entries: {entries}").format(
            counters=number(summary["counters"]),
            users=number(summary["users"]),
            entries=number(summary["journal_entries"]),
        )
    )
    out(_("Notes in the vault: {vault}").format(vault=currency.unit(summary["vault"]).display()))
    return common.EXIT_OK


def coverage_line(cov: status.Coverage) -> str:
    # the local currency in circulation: notes out and vouchers outstanding
    values = {"held": cov.held.display(), "circulation": (cov.circulation + cov.vouchers).display()}
    if cov.covered:
        text = _("Coverage: covered, {held} held for {circulation} in circulation")
    else:
        gap = cov.difference
        values["gap"] = Money(abs(gap.numerator) // gap.denominator).display()
        if gap < 0:
            text = _("Coverage: NOT covered, {gap} missing: {held} held for {circulation}")
        else:
            text = _("Coverage: NOT matched, {gap} too much: {held} held for {circulation}")
    return coloured(text.format(**values), cov.covered)


# --- verify -----------------------------------------------------------------------------------
def verify(args: argparse.Namespace) -> int:
    with common.reading(args) as store:
        report = journal.verify(store)
    problems = [
        {"entry": p.seq or None, "message": _(p.message).format(**p.values)}
        for p in report.problems
    ]
    if args.json:
        out(json.dumps(
            {"ok": report.ok, "entries": report.entries, "last_hash": report.last_hash,
             "problems": problems},
            ensure_ascii=False, indent=2,
        ))  # fmt: skip
    elif report.ok:
        out(
            coloured(
                _("OK: {entries} journal entries, chained and balanced.").format(
                    entries=number(report.entries)
                ),
                True,
            )
        )
        out(_("Last hash: {hash}").format(hash=report.last_hash))
    else:
        out(coloured(_("The journal is NOT intact:"), False))
        for problem in problems:
            out(f"- {problem['message']}")
        first = next((p.seq for p in report.problems if p.seq), None)
        if first is not None:
            out(_("First broken entry: {seq}.").format(seq=first))
    return common.EXIT_OK if report.ok else common.EXIT_BROKEN


# --- backup -----------------------------------------------------------------------------------
def backup(args: argparse.Namespace) -> int:
    destination = Path(args.destination).expanduser()
    with common.reading(args) as store:
        written = store.backup_to(destination)
        with store.transaction():
            events.record(store, "backup", path=str(written.resolve()))
        entries = store.scalar("SELECT COUNT(*) FROM txn")
    size = written.stat().st_size
    out(
        _("Backup written to {path} ({entries} journal entries, {size} kB).").format(
            path=written, entries=number(entries), size=number(max(1, size // 1024))
        )
    )
    return common.EXIT_OK
