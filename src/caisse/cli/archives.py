"""``caisse archive create|verify``: the signed archive of a closed month or year, and checking
one anywhere, with no database."""

from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path

from caisse.cli.parsing import Command, group
from caisse.domain.errors import InputError
from caisse.i18n import N_, _


def add_archive_commands(
    command: Command, common_options: argparse.ArgumentParser, epilog: str
) -> None:
    from caisse.cli.vouchers import PASSPHRASE_VARIABLE

    action = group(
        command, "archive", _("signed archives of closed periods"), common_options, epilog
    )
    sub = action(
        "create", _("the signed archive (zip) of a closed month or year"), "archives:create"
    )
    sub.add_argument("kind", choices=("month", "year"), help=_("month or year"))
    sub.add_argument(
        "period", metavar=_("PERIOD"), help=_("the month (e.g. 2026-10) or the year (e.g. 2026)")
    )
    sub.add_argument(
        "-o", "--output", required=True, metavar=_("FILE"), help=_("the archive to write")
    )
    sub.add_argument("--user", required=True, metavar=_("LOGIN"),
                     help=_("who makes it (a treasurer or an administrator)"))  # fmt: skip
    sub.epilog = " ".join((
        _("The password is read from CAISSE_PASSWORD, or asked."),
        _("The archive is signed with the association's key, the one that signs vouchers: its "
          "passphrase is read from {variable}, or asked.").format(variable=PASSPHRASE_VARIABLE),
        epilog,
    ))  # fmt: skip

    sub = action("verify", _("check an archive: it needs no database"), "archives:verify")
    sub.add_argument("file", metavar=_("FILE"), help=_("the archive to check"))
    sub.add_argument(
        "--fingerprint",
        metavar=_("HEX"),
        help=_("the association's published key fingerprint: refused when the signer differs"),
    )
    sub.epilog = " ".join((
        _("Exit code 7 when the archive was altered or signed by another key."), epilog,
    ))  # fmt: skip


def _period(kind: str, text: str) -> date:
    if kind == "year":
        found = re.fullmatch(r"\s*(\d{4})\s*", text)
        if found is None:
            raise InputError(N_("{text} is not a year: write it as e.g. 2026."), text=text)
        return date(int(found[1]), 1, 1)
    found = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text)
    if found is None or not 1 <= int(found[2]) <= 12:
        raise InputError(
            N_("{text} is not a month: write it as year-month, e.g. 2026-10."), text=text
        )
    return date(int(found[1]), int(found[2]), 1)


def create(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.cli.operations import log_in
    from caisse.cli.vouchers import read_passphrase
    from caisse.services import archives, files, periods

    start = _period(args.kind, args.period)
    with common.writing(args) as store:
        ctx = log_in(store, args.user)
        data = archives.create(ctx, args.kind, start, read_passphrase())
    path = files.write(Path(args.output).expanduser(), data)
    report = archives.verify(data)
    common.out(
        _("Archive of {period} written to {file}: {entries} journal entries.").format(
            period=periods.label(args.kind, start), file=path, entries=common.number(report.entries)
        )
    )
    common.out(_("Key fingerprint: {fingerprint}").format(fingerprint=report.fingerprint))
    return common.EXIT_OK


def verify(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.services import archives, periods

    path = Path(args.file).expanduser()
    report = archives.verify(path.read_bytes(), args.fingerprint)
    if report.ok:
        common.out(
            common.coloured(
                _("OK: the archive of {period} ({association}) is intact: {entries} journal "
                  "entries, chained up to the period closing.").format(
                    period=periods.label(report.kind, report.period_start),
                    association=report.association, entries=common.number(report.entries),
                ),
                True,
            )
        )  # fmt: skip
        common.out(_("Last hash: {hash}").format(hash=report.last_hash))
    else:
        common.out(common.coloured(_("The archive is NOT intact:"), False))
        common.out(f"- {report.message()}")
    if report.fingerprint:
        common.out(
            _("Signed with key {key}, fingerprint: {fingerprint}").format(
                key=report.key_id, fingerprint=report.fingerprint
            )
        )
        if args.fingerprint is None:
            common.out(_("Compare it with the fingerprint the association publishes."))
    return common.EXIT_OK if report.ok else common.EXIT_BROKEN
