"""A label merged down over rows is every row's label, as Excel shows it (ingest.excel_columns.
fill_merged): a Department cell merged over a department's invoices gives each its department.
A number merged over rows stays once, so no amount counts twice."""

from __future__ import annotations

from decimal import Decimal

from db import Store
from ingest import load_file
from tests.ingest.xlsx_factory import sheet_xml, xlsx


def _lines(data: bytes, name: str):
    store = Store(":memory:")
    result = load_file(store, name, data)
    assert result.rows_read == result.rows_loaded + result.rows_excluded + result.rows_rejected
    return result, store.rows("SELECT department, vendor, amount FROM ledger_lines "
                              "ORDER BY source_row")


def test_a_department_merged_over_its_rows_is_each_rows_department():
    rows = [["Department", "Date", "Supplier", "Amount"],
            ["IT", "2024-03-04", "Microsoft", 100], [None, "2024-03-05", "AWS", 50],
            [None, "2024-03-06", "Atlassian", 25], ["Sales", "2024-03-07", "Salesforce", 200],
            [None, "2024-03-08", "Zoom", 10]]
    data = xlsx([("Report", sheet_xml(rows, merges=["A2:A4", "A5:A6"]))])
    _, lines = _lines(data, "merged.xlsx")
    assert [(d, v) for d, v, _ in lines] == [("IT", "Microsoft"), ("IT", "AWS"),
                                           ("IT", "Atlassian"), ("Sales", "Salesforce"),
                                           ("Sales", "Zoom")]


def test_an_amount_merged_over_two_rows_counts_once():
    rows = [["Date", "Supplier", "Description", "Amount"],
            ["2024-03-04", "Dell", "Laptops", 900], ["2024-03-04", "Dell", "Docks", None],
            ["2024-03-05", "Adobe", "Licences", 60]]
    data = xlsx([("Report", sheet_xml(rows, merges=["D2:D3"]))])
    result, _ = _lines(data, "merged_amount.xlsx")
    assert result.control_total == Decimal("960.00")


def test_an_html_rowspan_label_is_each_rows_label():
    page = (b"<table><tr><th>Department<th>Date<th>Supplier<th>Amount"
            b"<tr><td rowspan=2>ICT<td>2024-03-04<td>Microsoft<td>100.00"
            b"<tr><td>2024-03-05<td>AWS<td>50.00"
            b"<tr><td>Finance<td>2024-03-06<td>Sage<td>30.00</table>")
    _, lines = _lines(page, "cc.xls")
    assert [(d, v) for d, v, _ in lines] == [("ICT", "Microsoft"), ("ICT", "AWS"),
                                           ("Finance", "Sage")]
