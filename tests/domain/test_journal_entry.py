import pytest

from caisse.domain.errors import RuleViolation
from caisse.domain.journal import GENESIS_HASH, Entry, Line


def entry(*lines):
    return Entry(
        at="2026-11-26T10:00:00+01:00",
        actor="u1",
        operation="exchange",
        lines=tuple(lines),
        counter="C01",
    )


def test_unbalanced_in_one_commodity_is_refused_even_if_the_total_is_zero():
    e = entry(Line("a", "EUR", 100), Line("b", "EUS", -100))
    with pytest.raises(RuleViolation, match="does not balance"):
        e.check_balanced()


def test_balanced_per_commodity():
    entry(
        Line("a", "EUR", 100), Line("b", "EUR", -100), Line("c", "EUS", 100), Line("d", "EUS", -100)
    ).check_balanced()


def test_hash_depends_on_content_and_chain():
    e = entry(Line("a", "EUR", 100), Line("b", "EUR", -100))
    h1 = e.chain_hash(1, GENESIS_HASH)
    assert h1 == e.chain_hash(1, GENESIS_HASH)
    assert h1 != e.chain_hash(2, GENESIS_HASH)
    assert h1 != e.chain_hash(1, "1" * 64)
    changed = entry(Line("a", "EUR", 101), Line("b", "EUR", -101))
    assert changed.chain_hash(1, GENESIS_HASH) != h1


def test_canonical_json_is_stable_and_has_no_row_ids():
    e = entry(Line("a", "EUR", 100), Line("b", "EUR", -100))
    text = e.canonical(7)
    assert text.startswith('{"actor":"u1","at":"2026-11-26T10:00:00+01:00"')
    assert '"id"' not in text


def test_reversal_negates_every_line_and_references_the_original():
    e = entry(Line("a", "EUR", 100), Line("b", "EUR", -100))
    r = e.reversal("2026-11-26T11:00:00+01:00", "u2", 5, "wrong amount")
    assert [ln.amount for ln in r.lines] == [-100, 100]
    assert r.reverses == 5 and r.memo == "wrong amount"
