"""Debit/credit marks sign an unsigned amount (ingest.mapping.direction).

Each file is a few lines in the shape a real export has: SAP's S/H with decimal commas, a
Dutch bank's Af/Bij, an AP register from the supplier's account (invoices are credits), a
Dr/Cr column beside amounts already signed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from db import Store
from ingest import load_file
from ingest.mapping import detect_mapping
from ingest.mapping.direction import mark_of


def _load(text: str, name: str = "ledger.csv", **options):
    store = Store(":memory:")
    result = load_file(store, name, text.encode("utf-8"), **options)
    assert result.reconciles
    amounts = [a for (a,) in store.rows("SELECT amount FROM ledger_lines ORDER BY source_row")]
    issues = dict(store.rows("SELECT source_row, reason FROM row_issues ORDER BY source_row"))
    return result, amounts, issues


@pytest.mark.parametrize("cell, side", [
    ("D", "debit"), ("dr", "debit"), ("Debit", "debit"), ("S", "debit"), ("Soll", "debit"),
    ("Af", "debit"), ("Wn", "debit"), ("Débito", "debit"),
    ("C", "credit"), ("Cr.", "credit"), ("H", "credit"), ("Haben", "credit"), ("Bij", "credit"),
    ("Ma", "credit"), ("Crédito", "credit"),
    ("X", None), ("", None), (None, None), ("Debit note", None),
])
def test_a_mark_is_read_as_its_side(cell, side):
    assert mark_of(cell) == side


SIGNED_BY_MARKS = [
    pytest.param(  # SAP's Soll/Haben with decimal commas: the credits count negative
        "Buchungsdatum;Kreditorname;Sachkonto;S/H;Betrag\n"
        "03.01.2025;Microsoft Deutschland GmbH;EDV-Software;S;12.345,67\n"
        "15.01.2025;Bechtle GmbH;EDV-Hardware;S;1.000,00\n"
        "20.01.2025;Bechtle GmbH;EDV-Hardware;H;200,00\n",
        ["12345.67", "1000", "-200"], "'S' lines (2) are spend, 'H' lines (1) count negative",
        id="sap-soll-haben"),
    pytest.param(  # a Dutch bank's Af Bij: a refund reduces the spend
        "Datum;Naam tegenpartij;Af Bij;Bedrag (EUR)\n"
        "20250105;Microsoft Ireland Operations Ltd;Af;12,10\n"
        "20250106;Albert Heijn;Af;45,30\n"
        "20250107;Albert Heijn;Bij;5,00\n",
        ["12.10", "45.30", "-5.00"], "'Af' lines (2) are spend", id="bank-af-bij"),
    pytest.param(  # a supplier account's export: invoices are credits, a credit memo a debit
        "Posting Date,Vendor,D/C,Amount\n"
        "2025-02-01,Atlassian Pty Ltd,C,1200.00\n"
        "2025-02-03,Atlassian Pty Ltd,C,300.00\n"
        "2025-02-09,Atlassian Pty Ltd,D,100.00\n",
        ["1200", "300", "-100"], "'C' lines (2) are spend", id="supplier-account"),
    pytest.param(  # amounts already signed are not flipped twice
        "Date,Supplier,Dr/Cr,Amount\n"
        "2025-01-02,Acme Ltd,Dr,100.00\n"
        "2025-01-03,Acme Ltd,Dr,50.00\n"
        "2025-01-04,Acme Ltd,Cr,-20.00\n",
        ["100", "50", "-20"], "'Dr' lines (2) are spend", id="already-signed"),
]


@pytest.mark.parametrize("text, expected, note", SIGNED_BY_MARKS)
def test_marks_sign_the_amounts_the_side_with_more_lines_being_spend(text, expected, note):
    result, amounts, _ = _load(text)
    assert amounts == [Decimal(a) for a in expected]
    assert result.control_total == sum(Decimal(a) for a in expected)
    assert any(note in n for n in result.notes), result.notes


def test_a_line_whose_mark_is_neither_or_empty_is_rejected_with_the_mark_quoted():
    rows = "".join(f"2025-01-{d:02d},Acme Ltd,D,10.00\n" for d in range(1, 9))
    result, amounts, issues = _load(
        "Date,Supplier,Dr/Cr,Amount\n" + rows
        + "2025-01-20,Beta Ltd,C,5.00\n2025-01-21,Gamma Ltd,X,7.00\n2025-01-22,Delta Ltd,,9.00\n")
    assert result.rows_read == 11 and result.rows_loaded == 9 and result.rows_rejected == 2
    assert sum(amounts) == Decimal("75.00") == result.control_total
    assert issues[11] == ("The mark \"X\" in 'Dr/Cr' is neither debit nor credit "
                          "(such as D/C, Dr/Cr, S/H, Af/Bij).")
    assert issues[12].startswith("The debit/credit mark in 'Dr/Cr' is empty")


def test_a_debit_credit_heading_over_signed_numbers_is_no_mark():
    mapping = detect_mapping(("Date", "Supplier", "Debit/Credit", "Amount"),
                             (("2025-01-02", "Acme Ltd", "100.00", "100.00"),
                              ("2025-01-03", "Beta Ltd", "-20.00", "-20.00")))
    assert "direction" not in mapping.fields and mapping.fields["amount"] == "Amount"


def test_marks_need_a_heading_that_names_them():
    mapping = detect_mapping(("Date", "Supplier", "Status", "Amount"),
                             (("2025-01-02", "Acme Ltd", "D", "100.00"),
                              ("2025-01-03", "Beta Ltd", "C", "20.00")))
    assert "direction" not in mapping.fields


def test_debit_and_credit_columns_ignore_a_mark_column():
    result, amounts, _ = _load(
        "Date,Supplier,Debit,Credit,D/C\n"
        "2025-01-02,Acme Ltd,100.00,,D\n"
        "2025-01-03,Acme Ltd,,20.00,C\n")
    assert amounts == [Decimal("100"), Decimal("-20")]
    assert "direction" not in result.mapping


def test_a_mark_column_can_be_chosen_by_hand():
    _, amounts, _ = _load(
        "Date,Supplier,Kind,Amount\n"
        "2025-01-02,Acme Ltd,D,100.00\n"
        "2025-01-03,Acme Ltd,D,30.00\n"
        "2025-01-04,Acme Ltd,C,20.00\n", overrides={"direction": "Kind"})
    assert amounts == [Decimal("100"), Decimal("30"), Decimal("-20")]
