"""Export shapes a fifth probe round found read wrongly (files written as the software writes
them; values invented). Each test states what a CFO relies on."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import ingest
from db import Store


def _load(text: str, name: str = "ledger.csv", encoding: str = "utf-8"):
    store = Store(":memory:")
    result = ingest.load_file(store, name, text.encode(encoding))
    assert result.reconciles
    return result, store


@pytest.mark.parametrize(("headings", "currency"), [
    ("Dato;Kreditor;Afdeling;Beløb", "DKK"),      # e-conomic (Denmark)
    ("Dato;Leverandør;Avdeling;Beløp", "NOK"),     # Tripletex / Visma (Norway)
    ("Datum;Leverantör;Avdelning;Belopp", "SEK"),  # Fortnox (Sweden)
    ("Date;Supplier;Department;Amount", "SEK"),    # nothing says which krone: as before
])
def test_kroner_are_the_currency_the_headings_language_names(headings, currency):
    """'kr.' is written by Denmark, Norway, Sweden and Iceland: a Danish ledger's 'kr. 16.185,60'
    in Swedish kronor misstates every figure by a third (before: always SEK)."""
    text = (headings + "\n12-03-2024;Microsoft;Marketing;kr. 16.185,60\n"
            "04-03-2024;Zoom;Marketing;kr. 2.807,95\n")
    _, store = _load(text)
    assert store.rows("SELECT DISTINCT currency FROM ledger_lines") == [(currency,)]


@pytest.mark.parametrize("null", ["NULL", "\\N", "(null)"])
def test_a_sql_tool_s_null_is_an_empty_cell_not_a_department_called_null(null):
    """SSMS 'Save results as', mysqldump and Oracle write an empty value as NULL, \\N or (null):
    the CIO's department list must not show a unit called 'NULL' (before: it did)."""
    text = ("InvoiceDate,VendorName,Department,CostCentre,Amount\n"
            f"2024-03-28 00:00:00.000,Workday Ltd,{null},{null},9439.6900\n"
            f"2024-03-25 00:00:00.000,Cisco Systems,Sales,{null},23982.5200\n")
    result, store = _load(text)
    assert store.rows("SELECT vendor, department, cost_centre FROM ledger_lines ORDER BY source_row") \
        == [("Workday Ltd", None, None), ("Cisco Systems", "Sales", None)]
    assert any("Cells reading NULL" in n for n in result.notes)


def test_a_supplier_whose_name_merely_contains_null_keeps_it():
    _, store = _load("Date,Supplier,Amount\n2024-03-01,Null Island Ltd,10.00\n2024-03-02,NULLSOFT,5.00\n")
    assert [v for (v,) in store.rows("SELECT vendor FROM ledger_lines ORDER BY source_row")] \
        == ["Null Island Ltd", "NULLSOFT"]


def test_a_czech_windows_1250_export_whose_only_czech_letters_are_headings_and_kc_reads():
    """Pohoda's received-invoices export: Windows-1250, Czech only in a few headings and the
    'Kč' after each amount (before: read as Windows-1252, 'Celkem' unreadable as an amount and
    the file refused)."""
    text = ("Číslo;Datum;Dodavatel;IČ;Středisko;Text;Celkem\r\n"
            "FP0;08.03.2024;Cisco Systems;12345678;Finance;faktura;444,81 Kč\r\n"
            "FP1;14.03.2024;Slack Technologies;12345678;HR;faktura;1 265,51 Kč\r\n")
    result, store = _load(text, encoding="cp1250")
    assert store.rows("SELECT vendor, department, amount, currency FROM ledger_lines ORDER BY source_row") \
        == [("Cisco Systems", "Finance", Decimal("444.81"), "CZK"),
            ("Slack Technologies", "HR", Decimal("1265.51"), "CZK")]


def test_hungarian_dates_and_cost_centres_read():
    """Hungarian software writes '2024. 03. 10.' and heads the cost centre 'Költséghely' (before:
    every line dated 1 March as if the column held periods, and no cost centre)."""
    text = ("Teljesítés dátuma;Szállító;Költséghely;Összeg;Pénznem\n"
            "2024. 03. 10.;Salesforce UK Ltd;CC140;813 269 Ft;HUF\n"
            "2024. 03. 25.;Workday Ltd;CC110;141 404 Ft;HUF\n")
    _, store = _load(text)
    assert store.rows("SELECT txn_date, cost_centre, amount FROM ledger_lines ORDER BY source_row") \
        == [(dt.date(2024, 3, 10), "CC140", Decimal("813269")), (dt.date(2024, 3, 25), "CC110", Decimal("141404"))]


def test_a_posted_column_of_excel_serials_with_times_is_the_date():
    """A workbook's posting timestamps saved as CSV under 'Posted' are Excel serials with the time
    as a fraction (before: refused, no date column)."""
    text = ("Posted,Vendor,Department,Amount\n45378.5833333333,Cisco Systems,HR,9479.97\n"
            "45372.5833333333,Amazon Web Services EMEA,Sales,9694.70\n")
    _, store = _load(text)
    assert [d for (d,) in store.rows("SELECT txn_date FROM ledger_lines ORDER BY source_row")] \
        == [dt.date(2024, 3, 27), dt.date(2024, 3, 21)]   # serial 45292 is 1 January 2024
