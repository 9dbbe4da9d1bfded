"""Reports grouped by supplier: the section row above the lines is their supplier.

QuickBooks' "Transaction List by Vendor", NetSuite's search grouped by Name and Sage 200's
"Supplier Activity" print each supplier once above its lines and close it with a total, in the
forms those packages write: 'Total for X', 'Total - X', 'X Total', or a bare 'Totals:'."""

from __future__ import annotations

from decimal import Decimal

import pytest

from db import Store
from ingest import load_file


def _load(text: str):
    store = Store(":memory:")
    result = load_file(store, "report.csv", text.encode("utf-8"), currency="GBP")
    assert result.reconciles
    lines = store.rows("SELECT vendor, account_name, amount FROM ledger_lines ORDER BY source_row")
    issues = dict(store.rows("SELECT source_row, reason FROM row_issues"))
    return result, lines, issues


QBO_BY_VENDOR = (
    "Acme Corp\nTransaction List by Vendor\nJanuary - March, 2025\n\n"
    ",Date,Transaction Type,Num,Memo/Description,Account,Amount\n"
    "Adobe Systems,,,,,,\n"
    ",03/16/2025,Bill,,inv,6100 Software,572.30\n"
    "Total for Adobe Systems,,,,,,$572.30\n"
    "Canon UK Ltd,,,,,,\n"
    ",01/25/2025,Bill,,inv,6200 Printing,100.00\n"
    ",02/19/2025,Bill,,inv,6200 Printing,50.00\n"
    "Total for Canon UK Ltd,,,,,,$150.00\n"
    "TOTAL,,,,,,$722.30\n")
NETSUITE_BY_NAME = (
    "Transaction Detail\nAcme Inc\n\n"
    "Name,Type,Date,Document Number,Department,Memo,Amount\n"
    "Adobe Systems,,,,,,\n"
    ",Bill,3/14/2024,BILL0,IT,svc,572.30\n"
    "Total - Adobe Systems,,,,,,572.30\n"
    "Canon UK Ltd,,,,,,\n"
    ",Bill,3/9/2024,BILL1,Finance,svc,100.00\n"
    ",Bill,3/10/2024,BILL2,Finance,svc,50.00\n"
    "Total - Canon UK Ltd,,,,,,150.00\n"
    "Total,,,,,,722.30\n")
SAGE_SUPPLIER_ACTIVITY = (
    "Supplier Activity Report\nDate From: 01/03/2024  Date To: 31/03/2024\n\n"
    "Date,Type,Ref,Details,Dept,Value\n"
    "A/C: ADO001  Name: Adobe Systems,,,,,\n"
    "14/03/2024,PI,R0,invoice,Sales,572.30\n"
    ",,,,Totals:,572.30\n"
    "A/C: CAN001  Name: Canon UK Ltd,,,,,\n"
    "21/03/2024,PI,R1,invoice,IT,100.00\n"
    "22/03/2024,PI,R2,invoice,IT,50.00\n"
    ",,,,Totals:,150.00\n")
NAME_THEN_TOTAL = (
    ",Date,Description,Account,Amount\n"
    "Adobe Systems,,,,\n"
    ",2024-03-14,Creative Cloud,6100 Software,572.30\n"
    "Adobe Systems Total,,,,572.30\n"
    "Canon UK Ltd,,,,\n"
    ",2024-03-09,toner,6200 Printing,100.00\n"
    ",2024-03-10,service,6200 Printing,50.00\n"
    "Canon UK Ltd Total,,,,150.00\n"
    "Grand Total,,,,722.30\n")


@pytest.mark.parametrize("report", [QBO_BY_VENDOR, NETSUITE_BY_NAME, SAGE_SUPPLIER_ACTIVITY,
                                    NAME_THEN_TOTAL],
                         ids=["quickbooks-total-for", "netsuite-total-dash", "sage-bare-totals",
                              "name-then-total"])
def test_each_line_takes_the_supplier_section_above_it(report):
    result, lines, issues = _load(report)
    assert [(v, a) for v, a, _ in lines] in (
        [("Adobe Systems", "6100 Software"), ("Canon UK Ltd", "6200 Printing"),
         ("Canon UK Ltd", "6200 Printing")],
        [("Adobe Systems", None), ("Canon UK Ltd", None), ("Canon UK Ltd", None)])
    assert sum(a for *_, a in lines) == Decimal("722.30")
    assert result.rows_read == result.rows_loaded + result.rows_excluded
    assert any("3 line(s) take their supplier from the section rows above them (2 section(s)" in n
               and "The sections' own totals (722.30) match their lines." in n for n in result.notes)
    assert any(r.startswith('Section row ("') and r.endswith('the supplier of the lines under it,'
                                                            ' not a line.') for r in issues.values())


def test_a_bare_total_that_is_not_its_lines_sum_closes_nothing():
    # 'Totals:' of 999.00 under lines of 150.00: not this section's total, so the text row stays
    # a note and the lines keep no supplier rather than take a guessed one
    _, lines, issues = _load(SAGE_SUPPLIER_ACTIVITY.replace(",,,,Totals:,150.00", ",,,,Totals:,999.00"))
    assert [v for v, *_ in lines] == ["Adobe Systems", None, None]
    assert any(r.startswith('Note row ("A/C: CAN001') for r in issues.values())


def test_lines_that_have_both_supplier_and_account_keep_their_own():
    rows = "".join(f"2025-01-{d:02d},Acme Ltd,Travel,10.00\n" for d in range(1, 4))
    _, lines, _ = _load("Date,Supplier,Account,Amount\nBeta Ltd\n" + rows + "Total for Beta Ltd,,,30.00\n")
    assert [(v, a) for v, a, _ in lines] == [("Acme Ltd", "Travel")] * 3
