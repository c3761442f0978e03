"""Opening the window: on the user's database, or on the demo built first if it is missing.

Qt is imported here only, at the moment the window opens, so every other command starts
quickly and works on a machine without a display.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from caisse import paths
from caisse.cli import common
from caisse.cli.database import make_demo
from caisse.domain.errors import CaisseError
from caisse.i18n import N_


def gui(args: argparse.Namespace) -> int:
    if args.demo:
        path = Path(args.db).expanduser() if args.db else paths.demo_db_path()
        if not path.exists():
            make_demo(path)
    else:
        path = common.db_path(args)
    try:
        from caisse.gui.app import run
    except ImportError as exc:
        raise CaisseError(
            N_("The window cannot open: {error}. The commands still work: see caisse --help."),
            error=str(exc),
        ) from exc
    return run(path, self_test=args.self_test, demo=args.demo, language=args.lang)
