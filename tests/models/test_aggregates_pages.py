"""Every page figure read from the aggregates equals the same figure computed from the lines.

The lines are generated (deterministic hashes: 3 uploads, 3 years of dates, 7 departments with
a blank one, 12 vendors with a blank one, lines without an FX rate), the aggregates are built
from them, and each models.analytics call is made twice: through the aggregates (the pages' path)
and inside `aggregates.read_from_lines()` (the reference). Filters cover quarters, departments,
uploads, month-aligned and mid-month date ranges and a department-scoped viewer.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from access import acting_as
from access.principal import Principal
from db.lines import insert_classified_sql
from db.store import Store
from models import aggregates, analytics, summary
from models.analytics import Filters

DEPARTMENTS = ["IT", "IT Infrastructure", "Finance", "Marketing", "Sales", "Legal", None]
IT_DEPARTMENTS = {"IT", "IT Infrastructure"}
FACING = {"Marketing", "Sales"}
# vendor, category (one per vendor, so "the category of the largest line" has no ties), layer
VENDORS = [("Amazon Web Services", "Cloud services", None), ("Xero", "Software & SaaS", "SoR"),
           ("HubSpot", "Software & SaaS", "SoE"), ("Canva", "Software & SaaS", "SoE"),
           ("Zoom", "Software & SaaS", "SoR"), ("Gong", "Software & SaaS", "SoE"),
           ("Dell", "Hardware", None), ("Okta", "Security", "SoR"), (None, "Unknown technology", None),
           ("PrintCo", "Printing", "-"), ("Hays", "Staffing", "-"), ("Premier Inn", "Travel", "-")]
LINES = 3000


def _literal(values) -> str:
    """A SQL list literal of this file's constants (no user data)."""
    return "[" + ", ".join("NULL" if v is None else "'" + v + "'" for v in values) + "]"


def generate(store: Store, rows: int = LINES) -> None:
    it = _literal("true" if d in IT_DEPARTMENTS else "false" for d in DEPARTMENTS)
    cf = _literal("true" if d in FACING else "false" for d in DEPARTMENTS)
    store.execute(insert_classified_sql(f"""
        WITH g AS (
            SELECT i, 1 + (hash(i, 'd') % {len(DEPARTMENTS)})::INTEGER AS d,
                   1 + (hash(i, 'v') % {len(VENDORS)})::INTEGER AS v,
                   DATE '2024-01-01' + (hash(i, 't') % 1000)::INTEGER AS txn_date,
                   ((hash(i, 'a') % 9000000) + 100)::DECIMAL(18, 2) / 100 AS amount,
                   hash(i, 'fx') % 40 = 0 AS fx_missing
            FROM range(1, {rows + 1}) AS r(i)
        ), p AS (
            SELECT g.*, {_literal(d for d in DEPARTMENTS)}[d] AS department,
                   {it}[d]::BOOLEAN AS it_owned, {cf}[d]::BOOLEAN AS customer_facing,
                   {_literal(v[0] for v in VENDORS)}[v] AS vendor,
                   {_literal(v[1] for v in VENDORS)}[v] AS category,
                   {_literal(v[2] for v in VENDORS)}[v] AS catalog_layer
            FROM g
        )
        SELECT 1 + i % 3, i, 'gen' || (1 + i % 3)::VARCHAR || '.csv', txn_date, vendor,
               lower(vendor), vendor, department, NULL, NULL, 'Expenses', NULL, NULL, amount,
               CASE WHEN fx_missing THEN 'USD' ELSE 'GBP' END, NULL,
               coalesce(catalog_layer, '') <> '-',
               CASE WHEN catalog_layer = '-' THEN NULL WHEN catalog_layer IS NOT NULL
                    THEN catalog_layer WHEN i % 7 = 0 THEN NULL
                    WHEN customer_facing THEN 'SoE' ELSE 'SoR' END,
               category, it_owned, customer_facing, 'catalog', 'generated', 0.9,
               fiscal_year(txn_date, 4), fiscal_quarter(txn_date, 4),
               fiscal_quarter_key(txn_date, 4), fiscal_quarter_label(txn_date, 4),
               CASE WHEN fx_missing THEN NULL ELSE amount END, fx_missing
        FROM p
    """))


@pytest.fixture(scope="module")
def store():
    s = Store(":memory:")
    generate(s)
    aggregates.rebuild_all(s)
    yield s
    s.close()


def _quarters(store):
    return [q for q, _ in analytics.filter_options(store).quarters]


MONTHS = Filters(date_from=date(2024, 4, 1), date_to=date(2025, 3, 31))
MID_MONTH = Filters(date_from=date(2024, 4, 9), date_to=date(2025, 3, 20))
FILTERS = {
    "all": Filters(),
    "quarters": Filters(quarter_from=20251, quarter_to=20253),
    "departments": Filters(departments=("Marketing", "(no department)")),
    "upload": Filters(upload_ids=(2,)),
    "months": MONTHS,
    "mid-month": MID_MONTH,
    "everything": Filters(quarter_from=20243, departments=("Sales", "IT"), upload_ids=(1, 3),
                          date_from=date(2024, 10, 1)),
}
MODELS = {
    "overview": lambda s, f, q: analytics.overview(s, f),
    "spend_by_quarter": lambda s, f, q: analytics.spend_by_quarter(s, f),
    "spend_by_department": lambda s, f, q: analytics.spend_by_department(s, f),
    "spend_by_department_fast": lambda s, f, q: analytics.spend_by_department(
        s, f, with_vendor_counts=False),
    "fx_missing_lines": lambda s, f, q: analytics.fx_missing_lines(s, f),
    "shadow_it_vendors": lambda s, f, q: analytics.shadow_it_vendors(s, f),
    "top_vendors_by_layer": lambda s, f, q: analytics.top_vendors_by_layer(s, f, top_n=4),
    "quarter_summary": lambda s, f, q: analytics.quarter_summary(s, q, f),
    "quarter_changes_all": lambda s, f, q: analytics.quarter_changes_all(s, q, f),
    "first_time_vendors": lambda s, f, q: analytics.first_time_vendors(s, q, f),
    "filter_options": lambda s, f, q: analytics.filter_options(s),
    "vendor_lines": lambda s, f, q: analytics.vendor_lines(s, "Canva", f, max_lines=50),
}


def _same(from_aggregates, from_lines) -> None:
    if isinstance(from_lines, pd.DataFrame):
        pd.testing.assert_frame_equal(from_aggregates, from_lines)
    else:
        assert from_aggregates == from_lines


@pytest.mark.parametrize("filter_name", FILTERS)
@pytest.mark.parametrize("model", MODELS)
def test_page_model_from_aggregates_equals_lines(store, model, filter_name):
    filters = FILTERS[filter_name]
    quarter = _quarters(store)[-3]
    call = MODELS[model]
    with aggregates.read_from_lines():
        reference = call(store, filters, quarter)
    _same(call(store, filters, quarter), reference)


@pytest.mark.parametrize("model", ["overview", "shadow_it_vendors", "spend_by_department",
                                   "quarter_changes_all", "filter_options"])
def test_a_scoped_viewer_gets_the_same_figures_from_aggregates(store, model):
    viewer = Principal(subject="u-cmo", roles={"viewer"}, departments=("Marketing", "Sales"))
    quarter = _quarters(store)[-2]
    with acting_as(viewer):
        with aggregates.read_from_lines():
            reference = MODELS[model](store, Filters(), quarter)
        _same(MODELS[model](store, Filters(), quarter), reference)


def test_the_pages_path_reads_the_aggregates_and_falls_back_only_when_it_must(store):
    assert aggregates.use_aggregates(store)
    assert aggregates.use_aggregates(store, MONTHS.date_from, MONTHS.date_to)
    assert not aggregates.use_aggregates(store, MID_MONTH.date_from, MID_MONTH.date_to)
    assert not aggregates.use_aggregates(store, date(2024, 4, 1), date(2024, 4, 29))
    with aggregates.read_from_lines():
        assert not aggregates.use_aggregates(store)


def test_the_pages_figures_come_from_the_aggregate_rows():
    s = Store(":memory:")
    generate(s, 200)
    aggregates.rebuild_all(s)
    with aggregates.read_from_lines():
        from_lines = analytics.overview(s).total_spend
    # a (deliberately wrong) cent in one aggregate row shows on the page: it reads the aggregate
    s.execute("UPDATE agg_spend_month SET spend = spend + 0.01 WHERE rowid ="
              " (SELECT min(rowid) FROM agg_spend_month WHERE spend IS NOT NULL)")
    assert analytics.overview(s).total_spend == from_lines + Decimal("0.01")


def test_lines_written_without_the_aggregates_are_read_from_the_lines():
    s = Store(":memory:")
    generate(s, 200)
    aggregates.rebuild_all(s)
    before = analytics.overview(s).total_spend
    s.execute("DELETE FROM ledger_lines WHERE upload_id = 2")  # aggregates now stale
    assert not aggregates.use_aggregates(s)
    with aggregates.read_from_lines():
        expected = analytics.overview(s).total_spend
    assert analytics.overview(s).total_spend == expected < before


def test_cli_summary_from_aggregates_equals_lines(store):
    with aggregates.read_from_lines():
        reference = summary.summary(store)
    assert summary.summary(store) == reference
    assert reference.lines == LINES


def test_budget_vs_actual_from_aggregates_equals_lines():
    from models import budget

    s = Store(":memory:")
    generate(s, 1500)
    aggregates.rebuild_all(s)
    s.execute("""
        INSERT INTO budget_lines VALUES
            (90, 2, 'Marketing', DATE '2025-04-01', DATE '2026-03-31', NULL, 'SoE', true, 50000, 'GBP'),
            (90, 3, 'IT', DATE '2025-04-01', DATE '2025-06-30', NULL, NULL, NULL, 20000, 'GBP'),
            (90, 4, 'Sales', DATE '2025-07-01', DATE '2025-09-30', NULL, NULL, false, 900, 'GBP')
    """)
    quarter = 20253  # the store's calendar quarters: July-September 2025
    for upload_ids in ((), (1, 2)):
        with aggregates.read_from_lines():
            reference = budget.budget_vs_actual(s, quarter, upload_ids=upload_ids)
        result = budget.budget_vs_actual(s, quarter, upload_ids=upload_ids)
        for part in ("by_department", "by_layer", "by_it", "shadow_it"):
            pd.testing.assert_frame_equal(getattr(result, part), getattr(reference, part))
        pd.testing.assert_series_equal(pd.Series(result.total), pd.Series(reference.total))
        assert result.unmatched_budget_departments == reference.unmatched_budget_departments
        assert reference.total["actual"] > 0 and reference.total["budget"] > 0
