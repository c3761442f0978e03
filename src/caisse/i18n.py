"""Message catalogues and the user's locale.

A leaf module every layer may import: it knows gettext and Babel, nothing of the project.
Source strings are English; French is the default language. Catalogues are the `.po` files
under ``translations/`` compiled in memory at start-up, so a source checkout and an installed
build read the same files.
"""

from __future__ import annotations

import gettext
import io
import os
import string
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "caisse"
DEFAULT_LANGUAGE = "fr"
#: language code -> Babel locale used for numbers, money and dates
LANGUAGES = {"fr": "fr_FR", "en": "en_GB"}

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def translations_dir() -> Path:
    """Where the catalogues are: inside the package when installed, else the source tree."""
    here = Path(__file__).resolve().parent
    packaged = here / "translations"
    if packaged.is_dir():
        return packaged
    return here.parents[1] / "translations"


def po_path(language: str) -> Path:
    return translations_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_catalog(language: str) -> gettext.NullTranslations:
    path = po_path(language)
    if not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as fp:
        catalog = read_po(fp, locale=language)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def set_language(language: str | None = None) -> str:
    """Switch every later message to `language` ("fr", "en"); returns the one chosen."""
    global _translations, _language
    language = (language or os.environ.get("CAISSE_LANG") or DEFAULT_LANGUAGE).lower()[:2]
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    _translations = gettext.NullTranslations() if language == "en" else load_catalog(language)
    _language = language
    return language


def language() -> str:
    return _language


def locale() -> str:
    """The Babel locale of the current language, for money, numbers and dates."""
    return LANGUAGES[_language]


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a message formats, so a translation cannot drop or invent one."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<malformed>"}


def _(message: str) -> str:
    translated = _translations.gettext(message)
    if translated is not message and placeholders(translated) != placeholders(message):
        return message
    return translated


def ngettext(singular: str, plural: str, n: int) -> str:
    translated = _translations.ngettext(singular, plural, n)
    source = singular if n == 1 else plural
    if placeholders(translated) != placeholders(source):
        return source
    return translated


def N_(message: str) -> str:
    """Marks a string for extraction; it is translated later, where it is shown."""
    return message
