"""Budget vs actual by department, layer and IT vs outside IT, with outlook; technology spend
without a technology budget is called out. (Loading budget files: tests/ingest/test_budget_load.py.)"""

import pytest

import cli
from budget_report_fixture import BUDGET_CSV, new_store, sample_company, sample_company_file
from ingest.budget import load_budget_file
from models import budget, fx


def _actual(store, where: str, params=()) -> float:
    """Independent figure: technology spend over classified_lines (not the SQL under test)."""
    value = store.scalar(
        f"SELECT coalesce(sum(amount_reporting), 0) FROM classified_lines WHERE is_tech AND {where}", list(params))
    return float(value)


def test_budget_vs_actual_by_department_layer_and_it():
    store = new_store(start_month=4)
    sample_company(store)
    load_budget_file(store, "budget.csv", BUDGET_CSV)
    result = budget.budget_vs_actual(store, "FY2026 Q1")
    q1 = "txn_date BETWEEN DATE '2025-04-01' AND DATE '2025-06-30'"
    by_dept = result.by_department.set_index("group_name")

    it = by_dept.loc["Information Technology"]
    assert it["actual"] == _actual(store, f"{q1} AND department = 'Information Technology'")
    assert it["budget"] == 4800 / 4  # a fiscal-year budget spread evenly over its 12 months
    assert it["variance"] == pytest.approx(it["actual"] - 1200)
    assert it["variance_pct"] == pytest.approx((it["actual"] - 1200) / 1200)
    assert it["budget_full_year"] == 4800
    assert it["outlook_full_year"] == pytest.approx(it["actual"] + 4800 - 1200)  # actual to date + rest of year

    sales = by_dept.loc["Sales"]
    assert sales["budget"] == 600  # April + May; the Q2 line belongs to the next quarter
    assert sales["budget_full_year"] == 1500
    assert sales["outlook_full_year"] == pytest.approx(_actual(store, f"{q1} AND department = 'Sales'") + 900)

    finance = by_dept.loc["Finance"]
    assert finance["budget"] == 600 and finance["actual"] == _actual(store, f"{q1} AND department = 'Finance'")

    # Marketing's USD line converts; its line without an FX rate is left out (not taken at 1.0)
    assert by_dept.loc["Marketing", "actual"] == _actual(store, f"{q1} AND department = 'Marketing'") == 240.0

    layers = result.by_layer.set_index("group_name")
    assert layers.loc["SoE", "budget"] == 600 and layers.loc["SoR", "budget"] == 600
    assert layers.loc["Unassigned", "budget"] == 1200
    assert layers.loc["SoE", "actual"] == _actual(store, f"{q1} AND layer = 'SoE'")

    sides = result.by_it.set_index("group_name")
    assert sides.loc["IT", "budget"] == 1200 and sides.loc["Outside IT", "budget"] == 1200
    assert sides.loc["Outside IT", "actual"] == _actual(store, f"{q1} AND NOT it_owned")
    assert result.total["actual"] == _actual(store, q1)
    assert result.total["budget"] == 2400
    assert result.by_department["actual"].sum() == pytest.approx(result.total["actual"])


def test_departments_with_tech_spend_but_no_tech_budget_are_shadow_it():
    store = new_store(start_month=4)
    sample_company(store)
    load_budget_file(store, "budget.csv", BUDGET_CSV)
    shadow = budget.budget_vs_actual(store, "FY2026 Q1").shadow_it
    assert list(shadow["department"]) == ["Marketing", "Legal"]  # Marketing's row 8 was rejected
    # an IT department without a budget is a missing budget, not shadow IT
    store.execute("DELETE FROM budget_lines WHERE department = 'Information Technology'")
    shadow = budget.budget_vs_actual(store, "FY2026 Q1").shadow_it
    assert "Information Technology" not in set(shadow["department"])


def test_budget_in_another_currency_converts_or_is_counted_missing():
    store = new_store(start_month=4)
    sample_company(store)
    csv = b"Department,Period,Amount,Currency\nLegal,2025-04,100,USD\nLegal,2025-05,100,EUR\n"
    load_budget_file(store, "usd.csv", csv)
    with store.transaction() as cur:  # the pure writer: no reclassification
        fx.write_rate(cur, "2025-04", "USD", "GBP", "0.8")
    legal = budget.budget_vs_actual(store, "FY2026 Q1").by_department.set_index("group_name").loc["Legal"]
    assert legal["budget"] == 80.0
    assert legal["budget_fx_missing"] == 1


def test_cli_budget_load_and_show(tmp_path, capsys):
    db_path = tmp_path / "t.duckdb"
    with sample_company_file(db_path):
        file = tmp_path / "budget.csv"
        file.write_bytes(b"Department,Period,Amount\nSales,2026-Q1,600\nFinance,2025-04,oops\n")
        assert cli.main(["budget", "load", str(file), "--db", str(db_path)]) == 1  # a row was rejected
        out = capsys.readouterr().out
        assert "2 rows read, 1 loaded, 0 excluded, 1 rejected" in out
        assert "budget.csv row 3: amount 'oops'" in out
        assert cli.main(["budget", "load", str(file), "--db", str(db_path)]) == 2  # same file again
        assert "already loaded" in capsys.readouterr().err
        assert cli.main(["budget", "show", "--quarter", "FY2026 Q1", "--db", str(db_path)]) == 0
        out = capsys.readouterr().out
        assert "Sales" in out and "600.00" in out and "shadow IT" in out


def test_operating_budget_lines_are_not_technology_budget():
    """IT budget = N marks an operating budget: it does not cover technology spend."""
    store = new_store(start_month=4)
    sample_company(store)
    csv = (b"Department,Period,Category,IT budget,Amount\n"
           b"Marketing,2026-Q1,Operating,N,5000\n"
           b"Marketing,2026-Q1,Software,Y,100\n"
           b"Legal,2026-Q1,Operating,N,900\n")
    load_budget_file(store, "opex.csv", csv)
    result = budget.budget_vs_actual(store, "FY2026 Q1")
    by_dept = result.by_department.set_index("group_name")
    assert by_dept.loc["Marketing", "budget"] == 100
    assert by_dept.loc["Marketing", "other_budget"] == 5000
    assert by_dept.loc["Legal", "budget"] == 0 and by_dept.loc["Legal", "other_budget"] == 900
    shadow = set(result.shadow_it["department"])
    assert "Legal" in shadow  # an operating budget is not a technology budget
    assert "Marketing" not in shadow
    assert shadow == {"Sales", "Finance", "Legal"}  # every non-IT department with tech spend and no Y line
    assert result.total["budget"] == 100


def test_a_quarter_with_no_lines_and_no_budget_gives_zero_totals():
    store = new_store(start_month=4)
    result = budget.budget_vs_actual(store, "FY2020 Q1")
    assert result.total["actual"] == 0 and result.total["budget"] == 0
    assert not result.has_budget and result.by_department.empty and result.shadow_it.empty


def test_budget_departments_matching_no_ledger_department_are_listed():
    store = new_store(start_month=4)
    sample_company(store)
    load_budget_file(store, "b.csv", b"Department,Period,Amount\nIT Dept,2026-Q1,100\nsales ,2026-Q1,50\n")
    result = budget.budget_vs_actual(store, "FY2026 Q1")
    assert result.unmatched_budget_departments == ("IT Dept",)  # 'sales ' matches 'Sales'
