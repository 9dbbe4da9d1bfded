"""Figures are computed in the scope they state (#12 item 1) and headline measures are defined
once (#11): hand-worked figures over the FIXTURE of test_analytics.py plus a second upload.

FIXTURE quarters (calendar fiscal year): FY2025 Q1 (AWS 600 IT, Xero 100), FY2025 Q2 (HubSpot
300, PrintCo 50 not tech, Canva 120 Marketing + 300 IT, Zoom no rate), FY2026 Q2 (Xero 110,
Gong 45.50, unknown vendor 4.50). Upload 2 (OLD): FY2019 Q3 Marketing pays Trello 80, IT pays
Trello 20.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from test_analytics import insert_classified

from db.store import Store
from models import analytics, budget, classification
from models.analytics import Filters

OLD = [
    ("2019-08-01", "Marketing", "Trello", True, "SoE", "Software & SaaS", False, True, "80.00"),
    ("2019-08-20", "IT", "Trello", True, "SoR", "Software & SaaS", True, False, "20.00"),
]


@pytest.fixture()
def store() -> Store:
    s = Store(":memory:")
    insert_classified(s)
    insert_classified(s, OLD, upload_id=2)
    return s


def test_spend_by_it_is_computed_against_it_whatever_the_department_filter(store):
    """Filtered to Marketing, Canva still shows the 300 IT pays it (it used to show 0)."""
    vendors = analytics.shadow_it_vendors(store, Filters(departments=("Marketing",)))
    canva = vendors.set_index("vendor").loc["Canva"]
    assert canva["spend_outside_it"] == pytest.approx(120.0)
    assert canva["spend_by_it"] == pytest.approx(300.0)
    assert bool(canva["consolidation_candidate"])
    # ... while the period and the uploads still apply to IT's side
    only_2025_q1 = Filters(departments=("Marketing",), quarter_from=20251, quarter_to=20251)
    assert analytics.shadow_it_vendors(store, only_2025_q1).empty  # Marketing paid nothing then
    upload_2 = analytics.shadow_it_vendors(store, Filters(upload_ids=(2,), departments=("Marketing",)))
    assert upload_2.set_index("vendor").loc["Trello", "spend_by_it"] == pytest.approx(20.0)
    assert "Canva" not in set(upload_2["vendor"])


def test_new_in_period_without_a_period_uses_the_latest_quarter_of_the_filtered_lines(store):
    """Filtered to the 2019 upload, 'new' means first seen since FY2019 Q3 began (not FY2026 Q2)."""
    old = analytics.shadow_it_vendors(store, Filters(upload_ids=(2,)))
    assert old["new_since"].iloc[0] == date(2019, 8, 1)  # first day of data in FY2019 Q3
    assert old.set_index("vendor").loc["Trello", "new_in_period"]
    everything = analytics.shadow_it_vendors(store)
    assert everything["new_since"].iloc[0] == date(2026, 4, 10)
    assert set(everything[everything["new_in_period"]]["vendor"]) == {"Gong", "(no vendor)"}


def test_quarter_axis_is_continuous_with_empty_quarters_as_zero(store):
    by_q = analytics.spend_by_quarter(store, Filters(upload_ids=(1,)))
    assert by_q["quarter_key"].tolist() == [20251, 20252, 20253, 20254, 20261, 20262]
    assert by_q["quarter_label"].tolist()[2:5] == ["FY2025 Q3", "FY2025 Q4", "FY2026 Q1"]
    empty = by_q[by_q["quarter_key"].isin([20253, 20254, 20261])]
    assert (empty[["total_spend", "tech_spend", "tech_outside_it", "line_count"]] == 0).all().all()
    assert empty["outside_it_share"].isna().all()  # no technology spend: no share, not 0%
    assert by_q["tech_spend"].sum() == pytest.approx(1580.0)  # the fill adds nothing
    whole = analytics.spend_by_quarter(store)  # FY2019 Q3 .. FY2026 Q2: 28 quarters
    assert len(whole) == 28 and whole["quarter_key"].is_monotonic_increasing


def test_a_span_too_wide_to_fill_keeps_only_quarters_with_lines(store):
    insert_classified(store, [("0001-03-01", "IT", "Old", True, "SoR", "x", True, False, "1.00")],
                      upload_id=3)
    by_q = analytics.spend_by_quarter(store)
    assert len(by_q) == 5  # FY1 Q1, FY2019 Q3, three 2025-26 quarters: not 8,000 empty ones


def test_one_definition_of_technology_outside_it_everywhere(store):
    """Overview, the quarter rollup and the classification summary agree to the cent."""
    ov = analytics.overview(store)
    by_q = analytics.spend_by_quarter(store)
    summary = classification.summary(store)
    assert ov.tech_outside_it == Decimal("760.00")  # 100 + 300 + 120 + 110 + 45.50 + 4.50 + 80
    assert Decimal(str(round(by_q["tech_outside_it"].sum(), 2))) == ov.tech_outside_it
    assert summary.overall.tech_spend_outside_it == ov.tech_outside_it
    assert summary.overall.tech_share_outside_it == pytest.approx(ov.outside_it_share)
    q = analytics.quarter_summary(store, 20252)
    assert q.current.outside_it_share == pytest.approx(420 / 720)


def test_budget_actuals_honour_the_uploads_filter(store):
    everything = budget.budget_vs_actual(store, "FY2019 Q3")
    assert everything.total["actual"] == pytest.approx(100.0)
    only_new = budget.budget_vs_actual(store, "FY2019 Q3", upload_ids=(1,))
    assert only_new.total["actual"] == 0
    # IT stays IT when its lines are filtered away: Trello's IT side is still IT
    by_it = everything.by_it.set_index("group_name")
    assert by_it.loc["IT", "actual"] == pytest.approx(20.0)
