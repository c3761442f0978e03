"""Qt speaks our language: a translator that answers from our gettext catalogue, and Qt's own
catalogue (qtbase) so stock dialogs and buttons are translated too."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from caisse import i18n


class GettextTranslator(QTranslator):
    """Answers Qt's ``tr()`` lookups with our catalogue; no answer (None, which reaches Qt as
    a null string) lets Qt ask the next translator (Qt's own) or keep the source text. An empty
    string would not: Qt would show it, and stock buttons would be blank."""

    def translate(  # type: ignore[override]
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        if not source_text:
            return None
        translated = i18n._(source_text)
        return None if translated == source_text else translated

    def isEmpty(self) -> bool:
        return False


class QtTranslations:
    """The translators installed on the application, so they can be removed again."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []

    def install(self, language: str) -> None:
        self.remove()
        app = QCoreApplication.instance()
        if app is None:
            return
        QLocale.setDefault(QLocale(i18n.locale()))
        ours = GettextTranslator(app)
        app.installTranslator(ours)
        self._installed.append(ours)
        if language != "en":
            qt_own = QTranslator(app)
            folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            # installed last, asked first: Qt's strings come from Qt's catalogue
            if qt_own.load(f"qtbase_{language}", folder):
                app.installTranslator(qt_own)
                self._installed.append(qt_own)

    def remove(self) -> None:
        app = QCoreApplication.instance()
        for translator in self._installed:
            if app is not None:
                app.removeTranslator(translator)
        self._installed.clear()
