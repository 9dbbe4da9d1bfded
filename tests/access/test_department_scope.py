"""A department-scoped viewer sees only their departments' lines in every model figure, table
and download, because the one query path (analytics_filtered_lines.sql) always applies the
current principal's scope; views not scoped yet (budget vs actual, pack, full export) refuse."""

from __future__ import annotations

from decimal import Decimal

import pytest
from access_support import CMO, SCOPE, VIEWER, lines_by_department

from access import AccessDenied, acting_as
from models.governance import cio_cmo, duplicates, standards, subscriptions
from models import analytics, budget, export, report


def _expected(store) -> Decimal:
    by_dept = lines_by_department(store)
    return Decimal(str(round(sum(by_dept[d] for d in SCOPE), 2))).quantize(Decimal("0.01"))


def test_overview_total_is_the_sum_of_the_scoped_departments_lines(store):
    everyone = analytics.overview(store)
    with acting_as(CMO):
        scoped = analytics.overview(store)
    assert scoped.total_spend == _expected(store)
    assert scoped.total_spend < everyone.total_spend
    assert scoped.line_count == 4


def test_every_table_lists_only_the_scoped_departments(store):
    with acting_as(CMO):
        by_dept = analytics.spend_by_department(store)
        options = analytics.filter_options(store)
        by_quarter = analytics.spend_by_quarter(store)
        vendors = analytics.shadow_it_vendors(store)
        top = analytics.top_vendors_by_layer(store)
    assert set(by_dept["department"]) == set(SCOPE)
    assert set(options.departments) == set(SCOPE)
    assert round(by_quarter["total_spend"].sum(), 2) == float(_expected(store))
    paying = {d.strip() for cell in vendors["departments_paying"] for d in cell.split(",")}
    assert paying <= set(SCOPE)
    assert not {"Xero Ltd", "Amazon Web Services", "Salesforce"} & set(top["vendor"])


def test_a_sidebar_filter_cannot_widen_the_scope(store):
    wider = analytics.Filters(departments=("Finance", "IT", "Marketing"))
    with acting_as(CMO):
        shown = analytics.spend_by_department(store, wider)
        lines = analytics.vendor_lines(store, "Xero Ltd", analytics.Filters(departments=("Finance",)))
    assert set(shown["department"]) == {"Marketing"}
    assert lines.empty


def test_an_unscoped_viewer_sees_everything(store):
    with acting_as(VIEWER):
        assert analytics.overview(store) == analytics.overview(store, analytics.ALL)
        assert len(analytics.filter_options(store).departments) == 5


def test_views_of_every_department_refuse_a_scoped_viewer(store):
    with acting_as(CMO):
        with pytest.raises(AccessDenied, match="Budget vs actual"):
            budget.budget_vs_actual(store, "FY2025 Q1")
        with pytest.raises(AccessDenied, match="board pack"):
            report.board_pack_bytes(store, "FY2025 Q1")
        with pytest.raises(AccessDenied, match="export"):
            export.export_table(store)
        for governance_view in (lambda: subscriptions.subscriptions(store),
                                lambda: duplicates.candidates(store),
                                lambda: standards.never_reviewed(store),
                                lambda: standards.outside_it_by_status(store),
                                lambda: cio_cmo.departments(store)):
            with pytest.raises(AccessDenied, match="governance"):
                governance_view()
    with acting_as(VIEWER):  # an organisation-wide viewer reads the governance lens
        subscriptions.subscriptions(store)  # raises AccessDenied if refused
