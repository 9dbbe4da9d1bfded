"""Header shapes (#8.5): two-row headers, merged header cells, a totals row above the header,
month sheets of one ledger loaded as one upload with each line's sheet, cover sheets skipped.

Small workbooks are generated at test time; the real public ledgers (harrow, durham_pcc, bury)
are read from ../shared/real_ledgers when present (skipped with the reason otherwise).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from db import Store
from ingest import IngestError, load_file, read_source
from tests.ingest.xlsx_factory import sheet_xml, xlsx

_HERE = Path(__file__).resolve()
# /work/main/tests/ingest -> /work/shared; a worktree /work/wt/<name>/tests/ingest -> /work/shared
REAL = next((p for p in (_HERE.parents[2] / ".." / "shared" / "real_ledgers",
                         _HERE.parents[3] / ".." / "shared" / "real_ledgers") if p.is_dir()),
            _HERE.parents[2] / ".." / "shared" / "real_ledgers")
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason=f"real ledgers not present at {REAL}")


# ---- two-row and merged headers ----------------------------------------------------------------
def test_two_row_header_in_csv_joins_group_and_sub_labels():
    data = (b"AP Invoice Register\n"
            b"Date,Supplier,Amount,,\n"
            b",,Net,VAT,Gross\n"
            b"2024-01-05,Acme,10.00,2.00,12.00\n"
            b"2024-01-06,Beta,5.00,1.00,6.00\n")
    src = read_source("two_rows.csv", data)
    assert src.columns == ("Date", "Supplier", "Amount Net", "Amount VAT", "Amount Gross")
    assert src.header_row == 3 and src.preamble == ((1, "AP Invoice Register"),)
    store = Store(":memory:")
    result = load_file(store, "two_rows.csv", data)
    # the second header row is not a data row: 2 rows read, both loaded, first on line 4
    assert (result.rows_read, result.rows_loaded) == (2, 2)
    assert store.rows("SELECT min(source_row) FROM ledger_lines") == [(4,)]


def test_two_row_header_with_the_group_label_on_its_own_row():
    data = b",,Amount,,\nDate,Supplier,Net,VAT,Gross\n2024-01-05,Acme,10.00,2.00,12.00\n"
    src = read_source("group_above.csv", data)
    assert src.columns == ("Date", "Supplier", "Amount Net", "Amount VAT", "Amount Gross")
    assert src.header_row == 2 and src.preamble == ()


def test_a_report_title_above_the_header_is_not_a_group_label():
    src = read_source("titled.csv", b"Spend report\nDate,Supplier,Amount\n2024-01-05,Acme,10\n")
    assert src.columns == ("Date", "Supplier", "Amount")
    merged_title = xlsx([("S", sheet_xml([["Spend report"], ["Date", "Supplier", "Amount"],
                                          ["2024-01-05", "Acme", 10]], merges=["A1:C1"]))])
    src = read_source("titled.xlsx", merged_title)
    assert src.columns == ("Date", "Supplier", "Amount")
    assert src.preamble == ((1, "Spend report"),)


def test_merged_two_row_header_cells_in_xlsx():
    rows = [["Date", "Supplier", "Amount", None, None],
            [None, None, "Net", "VAT", "Gross"],
            ["2024-01-05", "Acme", 10, 2, 12]]
    data = xlsx([("S", sheet_xml(rows, merges=["A1:A2", "B1:B2", "C1:E1"]))])
    src = read_source("merged.xlsx", data)
    assert src.columns == ("Date", "Supplier", "Amount Net", "Amount VAT", "Amount Gross")
    assert src.header_row == 2
    assert src.arrow.column("source_row").to_pylist() == [3]


# ---- totals above the header -------------------------------------------------------------------
def test_a_totals_row_above_the_header_is_reported_and_never_loaded():
    rows = [[None, None, 15.5, 3.1],
            ["Vendor", "Date", "Net value", "VAT"],
            ["Acme", "2024-01-05", 10.5, 2.1],
            ["Beta", "2024-01-06", 5, 1]]
    data = xlsx([("S", sheet_xml(rows))])
    src = read_source("totals_above.xlsx", data)
    assert src.header_row == 2
    assert src.header_totals == (("Net value", "15.5"), ("VAT", "3.1"))
    assert any("column totals" in n and "15.50" in n for n in src.notes)
    store = Store(":memory:")
    result = load_file(store, "totals_above.xlsx", data)
    assert (result.rows_read, result.rows_loaded, result.control_total) == (2, 2, Decimal("15.50"))


def test_totals_above_the_header_in_csv():
    src = read_source("t.csv", b",,92591574.88\nSupplier,Date,Net\nAcme,2024-01-05,10\n")
    assert src.header_row == 2 and src.header_totals == (("Net", "92591574.88"),)


# ---- month sheets and cover sheets -------------------------------------------------------------
def _month(period: str, rows: list[tuple], vendor_heading: str = "Supplier") -> str:
    body = [["Period", "Account", vendor_heading, "Date", "Amount"]]
    body += [[period, "4010", v, d, a] for v, d, a in rows]
    body += [[None], ["Note: these purchases are for operational assets."]]
    return sheet_xml(body)


def _months_workbook() -> bytes:
    return xlsx([
        ("Cover", sheet_xml([["client", "L2"], ["Period", "202401;202403"], ["template", "Spend"]])),
        ("Jan 24", _month("202401", [("Acme", "2024-01-05", 10), ("Beta", "2024-01-09", 2.5)])),
        ("Feb 24", _month("202402", [("Gamma", "2024-02-03", 7)])),
        ("Mar 24", _month("202403", [("Delta", "2024-03-01", 1), ("Acme", "2024-03-02", 4)],
                          vendor_heading="Ap/Ar ID(T)")),
    ])


def test_month_sheets_load_as_one_upload_with_each_lines_sheet():
    data = _months_workbook()
    src = read_source("months.xlsx", data)
    assert src.source_sheets == ("Jan 24", "Feb 24", "Mar 24") and src.stacked
    assert src.skipped_sheets[0][0] == "Cover" and "cover" in src.skipped_sheets[0][1]
    assert any("Sheet 'Cover' was skipped" in n for n in src.notes)
    assert any("'Ap/Ar ID(T)' (here 'Supplier')" in n for n in src.notes)
    store = Store(":memory:")
    result = load_file(store, "months.xlsx", data)
    assert result.rows_loaded == 5 and result.control_total == Decimal("24.50")
    assert result.reconciles
    lines = store.rows("SELECT source_sheet, sheet_row, vendor FROM ledger_lines ORDER BY source_row")
    assert lines == [("Jan 24", 2, "Acme"), ("Jan 24", 3, "Beta"), ("Feb 24", 2, "Gamma"),
                     ("Mar 24", 2, "Delta"), ("Mar 24", 3, "Acme")]
    # each sheet's note row is accounted for, pointing at its own sheet and row
    notes = store.rows("SELECT source_sheet, sheet_row FROM row_issues WHERE raw LIKE '%Note:%'"
                       " ORDER BY source_row")
    assert notes == [("Jan 24", 5), ("Feb 24", 4), ("Mar 24", 5)]


def test_the_user_can_still_pick_one_month_sheet():
    data = _months_workbook()
    src = read_source("months.xlsx", data, sheet="Feb 24")
    assert src.sheet == "Feb 24" and not src.stacked
    store = Store(":memory:")
    result = load_file(store, "months.xlsx", data, sheet="Feb 24")
    assert result.rows_loaded == 1
    assert store.rows("SELECT source_sheet, sheet_row, source_row FROM ledger_lines") == [
        ("Feb 24", 2, 2)]


def test_a_csv_line_has_no_sheet_and_its_sheet_row_is_its_line():
    store = Store(":memory:")
    load_file(store, "one.csv", b"Date,Supplier,Amount\n2024-01-05,Acme,10\n")
    assert store.rows("SELECT source_sheet, sheet_row, source_row FROM ledger_lines") == [
        (None, 2, 2)]


def test_sheets_with_other_columns_are_skipped_and_said():
    data = xlsx([("Ledger", sheet_xml([["Date", "Supplier", "Amount"], ["2024-01-05", "Acme", 1],
                                       ["2024-01-06", "Beta", 2]])),
                 ("Budget", sheet_xml([["Cost centre", "Year", "Budget", "Owner"],
                                       ["IT", "2024", 1000, "CIO"], ["HR", "2024", 50, "CPO"]]))])
    src = read_source("mixed.xlsx", data)
    assert src.sheet == "Ledger" and src.source_sheets == ("Ledger",)
    assert src.skipped_sheets and src.skipped_sheets[0][0] == "Budget"


def test_an_unknown_sheet_names_the_sheets():
    with pytest.raises(IngestError, match="Sheets: Cover, Jan 24"):
        read_source("months.xlsx", _months_workbook(), sheet="April")


def _drifting_workbook() -> bytes:
    """Three month sheets of one AP ledger whose headings drift: February calls the supplier
    'Ap/Ar ID(T)' and puts the columns in another order, March names every column in its own
    words and adds a 'Notes' column the others lack."""
    return xlsx([
        ("Jan", sheet_xml([["Date", "Supplier", "Cost Centre", "Amount"],
                           ["2024-01-05", "Acme Ltd", "IT", 10],
                           ["2024-01-09", "Beta plc", "HR", 2.5]])),
        ("Feb", sheet_xml([["Amount", "Date", "Cost Centre", "Ap/Ar ID(T)"],
                           [7, "2024-02-03", "IT", "Gamma Limited"],
                           [1.25, "2024-02-04", "HR", "Delta GmbH"],
                           [3, "2024-02-05", "IT", "Acme Ltd"]])),
        ("Mar", sheet_xml([["Payment Date", "Net Amount", "Vendor Name", "Notes", "Cost Centre"],
                           ["2024-03-01", 4, "Epsilon SA", "urgent", "HR"],
                           ["2024-03-02", 0.75, "Acme Ltd", None, "IT"]])),
    ])


def test_month_sheets_whose_headings_drift_are_stacked_by_field():
    data = _drifting_workbook()
    src = read_source("drift.xlsx", data)
    assert src.source_sheets == ("Jan", "Feb", "Mar")
    # the first sheet's columns, then the column only March has (kept, nothing lost)
    assert src.columns == ("Date", "Supplier", "Cost Centre", "Amount", "Notes")
    assert any("Sheet 'Feb' names" in n and "vendor 'Ap/Ar ID(T)' (here 'Supplier')" in n
               for n in src.notes)
    store = Store(":memory:")
    result = load_file(store, "drift.xlsx", data)
    assert result.rows_loaded == 7 and result.control_total == Decimal("28.50")
    assert result.reconciles
    lines = store.rows("SELECT source_sheet, sheet_row, vendor, amount::DECIMAL(18, 2)::VARCHAR, "
                       "strftime(txn_date, '%Y-%m-%d') FROM ledger_lines ORDER BY source_row")
    assert lines == [
        ("Jan", 2, "Acme Ltd", "10.00", "2024-01-05"), ("Jan", 3, "Beta plc", "2.50", "2024-01-09"),
        ("Feb", 2, "Gamma Limited", "7.00", "2024-02-03"),
        ("Feb", 3, "Delta GmbH", "1.25", "2024-02-04"), ("Feb", 4, "Acme Ltd", "3.00", "2024-02-05"),
        ("Mar", 2, "Epsilon SA", "4.00", "2024-03-01"), ("Mar", 3, "Acme Ltd", "0.75", "2024-03-02"),
    ]
    notes = src.arrow.column("c4").to_pylist()
    assert notes == [None, None, None, None, None, "urgent", None]


def test_a_ledger_like_sheet_that_cannot_be_mapped_is_said_not_guessed():
    """A month sheet with no recognisable amount is not stacked under the others' columns: it
    is skipped with a message saying why and how to load it."""
    data = xlsx([
        ("Jan", sheet_xml([["Date", "Supplier", "Amount"], ["2024-01-05", "Acme Ltd", 10],
                           ["2024-01-06", "Beta plc", 2]])),
        ("Feb", sheet_xml([["X1", "X2", "X3", "X4"], ["a", "b", "c", "d"], ["e", "f", "g", "h"],
                           ["i", "j", "k", "l"]])),
    ])
    src = read_source("odd.xlsx", data)
    assert src.source_sheets == ("Jan",)
    skipped = dict(src.skipped_sheets)
    assert "no amount column was recognised" in skipped["Feb"] and "pick it" in skipped["Feb"]
    assert any("Sheet 'Feb' was skipped: no amount column" in n for n in src.notes)


# ---- real ledgers ------------------------------------------------------------------------------
@needs_real
def test_harrow_totals_row_above_the_header_is_excluded_and_reported():
    path = REAL / "harrow" / "q1_apr_jun_2023.xlsx"
    src = read_source(path.name, path.read_bytes())
    assert src.header_row == 2 and src.columns[3] == "Net value"
    assert src.arrow.num_rows == 11164
    assert dict(src.header_totals)["Net value"].startswith("92591574.8")
    assert any("column totals" in n and "92,591,574.88" in n for n in src.notes)
    store = Store(":memory:")
    result = load_file(store, path.name, path.read_bytes(), overrides={"amount": "Net value"})
    assert result.rows_loaded == 11164 and result.control_total == Decimal("92591574.88")


@needs_real
def test_durham_month_sheets_are_one_table_of_all_twelve():
    path = REAL / "durham_pcc" / "durham_pcc_2024-25.xlsx"
    src = read_source(path.name, path.read_bytes())
    assert len(src.source_sheets) == 12 and src.source_sheets[0] == "Apr 24 PCC"
    assert src.columns == ("Period", "Account", "Account(T)", "Amount", "Supplier")
    sheets = src.arrow.column("source_sheet").to_pylist()
    amounts = src.arrow.column("c3").to_pylist()
    data_rows = [a for a in amounts if a is not None]
    # 658 lines + 12 note rows (one per sheet; the note sits in the first column)
    assert len(data_rows) == 658 and len(set(sheets)) == 12
    assert sum(Decimal(a) for a in data_rows).quantize(Decimal("0.01")) == Decimal("11501372.72")
    notes = [r for r in src.arrow.to_pylist() if (r["c0"] or "").startswith("Note:")]
    assert len(notes) == 12


@needs_real
def test_bury_parameters_sheet_is_skipped_and_the_ledger_read():
    path = REAL / "bury" / "bury_sep_2023.xlsx"
    src = read_source(path.name, path.read_bytes())
    assert src.sheet == "Spend Over £500 ( Distributed )"
    assert src.skipped_sheets == (("Parameters", "a cover or parameters sheet, not ledger lines"),)
    assert src.arrow.num_rows == 2879
    amounts = src.arrow.column("c6").to_pylist()
    assert sum(Decimal(a) for a in amounts).quantize(Decimal("0.01")) == Decimal("10291655.01")
