"""XLSX cells -> the text a person sees, a column at a time (ingest.excel_columns), and what a
user relies on after the fast read: typed and text dates both load as the right day, a number
cell keeps its cents exactly, rows keep the numbers Excel shows (title block above the header,
leading empty columns, chunk boundaries), and a rejected cell is quoted as the person sees it.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

import ingest.excel_columns as excel_columns
import ingest.excel_workbook as excel_workbook
from db import Store
from ingest import load_file, read_source
from ingest.excel_columns import PY_WHITESPACE, excel_text, text_column
from ingest.readers import ReaderLimits
from tests.ingest.xlsx_factory import sheet_xml, xlsx

ODD_VALUES = [
    45292.0, 0.1 + 0.2, 1234.56, -0.5, -0.0, 19.99, 1e15, 1e16, 1.5e-7, 123456789012.34,
    float("nan"), float("inf"), 999999999999999.0, 7.0, -12.0,
    "  Acme Ltd ", "", "   ", "\u00a0Net\u3000", "n/a", "2024-01-31",
    dt.date(2024, 1, 5), dt.datetime(2024, 1, 5), dt.datetime(2024, 1, 5, 10, 30),
    dt.time(9, 15), dt.timedelta(hours=3), True, False, 42, -7, 2 ** 70, None,
    dt.datetime(1999, 12, 31, 23, 59, 59, 999999), dt.datetime(2024, 2, 29, 0, 0, 1),
]


def _workbook(rows: list[list]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Ledger"
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_whitespace_trimmed_is_exactly_what_str_strip_removes():
    assert set(PY_WHITESPACE) == {chr(i) for i in range(0x110000) if chr(i).isspace()}


@pytest.mark.parametrize("value", ODD_VALUES, ids=repr)
def test_a_column_of_one_kind_reads_as_each_cell_would(value):
    column = [value, None, value, ""] if value is not None else [None, None]
    assert text_column(column).to_pylist() == [excel_text(v) for v in column]


def test_a_mixed_column_reads_as_each_cell_would():
    column = ODD_VALUES * 3
    assert text_column(column).to_pylist() == [excel_text(v) for v in column]


def test_number_cells_read_as_their_shortest_exact_decimal():
    got = text_column([45292.0, 0.1 + 0.2, 1234.56, 1e16, -0.0, 2.5e-7]).to_pylist()
    assert got == ["45292", "0.30000000000000004", "1234.56", "10000000000000000", "0",
                   "0.00000025"]


def _ledger_with_title_block() -> bytes:
    return _workbook([
        ["Northwind Ltd AP register"],
        ["Period: January 2024"],
        [],
        ["Date", "Supplier", "Description", "Amount"],
        [dt.date(2024, 1, 5), "Acme Ltd", "Licences", 1234.56],
        ["2024-01-06", "Beta plc", "Support", 0.1],
        [dt.datetime(2024, 1, 7), "Gamma", "Hosting", 19.99],
        [dt.date(2024, 1, 8), "Delta", "Mystery", "n/a"],
        [dt.date(2024, 1, 9), "Epsilon", "Refund", -45.0],
    ])


def test_typed_and_text_dates_load_as_the_same_kind_of_day_and_cents_stay_exact():
    store = Store(":memory:")
    result = load_file(store, "ap.xlsx", _ledger_with_title_block())
    assert result.header_row == 4
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (5, 4, 1)
    assert result.control_total == Decimal("1209.65")
    got = store.rows("SELECT source_row, txn_date, vendor, amount FROM ledger_lines ORDER BY 1")
    assert got == [(5, dt.date(2024, 1, 5), "Acme Ltd", Decimal("1234.56")),
                   (6, dt.date(2024, 1, 6), "Beta plc", Decimal("0.10")),
                   (7, dt.date(2024, 1, 7), "Gamma", Decimal("19.99")),
                   (9, dt.date(2024, 1, 9), "Epsilon", Decimal("-45.00"))]
    # the rejected row points at the row Excel shows and quotes the cell as the person sees it
    (row, reason), = store.rows("SELECT source_row, reason FROM row_issues"
                                " WHERE disposition = 'rejected'")
    assert row == 8 and "n/a" in reason


def test_rows_keep_their_excel_numbers_across_reading_chunks(monkeypatch):
    rows = [["Date", "Supplier", "Amount"]] + [
        [dt.date(2024, 1, 1 + i % 28), f"Vendor {i}", i + 0.25] if i % 4 else
        ["2024-02-01", f"Vendor {i}", str(i)] for i in range(23)]
    data = _workbook(rows)
    whole = read_source("chunks.xlsx", data).arrow
    monkeypatch.setattr(excel_columns, "CHUNK_ROWS", 5)
    chunked = read_source("chunks.xlsx", data).arrow
    assert chunked.equals(whole)
    assert chunked.column("source_row").to_pylist() == list(range(2, 25))
    assert chunked.column("c1").to_pylist()[-1] == "Vendor 22"
    assert chunked.column("c2").to_pylist()[:2] == ["0", "1.25"]


def test_a_table_that_starts_in_column_c_keeps_its_columns_and_rows():
    data = xlsx([("Ledger", sheet_xml([
        [None, None, "AP register"],
        [None, None, None],
        [None, None, "Date", "Supplier", "Amount"],
        [None, None, "2024-03-01", "Acme", 10.5],
        [None, None, "2024-03-02", "Beta", 3],
    ]))])
    src = read_source("offset.xlsx", data)
    assert src.header_row == 3
    assert src.columns[2:] == ("Date", "Supplier", "Amount")
    table = src.arrow
    assert table.column("source_row").to_pylist() == [4, 5]
    assert table.column("c3").to_pylist() == ["Acme", "Beta"]
    assert table.column("c4").to_pylist() == ["10.5", "3"]
    assert table.column("c0").null_count == 2


def test_the_streaming_reader_and_calamine_give_the_same_table():
    rows = [["Report"], [None], ["Date", "Supplier", "Amount", "Note"]] + [
        [f"2024-04-{1 + i:02d}", f"Vendor {i}", i * 1.1, None if i % 3 else " x "]
        for i in range(12)]
    data = xlsx([("Ledger", sheet_xml(rows))])
    fast = read_source("same.xlsx", data)
    streamed = read_source("same.xlsx", data, limits=ReaderLimits(max_grid_cells=0))
    assert streamed.arrow.equals(fast.arrow)
    assert fast.arrow.column("source_row").to_pylist()[0] == 4
    assert fast.arrow.column("c3").to_pylist()[:3] == ["x", None, None]


def test_a_sheet_past_the_calamine_budget_streams_row_by_row_to_the_same_table(monkeypatch):
    rows = [["Spend report"], ["Date", "Supplier", "Amount"]] + [
        [f"2024-05-{1 + i % 28:02d}", f"Vendor {i}", i + 0.5] for i in range(30)] + [
        [None], ["Total", None, 480.0]]
    data = xlsx([("Ledger", sheet_xml(rows))])
    fast = read_source("big.xlsx", data)
    monkeypatch.setenv("TECHSPEND_XLSX_CALAMINE_CELLS", "10")
    monkeypatch.setattr(excel_columns, "CHUNK_ROWS", 7)
    streamed_rows = []
    original = excel_workbook.rows_in_order

    def spy(cells, width):
        for row in original(cells, width):
            streamed_rows.append(row)
            yield row

    monkeypatch.setattr(excel_workbook, "rows_in_order", spy)
    streamed = read_source("big.xlsx", data)
    assert len(streamed_rows) == 34           # row by row, not through calamine
    assert streamed.arrow.equals(fast.arrow)
    assert streamed.arrow.column("source_row").to_pylist()[-1] == 34


def test_rows_out_of_order_still_read_every_cell(monkeypatch):
    body = ('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>Supplier</t></is></c><c r="C1" t="inlineStr"><is>'
            '<t>Amount</t></is></c></row>'
            '<row r="3"><c r="A3" t="inlineStr"><is><t>2024-01-03</t></is></c><c r="B3" '
            't="inlineStr"><is><t>Late</t></is></c><c r="C3"><v>3</v></c></row>'
            '<row r="2"><c r="A2" t="inlineStr"><is><t>2024-01-02</t></is></c><c r="B2" '
            't="inlineStr"><is><t>Early</t></is></c><c r="C2"><v>2</v></c></row></sheetData>')
    monkeypatch.setenv("TECHSPEND_XLSX_CALAMINE_CELLS", "1")
    src = read_source("order.xlsx", xlsx([("Ledger", body)]))
    assert src.arrow.column("c1").to_pylist() == ["Early", "Late"]
    assert src.arrow.column("source_row").to_pylist() == [2, 3]


def test_empty_rows_above_a_table_in_column_b_keep_the_excel_row_numbers():
    data = xlsx([("Ledger", sheet_xml([
        [], [],
        [None, "Date", "Supplier", "Amount"],
        [None, "2024-06-01", "Acme", 12.34],
        [],
        [None, "2024-06-03", "Beta", 5],
    ]))])
    store = Store(":memory:")
    result = load_file(store, "low.xlsx", data)
    assert result.header_row == 3 and result.rows_loaded == 2
    assert store.rows("SELECT source_row, vendor, amount FROM ledger_lines ORDER BY 1") == [
        (4, "Acme", Decimal("12.34")), (6, "Beta", Decimal("5.00"))]
    assert store.rows("SELECT source_row, reason FROM row_issues") == [(5, "Blank row.")]
