"""Reading the CSV statements French banks export: layouts, encodings, amounts, dates."""

from __future__ import annotations

from datetime import date

import pytest
from bank_month import STATEMENTS

from caisse.domain.errors import InputError
from caisse.services.bank_csv import column_role, parse_amount, parse_date, read_statement


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1 234,56", 123_456),
        ("1\u00a0234,56", 123_456),
        ("1\u202f234,56 €", 123_456),
        ("-45,00", -4_500),
        ("+12,00", 1_200),
        ("12,5", 1_250),
        ("1.234,56", 123_456),
        ("1,234.56", 123_456),
        ("-190.00", -19_000),
        ("7", 700),
        ("", None),
        ("  ", None),
    ],
)
def test_amounts_as_banks_write_them(text, cents):
    assert parse_amount(text) == cents


@pytest.mark.parametrize("text", ["12,5O", "1,2,3", "--4", "12,345", "abc"])
def test_what_is_not_an_amount(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_dates_day_first_or_iso():
    assert parse_date("05/10/2026") == parse_date("2026-10-05") == date(2026, 10, 5)
    assert parse_date("05/10/26") == date(2026, 10, 5)
    with pytest.raises(ValueError):
        parse_date("10/31/2026")


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("Date", "date"),
        ("Date opération", "date"),
        ("DATE D'OPÉRATION", "date"),
        ("Date valeur", "value_date"),
        ("Date de valeur", "value_date"),
        ("Libellé", "label"),
        ("Libelle", "label"),
        ("Label", "label"),
        ("Montant", "amount"),
        ("Montant(EUROS)", "amount"),
        ("Amount", "amount"),
        ("Débit euros", "debit"),
        ("Crédit (€)", "credit"),
        ("Référence", "reference"),
        ("Solde", None),
    ],
)
def test_column_names_without_accents_or_case(name, role):
    assert column_role(name) == role


def test_credit_agricole_two_columns_after_a_preamble_with_labels_on_several_lines():
    s = read_statement((STATEMENTS / "credit_agricole.csv").read_bytes())
    assert s.layout == "Débit/Crédit · ; · UTF-8"
    assert [ln.amount for ln in s.lines] == [62_000, -19_000, -1_000, 14_800, 8_000, -450]
    assert s.lines[1].label == "VIR SEPA EMIS LIBRAIRIE ELKAR REF VIR-ELKAR-1026"
    assert s.lines[1].source_line == 12  # the file's line, counted across the quoted labels
    assert s.closing_balance == 64_350 and s.opening_balance is None


def test_la_banque_postale_one_signed_column_in_windows_1252():
    s = read_statement((STATEMENTS / "banque_postale.csv").read_bytes())
    assert s.layout == "Montant · ; · Windows-1252"
    assert s.lines[0].booked_on == date(2026, 10, 31)
    assert s.lines[1].label == "VERSEMENT ESPÈCES GUICHET BAYONNE"
    assert sum(ln.amount for ln in s.lines) == 64_350


def test_credit_mutuel_value_dates_and_negative_debits():
    s = read_statement((STATEMENTS / "credit_mutuel.csv").read_bytes())
    assert s.lines[3].value_on == date(2026, 10, 24)
    assert s.lines[1].amount == -19_000


def test_comma_separated_iso_dates_and_a_reference_column():
    s = read_statement((STATEMENTS / "online_bank.csv").read_bytes())
    assert s.layout == "Montant · , · UTF-8"
    assert (s.lines[0].booked_on, s.lines[0].reference) == (date(2026, 10, 5), "TX-0001")


def test_an_opening_balance_in_the_preamble_and_a_total_line_at_the_end():
    data = (
        "Compte courant n° 123;;\nAncien solde au 30/09/2026;;1 000,00\n\n"
        "Date opération;Libellé;Montant\n01/10/2026;A;-10,00\n02/10/2026;B;+5,00\n"
        "Nouveau solde au 31/10/2026;;995,00\n"
    ).encode("cp1252")
    s = read_statement(data)
    assert (s.opening_balance, s.closing_balance) == (100_000, 99_500)
    assert len(s.lines) == 2


def test_utf8_with_a_bom_and_a_label_complement():
    data = "\ufeffDate;Libellé;Informations complémentaires;Débit;Crédit\n".encode() + (
        b"03/10/2026;VIR SEPA;DE CONSEIL DEPARTEMENTAL;;2 500,00\n"
    )
    [line] = read_statement(data).lines
    assert (line.label, line.amount) == ("VIR SEPA DE CONSEIL DEPARTEMENTAL", 250_000)


def test_a_text_that_is_no_statement():
    with pytest.raises(InputError, match="the columns found are"):
        read_statement(b"hello;world\n1;2\n")
