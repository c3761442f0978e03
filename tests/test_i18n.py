"""French is complete and every translation keeps the placeholders of its source."""

import gettext
import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from caisse import i18n

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def source_messages() -> set[str]:
    found = set()
    for _, _, message, _, _ in extract_from_dir(
        ROOT / "src" / "caisse", method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        if isinstance(message, tuple):  # plural forms are filed under the singular
            found.add(message[0])
        elif message:
            found.add(message)
    return found


def french_catalog():
    with i18n.po_path("fr").open("rb") as fp:
        return read_po(fp, locale="fr")


def test_every_message_of_the_program_is_translated_into_french():
    catalog = french_catalog()
    missing = []
    for message in sorted(source_messages()):
        entry = catalog.get(message)
        translated = entry is not None and (
            all(entry.string) if isinstance(entry.string, tuple) else bool(entry.string)
        )
        if not translated or (entry is not None and entry.fuzzy):
            missing.append(message)
    assert not missing, f"{len(missing)} message(s) lack French:\n" + "\n".join(missing[:40])


def test_every_french_translation_keeps_its_placeholders():
    wrong = []
    for entry in french_catalog():
        if not entry.id or not entry.string:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        expected = set().union(*(i18n.placeholders(i) for i in ids))
        for s in strings:
            if s and i18n.placeholders(s) != expected:
                wrong.append(f"{entry.id!r} -> {s!r}")
    assert not wrong, "\n".join(wrong)


def test_a_translation_with_other_placeholders_falls_back_to_the_source(monkeypatch):
    po = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Hello {name}"\nmsgstr "Bonjour {nom}"\n'
    )
    from babel.messages.mofile import write_mo

    catalog = read_po(io.StringIO(po), locale="fr")
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    monkeypatch.setattr(i18n, "_translations", gettext.GNUTranslations(buf))
    assert i18n._("Hello {name}").format(name="Ane") == "Hello Ane"


def test_french_is_the_default_language(monkeypatch):
    monkeypatch.delenv("CAISSE_LANG", raising=False)
    assert i18n.set_language(None) == "fr"
    assert i18n.locale() == "fr_FR"
    assert i18n._("Exchange") == "Change"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_languages_can_be_chosen(lang):
    assert i18n.set_language(lang) == lang


def test_unknown_language_falls_back_to_french():
    assert i18n.set_language("xx") == "fr"
