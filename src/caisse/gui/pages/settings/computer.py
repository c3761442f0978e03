"""What belongs to this installation: its exchange point, its receipt printer's paper and its
language."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from caisse.i18n import _
from caisse.services import counters, receipts, settings
from caisse.services.context import Context

from ...bus import Bus
from ...widgets import hint
from .form_tab import FormTab

LANGUAGE_NAMES = {"fr": "Français", "en": "English"}


class ComputerTab(FormTab):
    def __init__(self, ctx: Context, bus: Bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        self.counter = QComboBox()
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.form.addRow(_("Exchange point of this computer"), self.counter)
        self.form.addRow(
            "",
            hint(_("The counter page records every operation at this exchange point.")),
        )
        self.receipt_format = QComboBox()
        self.receipt_format.addItem(_("A4 sheet"), "a4")
        self.receipt_format.addItem(_("80 mm receipt roll"), "80mm")
        self.form.addRow(_("Receipts printed on"), self.receipt_format)
        self.form.addRow(_("Language"), self.language)
        self.form.addRow("", hint(_("A new language applies at the next start of Caisse.")))
        bus.counters_changed.connect(self.load)
        self.load()

    def load(self) -> None:
        self.counter.clear()
        self.counter.addItem(_("None: choose at the counter page"), None)
        for row in counters.list_counters(self.store, active_only=True):
            self.counter.addItem(f"{row['code']} — {row['name']}", row["code"])
        index = self.counter.findData(settings.installation_counter(self.store))
        self.counter.setCurrentIndex(max(index, 0))
        fmt = receipts.receipt_format(self.store)
        self.receipt_format.setCurrentIndex(max(self.receipt_format.findData(fmt), 0))
        lang = settings.language(self.store) or "fr"
        self.language.setCurrentIndex(max(self.language.findData(lang), 0))

    def save(self) -> None:
        old_language = settings.language(self.store) or "fr"
        new_language = self.language.currentData()

        new_counter = self.counter.currentData()
        new_format = self.receipt_format.currentData()

        def act() -> None:
            if new_counter != settings.installation_counter(self.store):
                settings.set_installation_counter(self.ctx, new_counter)
            if new_format != receipts.receipt_format(self.store):
                receipts.set_receipt_format(self.ctx, new_format)
            if new_language != settings.language(self.store):
                settings.set_language(self.ctx, new_language)

        done = _("Saved.")
        if new_language != old_language:
            done = _("Saved. The new language applies when Caisse starts again.")
        self.attempt(act, done)
