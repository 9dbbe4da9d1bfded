"""A sheet that repeats other sheets' rows is not more spend (ingest.sheet_copies): an 'All'
sheet beside the month sheets it was built from, and a sheet copied as 'Mar (2)', load once;
month sheets that happen to hold the same rows (an undated ledger's fixed fees) all load, each
dated by its sheet's name."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from db import Store
from ingest import load_file
from tests.ingest.xlsx_factory import sheet_xml, xlsx

HEADER = ["Date", "Supplier", "Department", "Amount"]
JAN = [["2024-01-05", "Microsoft", "IT", 100.5], ["2024-01-09", "Compass", "Facilities", 20]]
FEB = [["2024-02-05", "Microsoft", "IT", 100.5], ["2024-02-11", "Slack", "Sales", 8.25]]
MAR = [["2024-03-05", "Microsoft", "IT", 100.5]]


def _load(data: bytes, **options):
    store = Store(":memory:")
    result = load_file(store, "book.xlsx", data, **options)
    assert result.rows_read == result.rows_loaded + result.rows_excluded + result.rows_rejected
    return result, store


def test_an_all_sheet_beside_its_month_sheets_is_read_alone_and_counts_once():
    sheets = [("All", sheet_xml([HEADER, *JAN, *FEB, *MAR, ["Total", None, None, 329.75]])),
              ("Jan", sheet_xml([HEADER, *JAN, ["Total", None, None, 120.5]])),
              ("Feb", sheet_xml([HEADER, *FEB])), ("Mar", sheet_xml([HEADER, *MAR]))]
    result, _ = _load(xlsx(sheets))
    assert (result.rows_loaded, result.control_total) == (5, Decimal("329.75"))
    assert sum("is also in sheet 'All'" in n for n in result.notes) == 3


def test_a_sheet_copied_under_a_copy_name_is_left_out():
    sheets = [("Jan", sheet_xml([HEADER, *JAN])), ("Feb", sheet_xml([HEADER, *FEB])),
              ("Feb (2)", sheet_xml([HEADER, *FEB]))]
    result, _ = _load(xlsx(sheets))
    assert (result.rows_loaded, result.control_total) == (4, Decimal("229.25"))
    assert any("exactly those of sheet 'Feb'" in n for n in result.notes)


def test_month_sheets_with_the_same_undated_rows_all_load():
    rows = [["Microsoft", "IT", 100.5], ["Adobe", "Marketing", 30]]
    sheets = [(m, sheet_xml([["Supplier", "Department", "Amount"], *rows]))
              for m in ("Jan 2024", "Feb 2024", "Mar 2024")]
    result, store = _load(xlsx(sheets))
    assert (result.rows_loaded, result.control_total) == (6, Decimal("391.50"))
    # each month sheet dates its lines by its name
    assert store.rows("SELECT DISTINCT txn_date, source_sheet FROM ledger_lines ORDER BY 1") == [
        (dt.date(2024, 1, 1), "Jan 2024"), (dt.date(2024, 2, 1), "Feb 2024"),
        (dt.date(2024, 3, 1), "Mar 2024")]


def test_month_sheets_with_dated_lines_keep_their_dates():
    sheets = [("Jan 2024", sheet_xml([HEADER, *JAN])), ("Feb 2024", sheet_xml([HEADER, *FEB]))]
    _, store = _load(xlsx(sheets))
    assert [d.isoformat() for (d,) in store.rows("SELECT txn_date FROM ledger_lines "
                                                 "ORDER BY source_row")] == [
        "2024-01-05", "2024-01-09", "2024-02-05", "2024-02-11"]
