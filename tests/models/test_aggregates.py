"""The page aggregates equal the classified lines to the cent, per upload, after every kind of
change that rewrites classified_lines: a full classification, one new upload (partial), an
upload deleted, a rule added, a department's IT flag changed, a file loaded and deleted through
the workspace.

Each check compares, per upload: lines, lines without FX, money, technology money, IT-owned
technology money, SoR and SoE money, and (from the vendor aggregate) technology lines and money
per upload and vendor and over all time (agg_tech_vendor_total), against classified_lines itself.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import workspace
from models import aggregates
from models.classification import refresh

from classify_helpers import add_lines

PER_UPLOAD = """
    SELECT upload_id, {count} AS line_count,
           coalesce({count} FILTER (WHERE fx_missing), 0) AS fx_missing_lines,
           sum({money}) AS spend,
           sum({money}) FILTER (WHERE is_tech) AS tech,
           sum({money}) FILTER (WHERE is_tech AND it_owned) AS tech_in_it,
           sum({money}) FILTER (WHERE is_tech AND layer = 'SoR') AS sor,
           sum({money}) FILTER (WHERE is_tech AND layer = 'SoE') AS soe
    FROM {table} GROUP BY upload_id ORDER BY upload_id
"""
PER_VENDOR = """
    SELECT upload_id, {vendor} AS vendor_name, {dept} AS dept, {count} AS line_count,
           sum({money}) AS spend, max({top}) AS largest, min({first}) AS first_seen
    FROM {table} {where} GROUP BY ALL ORDER BY ALL
"""


def _totals(store):
    lines = store.rows(PER_UPLOAD.format(count="count(*)", money="amount_reporting",
                                         table="classified_lines"))
    agg = store.rows(PER_UPLOAD.format(count="sum(line_count)", money="spend",
                                       table="agg_spend_month"))
    return lines, agg


def assert_aggregates_match_lines(store) -> None:
    lines, agg = _totals(store)
    assert agg == lines
    vendor_lines = store.rows(PER_VENDOR.format(
        vendor="coalesce(vendor_canonical, vendor, '(no vendor)')",
        dept="coalesce(department, '(no department)')", count="count(*)",
        money="amount_reporting", top="amount_reporting", first="txn_date",
        table="classified_lines", where="WHERE is_tech"))
    vendor_agg = store.rows(PER_VENDOR.format(
        vendor="vendor_name", dept="dept", count="sum(line_count)", money="spend",
        top="max_amount", first="first_date", table="agg_tech_vendor_month", where=""))
    assert vendor_agg == vendor_lines
    all_time = store.rows(
        "SELECT coalesce(vendor_canonical, vendor, '(no vendor)'), coalesce(department,"
        " '(no department)'), count(*), sum(amount_reporting), max(amount_reporting),"
        " min(txn_date), arg_min(quarter_key, txn_date) FROM classified_lines WHERE is_tech"
        " GROUP BY ALL ORDER BY ALL")
    assert store.rows(
        "SELECT vendor_name, dept, sum(line_count), sum(spend), max(max_amount), min(first_date),"
        " arg_min(first_quarter_key, first_date) FROM agg_tech_vendor_total"
        " GROUP BY ALL ORDER BY ALL") == all_time
    assert aggregates.use_aggregates(store)  # the pages read them
    # a partial or touched rebuild left exactly what a rebuild of every row gives
    tables = ("agg_spend_month", "agg_tech_vendor_month", "agg_tech_vendor_total",
              "agg_page_shadow_it_vendors", "agg_page_top_vendors_by_layer")
    kept = {t: store.rows(f"SELECT * FROM {t} ORDER BY ALL") for t in tables}
    aggregates.rebuild_all(store)
    assert kept == {t: store.rows(f"SELECT * FROM {t} ORDER BY ALL") for t in tables}


LEDGER_1 = [
    {"vendor": "Slack Technologies LLC", "department": "Marketing", "amount": Decimal("120.10")},
    {"vendor": "Salesforce.com Inc", "department": "Sales", "amount": Decimal("300.25"),
     "txn_date": dt.date(2026, 2, 3)},
    {"vendor": "AWS", "department": "IT", "amount": Decimal("999.99"), "txn_date": dt.date(2026, 4, 30)},
    {"vendor": "Zendesk", "department": None, "amount": Decimal("45.01"), "currency": "USD"},
    {"vendor": "Premier Inn", "department": "Finance", "amount": Decimal("80.00"),
     "account_name": "Travel"},
    {"vendor": None, "department": "Finance", "amount": Decimal("-12.34"),
     "account_name": "Computer Software"},
]
LEDGER_2 = [
    {"vendor": "Slack", "department": "Marketing", "amount": Decimal("7.77"),
     "txn_date": dt.date(2025, 12, 31)},
    {"vendor": "Dell Technologies", "department": "Marketing", "amount": Decimal("1500.00")},
    {"vendor": "Zoom Video Communications", "department": "HR", "amount": Decimal("14.99")},
]
LEDGER_3 = [
    {"vendor": "Atlassian", "department": "IT", "amount": Decimal("640.00"),
     "txn_date": dt.date(2026, 3, 1)},
    {"vendor": "Oracle Cleaning Services", "department": "Facilities", "amount": Decimal("210.00")},
]


def _loaded(store):
    add_lines(store, LEDGER_1, upload_id=1)
    add_lines(store, LEDGER_2, upload_id=2)
    refresh(store)
    return store


def test_full_classification_builds_aggregates_equal_to_the_lines(store):
    _loaded(store)
    assert_aggregates_match_lines(store)
    lines, _ = _totals(store)
    assert [row[1] for row in lines] == [6, 3]  # both uploads, every line
    assert lines[0][2] == 1  # the USD line has no rate: counted, not summed


def test_one_new_upload_replaces_only_its_own_rows(store):
    _loaded(store)
    before = store.rows("SELECT * FROM agg_spend_month WHERE upload_id = 1 ORDER BY ALL")
    add_lines(store, LEDGER_3, upload_id=3)
    refresh(store, [3])
    assert_aggregates_match_lines(store)
    assert store.rows("SELECT * FROM agg_spend_month WHERE upload_id = 1 ORDER BY ALL") == before
    assert store.scalar("SELECT count(*) FROM agg_spend_month WHERE upload_id = 3") > 0


def test_a_deleted_upload_leaves_the_aggregates(store):
    _loaded(store)
    store.execute("DELETE FROM ledger_lines WHERE upload_id = 2")
    refresh(store, [2])  # the delete path: reclassify the deleted upload alone
    assert_aggregates_match_lines(store)
    assert store.scalar("SELECT count(*) FROM agg_spend_month WHERE upload_id = 2") == 0
    assert store.scalar("SELECT count(*) FROM agg_tech_vendor_month WHERE upload_id = 2") == 0


def test_an_upload_deleted_alone_takes_its_vendors_out_of_the_all_time_rows(store):
    """Its departments stay (the rebuild stays partial): the all-time vendor rows it alone fed
    go, the ones it shared lose its lines."""
    _loaded(store)
    add_lines(store, [{"vendor": "Zoom Video Communications", "department": "Marketing",
                       "amount": Decimal("14.99")},
                      {"vendor": "Slack", "department": "Marketing", "amount": Decimal("5.00")}],
              upload_id=3)
    refresh(store, [3])
    assert store.scalar("SELECT count(*) FROM agg_tech_vendor_total WHERE vendor_name ILIKE"
                        " 'zoom%' AND dept = 'Marketing'") == 1
    store.execute("DELETE FROM ledger_lines WHERE upload_id = 3")
    refresh(store, [3])  # the delete path; partial, as its departments stay
    assert_aggregates_match_lines(store)
    assert store.scalar("SELECT count(*) FROM agg_tech_vendor_total WHERE vendor_name ILIKE"
                        " 'zoom%' AND dept = 'Marketing'") == 0


def test_an_upload_deleted_beside_a_partial_rebuild_of_another_leaves_too(store):
    _loaded(store)
    store.execute("DELETE FROM ledger_lines WHERE upload_id = 1")  # its classification too
    add_lines(store, LEDGER_3, upload_id=3)
    refresh(store, [3])
    assert_aggregates_match_lines(store)


def test_a_rule_moves_money_in_the_aggregates_as_in_the_lines(store):
    _loaded(store)
    tech_before = store.scalar("SELECT sum(spend) FROM agg_spend_month WHERE is_tech")
    workspace.add_rule(store, field="vendor", match="contains", pattern="premier inn",
                       is_tech=True, layer="SoE", category="Software & SaaS", by="cfo@example.com")
    assert_aggregates_match_lines(store)
    assert store.scalar("SELECT sum(spend) FROM agg_spend_month WHERE is_tech") == tech_before + 80


def test_a_department_made_it_moves_its_spend_into_it(store):
    _loaded(store)
    workspace.set_department(store, "Marketing", is_it=True, by="cio@example.com")
    assert_aggregates_match_lines(store)
    it_owned = store.rows("SELECT DISTINCT it_owned FROM agg_spend_month WHERE dept = 'Marketing'")
    assert it_owned == [(True,)]


def test_files_loaded_and_deleted_through_the_workspace(store):
    card = (b"Date,Supplier,Department,Amount\n"
            b"2026-01-05,Slack,Marketing,10.01\n"
            b"2026-02-06,Canva,Sales,20.02\n"
            b"2026-03-07,Staples,Finance,30.03\n")
    gl = (b"Date,Supplier,Department,Amount\n"
          b"2025-11-05,Salesforce,Sales,1000.50\n"
          b"2025-12-06,Dell,IT,250.25\n")
    first = workspace.load_file(store, "card.csv", card)
    second = workspace.load_file(store, "gl.csv", gl)
    assert (first.status, second.status) == ("loaded", "loaded")
    assert_aggregates_match_lines(store)
    assert store.scalar("SELECT sum(line_count) FROM agg_spend_month WHERE upload_id = ?",
                        [first.upload_id]) == 3
    assert workspace.delete_upload(store, first.upload_id)
    assert_aggregates_match_lines(store)
    assert store.scalar("SELECT count(*) FROM agg_spend_month WHERE upload_id = ?",
                        [first.upload_id]) == 0
    assert store.scalar("SELECT sum(spend) FROM agg_spend_month") == Decimal("1250.75")


def test_a_database_from_before_the_aggregates_gets_them_when_the_workspace_opens(tmp_path):
    """Migration 014 creates empty aggregate tables; opening the workspace fills them, so an
    existing database's pages read the aggregates from its first screen."""
    from db import Store

    path = str(tmp_path / "old.duckdb")
    store = Store(path)
    add_lines(store, [{"vendor": "Slack", "department": "Sales"},
                      {"vendor": "Acme", "department": "IT"}])
    refresh(store)
    with store.transaction() as cur:   # as an older build left it: lines, no aggregates
        cur.execute("DELETE FROM agg_spend_month")
    assert not aggregates.aggregates_complete(store)
    store.close()
    reopened = workspace.open_workspace(path)
    assert aggregates.aggregates_complete(reopened)
