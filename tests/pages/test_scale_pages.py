"""Views that hold at a real organisation (#12 item 2): 150 departments, 600 cost centres.

The fixture is generated in SQL (one INSERT ... SELECT over range()): 150 departments outside
IT ("Dept 001".."Dept 150"), four cost centres each (600), one technology line per cost centre
in FY2026 Q1 and in FY2026 Q2, plus an IT department; a technology budget (no layers) for only
the first 20 departments, loaded through the workspace. So 130 departments have technology
spend and no technology budget — the warning that used to be one paragraph naming all 130.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

import workspace
from dashboard_fixture import open_page
from db.lines import insert_classified_sql
from db.store import Store, close_store

APP = str(Path(__file__).resolve().parents[2] / "app.py")
DEPARTMENTS = 150
MAX_BARS = 16  # top 15 + "all others"


def _insert_organisation(store: Store) -> None:
    with store.transaction() as cur:
        cur.execute(insert_classified_sql(
            """
            SELECT 1, n, 'big.csv', d, 'Vendor ' || (n % 40), 'vendor ' || (n % 40),
                   'Vendor ' || (n % 40), dept, 'CC' || lpad(n::VARCHAR, 4, '0'), NULL,
                   'Software', NULL, NULL, amt, 'GBP', NULL, true,
                   CASE WHEN n % 2 = 0 THEN 'SoR' ELSE 'SoE' END, 'Software & SaaS',
                   it, false, 'catalog', 'fixture', 1.0,
                   fiscal_year(d, 1), fiscal_quarter(d, 1), fiscal_quarter_key(d, 1),
                   fiscal_quarter_label(d, 1), amt, false
            FROM (
                SELECT n,
                       CASE WHEN n > 1200 THEN 'Information Technology'
                            ELSE 'Dept ' || lpad(((n - 1) // 8 + 1)::VARCHAR, 3, '0') END AS dept,
                       n > 1200 AS it,
                       CASE WHEN n % 2 = 0 THEN DATE '2026-02-15' ELSE DATE '2026-05-15' END AS d,
                       (1000 + n * 7)::DECIMAL(18, 2) AS amt
                FROM range(1, 1211) AS r(n)
            )
            """
        ))


@pytest.fixture(scope="module")
def big_db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("big") / "techspend.duckdb"
    store = Store(path)
    _insert_organisation(store)
    budget_csv = "Department,Period,Amount\n" + "".join(
        f"Dept {i:03d},FY2026,40000\n" for i in range(1, 21)
    )
    result = workspace.load_budget_file(store, "budget.csv", budget_csv.encode())
    assert result.status == "loaded"
    store.close()
    yield str(path)
    close_store(path)


@pytest.fixture()
def env(big_db, monkeypatch) -> str:
    monkeypatch.setenv("TECHSPEND_DB", big_db)
    monkeypatch.setenv("TECHSPEND_NO_SAMPLE", "1")
    return big_db


def charts(at: AppTest) -> list:
    return [pa.ipc.open_stream(ds.data.data).read_all().to_pandas()
            for c in at.get("vega_lite_chart") for ds in c.proto.datasets]


def test_the_fixture_is_a_real_organisation(big_db):
    from db.store import open_store

    store = open_store(big_db)
    assert store.scalar("SELECT count(DISTINCT department) FROM classified_lines") == DEPARTMENTS + 1
    assert store.scalar("SELECT count(DISTINCT cost_centre) FROM classified_lines") >= 600


@pytest.mark.parametrize("page", ["pages/quarterly_review.py", "pages/budget.py"])
def test_budget_view_holds_at_150_departments(env, page):
    at = open_page(page, {"quarter": "20262"})
    warnings = [w.value for w in at.warning]
    assert len(warnings) + len(at.info) <= 2, warnings  # within one screen of warnings
    no_budget = next(w for w in warnings if "no technology budget" in w)
    assert no_budget.startswith("130 departments outside IT spent")
    assert "and 127 more" in no_budget and len(no_budget) < 400  # a sentence, not 130 names
    assert any("All 130 departments with no technology budget" in e.label for e in at.expander)
    listed = next(d.value for d in at.dataframe if len(d.value) == 130)
    assert list(listed.columns) == ["department", "actual", "actual_ytd"]
    budget_chart = next(f for f in charts(at) if "group_name" in f.columns)
    assert budget_chart["group_name"].nunique() <= MAX_BARS
    assert "All other 136 departments" in set(budget_chart["group_name"])
    # the budget has no layers: no by-layer comparison, a sentence instead
    assert any("names no layers" in c.value for c in at.caption)


def test_overview_department_charts_show_top_n_and_all_others(env):
    at = open_page("pages/overview.py")
    department_charts = [f for f in charts(at) if "department" in f.columns]
    assert len(department_charts) == 2
    for frame in department_charts:
        assert frame["department"].nunique() <= MAX_BARS
        assert "All other 136 departments" in set(frame["department"])
    sorts = [json.loads(c.proto.spec).get("encoding", {}).get("y", {}).get("sort")
             for c in at.get("vega_lite_chart")]
    with_others = [s for s in sorts if isinstance(s, list) and "All other 136 departments" in s]
    assert len(with_others) == 2
    assert all(s[-1] == "All other 136 departments" for s in with_others)  # last, not ranked
    by_department = department_charts[0]
    table = next(d.value for d in at.dataframe if len(d.value) == DEPARTMENTS + 1)
    assert by_department["tech_spend"].sum() == pytest.approx(table["tech_spend"].sum())
