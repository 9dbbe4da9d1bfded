"""Subscription precision and recall on the sample company, whose generator knows every stream's
cadence (sample_data/vendors.py: "MKT card m 700-900" is a monthly stream). Each detected
vendor x department series is traced back to the generator's lines by date, department and
amount; it is right when those lines come from a monthly/quarterly/annual/weekly stream.
Measured (README, Governance lens): precision 211/211 = 1.000, recall 211/219 = 0.963."""

from __future__ import annotations

import collections
from decimal import Decimal

import pytest

import workspace
from models.governance import subscriptions
from sample_data.model import generate_company
from sample_data.universe import TECH_CATEGORIES
from sample_data.vendors import VENDORS

RECURRING = ("w", "m", "q", "a")
ENOUGH = {"w": 3, "m": 3, "q": 3, "a": 2}


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    store = workspace.open_workspace(tmp_path_factory.mktemp("sample") / "sample.duckdb")
    workspace.load_sample_company(store)
    found = subscriptions.subscriptions(store)
    lines = store.df("SELECT coalesce(vendor_canonical, vendor, '(no vendor)') AS vendor, "
                     "coalesce(department, '(no department)') AS department, txn_date, "
                     "abs(amount) AS amount FROM classified_lines WHERE amount_reporting > 0 AND is_tech")
    store.close()
    return found, lines


def test_detected_subscriptions_are_the_generators_recurring_streams(measured):
    found, lines = measured
    company = generate_company().lines
    truth_of = collections.defaultdict(list)
    for ln in company:
        truth_of[(ln.date, ln.dept_name.strip().lower(), abs(ln.amount))].append((ln.vendor.key, ln.dept_key))
    cadence = {(v.key, s.split()[0]): s.split()[2] for v in VENDORS for s in v.streams.split(";")}
    detected = set(zip(found["vendor"], found["department"]))
    right = wrong = 0
    hits = set()
    for key, group in lines[[k in detected for k in zip(lines["vendor"], lines["department"])]].groupby(
            ["vendor", "department"]):
        votes = collections.Counter(
            t for r in group.itertuples()
            for t in truth_of[(r.txn_date, str(r.department).strip().lower(),
                               Decimal(str(r.amount)).quantize(Decimal("0.01")))])
        assert votes, f"{key}: lines not traced to the generator"
        stream = votes.most_common(1)[0][0]
        if cadence.get(stream) in RECURRING:
            right += 1
            hits.add(stream)
        else:
            wrong += 1
    precision = right / (right + wrong)
    charges = collections.defaultdict(set)
    for ln in company:
        if ln.kind == "charge" and ln.vendor.category in TECH_CATEGORIES:
            charges[(ln.vendor.key, ln.dept_key)].add(ln.date)
    eligible = {k for k, days in charges.items()
                if cadence.get(k) in RECURRING and len(days) >= ENOUGH[cadence[k]]}
    recall = len(hits & eligible) / len(eligible)
    print(f"sample subscriptions: precision {right}/{right + wrong} = {precision:.3f}, "
          f"recall {len(hits & eligible)}/{len(eligible)} = {recall:.3f}")
    assert precision >= 0.98
    assert recall >= 0.95
