"""Starting the GUI: language, Qt translations, the instance lock, the database, log-in.

``run`` is what the command line calls; ``main`` is the ``caisse-gui`` entry point.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from caisse import i18n
from caisse.domain.errors import CaisseError
from caisse.domain.roles import Role
from caisse.i18n import _
from caisse.services import auth, settings
from caisse.services.context import Context
from caisse.store.db import Store, open_store
from caisse.store.lock import InstanceLock

from . import style
from .i18n_qt import QtTranslations
from .login import LoginDialog
from .main_window import MainWindow
from .setup_dialog import SetupDialog

ICON = Path(__file__).resolve().parents[1] / "resources" / "caisse.svg"


def _application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Caisse")
    app.setOrganizationName("Caisse")
    for candidate in (ICON, Path(__file__).resolve().parents[3] / "resources" / "caisse.svg"):
        if candidate.is_file():
            app.setWindowIcon(QIcon(str(candidate)))
            break
    return app


def _fail(message: str, *, quiet: bool) -> int:
    print(message, file=sys.stderr)
    if not quiet:
        QMessageBox.critical(None, _("Caisse"), message)
    return 1


def first_admin(store: Store) -> Context:
    """The first active administrator, without a password: for the self-test only."""
    for row in auth.list_users(store, active_only=True):
        if row["role"] == Role.ADMIN.value:
            return auth.system_context(store, row["login"])
    raise CaisseError(i18n.N_("This database has no active administrator."))


def run(
    db_path: Path,
    *,
    self_test: bool = False,
    demo: bool = False,
    language: str | None = None,
) -> int:
    """Open Caisse on ``db_path``; returns the exit code."""
    db_path = Path(db_path)
    app = _application()
    style.apply(app)
    chosen = i18n.set_language(language)
    translations = QtTranslations()
    translations.install(chosen)
    lock = InstanceLock(db_path)
    store: Store | None = None
    try:
        try:
            lock.acquire()
            if db_path.exists() and db_path.stat().st_size > 0:
                store = open_store(db_path)
            elif self_test:
                return _fail(_no_database(db_path), quiet=True)
        except CaisseError as err:
            return _fail(str(err), quiet=self_test)
        if store is None:
            setup_dialog = SetupDialog(db_path)
            if not setup_dialog.exec() or setup_dialog.store is None:
                return 0
            store = setup_dialog.store
        if language is None:
            saved = settings.language(store)
            if saved and saved != chosen:
                chosen = i18n.set_language(saved)
                translations.install(chosen)
        if self_test:
            return _self_test(app, store)
        return _session_loop(app, store, demo)
    finally:
        translations.remove()
        if store is not None:
            store.close()
        lock.release()


def _session_loop(app: QApplication, store: Store, demo: bool) -> int:
    """Log in, work, and log in again as long as users hand the computer over."""
    while True:
        login = LoginDialog(store, demo=demo)
        if not login.exec() or login.context is None:
            return 0
        window = MainWindow(login.context)
        window.show()
        code = app.exec()
        switching = window.switch_requested
        window.deleteLater()
        if not switching:
            return code


def _no_database(db_path: Path) -> str:
    return _("There is no database at {path}.").format(path=str(db_path))


def _self_test(app: QApplication, store: Store) -> int:
    """Open the main window, let the event loop show it, quit: 0 when it was shown."""
    try:
        ctx = first_admin(store)
    except CaisseError as err:
        return _fail(str(err), quiet=True)
    window = MainWindow(ctx)
    window.show()
    QTimer.singleShot(0, lambda: app.exit(0 if window.isVisible() else 2))
    code = app.exec()
    window.close()
    window.deleteLater()
    return code


def main() -> int:
    """``caisse-gui [DB]``: the user's database, or the one named."""
    from caisse.paths import default_db_path

    args = sys.argv[1:]
    path = Path(args[0]) if args and not args[0].startswith("-") else default_db_path()
    return run(path, self_test="--self-test" in args)


if __name__ == "__main__":
    raise SystemExit(main())
