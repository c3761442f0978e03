"""Printing vouchers: a batch printed, every code read back from the rendered sheets and
checked valid at a counter; reprints marked and logged; cancelled vouchers never printed;
only a treasurer prints."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.documents.pdfread import pages, pdf_text
from tests.documents.qrread import decoded

from caisse.documents import formats as fmt
from caisse.domain import vouchers as vdomain
from caisse.domain.errors import InputError, NotFound, PermissionDenied, RuleViolation
from caisse.services import directory, events, voucher_keys, voucher_life, voucher_print, vouchers
from caisse.services.context import Context
from caisse.store import journal

PASSPHRASE = "la clé du trésorier"


@pytest.fixture
def batch(treasurer: Context) -> vouchers.Batch:
    voucher_keys.create_key(treasurer, PASSPHRASE)
    food = directory.add_category(treasurer, "Alimentation")
    today = treasurer.today()
    prog = vouchers.create_programme(treasurer, vouchers.ProgrammeFields(
        name="Chèques solidaires", purpose="social", funder="CCAS de Bayonne",
        face_values=(1000, 2000), valid_from=today - timedelta(days=1),
        valid_until=today + timedelta(days=90), categories=(food["id"],),
    ))  # fmt: skip
    return vouchers.issue(treasurer, prog["id"], 20, 2000, PASSPHRASE)


def flat(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


def test_a_printed_batch_is_read_back_whole_and_valid(treasurer, batch):
    store = treasurer.store
    pdf = voucher_print.sheet_pdf(treasurer, batch.id)
    assert len(pages(pdf)) == 3  # eight to a page
    codes = decoded(pdf)
    assert len(codes) == 20
    checked = [vouchers.check(store, code.text, treasurer.today()) for code in codes]
    assert all(c.ok for c in checked), [c.message for c in checked if not c.ok]
    assert {c.serial for c in checked} == set(batch.serials)
    assert {(c.version, c.ec_level) for c in codes} == {("7", "Q")}
    text = flat(pdf)
    assert all(vdomain.grouped_serial(s) in text for s in batch.serials)
    assert text.count("EUS20.00") >= 20
    assert text.count(f"Valid until {fmt.day(batch.expires_on)}") == 20
    assert "Alimentation" in text and "DUPLICATA" not in text
    assert "CCAS" not in text  # nothing says who pays for social aid, let alone who receives it
    log = voucher_print.prints(store, batch.id)
    assert [(p["reprint"], p["serials"], p["count"], p["actor_name"]) for p in log] == [
        (False, None, 20, "Théo Trésorier")
    ]
    assert vouchers.batch(store, batch.id)["prints"] == 1
    assert events.recent(store, 1)[0]["kind"] == "vouchers_printed"
    assert journal.verify(store).ok


def test_a_reprint_is_marked_and_logged(treasurer, batch):
    store = treasurer.store
    first, second, third = batch.serials[:3]
    pdf = voucher_print.sheet_pdf(treasurer, batch.id, [first, vdomain.grouped_serial(second)])
    assert "DUPLICATA" not in pdf_text(pdf)
    printed = {vouchers.check(store, c.text, treasurer.today()).serial for c in decoded(pdf, 200)}
    assert printed == {first, second}
    # other vouchers of the batch, never printed: not a reprint
    assert "DUPLICATA" not in pdf_text(voucher_print.sheet_pdf(treasurer, batch.id, [third]))
    # the first one again: a duplicate, numbered by the prints of the batch before it
    again = pdf_text(voucher_print.sheet_pdf(treasurer, batch.id, [first]))
    assert again.count("DUPLICATA n°2") == 2  # the voucher and the sheet's header
    whole = pdf_text(voucher_print.sheet_pdf(treasurer, batch.id))
    assert whole.count("DUPLICATA n°3") == 20 + 3  # every voucher, and each page's header
    log = voucher_print.prints(store, batch.id)
    assert [(p["reprint"], p["k"], p["count"]) for p in log] == [
        (False, None, 2), (False, None, 1), (True, 2, 1), (True, 3, 20),
    ]  # fmt: skip
    assert log[0]["serials"] == [first, second]
    kinds = [e["detail"].get("reprint") for e in events.recent(store, 4)]
    assert kinds == [3, 2, None, None]


def test_cancelled_vouchers_are_never_printed(treasurer, batch):
    store = treasurer.store
    gone = batch.serials[:2]
    voucher_life.cancel(treasurer, list(gone), "Perdus à la poste")
    pdf = voucher_print.sheet_pdf(treasurer, batch.id)
    assert "2 cancelled voucher(s) of this batch are not printed." in flat(pdf)
    serials = {vouchers.check(store, c.text, treasurer.today()).serial for c in decoded(pdf, 200)}
    assert len(serials) == 18 and not serials & set(gone)
    with pytest.raises(RuleViolation, match="Cancelled vouchers are never printed") as refused:
        voucher_print.sheet_pdf(treasurer, batch.id, [batch.serials[5], gone[1]])
    assert vdomain.grouped_serial(gone[1]) in str(refused.value)
    assert len(voucher_print.prints(store, batch.id)) == 1


def test_unknown_serials_and_other_batches_are_refused_clearly(treasurer, batch):
    store = treasurer.store
    other = vouchers.issue(treasurer, batch.programme, 1, 1000, PASSPHRASE)
    with pytest.raises(NotFound, match=f"Not in batch {batch.id}") as refused:
        voucher_print.sheet_pdf(treasurer, batch.id, [batch.serials[0], other.serials[0]])
    assert vdomain.grouped_serial(other.serials[0]) in str(refused.value)
    wrong_digit = batch.serials[0][:-1] + str((int(batch.serials[0][-1]) + 1) % 10)
    with pytest.raises(InputError, match="wrong check digit"):
        voucher_print.sheet_pdf(treasurer, batch.id, [wrong_digit])
    with pytest.raises(InputError, match="Name the vouchers"):
        voucher_print.sheet_pdf(treasurer, batch.id, [])
    with pytest.raises(NotFound, match="Batch 999 does not exist"):
        voucher_print.sheet_pdf(treasurer, 999)
    assert store.scalar("SELECT COUNT(*) FROM voucher_print") == 0


def test_a_volunteer_may_not_print_vouchers(volunteer, batch):
    with pytest.raises(PermissionDenied):
        voucher_print.sheet_pdf(volunteer, batch.id)
    assert volunteer.store.scalar("SELECT COUNT(*) FROM voucher_print") == 0


def test_printing_stopped_half_way_logs_nothing(treasurer, batch):
    told: list[tuple[int, int]] = []

    class Stop(Exception):
        pass

    def stop_after_the_first_page(done: int, total: int) -> None:
        told.append((done, total))
        raise Stop()

    with pytest.raises(Stop):
        voucher_print.sheet_pdf(treasurer, batch.id, progress=stop_after_the_first_page)
    assert told == [(8, batch.count)]
    assert voucher_print.prints(treasurer.store, batch.id) == []
