"""Budget files: every row of a budget file accounted for (loaded, excluded or rejected with file
and row), periods read in the fiscal calendar, overlaps pointed out, a person's column choice wins."""

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "models"))

from budget_report_fixture import BUDGET_CSV, new_store  # noqa: E402
from db import TechspendError  # noqa: E402
from ingest import budget, row_issues  # noqa: E402
from ingest.budget import parse_period  # noqa: E402


def test_budget_file_reconciles_and_names_file_and_row():
    store = new_store(start_month=4)
    result = budget.load_budget_file(store, "budget.csv", BUDGET_CSV)
    assert (result.rows_read, result.rows_loaded, result.rows_excluded, result.rows_rejected) == (11, 5, 2, 4)
    assert result.reconciles
    assert result.control_total == Decimal("6900.00")
    rejected = {i.source_row: i.reason for i in row_issues(store, result.upload_id).itertuples()
                if i.disposition == "rejected"}
    assert set(rejected) == {8, 11, 12, 13}
    assert rejected[8].startswith("budget.csv row 8:") and "'abc'" in rejected[8]
    assert "'FY2026 Q5'" in rejected[11] and "'maybe'" in rejected[12] and "'Infrastructure'" in rejected[13]
    row = store.rows(
        "SELECT dataset, rows_read, rows_loaded, rows_excluded, rows_rejected, control_total "
        "FROM uploads WHERE upload_id = ?", [result.upload_id])[0]
    assert row == ("budget", 11, 5, 2, 4, Decimal("6900.00"))
    assert store.scalar("SELECT sum(amount) FROM budget_lines") == row[-1]
    lines = store.rows(
        "SELECT source_row, department, period_start, period_end, layer, is_it_budget, amount, currency "
        "FROM budget_lines ORDER BY source_row")
    assert lines == [
        (3, "Information Technology", date(2025, 4, 1), date(2026, 3, 31), None, True, Decimal("4800.00"), "GBP"),
        (4, "Sales", date(2025, 4, 1), date(2025, 4, 30), "SoE", None, Decimal("300.00"), "GBP"),
        (5, "Sales", date(2025, 5, 1), date(2025, 5, 31), "SoE", None, Decimal("300.00"), "GBP"),
        (6, "Sales", date(2025, 7, 1), date(2025, 9, 30), "SoE", None, Decimal("900.00"), "GBP"),
        (7, "Finance", date(2025, 4, 1), date(2025, 6, 30), "SoR", None, Decimal("600.00"), "GBP"),
    ]


@pytest.mark.parametrize(
    "text, start_month, expected",
    [
        ("2026-01", 1, (date(2026, 1, 1), date(2026, 1, 31))),
        ("2026-02-14", 1, (date(2026, 2, 1), date(2026, 2, 28))),
        ("Feb-26", 1, (date(2026, 2, 1), date(2026, 2, 28))),
        ("2026-Q1", 4, (date(2025, 4, 1), date(2025, 6, 30))),
        ("FY2026 Q4", 4, (date(2026, 1, 1), date(2026, 3, 31))),
        ("FY2026", 4, (date(2025, 4, 1), date(2026, 3, 31))),
        ("FY2026", 1, (date(2026, 1, 1), date(2026, 12, 31))),
    ],
)
def test_periods(text, start_month, expected):
    assert parse_period(text, start_month) == expected


def test_a_file_without_the_needed_columns_says_which():
    store = new_store()
    with pytest.raises(TechspendError, match="no column for .*amount.*Its columns: Department, Period, Notes"):
        budget.load_budget_file(store, "b.csv", b"Department,Period,Notes\nIT,2026-01,x\n")


def test_overlapping_budget_uploads_are_pointed_out():
    store = new_store(start_month=4)
    first = budget.load_budget_file(store, "v1.csv", b"Department,Period,Amount\nSales,2025-04,300\n")
    second = budget.load_budget_file(store, "v2.csv", b"Department,Period,Amount\nSALES,2026-Q1,900\n")
    assert any(f"upload #{first.upload_id}" in note for note in second.notes)
    budget.delete_budget_upload(store, first.upload_id)
    assert store.scalar("SELECT count(*) FROM budget_lines") == 1
    assert store.scalar("SELECT count(*) FROM uploads WHERE dataset = 'budget'") == 1


def test_mapping_chosen_by_a_person_finds_the_header_and_the_column():
    store = new_store(start_month=4)
    data = b"Plan FY26,,\nCost centre,When,Plan 2026 (GBP)\nSales,2026-Q1,600\n"
    with pytest.raises(TechspendError, match="no column for"):
        budget.load_budget_file(store, "plan.csv", data)
    result = budget.load_budget_file(
        store, "plan.csv", data, overrides={"period": "When", "amount": "Plan 2026 (GBP)"})
    assert (result.rows_read, result.rows_loaded) == (1, 1)
    assert result.mapping == {"department": "Cost centre", "period": "When", "amount": "Plan 2026 (GBP)"}
