"""A programme's report: its figures equal the journal's, where the vouchers were spent by
category and by commune, as CSV read back and as PDF whose text holds the figures."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from caisse.domain import accounts as acc
from caisse.services import (
    directory,
    members,
    operations,
    voucher_keys,
    voucher_life,
    voucher_reports,
    vouchers,
)
from caisse.services.context import Context
from caisse.store import journal

PASSPHRASE = "la clé du trésorier"
IBAN = "FR14 2004 1010 0505 0001 3M02 606"


def partner(ctx: Context, counter: str, name: str, commune: str, category: int | None) -> dict:
    row = members.create(ctx, members.MemberFields(
        kind="organisation", organisation=name, commune=commune, is_partner=True))  # fmt: skip
    operations.pay_membership(ctx, row["number"], counter, "organisation")
    directory.set_profile(ctx, row["uid"], directory.Profile(category=category))
    return members.by_uid(ctx.store, row["uid"])


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.fixture
def lived(treasurer: Context, counter: str) -> dict:
    """A programme whose vouchers went every way: distributed, redeemed in two communes and
    two categories, cancelled, expired, still outstanding; the funder paid part."""
    voucher_keys.create_key(treasurer, PASSPHRASE)
    today = treasurer.today()
    food = directory.add_category(treasurer, "Alimentation")
    books = directory.add_category(treasurer, "Librairies")
    prog = vouchers.create_programme(treasurer, vouchers.ProgrammeFields(
        name="Chèques solidaires", purpose="social", funder="CCAS de Bayonne",
        face_values=(1000, 2000), valid_from=today - timedelta(days=1),
        valid_until=today + timedelta(days=90),
    ))  # fmt: skip
    grocer = partner(treasurer, counter, "Épicerie du Port", "Bayonne", food["id"])
    bookshop = partner(treasurer, counter, "Librairie Elkar", "Anglet", books["id"])
    plain = partner(treasurer, counter, "Atelier vélo", "", None)
    short = vouchers.issue(treasurer, prog["id"], 2, 1000, PASSPHRASE,
                           expires_on=today + timedelta(days=5))  # fmt: skip
    batch = vouchers.issue(treasurer, prog["id"], 10, 2000, PASSPHRASE)
    s = batch.serials
    voucher_life.distribute(treasurer, list(s[:6]), "CCAS de Bayonne")
    for serial, shop in ((s[0], grocer), (s[1], grocer), (s[2], bookshop), (s[7], plain)):
        vouchers.redeem(treasurer, serial, shop["number"], counter, iban=IBAN)
    voucher_life.cancel(treasurer, [s[8], s[9]], "torn")
    voucher_life.record_funder_payment(treasurer, prog["id"], 10_000, "VIR-CCAS-01")
    later = today + timedelta(days=6)
    voucher_life.expire_due(treasurer, later)
    return {"programme": prog, "today": later, "short": short, "batch": batch}


def test_the_figures_follow_every_voucher_and_match_the_journal(treasurer, lived):
    r = voucher_reports.report(treasurer.store, lived["programme"]["id"], lived["today"])
    assert (r.issued.count, r.issued.value) == (12, 22_000)
    assert (r.distributed.count, r.distributed.value) == (6, 12_000)
    assert (r.redeemed.count, r.redeemed.value) == (4, 8000)
    assert (r.expired.count, r.expired.value) == (2, 2000)
    assert (r.cancelled.count, r.cancelled.value) == (2, 4000)
    assert (r.outstanding.count, r.outstanding.value) == (4, 8000)
    assert r.issued.value == sum(
        t.value for t in (r.redeemed, r.expired, r.cancelled, r.outstanding)
    )
    assert r.matches_journal
    assert r.journal_outstanding == journal.balance(treasurer.store, acc.VOUCHERS_OUTSTANDING,
                                                    "EUS")  # fmt: skip
    # 220 € issued, 40 € cancelled and 20 € expired given back, 100 € paid
    assert (r.funder_paid, r.funder_owes) == (10_000, 6000)
    assert [(c.label, c.count, c.value) for c in r.by_category] == [
        ("Alimentation", 2, 4000), ("Librairies", 1, 2000), ("", 1, 2000)]  # fmt: skip
    assert [(c.label, c.count, c.value) for c in r.by_commune] == [
        ("Bayonne", 2, 4000), ("Anglet", 1, 2000), ("", 1, 2000)]  # fmt: skip
    assert journal.verify(treasurer.store).ok


def test_a_journal_entry_the_rows_do_not_show_is_found(treasurer, lived):
    store = treasurer.store
    # a voucher's row changed behind the services' back: the journal still says outstanding
    serial = lived["batch"].serials[5]
    store.execute("UPDATE voucher SET status = 'redeemed' WHERE serial = ?", (serial,))
    r = voucher_reports.report(store, lived["programme"]["id"], lived["today"])
    assert not r.matches_journal
    assert "entries for this programme differ" in pdf_text(voucher_reports.report_pdf(r))


def test_the_csv_reads_back(treasurer, lived):
    r = voucher_reports.report(treasurer.store, lived["programme"]["id"], lived["today"])
    data = voucher_reports.report_csv(r)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["Section", "Item", "Vouchers", "Value", "Currency"]
    table = {(row[0], row[1]): row[2:] for row in rows[1:]}
    assert table[("Vouchers", "Outstanding")] == ["4", "80.00", "EUS"]
    assert table[("Vouchers", "Issued")] == ["12", "220.00", "EUS"]
    assert table[("Funder", "Still owes")] == ["", "60.00", "EUR"]
    assert table[("Partner category", "Alimentation")] == ["2", "40.00", "EUS"]
    assert table[("Commune", "No commune")] == ["1", "20.00", "EUS"]
    assert table[("Programme", "Funder")][1] == "CCAS de Bayonne"


def test_the_csv_in_french(treasurer, lived, french):
    r = voucher_reports.report(treasurer.store, lived["programme"]["id"], lived["today"])
    text = voucher_reports.report_csv(r).decode("utf-8-sig")
    assert ";80,00;EUS" in text


def test_the_pdf_holds_the_figures(treasurer, lived):
    r = voucher_reports.report(treasurer.store, lived["programme"]["id"], lived["today"])
    text = pdf_text(voucher_reports.report_pdf(r))
    for expected in ("Chèques solidaires", "CCAS de Bayonne", "Outstanding", "Alimentation",
                     "Anglet", "Social aid", "give the same outstanding"):  # fmt: skip
        assert expected in text, expected
    assert "Épicerie du Port" not in text  # partners are counted, not listed
