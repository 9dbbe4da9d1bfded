"""The Review queue finds the misses: ranked by the chance a vendor is misclassified times its
amount, searchable across every vendor, with the full effect of an assignment shown first."""

from __future__ import annotations

from decimal import Decimal

import workspace
from models import rules
from models.classification import assignment_effect, refresh, review_queue

from classify_helpers import add_lines


def test_a_small_tech_vendor_ranks_above_a_large_electricity_supplier(store):
    add_lines(store, [
        {"vendor": "Northern Electricity Supply Ltd", "amount": Decimal("500000")},
        {"vendor": "Bigbuild Construction", "amount": Decimal("300000")},
        {"vendor": "Acme Software Ltd", "amount": Decimal("2000")},
        {"vendor": "Quantum Networks", "amount": Decimal("1500")},
    ])
    refresh(store)
    queue = review_queue(store)
    order = list(queue.vendor)
    assert order.index("Acme Software Ltd") < order.index("Northern Electricity Supply Ltd")
    assert order.index("Quantum Networks") < order.index("Bigbuild Construction")
    acme = queue.set_index("vendor").loc["Acme Software Ltd"]
    assert acme.signals == "vendor name: software" and 0.5 < acme.likelihood < 0.7
    assert "trade: electricity" in queue.set_index("vendor").loc[
        "Northern Electricity Supply Ltd", "signals"]


def test_weak_technology_lines_are_candidates_too(store):
    add_lines(store, [
        {"vendor": "Parkside Electrical", "description": "network cabling", "amount": Decimal("900")},
        {"vendor": "Unknown Plc", "amount": Decimal("900")},
    ])
    refresh(store)
    queue = review_queue(store).set_index("vendor")
    # classified technology on a description word only: half a chance it is wrong
    assert queue.loc["Parkside Electrical", "tech_lines"] == 1
    assert queue.loc["Parkside Electrical", "score"] > queue.loc["Unknown Plc", "score"]


def test_a_technology_merchant_code_and_a_near_miss_raise_the_rank(store):
    add_lines(store, [
        {"vendor": "Plain Name One", "amount": Decimal("1000")},
        {"vendor": "Plain Name Two", "mcc": "4899", "amount": Decimal("1000")},  # weak MCC
        {"vendor": "Salesforse", "amount": Decimal("1000")},   # below the matcher's threshold
    ])
    refresh(store)
    queue = review_queue(store).set_index("vendor")
    assert queue.loc["Salesforse", "signals"] == "near catalog: Salesforce"
    assert queue.loc["Salesforse", "score"] > queue.loc["Plain Name One", "score"]


def test_search_reaches_every_vendor_however_confident(store):
    add_lines(store, [{"vendor": "Slack Technologies", "amount": Decimal("5000")},
                      {"vendor": "Mystery Co"}])
    refresh(store)
    assert "SLACK TECHNOLOGIES" not in set(review_queue(store).vendor_key)
    found = review_queue(store, search="slack")
    assert list(found.vendor) == ["Slack"] and found.iloc[0].lines == 1


def test_the_full_effect_of_an_assignment_is_shown_before_saving(store):
    add_lines(store, [
        {"vendor": "Mystery Tools", "department": "Finance", "amount": Decimal("200")},
        {"vendor": "Mystery Tools", "department": "Marketing", "amount": Decimal("300")},
        {"vendor": "Mystery Tools", "account_name": "Software", "amount": Decimal("50")},
    ])
    refresh(store)
    totals, lines = assignment_effect(store, ["MYSTERY TOOLS"], is_tech=True)
    assert totals == {"vendors": 1, "lines": 3, "amount": 550.0, "changing_lines": 2,
                      "changing_amount": 500.0}
    assert list(lines.new_layer) == ["SoE", "SoR"]  # Marketing faces customers
    before = store.scalar("SELECT count(*) FROM classified_lines WHERE is_tech")
    assert before == 1  # nothing was saved by looking
    workspace.assign_vendors(store, ["MYSTERY TOOLS"], is_tech=True, by="t")
    after = store.df("SELECT is_tech, layer FROM classified_lines ORDER BY source_row")
    assert list(after.is_tech) == [True, True, True] and list(after.layer)[:2] == ["SoR", "SoE"]
