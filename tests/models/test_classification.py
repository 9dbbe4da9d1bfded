"""Classification end to end over hand-made ledger lines and the fixture catalog."""

import datetime as dt
from decimal import Decimal

import pytest

import workspace
from db import TechspendError
from models import classification, rules
from models.classification import refresh, review_queue, summary, vendor_key_lines

from classify_helpers import add_lines


def one(store, vendor):
    df = store.df("SELECT * FROM classified_lines WHERE vendor = ?", [vendor])
    assert len(df) == 1, df
    return df.iloc[0]


# ---- evidence precedence ----------------------------------------------------------------------
def test_catalog_beats_account(store):
    # Google Ads is advertising even on a 'Software' account; Slack is tech on a 'Travel' account
    add_lines(store, [
        {"vendor": "GOOGLE *ADS7345512", "account_name": "Software", "department": "Marketing"},
        {"vendor": "Slack Technologies LLC", "account_name": "Travel", "department": "Finance"},
    ])
    refresh(store)
    ads, slack = one(store, "GOOGLE *ADS7345512"), one(store, "Slack Technologies LLC")
    assert (ads.is_tech, ads.decided_by, ads.reason) == (False, "catalog", "catalog: Google Ads")
    assert ads.layer is None or ads.layer != ads.layer  # NULL when not technology
    assert (slack.is_tech, slack.layer, slack.reason) == (True, "SoR", "catalog: Slack")


def test_rule_beats_catalog(store):
    add_lines(store, [{"vendor": "Salesforce.com Inc", "department": "Sales"}])
    refresh(store)
    assert one(store, "Salesforce.com Inc").reason == "catalog: Salesforce"
    rule = workspace.add_rule(store, field="vendor", match="contains", pattern="salesforce",
                          is_tech=False, category="Professional fees", by="cfo@example.com")
    line = one(store, "Salesforce.com Inc")
    assert not line.is_tech and line.decided_by == "rule" and line.confidence == 1.0
    assert line.reason == f'rule #{rule.rule_id} by cfo@example.com (vendor contains "salesforce")'


def test_strong_non_tech_account_beats_weak_tech_keyword(store):
    add_lines(store, [
        {"vendor": "Acme Media", "account_name": "Advertising Subscriptions"},
        {"vendor": "Acme Data", "account_name": "Data Subscriptions"},
        {"vendor": "Acme Data", "account_name": "Data Subscriptions",
         "description": "software renewal"},
        {"vendor": "Acme Soft", "account_name": "Computer Software"},
    ])
    refresh(store)
    media, soft = one(store, "Acme Media"), one(store, "Acme Soft")
    alone, tipped = store.df("SELECT * FROM classified_lines WHERE vendor = 'Acme Data'"
                             " ORDER BY description NULLS FIRST").itertuples()
    assert (media.is_tech, media.reason) == (False, 'account: "Advertising Subscriptions"')
    # a weak technology word alone does not decide (memberships and journals subscribe too);
    # beside another technology signal (a software description here) it tips the balance
    assert (alone.is_tech, alone.decided_by) == (False, "default")
    assert (tipped.is_tech, tipped.decided_by, tipped.confidence) == (True, "account", 0.6)
    assert (soft.is_tech, soft.category, soft.confidence) == (True, "Software & SaaS", 0.85)


def test_more_specific_account_keyword_wins(store):
    add_lines(store, [{"vendor": "Acme", "account_name": "IT Consultancy"},
                      {"vendor": "Bcme", "account_name": "Management Consultancy"}])
    refresh(store)
    assert one(store, "Acme").is_tech and not one(store, "Bcme").is_tech


def test_account_beats_mcc_beats_description_beats_default(store):
    add_lines(store, [
        {"vendor": "V1", "account_name": "Computer Software", "mcc": "5812"},
        {"vendor": "V2", "mcc": "5734", "description": "team lunch"},
        {"vendor": "V3", "mcc": "0000", "description": "software licence renewal"},
        {"vendor": "V4", "description": "order 4471"},
        {"vendor": "V5", "description": "team lunch"},
    ])
    refresh(store)
    assert one(store, "V1").decided_by == "account"
    v2 = one(store, "V2")
    assert (v2.decided_by, v2.is_tech, v2.reason) == ("mcc", True, "mcc 5734 (Computer software stores)")
    v3 = one(store, "V3")
    assert (v3.decided_by, v3.is_tech) == ("description", True)
    v4 = one(store, "V4")
    assert (v4.decided_by, v4.is_tech, v4.confidence) == ("default", False, 0.3)
    assert v4.reason == "default: no technology evidence"
    v5 = one(store, "V5")  # a non-technology word decides too, and says so
    assert (v5.decided_by, v5.is_tech, v5.reason) == ("description", False, 'description: "lunch"')


def test_strong_mcc_beats_weak_account(store):
    add_lines(store, [{"vendor": "Diner", "account_name": "Subscriptions", "mcc": "5812"}])
    refresh(store)
    line = one(store, "Diner")
    assert (line.decided_by, line.is_tech) == ("mcc", False)


# ---- product lines and look-alikes ------------------------------------------------------------
@pytest.mark.parametrize(
    "raw, canonical, is_tech",
    [
        ("GOOGLE *GSUITE_acme.com", "Google Workspace", True),
        ("Google Cloud Platform", "Google Cloud", True),
        ("GOOGLE *ADS1234567", "Google Ads", False),
        ("MSFT *OFFICE 365", "Microsoft 365", True),
        ("Microsoft Azure", "Microsoft Azure", True),
        ("MICROSOFT*ADVERTISING", "Microsoft Advertising", False),
        ("AWS EMEA", "Amazon Web Services", True),
        ("Amazon Web Services, Inc.", "Amazon Web Services", True),
        ("AMZN Mktp US*2K3L45", "Amazon Marketplace", False),
        ("Oracle America Inc", "Oracle", True),
        ("Oracle Cleaning Services Ltd", "Oracle Cleaning", False),
    ],
)
def test_product_lines_stay_apart(store, raw, canonical, is_tech):
    add_lines(store, [{"vendor": raw}])
    refresh(store)
    line = one(store, raw)
    assert (line.vendor_canonical, line.is_tech) == (canonical, is_tech)


def test_fuzzy_match_reports_its_score(store):
    add_lines(store, [{"vendor": "Salesforcce Inc"}, {"vendor": "Salesforse"}, {"vendor": "Sal"}])
    refresh(store)
    assert one(store, "Salesforse").decided_by == "default"  # 90: below the threshold
    line = one(store, "Salesforcce Inc")
    assert line.vendor_canonical == "Salesforce"
    assert line.reason.startswith("catalog: Salesforce (fuzzy ") and 0.7 < line.confidence < 0.9
    assert one(store, "Sal").decided_by == "default"  # too short to guess


# ---- layer ------------------------------------------------------------------------------------
def test_layer_catalog_wins_infrastructure_follows_department(store):
    add_lines(store, [
        {"vendor": "Zendesk", "department": "Finance"},          # catalog SoE
        {"vendor": "Slack", "department": "Marketing"},          # catalog SoR
        {"vendor": "Dell Inc", "department": "Customer Service"},  # infrastructure
        {"vendor": "Dell Technologies", "department": "Finance"},
        {"vendor": "Acme", "account_name": "Computer Software", "department": "Sales"},
    ])
    refresh(store)
    assert one(store, "Zendesk").layer == "SoE"
    assert one(store, "Slack").layer == "SoR"
    assert one(store, "Dell Inc").layer == "SoE"
    assert one(store, "Dell Technologies").layer == "SoR"
    assert one(store, "Acme").layer == "SoE"


# ---- invariants -------------------------------------------------------------------------------
def test_every_line_classified_once_and_amounts_reconcile(store):
    vendors = ["Slack", "GOOGLE *ADS1", None, "", "Acme", "Zendesk", "SQ *JOES"]
    add_lines(store, [
        {"vendor": v, "amount": Decimal(f"{(i * 37) % 500 - 120}.{i % 100:02d}"),
         "department": ["IT", "Sales", None][i % 3], "account_name": ["Software", None][i % 2]}
        for i, v in enumerate(vendors * 30)
    ])
    add_lines(store, [{"vendor": "Slack", "amount": Decimal("-5.55")}], upload_id=2)
    refresh(store)
    assert store.scalar("SELECT count(*) FROM classified_lines") == store.scalar(
        "SELECT count(*) FROM ledger_lines")
    assert store.scalar("SELECT count(*) FROM (SELECT DISTINCT upload_id, source_row FROM classified_lines)") \
        == store.scalar("SELECT count(*) FROM ledger_lines")
    assert classification.unclassified_count(store) == 0
    assert store.scalar("SELECT sum(amount) FROM classified_lines") == store.scalar(
        "SELECT sum(amount) FROM ledger_lines")
    assert store.scalar("SELECT count(*) FROM classified_lines WHERE NOT is_tech AND layer IS NOT NULL") == 0
    assert store.scalar("SELECT count(*) FROM classified_lines WHERE is_tech AND layer NOT IN ('SoR','SoE')") == 0
    assert store.scalar("SELECT count(*) FROM classified_lines WHERE confidence < 0 OR confidence > 1") == 0


def test_refresh_of_one_upload_leaves_others_and_removes_deleted(store):
    add_lines(store, [{"vendor": "Slack"}], upload_id=1)
    refresh(store, [1])
    add_lines(store, [{"vendor": "Zendesk"}, {"vendor": "Acme"}], upload_id=2)
    refresh(store, [2])
    assert store.scalar("SELECT count(*) FROM classified_lines") == 3
    with store.transaction() as cur:
        cur.execute("DELETE FROM ledger_lines WHERE upload_id = 2")
    refresh(store, [2])
    assert store.rows("SELECT vendor FROM classified_lines") == [("Slack",)]


def test_refresh_bumps_data_version(store):
    add_lines(store, [{"vendor": "Slack"}])
    before = store.version()
    refresh(store)
    assert store.version() > before


# ---- money and calendar -----------------------------------------------------------------------
def test_fx_conversion_and_missing_rate(store):
    add_lines(store, [
        {"vendor": "A", "amount": Decimal("100.00"), "currency": "USD", "txn_date": dt.date(2026, 3, 20)},
        {"vendor": "B", "amount": Decimal("100.00"), "currency": "EUR", "txn_date": dt.date(2026, 3, 20)},
        {"vendor": "C", "amount": Decimal("10.00"), "currency": "GBP"},
    ])
    with store.transaction() as cur:
        cur.execute("INSERT INTO fx_rates VALUES ('2026-03-01', 'USD', 'GBP', 0.79123456, NULL)")
        cur.execute("INSERT INTO fx_rates VALUES ('2026-02-01', 'EUR', 'GBP', 0.85, NULL)")
    refresh(store)
    a, b, c = one(store, "A"), one(store, "B"), one(store, "C")
    assert (a.amount_reporting, a.fx_missing) == (Decimal("79.12"), False)
    assert b.amount_reporting is None and b.fx_missing  # February's rate is not March's
    assert (c.amount_reporting, c.fx_missing) == (Decimal("10.00"), False)
    assert summary(store).fx_missing_lines == 1


def test_fiscal_columns_follow_the_setting(store):
    add_lines(store, [{"vendor": "A", "txn_date": dt.date(2025, 4, 1)},
                      {"vendor": "B", "txn_date": dt.date(2026, 3, 31)}])
    store.set_setting("fiscal_year_start_month", "4")
    refresh(store)
    assert one(store, "A").quarter_label == "FY2026 Q1"
    assert (one(store, "B").quarter_label, one(store, "B").quarter_key) == ("FY2026 Q4", 20264)


# ---- corrections ------------------------------------------------------------------------------
def _lines_for_headline(store):
    add_lines(store, [
        {"vendor": "Slack", "department": "Information Technology", "amount": Decimal("600")},
        {"vendor": "Zendesk", "department": "Customer Service", "amount": Decimal("200")},
        {"vendor": "Mystery Tools", "department": "Finance", "amount": Decimal("200")},
    ])
    refresh(store)


def test_rule_changes_headline_and_undo_restores_it(store):
    _lines_for_headline(store)
    before = summary(store).overall
    assert before.tech_spend == Decimal("800.00")
    assert before.tech_share_outside_it == pytest.approx(0.25)
    rule = workspace.add_rule(store, field="vendor", match="equals", pattern="Mystery Tools",
                          is_tech=True, layer="SoR", by="cfo@example.com", why="it is SaaS")
    after = summary(store).overall
    assert after.tech_spend == Decimal("1000.00")
    assert after.tech_share_outside_it == pytest.approx(0.4)
    listed = rules.list_rules(store)
    assert listed.iloc[0].rule_id == rule.rule_id and listed.iloc[0].lines == 1
    assert listed.iloc[0].why == "it is SaaS"
    workspace.remove_rule(store, rule.rule_id, by="cfo@example.com")
    assert summary(store).overall == before
    assert rules.list_rules(store).empty
    removed = rules.list_rules(store, include_removed=True).iloc[0]
    assert removed.removed_by == "cfo@example.com"
    with pytest.raises(TechspendError, match="already removed"):
        workspace.remove_rule(store, rule.rule_id, by="x")


def test_rule_applies_to_future_loads(store):
    rules_store = store
    add_lines(rules_store, [{"vendor": "Acme", "department": "Finance"}], upload_id=1)
    refresh(rules_store)
    workspace.add_rule(rules_store, field="department", match="starts_with", pattern="fin",
                   is_tech=True, by="cfo@example.com")
    add_lines(rules_store, [{"vendor": "Bcme", "department": "FINANCE "}], upload_id=2)
    refresh(rules_store, [2])
    assert one(rules_store, "Bcme").decided_by == "rule"


@pytest.mark.parametrize(
    "field, match, pattern, hits",
    [
        ("vendor", "equals", "slack technologies, llc", {"SQ *SLACK TECHNOLOGIES"}),
        ("vendor", "contains", "tech", {"SQ *SLACK TECHNOLOGIES", "Techno Ltd"}),
        ("vendor", "starts_with", "sq", {"SQ *SLACK TECHNOLOGIES"}),
        ("vendor", "regex", r"^tech|lunch$", {"Techno Ltd", "Big lunch"}),
        ("account", "equals", "office supplies", {"Big lunch"}),
        ("account", "contains", "SUPPL", {"Big lunch"}),
        ("department", "equals", "sales", {"Techno Ltd"}),
    ],
)
def test_rule_match_kinds(store, field, match, pattern, hits):
    add_lines(store, [
        {"vendor": "SQ *SLACK TECHNOLOGIES", "department": "IT"},
        {"vendor": "Techno Ltd", "department": "Sales"},
        {"vendor": "Big lunch", "account_name": "Office Supplies", "department": "Finance"},
    ])
    workspace.add_rule(store, field=field, match=match, pattern=pattern, is_tech=False, by="t")
    got = {r[0] for r in store.rows("SELECT vendor FROM classified_lines WHERE decided_by = 'rule'")}
    assert got == hits


def test_newest_rule_wins(store):
    add_lines(store, [{"vendor": "Acme", "department": "Sales"}])
    workspace.add_rule(store, field="department", match="equals", pattern="Sales", is_tech=False, by="a")
    second = workspace.add_rule(store, field="vendor", match="equals", pattern="acme", is_tech=True,
                            layer="SoE", by="b")
    assert one(store, "Acme").reason.startswith(f"rule #{second.rule_id} by b")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"field": "vendor", "match": "regex", "pattern": "(unclosed", "is_tech": True}, "not a valid regular"),
        ({"field": "colour", "match": "equals", "pattern": "x", "is_tech": True}, "vendor, account or department"),
        ({"field": "vendor", "match": "like", "pattern": "x", "is_tech": True}, "equals, contains"),
        ({"field": "vendor", "match": "equals", "pattern": "x", "is_tech": False, "layer": "SoR"}, "only applies"),
        ({"field": "vendor", "match": "equals", "pattern": "x", "is_tech": True, "category": "Travel & expenses"}, "not a technology category"),
        ({"field": "vendor", "match": "equals", "pattern": " ", "is_tech": True}, "Give the text"),
    ],
)
def test_bad_rules_are_refused_with_a_message(store, kwargs, message):
    with pytest.raises(TechspendError, match=message):
        workspace.add_rule(store, by="t", **kwargs)
    assert store.scalar("SELECT count(*) FROM rules") == 0


def test_assign_vendors_in_bulk(store):
    add_lines(store, [{"vendor": "Mystery A"}, {"vendor": "Mystery B"}, {"vendor": "Mystery C"}])
    refresh(store)
    queue = review_queue(store)
    assert set(queue.vendor_key) == {"MYSTERY A", "MYSTERY B", "MYSTERY C"}
    created = workspace.assign_vendors(store, ["MYSTERY A", "MYSTERY B"], is_tech=True,
                                   category="Software & SaaS", by="cio@example.com")
    assert len(created) == 2
    assert list(review_queue(store).vendor_key) == ["MYSTERY C"]
    line = one(store, "Mystery A")
    assert (line.is_tech, line.category, line.layer) == (True, "Software & SaaS", "SoR")


def test_review_queue_ranked_by_amount_with_lines_behind(store):
    add_lines(store, [
        {"vendor": "Small", "amount": Decimal("10")},
        {"vendor": "Big", "amount": Decimal("-900")},
        {"vendor": "Big", "amount": Decimal("50")},
        {"vendor": "Slack", "amount": Decimal("5000")},  # confident: not in the queue
    ])
    refresh(store)
    queue = review_queue(store)
    assert list(queue.vendor_key) == ["BIG", "SMALL"]
    assert queue.iloc[0].lines == 2 and queue.iloc[0].amount == -850
    lines = vendor_key_lines(store, "BIG")
    assert list(lines.amount) == [Decimal("-900.00"), Decimal("50.00")]


def test_merge_vendors_and_undo(store):
    add_lines(store, [{"vendor": "Salesforce"}, {"vendor": "Cloud CRM Billing Dept"}])
    refresh(store)
    assert one(store, "Cloud CRM Billing Dept").vendor_canonical != "Salesforce"
    merge = workspace.merge_vendors(store, "CLOUD CRM BILLING DEPT", "SALESFORCE", by="cio@example.com")
    line = one(store, "Cloud CRM Billing Dept")
    assert (line.vendor_canonical, line.is_tech, line.vendor_key) == ("Salesforce", True, "SALESFORCE")
    assert len(rules.list_merges(store)) == 1
    workspace.unmerge_vendors(store, merge.merge_id, by="cio@example.com")
    assert one(store, "Cloud CRM Billing Dept").vendor_key == "CLOUD CRM BILLING DEPT"


def test_the_export_carries_each_lines_classification(store):
    """`techspend export` (models.export.export_table, the read the product uses) names every
    classified column, one row per line in load order, with its layer and reason."""
    from models.export import export_table

    add_lines(store, [{"vendor": "GOOGLE *ADS1234567", "account_name": "Ads"}, {"vendor": "Slack"}])
    refresh(store)
    table = export_table(store)
    assert {"source_file", "source_row", "date", "vendor", "department", "account", "description",
            "amount", "currency", "vendor_canonical", "is_tech", "layer", "it_owned", "category",
            "reason"} <= set(table.column_names)
    rows = table.to_pylist()
    assert rows[0]["layer"] is None and rows[0]["is_tech"] is False
    assert rows[1]["layer"] == "SoR" and rows[1]["reason"] == "catalog: Slack"


def test_summary_by_quarter(store):
    add_lines(store, [
        {"vendor": "Slack", "department": "IT", "txn_date": dt.date(2026, 1, 5)},
        {"vendor": "Zendesk", "department": "Sales", "txn_date": dt.date(2026, 4, 5)},
    ])
    refresh(store)
    s = summary(store)
    assert [q for q, _ in s.by_quarter] == ["FY2026 Q1", "FY2026 Q2"]
    q1, q2 = (x for _, x in s.by_quarter)
    assert q1.tech_share_outside_it == 0 and q2.tech_share_outside_it == 1
    assert q2.soe_share_outside_it == 1 and q1.sor_share_inside_it == 1
    assert s.to_dict()["by_quarter"][1]["soe_share"] == 1.0


def test_catalog_change_reclassifies_every_upload(store, tmp_path, monkeypatch):
    from models import vendor_match

    for f in vendor_match.CATALOG_DIR.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    monkeypatch.setattr(vendor_match, "CATALOG_DIR", tmp_path)
    add_lines(store, [{"vendor": "Mystery Tools"}], upload_id=1)
    refresh(store, [1])
    assert one(store, "Mystery Tools").decided_by == "default"
    with (tmp_path / "vendors.csv").open("a", encoding="utf-8") as fh:
        fh.write("Mystery Tools,,true,Software & SaaS,SoR,MYSTERY TOOLS,,\n")
    add_lines(store, [{"vendor": "Slack"}], upload_id=2)
    refresh(store, [2])  # a load after the catalog changed: upload 1 is redone too
    assert one(store, "Mystery Tools").reason == "catalog: Mystery Tools"


# ---- card codes that cannot decide alone (shipped catalog) -------------------------------------
@pytest.fixture
def shipped_store():
    from db import Store
    s = Store(":memory:")
    yield s
    s.close()


def test_weak_technology_mcc_alone_does_not_decide(shipped_store):
    # 5732 electronics stores: a weak code; a store that sells TVs and furniture is not called
    # technology on the code alone, while a weak non-technology code (5999) still decides
    add_lines(shipped_store, [{"vendor": "Harbourside Home Store", "mcc": "5732"},
                              {"vendor": "Quayside Gifts", "mcc": "5999"}])
    refresh(shipped_store)
    alone, non = one(shipped_store, "Harbourside Home Store"), one(shipped_store, "Quayside Gifts")
    assert (alone.decided_by, alone.is_tech) == ("default", False)
    assert (non.decided_by, non.is_tech) == ("mcc", False)


def test_a_mixed_vendors_mcc_does_not_decide_its_lines(shipped_store):
    # Amazon.ca charges all carry the merchant's one code; the account tells the laptop apart
    add_lines(shipped_store, [
        {"vendor": "AMAZON.CA", "mcc": "4816", "account_name": "Office furniture", "amount": "10"},
        {"vendor": "AMAZON.CA", "mcc": "4816", "account_name": "Computer hardware", "amount": "20"},
        {"vendor": "AMAZON.CA", "mcc": "4816", "amount": "30"},
    ])
    refresh(shipped_store)
    got = shipped_store.df("SELECT amount::DOUBLE AS amount, is_tech, decided_by FROM classified_lines"
                           " ORDER BY amount")
    assert list(got.is_tech) == [False, True, False]
    assert "mcc" not in set(got.decided_by)
