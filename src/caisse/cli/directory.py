"""`caisse directory export --format pdf|geojson|csv`: the partner directory as a printed
guide, a map layer or a spreadsheet."""

from __future__ import annotations

import argparse
from pathlib import Path

from caisse.cli.parsing import Command, group
from caisse.i18n import _, ngettext


def add_directory_commands(command: Command, common_options: argparse.ArgumentParser,
                           epilog: str) -> None:  # fmt: skip
    action = group(command, "directory", _("publish the partner directory"), common_options,
                   epilog)  # fmt: skip
    sub = action(
        "export",
        _("write the partner directory as a printed guide (PDF), a map layer (GeoJSON) or CSV"),
        "directory:export",
    )
    sub.add_argument(
        "--format",
        required=True,
        choices=("pdf", "geojson", "csv"),
        help=_("pdf: the printed guide; geojson: for uMap and other maps; csv: for a spreadsheet"),
    )
    sub.add_argument(
        "--layout",
        choices=("a4", "a5"),
        default="a4",
        help=_("pages of the guide: a4 in two columns (the default), or a5 for a folded booklet"),
    )
    sub.add_argument(
        "--include-former",
        action="store_true",
        help=_("list former partners too, marked as such"),
    )
    sub.add_argument(
        "-o",
        "--output",
        metavar=_("FILE"),
        help=_("the file to write (default: a dated name in the current folder)"),
    )


def export(args: argparse.Namespace) -> int:
    from caisse.cli import common
    from caisse.services import directory_export, files

    with common.reading(args) as store:
        data = directory_export.gather(store, include_former=args.include_former)
    # the name in the database's language, once it is known
    name = args.output or directory_export.suggested_name(args.format, args.layout)
    content = directory_export.render(data, args.format, args.layout)
    path = files.write(Path(name).expanduser(), content)
    listed = len(data.entries)
    if args.format != "geojson":
        common.out(
            ngettext("{count} partner written to {file}.", "{count} partners written to {file}.",
                     listed).format(count=common.number(listed), file=path)
        )  # fmt: skip
        return common.EXIT_OK
    placed, unplaced = listed - data.without_coordinates, data.without_coordinates
    common.out(
        ngettext("{count} partner on the map written to {file}.",
                 "{count} partners on the map written to {file}.",
                 placed).format(count=common.number(placed), file=path)
    )  # fmt: skip
    if unplaced:
        common.out(
            ngettext("{count} partner without coordinates was left out: give it a latitude and "
                     "a longitude in its directory entry.",
                     "{count} partners without coordinates were left out: give them a latitude "
                     "and a longitude in their directory entry.",
                     unplaced).format(count=common.number(unplaced))
        )  # fmt: skip
    return common.EXIT_OK
