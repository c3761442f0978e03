"""The demo's voucher programme: social-aid vouchers funded by the town's social services,
issued a few months before the end of the year, handed to them to give out, paid for by them a
week later, and redeemed by partners at the counters during the reconversion rounds."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from caisse.services import voucher_keys, voucher_life, vouchers
from caisse.services.context import Context

#: the signing key's passphrase in the demo (the README says it)
PASSPHRASE = "bons-demo-1234"
PROGRAMME = "Bons solidaires"
FUNDER = "CCAS de Lézignac"
#: (value in cents, how many) issued
BATCHES = ((1000, 300), (2000, 100))
#: how long before the end of the year the programme starts (at most: half a short demo)
STARTS_BEFORE_END = 120
FUNDER_PAYS_AFTER = 7
#: vouchers a partner hands in at one round
PER_PARTNER = (2, 8)
VOUCHER_PARTNERS_PER_ROUND = (1, 3)


@dataclass
class DemoVouchers:
    rng: random.Random
    start: date
    payloads: list[str] = field(default_factory=list)
    programme_id: int | None = None

    @staticmethod
    def plan(rng: random.Random, last_day: date, first_day: date) -> DemoVouchers | None:
        days = (last_day - first_day).days
        start = last_day - timedelta(days=min(STARTS_BEFORE_END, days // 2))
        return DemoVouchers(rng, start) if days >= 2 * FUNDER_PAYS_AFTER else None

    def launch(self, treasurer: Context) -> None:
        """The programme, the key and the batches, handed to the funder's services."""
        voucher_keys.create_key(treasurer, PASSPHRASE)
        programme = vouchers.create_programme(treasurer, vouchers.ProgrammeFields(
            name=PROGRAMME, purpose="social", funder=FUNDER,
            face_values=tuple(value for value, _ in BATCHES),
            valid_from=self.start, valid_until=self.start + timedelta(days=365),
        ))  # fmt: skip
        self.programme_id = programme["id"]
        for value, count in BATCHES:
            batch = vouchers.issue(treasurer, programme["id"], count, value, PASSPHRASE)
            voucher_life.distribute(treasurer, list(batch.serials), FUNDER)
            rows = vouchers.batch_vouchers(treasurer.store, batch.id)
            self.payloads += [row["payload"] for row in rows]
        self.rng.shuffle(self.payloads)

    def funder_pays(self, treasurer: Context, day: date) -> None:
        assert self.programme_id is not None
        owed = voucher_life.funder_owes(treasurer.store, self.programme_id)
        if owed > 0:
            voucher_life.record_funder_payment(
                treasurer, self.programme_id, owed, f"VIR-CCAS-{day:%Y%m%d}"
            )

    def hand_in(self, volunteer: Context, partner_number: str, code: str, iban: str) -> list[int]:
        """A partner brings a few vouchers to the counter; the entries' numbers."""
        seqs = []
        for _ in range(self.rng.randint(*PER_PARTNER)):
            if not self.payloads:
                break
            receipt = vouchers.redeem(volunteer, self.payloads.pop(), partner_number, code,
                                      iban=iban)  # fmt: skip
            seqs.append(receipt.seq)
        return seqs
