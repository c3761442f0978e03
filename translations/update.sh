#!/usr/bin/env bash
# Extract the messages of src/caisse into translations/caisse.pot and merge them into each
# language's catalogue. Translate the new entries in translations/<lang>/LC_MESSAGES/caisse.po,
# then run the tests: tests/test_i18n.py fails while a French entry is missing or fuzzy.
set -euo pipefail
cd "$(dirname "$0")/.."
pybabel extract --no-location --sort-output --width 100 --project=Caisse --copyright-holder="Caisse" \
    -k _ -k N_ -k ngettext:1,2 -o translations/caisse.pot src/caisse
for po in translations/*/LC_MESSAGES/caisse.po; do
    lang=$(basename "$(dirname "$(dirname "$po")")")
    pybabel update --no-fuzzy-matching --ignore-obsolete --width 100 -l "$lang" \
        -i translations/caisse.pot -o "$po"
done
