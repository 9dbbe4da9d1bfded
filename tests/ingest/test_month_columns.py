"""A report with one amount column per month or quarter is refused with what to do, never loaded
as one month (ingest.mapping.month_columns): before, its first month column became the amount and
the other months' spend was silently left out."""

from __future__ import annotations

from decimal import Decimal

import pytest

from db import Store
from ingest import IngestError, load_file
from ingest.mapping.month_columns import is_period_heading

from export_helpers import load_text


@pytest.mark.parametrize("months", [
    ["Jan-24", "Feb-24", "Mar-24"], ["2024-01", "2024-02", "2024-03"],
    ["January 2024", "February 2024", "March 2024"], ["Q1", "Q2", "Q3", "Q4"],
    ["2024-01-01", "2024-02-01", "2024-03-01"], ["Jan 2024 Actual", "Feb 2024 Actual", "Mar 2024 Actual"],
    ["janv.", "févr.", "mars"], ["P01", "P02", "P03"],
])
def test_a_month_by_column_report_is_refused_naming_its_columns(months):
    header = ",".join(["Supplier", "Cost Centre", *months])
    rows = "\n".join(f"Vendor {i},CC{i}," + ",".join(f"{100 * i + j}.00" for j in range(len(months)))
                     for i in range(1, 4))
    store = Store(":memory:")
    with pytest.raises(IngestError, match="amount per period") as refused:
        load_file(store, "by_month.csv", f"{header}\n{rows}\n".encode(), period="2024")
    assert months[0] in str(refused.value) and months[-1] in str(refused.value)
    assert store.rows("SELECT count(*) FROM ledger_lines") == [(0,)]


@pytest.mark.parametrize("total", ["Total", "FY Total", "YTD", "Total 2024"])
def test_the_months_total_beside_them_is_refused_too(total):
    text = (f"Supplier,Jan-24,Feb-24,Mar-24,{total}\nMicrosoft,10.00,20.00,30.00,60.00\n"
            "Adobe,1.00,2.00,3.00,6.00\n")
    with pytest.raises(IngestError, match="amount per period"):
        load_file(Store(":memory:"), "by_month.csv", text.encode(), period="2024")


def test_one_month_named_on_purpose_loads():
    text = "Supplier,Jan-24,Feb-24,Mar-24\nMicrosoft,10.00,20.00,30.00\nAdobe,1.00,2.00,3.00\n"
    result, _ = load_text(text, "by_month.csv", overrides={"amount": "Mar-24"}, period="2024-03")
    assert (result.rows_loaded, result.control_total) == (2, Decimal("33.00"))


@pytest.mark.parametrize("heading", ["Amount", "Actual", "Budget", "Total", "FY Total", "Date",
                                     "Invoice Date", "Period", "Marketing", "Maintenance"])
def test_ordinary_headings_are_not_periods(heading):
    assert not is_period_heading(heading)


def test_a_budget_vs_actual_report_without_month_columns_still_loads():
    text = "Supplier,Budget,Actual,Variance\nMicrosoft,100.00,90.00,10.00\nAdobe,50.00,55.00,-5.00\n"
    result, _ = load_text(text, "bva_2024-03.csv")
    assert result.rows_loaded == 2
