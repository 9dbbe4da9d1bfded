"""One bad row never breaks a page (issue #9.3): lines dated at the ends of what DuckDB stores.

DuckDB keeps dates Python's `date` cannot (year 0, year 12000); one such line used to raise
`OverflowError: date value out of range` in analytics.filter_options and break five pages. Here
the hand-made page lines get extra lines dated 0000-01-01, 0001-01-01, 9999-12-31 and 12000-06-30
(written as classified lines, as a loaded row would end up), and every model call
the pages make and every page must work: no exception, no error message, figures still exact.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from dashboard_fixture import PAGE_LINES, TECH, insert_lines
from streamlit.testing.v1 import AppTest

from db.store import Store, close_store, open_store
from models import analytics
from models.analytics import Filters

APP = str(Path(__file__).resolve().parents[2] / "app.py")
EXTREME_DATES = ["0000-01-01", "0001-01-01", "9999-12-31", "12000-06-30"]
EXTREME_LINES = [
    (d, "Marketing", f"Oddly dated {i}", True, "SoE", "Software & SaaS", False, True, "1.00")
    for i, d in enumerate(EXTREME_DATES)
]
PAGES = [
    "pages/overview.py", "pages/shadow_it.py", "pages/sor_soe.py", "pages/quarterly_review.py",
    "pages/upload.py", "pages/review.py", "pages/budget.py", "pages/settings.py",
]


@pytest.fixture(scope="module")
def odd_db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("odd_dates") / "techspend.duckdb"
    store = Store(path)
    insert_lines(store, PAGE_LINES + EXTREME_LINES)
    store.close()
    yield str(path)
    close_store(path)


@pytest.fixture()
def odd_env(odd_db, monkeypatch) -> str:
    monkeypatch.setenv("TECHSPEND_DB", odd_db)
    monkeypatch.setenv("TECHSPEND_NO_SAMPLE", "1")
    return odd_db


def test_every_model_call_of_the_pages_survives_any_date(odd_db):
    store = open_store(odd_db)
    options = analytics.filter_options(store)
    # the clamped ends of Python's range; the quarters themselves are the stored ones
    assert (options.first_date, options.last_date) == (date.min, date.max)
    keys = [k for k, _ in options.quarters]
    assert keys[0] == 1 and keys[-1] == 120002  # FY0 Q1 ... FY12000 Q2, in SQL
    assert dict(options.quarters)[120002] == "FY12000 Q2"
    ov = analytics.overview(store)
    assert ov.tech_spend == Decimal(TECH) + 4  # the odd lines still count, to the cent
    assert (ov.first_date, ov.last_date) == (date.min, date.max)
    for quarter in (keys[0], keys[-1], 99994):
        analytics.quarter_summary(store, quarter)
        analytics.quarter_changes_all(store, quarter)
        analytics.first_time_vendors(store, quarter)
    analytics.spend_by_quarter(store)
    analytics.spend_by_department(store)
    analytics.top_vendors_by_layer(store)
    vendors = analytics.shadow_it_vendors(store)
    odd = vendors[vendors["vendor"].str.startswith("Oddly dated")].set_index("vendor")
    assert odd.loc["Oddly dated 0", "first_seen"] == date.min  # 0000-01-01, clamped for display
    assert odd.loc["Oddly dated 3", "last_seen"] == date.max   # 12000-06-30, clamped
    lines = analytics.vendor_lines(store, "Oddly dated 3")
    assert list(lines["txn_date"]) == [date.max]
    # a filter by date still selects on the stored date: only the year-12000 line is after 9999
    late = analytics.overview(store, Filters(date_from=date(9999, 12, 31)))
    assert late.line_count == 2  # 9999-12-31 and 12000-06-30


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_any_date(odd_env, page):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("quarter", ["1", "99994", "120002"])
def test_quarterly_review_of_an_extreme_quarter(odd_env, quarter):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["quarter"] = quarter
    at.run()
    at.switch_page("pages/quarterly_review.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="review_quarter").value == int(quarter)
