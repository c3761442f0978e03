"""Entry point of the frozen Caisse: the same `caisse` command as `pip install` gives.

PyInstaller freezes this script (see caisse.spec). Two additions, both for the frozen build:

* In a windowed program on Windows (`caisse-gui.exe`) there is no console and `sys.stdout` /
  `sys.stderr` are None; anything written there would raise. Output goes to nowhere, and error
  output to `caisse-gui.log` in the data folder (opened only if something is written).
* `caisse --bundle-check` (frozen build only, first argument) checks that the bundle holds what
  the program reads at run time: our catalogues, the icon, the schema migrations, Babel's
  locale data for fr_FR and en_GB, Qt's own French catalogue and the SVG plugin, and that
  Python runs in UTF-8 mode (set in caisse.spec). It prints one
  line per check and exits 1 if any failed. The build scripts run it before the self-test.
"""

from __future__ import annotations

import os
import sys


class _LazyLog:
    """A text stream that creates its file on the first write."""

    def __init__(self, path_factory):
        self._path_factory = path_factory
        self._file = None

    def _open(self):
        if self._file is None:
            try:
                path = self._path_factory()
                path.parent.mkdir(parents=True, exist_ok=True)
                self._file = open(path, "a", encoding="utf-8")  # noqa: SIM115
            except OSError:
                self._file = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        return self._file

    def write(self, text: str) -> int:
        return self._open().write(text)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def isatty(self) -> bool:
        return False


def _streams_for_windowed_program() -> None:
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stderr is None:

        def log_path():
            from caisse.paths import data_dir

            return data_dir() / "caisse-gui.log"

        sys.stderr = _LazyLog(log_path)


def bundle_check() -> int:
    from pathlib import Path

    results: list[tuple[str, bool, str]] = []

    def check(name, func):
        try:
            ok, detail = func()
        except Exception as exc:  # a check that crashes has failed, and says why
            ok, detail = False, f"{type(exc).__name__}: {exc}"
        results.append((name, bool(ok), str(detail)))

    # The folder the program was installed as: dist/caisse (onedir, whose files are in
    # _internal/) or Caisse.app/Contents (macOS, files in Frameworks/ and Resources/).
    bundle = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent)).resolve().parent

    def translations():
        from caisse import i18n

        folder = i18n.translations_dir().resolve()
        inside = bundle in folder.parents
        po = i18n.po_path("fr")
        if not po.is_file():
            return inside and folder.is_dir(), f"{folder} (no French catalogue yet)"
        catalog = i18n.load_catalog("fr")
        count = len(getattr(catalog, "_catalog", {}))
        return inside and count > 1, f"{po}: {count} messages"

    def icon():
        from caisse.gui import app

        return app.ICON.is_file(), str(app.ICON)

    def migrations():
        from caisse.store import migrations

        return migrations.LATEST >= 1, f"schema version {migrations.LATEST}"

    def babel_locales():
        from babel import Locale
        from babel.numbers import format_currency

        fr = format_currency(1234.5, "EUR", locale=Locale.parse("fr_FR"))
        en = format_currency(1234.5, "EUR", locale=Locale.parse("en_GB"))
        return "234,50" in fr and "1,234.50" in en, f"fr_FR {fr!r}, en_GB {en!r}"

    def qt_translations():
        from PySide6.QtCore import QLibraryInfo, QTranslator

        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translator = QTranslator()
        loaded = translator.load("qtbase_fr", folder)
        return loaded and bundle in Path(folder).resolve().parents, folder

    def svg_icon():
        from PySide6.QtGui import QGuiApplication, QIcon

        from caisse.gui import app

        qapp = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
        pixmap = QIcon(str(app.ICON)).pixmap(32, 32)
        return not pixmap.isNull(), f"{pixmap.width()}x{pixmap.height()}"

    def utf8_mode():
        return sys.flags.utf8_mode == 1, f"utf8_mode={sys.flags.utf8_mode}"

    check("utf8-mode", utf8_mode)
    check("catalogues", translations)
    check("icon", icon)
    check("migrations", migrations)
    check("babel", babel_locales)
    check("qt-translations", qt_translations)
    check("svg-icon", svg_icon)
    for name, ok, detail in results:
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")
    return 0 if all(ok for _, ok, _ in results) else 1


def main() -> int:
    _streams_for_windowed_program()
    if sys.argv[1:2] == ["--bundle-check"]:
        return bundle_check()
    from caisse.cli.main import main as caisse_main

    return caisse_main()


if __name__ == "__main__":
    raise SystemExit(main())
