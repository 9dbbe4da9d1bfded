"""A rule or merge change rebuilds only the lines it can touch, and the result is exactly what a
full rebuild gives (issue #13: "a rule change only the lines it can touch").

The invariant: after every change, classified_lines equals a fresh full rebuild, row for row;
and the lines no change could touch are not rewritten (their row stays where it was)."""

from __future__ import annotations

from decimal import Decimal

import pytest

import workspace
from models import classification

from classify_helpers import add_lines

LINES = [
    {"vendor": "Salesforce UK Ltd", "department": "Sales", "account_name": "Subscriptions"},
    {"vendor": "SALESFORCE.COM", "department": "Marketing", "account_name": "Software"},
    {"vendor": "Mystery Tools", "department": "Finance", "account_name": "Sundries",
     "description": "Annual licence"},
    {"vendor": "Mystery Tools Limited", "department": "IT Services", "account_name": "Sundries"},
    {"vendor": "Acme Catering", "department": "Facilities", "account_name": "Catering"},
    {"vendor": "Northwind Power", "department": "Facilities", "account_name": "Electricity",
     "amount": Decimal("5400.00")},
    {"vendor": "Zoom Video", "department": "HR", "account_name": "Software", "cost_centre": "HR01"},
    {"vendor": "Contoso Digital", "department": "Marketing", "account_name": "Agency fees"},
]

COLUMNS = ("upload_id, source_row, vendor_key, vendor_canonical, department, is_tech, layer,"
           " category, it_owned, decided_by, reason, confidence, amount_reporting")


def snapshot(store):
    return store.rows(f"SELECT {COLUMNS} FROM classified_lines ORDER BY upload_id, source_row")


def rowids(store, vendor):
    return store.rows("SELECT rowid FROM ledger_lines WHERE vendor = ? ORDER BY source_row",
                      [vendor])


@pytest.fixture
def loaded(store):
    add_lines(store, LINES, upload_id=1)
    add_lines(store, LINES[:5], upload_id=2, file_name="second.csv")
    classification.refresh(store)
    return store


AGGREGATES = ("agg_spend_month", "agg_tech_vendor_month", "agg_tech_vendor_total",
              "agg_page_shadow_it_vendors", "agg_page_top_vendors_by_layer")


def aggregate_rows(store):
    """Every row of every page aggregate (a touched rebuild recomputes only some groups)."""
    return {t: store.rows(f"SELECT * FROM {t} ORDER BY ALL") for t in AGGREGATES}


def assert_same_as_full(store):
    after_change, aggregates_after = snapshot(store), aggregate_rows(store)
    classification.refresh(store)
    assert after_change == snapshot(store)
    assert aggregates_after == aggregate_rows(store)


CHANGES = [
    dict(field="vendor", match="equals", pattern="Mystery Tools", is_tech=True, layer="SoR",
         category="Software & SaaS"),
    dict(field="vendor", match="contains", pattern="salesforce", is_tech=False),
    dict(field="vendor", match="regex", pattern="^zoom", is_tech=True, layer="SoE"),
    dict(field="account", match="equals", pattern="Agency fees", is_tech=True, layer="SoE"),
    dict(field="account", match="starts_with", pattern="sund", is_tech=False),
    dict(field="department", match="equals", pattern="Facilities", is_tech=True),
    dict(field="department", match="starts_with", pattern="hr", is_tech=False),
]


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: f"{c['field']}-{c['match']}")
def test_adding_and_undoing_a_rule_equals_a_full_rebuild(loaded, change):
    untouched = rowids(loaded, "Northwind Power") if change["field"] != "department" else None
    rule = workspace.add_rule(loaded, by="t", **change)
    if untouched is not None:
        assert rowids(loaded, "Northwind Power") == untouched   # not rewritten
    decided = loaded.scalar("SELECT count(*) FROM classified_lines WHERE reason LIKE ?",
                            [f"rule #{rule.rule_id} %"])
    assert decided > 0
    assert_same_as_full(loaded)
    workspace.remove_rule(loaded, rule.rule_id, by="t")
    assert loaded.scalar("SELECT count(*) FROM classified_lines WHERE reason LIKE ?",
                         [f"rule #{rule.rule_id} %"]) == 0
    assert_same_as_full(loaded)


def test_a_newer_rule_over_an_older_one_and_undoing_it(loaded):
    older = workspace.add_rule(loaded, by="t", field="vendor", match="contains", pattern="mystery",
                               is_tech=False)
    newer = workspace.add_rule(loaded, by="t", field="account", match="equals", pattern="Sundries",
                               is_tech=True, layer="SoR")
    assert_same_as_full(loaded)
    workspace.remove_rule(loaded, newer.rule_id, by="t")   # the older rule decides again
    reasons = {r[0] for r in loaded.rows(
        "SELECT reason FROM classified_lines WHERE vendor LIKE 'Mystery%'")}
    assert reasons == {f'rule #{older.rule_id} by t (vendor contains "mystery")'}
    assert_same_as_full(loaded)


def test_assigning_vendors_from_the_review_queue_equals_a_full_rebuild(loaded):
    keys = [r[0] for r in loaded.rows(
        "SELECT DISTINCT vendor_key FROM classified_lines WHERE vendor IN ('Acme Catering', 'Contoso Digital')")]
    untouched = rowids(loaded, "Northwind Power")
    workspace.assign_vendors(loaded, keys, is_tech=True, layer="SoE", by="t")
    assert rowids(loaded, "Northwind Power") == untouched
    assert_same_as_full(loaded)


def test_merging_and_unmerging_vendors_equals_a_full_rebuild(loaded):
    mystery = loaded.scalar("SELECT vendor_key FROM classified_lines WHERE vendor = 'Mystery Tools'")
    salesforce = loaded.scalar(
        "SELECT vendor_key FROM classified_lines WHERE vendor = 'Salesforce UK Ltd'")
    untouched = rowids(loaded, "Northwind Power")
    merge = workspace.merge_vendors(loaded, mystery, salesforce, by="t")
    assert rowids(loaded, "Northwind Power") == untouched
    assert loaded.scalar("SELECT DISTINCT vendor_canonical FROM classified_lines WHERE vendor = 'Mystery Tools'") \
        == loaded.scalar("SELECT DISTINCT vendor_canonical FROM classified_lines WHERE vendor = 'Salesforce UK Ltd'")
    assert_same_as_full(loaded)
    workspace.unmerge_vendors(loaded, merge.merge_id, by="t")
    assert_same_as_full(loaded)


def test_a_rule_change_rebuilds_only_its_lines(loaded):
    """The rebuild step list shows the touched-lines path, and the line count is unchanged."""
    before = loaded.scalar("SELECT count(*) FROM classified_lines")
    with loaded.transaction() as cur:
        rule_id = cur.execute(
            "INSERT INTO rules (rule_id, field, match, pattern, pattern_key, is_tech, created_by)"
            " VALUES (nextval('rule_id_seq'), 'vendor', 'equals', 'Acme Catering', 'ACME CATERING',"
            " true, 't') RETURNING rule_id").fetchone()[0]
        timings = classification.rebuild(cur, rule_ids=[rule_id])
    assert "touched lines" in timings
    assert loaded.scalar("SELECT count(*) FROM classified_lines") == before
    assert loaded.scalar("SELECT count(*) FROM classified_lines WHERE decided_by = 'rule'") == 2
    assert_same_as_full(loaded)


@pytest.mark.parametrize("change", CHANGES[:2], ids=lambda c: f"{c['field']}-{c['match']}")
def test_the_lines_in_scope_as_a_view_classify_as_the_table_does(loaded, monkeypatch, change):
    """Over STG_TABLE_MAX_LINES lines the staged lines are a view, not a table (a copy of a
    10M-line ledger spilled to disk): every rebuild, full, one upload and touched lines, gives
    the same rows either way."""
    workspace.add_rule(loaded, by="t", **change)
    as_table = snapshot(loaded)
    monkeypatch.setattr(classification, "STG_TABLE_MAX_LINES", 0)
    classification.refresh(loaded)
    assert snapshot(loaded) == as_table
    classification.refresh(loaded, [2])
    assert snapshot(loaded) == as_table
    workspace.add_rule(loaded, by="t", field="vendor", match="equals", pattern="Acme Catering",
                       is_tech=True, layer="SoE")   # a touched-lines rebuild, through the view
    as_view = snapshot(loaded)
    monkeypatch.setattr(classification, "STG_TABLE_MAX_LINES", 500_000)
    classification.refresh(loaded)
    assert snapshot(loaded) == as_view
