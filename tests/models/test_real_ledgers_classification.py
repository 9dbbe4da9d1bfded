"""Classification on a real public ledger (Phoenix, March 2018), checked by account names.

The product's headline (share of technology spend outside IT) must agree with an independent,
deliberately crude estimate that uses only Phoenix's own commitment-item names (software,
computer, telecom... accounts) and its IT department's name: no catalog, no rules. Skipped when
../shared/real_ledgers is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store
from ingest import load_file
from models import classification

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real_ledgers"
PHOENIX = REAL / "phoenix" / "march-2018.csv"

pytestmark = pytest.mark.skipif(not PHOENIX.is_file(), reason=f"real ledgers not present at {REAL}")

TECH_ACCOUNTS = (r"software|comput|comp hardware|com software|telecom|teleph|cellular|data comm|"
                 r"comm eq|communications equip|tech supp|com/compnent|com equip")


@pytest.fixture(scope="module")
def phoenix() -> Store:
    store = Store(":memory:")
    load_file(store, PHOENIX.name, PHOENIX.read_bytes(), currency="USD")
    store.set_setting("reporting_currency", "USD")
    classification.refresh(store)
    return store


def test_the_it_department_is_recognised(phoenix):
    flags = phoenix.rows("SELECT DISTINCT department, it_owned FROM classified_lines"
                         " WHERE department IN ('Information Technology Services', 'Public Transit',"
                         " 'Aviation', 'Finance')")
    assert dict(flags) == {"Information Technology Services": True, "Public Transit": False,
                           "Aviation": False, "Finance": False}


def test_headline_agrees_with_an_account_name_estimate(phoenix):
    product = classification.summary(phoenix).overall.tech_share_outside_it
    estimate = phoenix.scalar(
        "SELECT sum(amount) FILTER (WHERE department <> 'Information Technology Services')"
        " / sum(amount) FROM ledger_lines WHERE regexp_matches(lower(account_name), ?)",
        [TECH_ACCOUNTS])
    assert abs(product - float(estimate)) < 0.03, (product, estimate)


def test_every_line_is_classified_once_and_totals_reconcile(phoenix):
    assert phoenix.rows("SELECT count(*), sum(amount) FROM classified_lines") == \
        phoenix.rows("SELECT count(*), sum(amount) FROM ledger_lines")
    assert phoenix.scalar("SELECT count(*) FROM (SELECT upload_id, source_row FROM classified_lines"
                          " GROUP BY ALL HAVING count(*) > 1)") == 0
