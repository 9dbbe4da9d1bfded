"""models.analytics over a small hand-made classified_lines fixture.

Every expected figure below is worked out by hand from the FIXTURE table, not copied from output.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from db.lines import insert_classified_sql
from db.store import Store
from models import analytics
from models.analytics import Filters

# (txn_date, department, vendor, is_tech, layer, category, it_owned, customer_facing,
#  amount_reporting or None when the FX rate is missing)
FIXTURE = [
    ("2025-01-15", "IT", "Amazon Web Services", True, "SoR", "Cloud services", True, False, "600.00"),
    ("2025-02-10", "Finance", "Xero", True, "SoR", "Software & SaaS", False, False, "100.00"),
    ("2025-04-20", "Marketing", "HubSpot", True, "SoE", "Software & SaaS", False, True, "300.00"),
    ("2025-05-01", "Marketing", "PrintCo", False, None, "Printing", False, True, "50.00"),
    ("2025-05-02", "Marketing", "Canva", True, "SoE", "Software & SaaS", False, True, "120.00"),
    ("2025-06-03", "IT", "Canva", True, "SoR", "Software & SaaS", True, False, "300.00"),
    ("2025-06-30", "Finance", "Zoom", True, "SoR", "Software & SaaS", False, False, None),
    ("2026-04-10", "Finance", "Xero", True, "SoR", "Software & SaaS", False, False, "110.00"),
    ("2026-05-11", "Sales", "Gong", True, "SoE", "Software & SaaS", False, True, "45.50"),
    ("2026-05-12", "Sales", None, True, None, "Unknown technology", False, True, "4.50"),
]


def insert_classified(store: Store, rows=FIXTURE, *, upload_id: int = 1, start_month: int = 1) -> None:
    """Insert hand-made classified lines (fiscal columns computed by the store's own macros)."""
    with store.transaction() as cur:
        for i, (d, dept, vendor, is_tech, layer, cat, it, cf, amt) in enumerate(rows, start=1):
            cur.execute(insert_classified_sql(
                """
                VALUES (
                    ?, ?, ?, ?::DATE, ?, lower(?), ?, ?, NULL, NULL, 'Expenses', NULL, NULL,
                    ?::DECIMAL(18,2), ?, NULL, ?, ?, ?, ?, ?, 'catalog', 'fixture', 1.0,
                    fiscal_year(?::DATE, ?), fiscal_quarter(?::DATE, ?),
                    fiscal_quarter_key(?::DATE, ?), fiscal_quarter_label(?::DATE, ?),
                    ?::DECIMAL(18,2), ?)
                """),
                [
                    upload_id, i + 1, f"ledger{upload_id}.csv", d, vendor, vendor, vendor, dept,
                    amt or "99.00", "GBP" if amt else "USD", is_tech, layer, cat, it, cf,
                    d, start_month, d, start_month, d, start_month, d, start_month,
                    amt, amt is None,
                ],
            )


@pytest.fixture()
def store() -> Store:
    s = Store(":memory:")
    insert_classified(s)
    return s


def test_overview_headline_figures(store):
    ov = analytics.overview(store)
    # FX-missing Zoom line is left out of all sums and counted.
    assert ov.total_spend == Decimal("1630.00")
    assert ov.tech_spend == Decimal("1580.00")
    assert ov.tech_in_it == Decimal("900.00")
    assert ov.tech_outside_it == Decimal("680.00")
    assert ov.outside_it_share == pytest.approx(680 / 1580)
    assert ov.sor_in_it == Decimal("900.00")
    assert ov.soe_in_it == Decimal("0.00")
    assert ov.sor_outside_it == Decimal("210.00")
    assert ov.soe_outside_it == Decimal("465.50")
    assert ov.layer_unassigned == Decimal("4.50")
    assert ov.fx_missing_lines == 1
    assert ov.line_count == 10
    assert ov.currency == "GBP"
    assert ov.first_date == date(2025, 1, 15) and ov.last_date == date(2026, 5, 12)


def test_analytics_reconcile(store):
    ov = analytics.overview(store)
    by_dept = analytics.spend_by_department(store)
    assert by_dept["total_spend"].sum() == pytest.approx(float(ov.total_spend), abs=0.005)
    assert by_dept["tech_spend"].sum() == pytest.approx(float(ov.tech_spend), abs=0.005)
    assert ov.tech_in_it + ov.tech_outside_it == ov.tech_spend
    assert ov.sor + ov.soe + ov.layer_unassigned == ov.tech_spend
    by_q = analytics.spend_by_quarter(store)
    assert (by_q["tech_in_it"] + by_q["tech_outside_it"]).sum() == pytest.approx(1580.0)
    assert by_q["total_spend"].sum() == pytest.approx(1630.0)
    assert by_dept["share_of_tech"].sum() == pytest.approx(1.0)
    it_rows = by_dept[by_dept["it_owned"]]
    assert list(it_rows["department"]) == ["IT"]


def test_fx_missing_and_vendor_counts(store):
    assert analytics.fx_missing_lines(store) == 1
    assert analytics.fx_missing_lines(store, Filters(departments=("Marketing",))) == 0
    counted = analytics.spend_by_department(store).set_index("department")
    assert counted.loc["Marketing", "tech_vendors"] == 2  # HubSpot, Canva (PrintCo is not tech)
    assert counted.loc["Finance", "tech_vendors"] == 2  # Xero, Zoom
    light = analytics.spend_by_department(store, with_vendor_counts=False)
    assert light["tech_vendors"].isna().all()
    assert light["tech_spend"].tolist() == counted["tech_spend"].tolist()


def test_filters_are_applied(store):
    ov = analytics.overview(store, Filters(departments=("Marketing",)))
    assert ov.total_spend == Decimal("470.00") and ov.tech_spend == Decimal("420.00")
    q2 = analytics.overview(store, Filters(quarter_from=20252, quarter_to=20252))
    assert q2.total_spend == Decimal("770.00")
    dated = analytics.overview(store, Filters(date_from=date(2026, 1, 1)))
    assert dated.total_spend == Decimal("160.00")
    assert analytics.overview(store, Filters(upload_ids=(2,))).line_count == 0


def test_filter_value_is_data_not_sql(store):
    hostile = "Marketing') OR 1=1 --"
    assert analytics.overview(store, Filters(departments=(hostile,))).line_count == 0


def test_shadow_it_vendors(store):
    v = analytics.shadow_it_vendors(store).set_index("vendor")
    assert list(v.index[:3]) == ["HubSpot", "Xero", "Canva"]  # 300, 100 + 110, 120
    canva = v.loc["Canva"]
    assert canva["spend_outside_it"] == pytest.approx(120.0)
    assert canva["spend_by_it"] == pytest.approx(300.0)
    assert bool(canva["consolidation_candidate"])
    assert not bool(v.loc["HubSpot", "consolidation_candidate"])
    assert "Amazon Web Services" not in v.index  # paid by IT only
    assert canva["first_seen"] == date(2025, 5, 2)  # first seen by anyone, here Marketing
    # No period filter: "new" means first seen in the latest quarter (FY2026 Q2).
    assert bool(v.loc["Gong", "new_in_period"]) and not bool(v.loc["Xero", "new_in_period"])
    assert v["share_of_outside_it"].sum() == pytest.approx(1.0)
    assert v.loc["Xero", "department_count"] == 1


def test_vendor_lines_point_to_source(store):
    lines = analytics.vendor_lines(store, "Canva")
    assert len(lines) == 2 and set(lines["department"]) == {"IT", "Marketing"}
    assert set(lines["source_row"]) == {6, 7}
    assert set(lines["source_file"]) == {"ledger1.csv"}
    assert analytics.vendor_lines(store, "Canva", max_lines=1)["total_lines"].iloc[0] == 2


def test_quarter_summary_and_changes(store):
    summary = analytics.quarter_summary(store, 20262)
    assert summary.current.quarter_label == "FY2026 Q2"
    assert summary.current.tech_spend == Decimal("160.00")
    assert summary.previous_quarter.quarter_key == 20261
    assert summary.previous_quarter.line_count == 0
    assert summary.same_quarter_last_year.quarter_key == 20252
    assert summary.same_quarter_last_year.tech_spend == Decimal("720.00")
    assert analytics.previous_quarter_key(20261) == 20254

    by_dept = analytics.quarter_changes(store, 20262, "department").set_index("item")
    assert by_dept.loc["Marketing", "change_vs_last_year"] == pytest.approx(-420.0)
    assert by_dept.loc["Sales", "current"] == pytest.approx(50.0)
    # Finance's only FY2025 Q2 line (Zoom) has no FX rate: base 0, so no percentage.
    assert by_dept.loc["Finance", "same_quarter_last_year"] == 0
    assert by_dept["change_pct_vs_last_year"].isna()["Finance"]
    assert list(by_dept.index)[:2] == ["Finance", "Sales"]  # biggest moves: 0 -> 110, 0 -> 50

    movers = analytics.biggest_movers(store, 20262, top_n=2)
    assert len(movers) == 2 and set(movers["item"]) <= {"Xero", "Gong", "(no vendor)"}


def test_first_time_vendors(store):
    first = analytics.first_time_vendors(store, 20262)
    assert set(first["vendor"]) == {"Gong", "(no vendor)"}  # Xero was first seen in 2025
    # Canva: IT 300 + Marketing 120; Zoom is new too, its spend unknown (no FX rate).
    assert analytics.first_time_vendors(store, 20252)["vendor"].tolist() == ["Canva", "HubSpot", "Zoom"]


def test_top_vendors_by_layer(store):
    top = analytics.top_vendors_by_layer(store, top_n=1)
    assert top.set_index("layer").loc["SoR", "vendor"] == "Amazon Web Services"
    assert top.set_index("layer").loc["SoE", "vendor"] == "HubSpot"


def test_filter_options(store):
    opts = analytics.filter_options(store)
    assert set(opts.departments) == {"IT", "Finance", "Marketing", "Sales"}
    assert opts.it_departments == ("IT",)
    assert [q for q, _ in opts.quarters] == [20251, 20252, 20262]
    assert opts.uploads == ((1, "ledger1.csv"),)


def test_empty_database():
    empty = Store(":memory:")
    ov = analytics.overview(empty)
    assert ov.line_count == 0 and ov.total_spend == 0 and ov.outside_it_share is None
    assert analytics.spend_by_department(empty).empty
    assert analytics.shadow_it_vendors(empty).empty

