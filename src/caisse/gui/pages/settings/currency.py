"""The local currency, the exchange limit and the membership fee grid."""

from __future__ import annotations

from babel.numbers import format_decimal
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QWidget

from caisse import i18n
from caisse.domain.currency import Currency, parity_text, parse_parity
from caisse.domain.errors import InputError
from caisse.domain.membership import FEE_KINDS
from caisse.domain.money import format_amount, parse_cents
from caisse.i18n import N_, _
from caisse.services import ledger, partners, settings
from caisse.services.context import Context

from ...bus import Bus
from ...widgets import AmountEdit, heading, hint
from ..counter.dialogs.reconversion import percent_text
from ..counter.fees import FEE_LABELS
from .form_tab import FormTab

SEPARATOR = ";"


def denominations_text(cents: tuple[int, ...]) -> str:
    """ "1; 2; 5; 10; 20; 50", whole units without decimals."""
    parts = [
        format_decimal(c // 100, locale=i18n.locale()) if c % 100 == 0 else format_amount(c)
        for c in cents
    ]
    return f"{SEPARATOR} ".join(parts)


def parse_denominations(text: str) -> tuple[int, ...]:
    parts = [p for p in text.split(SEPARATOR) if p.strip()]
    if not parts:
        raise InputError(N_("Type the note values separated by semicolons, for example 1; 2; 5."))
    return tuple(parse_cents(p) for p in parts)


def parse_percent(text: str) -> int:
    """A rate typed as a percentage ("5", "2,5") in basis points."""
    cleaned = text.replace("%", "").strip()
    try:
        hundredths = parse_cents(cleaned)
    except InputError:
        raise InputError(N_("Type the commission as a percentage, for example 5.")) from None
    if not 0 <= hundredths <= 10_000:
        raise InputError(N_("The commission rate must be between 0 and 100 %."))
    return hundredths


class CurrencyTab(FormTab):
    def __init__(self, ctx: Context, bus: Bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        self.name = QLineEdit()
        self.code = QLineEdit()
        self.code.setMaximumWidth(100)
        self.symbol = QLineEdit()
        self.symbol.setMaximumWidth(100)
        self.denominations = QLineEdit()
        self.parity = QLineEdit()
        self.parity.setMaximumWidth(100)
        self.locked = hint("")
        self.limit = AmountEdit()
        self.limit.setMaximumWidth(160)
        self.fees = {kind: AmountEdit() for kind in FEE_KINDS}

        self.form.addRow(heading(_("Local currency"), 12))
        self.form.addRow(_("Name"), self.name)
        self.form.addRow(_("Code"), self.code)
        self.form.addRow(_("Symbol"), self.symbol)
        self.form.addRow(_("Note values"), self.denominations)
        self.form.addRow("", hint(_("Separate the values with semicolons: 1; 2; 5; 10; 20; 50.")))
        self.form.addRow(_("Parity (euros for one unit)"), self.parity)
        self.form.addRow("", self.locked)
        self.form.addRow(QLabel(""))
        self.form.addRow(heading(_("Counter rules"), 12))
        self.form.addRow(_("Largest exchange (euros)"), self.limit)
        for kind in FEE_KINDS:
            self.fees[kind].setMaximumWidth(160)
            self.form.addRow(_(FEE_LABELS[kind]), self.fees[kind])
        self.form.addRow(QLabel(""))
        self.form.addRow(heading(_("Reconversion"), 12))
        self.commission = QLineEdit()
        self.commission.setMaximumWidth(100)
        self.form.addRow(_("Commission (%)"), self.commission)
        self.volunteers_reconvert = QCheckBox(_("Volunteers may reconvert partners' notes"))
        self.form.addRow("", self.volunteers_reconvert)
        self.form.addRow("", hint(_("Otherwise only a treasurer or an administrator reconverts.")))
        self.load()

    def load(self) -> None:
        cur = settings.currency(self.store)
        self.name.setText(cur.name)
        self.code.setText(cur.code)
        self.symbol.setText(cur.symbol)
        self.denominations.setText(denominations_text(cur.denominations))
        self.parity.setText(parity_text(cur.parity))
        has_entries = bool(ledger.listing(self.store, limit=1))
        self.code.setReadOnly(has_entries)
        self.parity.setReadOnly(has_entries)
        self.locked.setText(
            _("The code and the parity cannot change once the journal has entries.")
            if has_entries
            else _("Choose the code and the parity carefully: they are fixed by the first entry.")
        )
        self.limit.set_cents(settings.exchange_limit(self.store))
        fees = settings.membership_fees(self.store)
        for kind, field in self.fees.items():
            field.set_cents(fees[kind])
        self.commission.setText(percent_text(partners.commission_rate(self.store)).rstrip("\xa0%"))
        self.volunteers_reconvert.setChecked(partners.volunteers_may_reconvert(self.store))

    def save(self) -> None:
        def act() -> None:
            currency = Currency(
                name=self.name.text().strip(),
                code=self.code.text(),
                symbol=self.symbol.text().strip(),
                denominations=parse_denominations(self.denominations.text()),
                parity=parse_parity(self.parity.text()),
            )
            limit = self.limit.cents()
            fees = {kind: field.cents() for kind, field in self.fees.items()}
            settings.set_currency(self.ctx, currency)
            settings.set_exchange_limit(self.ctx, limit)
            settings.set_membership_fees(self.ctx, fees)
            rate = parse_percent(self.commission.text())
            if rate != partners.commission_rate(self.store):
                partners.set_commission_rate(self.ctx, rate)
            allowed = self.volunteers_reconvert.isChecked()
            if allowed != partners.volunteers_may_reconvert(self.store):
                partners.set_volunteers_may_reconvert(self.ctx, allowed)

        if self.attempt(act, _("The currency and the counter rules are saved.")):
            self.load()
