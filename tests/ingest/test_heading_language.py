"""A ledger headed in a language of one currency's countries is in that currency when nothing in
the file names one (ingest.heading_language); any currency the file states still wins."""

from __future__ import annotations

from decimal import Decimal

import pytest

import ingest
from db import Store
from ingest.heading_language import heading_language_currency

ROWS = "05-01-2024;Acme;1.234,56\n06-01-2024;Beta;99,00\n"


@pytest.mark.parametrize("header, expected", [
    ("Boekdatum;Crediteur;Bedrag excl. BTW", ("EUR", "Dutch")),
    ("Bogføringsdato;Kreditornavn;Beløb", ("DKK", "Danish")),
    ("Bokföringsdatum;Leverantör;Belopp", ("SEK", "Swedish")),
    ("Data księgowania;Kontrahent;Kwota", ("PLN", "Polish")),
    ("Tarih;Tedarikçi;Tutar", ("TRY", "Turkish")),
    ("Date;Supplier;Amount", None),                 # English: many currencies
    ("Datum;Lieferant;Betrag", None),               # German: euro or franc
    ("Fecha;Proveedor;Importe", None),              # Spanish: many currencies
    ("Boekdatum;Leverantör;Bedrag", None),          # Dutch and Swedish words: no one language
    ("Datum;Naam;Bedrag", None),                    # one Dutch word is not enough
])
def test_the_heading_language_names_a_currency_only_when_it_is_one_countrys(header, expected):
    assert heading_language_currency(header.split(";")) == expected


def _load(tmp_path, text: str):
    store = Store(tmp_path / "t.duckdb")
    return ingest.load_file(store, "ledger.csv", text.encode("utf-8"))


def test_a_dutch_ledger_without_currency_marks_loads_in_euros_with_a_note(tmp_path):
    result = _load(tmp_path, "Boekdatum;Crediteur;Bedrag\n" + ROWS)
    assert result.totals_by_currency == {"EUR": Decimal("1333.56")}
    assert not result.currency_assumed
    assert any("headings are Dutch" in n for n in result.notes)


@pytest.mark.parametrize("header, rows, currency", [
    ("Boekdatum;Crediteur;Bedrag (USD)", ROWS, "USD"),                       # the heading says
    ("Boekdatum;Crediteur;Bedrag", ROWS.replace("1.234,56", "£1.234,56").replace("99,00", "£99,00"), "GBP"),
])
def test_a_currency_the_file_states_beats_its_heading_language(tmp_path, header, rows, currency):
    result = _load(tmp_path, header + "\n" + rows)
    assert set(result.totals_by_currency) == {currency}


def test_a_greek_ledger_is_in_euros(tmp_path):
    result = _load(tmp_path, "Ημερομηνία;Προμηθευτής;Ποσό\n05-01-2024;ΟΤΕ Α.Ε.;1.234,56\n"
                             "06-01-2024;ΔΕΗ Α.Ε.;99,00\n")
    assert set(result.totals_by_currency) == {"EUR"}
