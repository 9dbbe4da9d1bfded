"""TBM keys through the whole path: classified lines (real catalog) -> view by tower and cost
pool inside/outside IT -> the line export a TBM practitioner loads into their own model."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from db import Store
from models import analytics, classification
from models.analytics import Filters
from models.export import export_csv, export_table
from models.tbm import KEY_COLUMNS, tbm_by_tower_pool, tbm_lines

from classify_helpers import add_lines

LINES = [
    dict(vendor="Atlassian Pty Ltd", department="Marketing", account_name="Software subscriptions",
         description="Confluence standard 50 users", amount=Decimal("300.00")),
    dict(vendor="Amazon Web Services EMEA", department="IT", account_name="Cloud hosting",
         description="EC2 usage", amount=Decimal("600.00")),
    dict(vendor="Microsoft Ireland Operations", department="Finance",
         account_name="Software licences", description="Dynamics 365 Finance",
         amount=Decimal("250.50")),
    dict(vendor="Vodafone", department="Sales", account_name="Mobile phones",
         description="airtime", amount=Decimal("49.50")),
    dict(vendor="Print shop", department="Marketing", account_name="Printing",
         description="leaflets", amount=Decimal("50.00")),
    dict(vendor="=HYPERLINK(\"http://x\")", department="IT", account_name="Computer software",
         description="tool", amount=Decimal("10.00")),
]


@pytest.fixture(scope="module")
def real_store():
    """The real catalog (models/catalog), a tiny hand-made ledger, classified."""
    store = Store(":memory:")
    add_lines(store, LINES)
    classification.refresh(store)
    yield store
    store.close()


def test_every_technology_line_carries_the_four_keys(real_store):
    lines = tbm_lines(real_store)
    assert len(lines) == int(analytics.overview(real_store).tech_line_count)
    for col in KEY_COLUMNS:
        assert lines[col].notna().all(), col
    atlassian = lines[lines["vendor"] == "Atlassian"].iloc[0]
    assert (atlassian["tbm_tower"], atlassian["tbm_solution"], atlassian["tbm_solution_vendor"]) \
        == ("End User", "Confluence", "Atlassian")
    assert atlassian["tbm_cost_pool"] == "Cloud Services"
    microsoft = lines[lines["vendor"] == "Microsoft"].iloc[0]
    assert (microsoft["tbm_solution"], microsoft["tbm_solution_vendor"]) == \
        ("Microsoft Dynamics 365", "Microsoft")


def test_view_by_tower_and_pool_reconciles_with_the_overview_inside_and_outside_it(real_store):
    view = tbm_by_tower_pool(real_store)
    ov = analytics.overview(real_store)
    assert round(view["spend"].sum(), 2) == float(ov.tech_spend)
    assert round(view["spend_it"].sum(), 2) == float(ov.tech_in_it)
    assert round(view["spend_outside_it"].sum(), 2) == float(ov.tech_outside_it)
    assert int(view["lines"].sum()) == ov.tech_line_count
    compute = view[(view["tbm_tower"] == "Compute") & (view["tbm_cost_pool"] == "Cloud Services")]
    assert compute["spend"].sum() == 600.0
    assert compute["spend_it"].sum() == 600.0  # IT bought AWS: inside IT
    end_user = view[view["tbm_tower"] == "End User"]
    assert end_user["spend_outside_it"].sum() == 349.5  # Marketing's Confluence + Sales' mobiles


def test_the_view_follows_the_sidebar_filters(real_store):
    only_marketing = tbm_by_tower_pool(real_store, Filters(departments=("Marketing",)))
    assert only_marketing["spend"].sum() == 300.0
    assert set(only_marketing["tbm_tower"]) == {"End User"}


def test_the_export_has_every_line_and_the_keys_non_technology_empty(real_store):
    table = export_table(real_store)
    assert table.num_rows == len(LINES)
    assert set(KEY_COLUMNS) <= set(table.column_names)
    rows = {r["vendor"]: r for r in table.to_pylist()}
    assert rows["Print shop"]["tbm_tower"] is None and rows["Print shop"]["is_tech"] is False
    assert rows["Vodafone"]["tbm_cost_pool"] == "Telecom"
    # a vendor written as a formula stays text in the export, key columns included
    hostile = next(r for v, r in rows.items() if "HYPERLINK" in v)
    assert hostile["vendor"].startswith("'=")
    assert hostile["tbm_solution"] is None or not hostile["tbm_solution"].startswith("=")


def test_the_cli_csv_export_header_names_the_tbm_columns(real_store, tmp_path):
    out = tmp_path / "lines.csv"
    assert export_csv(real_store, out) == len(LINES)
    header = next(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert header[-len(KEY_COLUMNS):] == list(KEY_COLUMNS)


def test_lines_by_tower_pool_owner_and_limit(real_store):
    outside = tbm_lines(real_store, owner="outside")
    assert not outside.empty and not outside["it_owned"].any()
    assert tbm_lines(real_store, owner="it")["it_owned"].all()
    telecom = tbm_lines(real_store, pools=("Telecom",))
    assert list(telecom["vendor"]) == ["Vodafone"]
    end_user = tbm_lines(real_store, towers=("End User",), owner="outside")
    assert set(end_user["vendor"]) == {"Atlassian", "Vodafone"}
    first = tbm_lines(real_store, row_limit=2)
    assert len(first) == 2 and int(first["total_lines"].iloc[0]) == len(tbm_lines(real_store))
