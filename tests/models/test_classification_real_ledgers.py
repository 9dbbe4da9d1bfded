"""Classification over the real public ledgers in ../shared/real_ledgers (not in the repo).

Checks what a person can verify from the README's independent control figures: Phoenix's IT
department ("Information Technology Services": 913 lines, 10,815,423.31) is recognised as IT by
the default department patterns and nothing else is; every line is classified exactly once and
amounts reconcile; the headline share is a sane fraction.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from db import Store

LEDGERS = Path(__file__).resolve().parents[2].parent / "shared" / "real_ledgers"
PHOENIX = LEDGERS / "phoenix" / "march-2018.csv"

pytestmark = [
    pytest.mark.real_ledgers,
    pytest.mark.skipif(not PHOENIX.exists(), reason="../shared/real_ledgers/phoenix is not present"),
]


@pytest.fixture(scope="module")
def phoenix():
    import ingest
    from models.classification import refresh

    store = Store(":memory:")
    ingest.load_file(store, PHOENIX.name, PHOENIX.read_bytes())
    refresh(store)
    yield store
    store.close()


def test_phoenix_it_department_is_recognised(phoenix):
    rows = phoenix.rows("SELECT department, count(*), sum(amount) FROM classified_lines "
                        "WHERE it_owned GROUP BY 1")
    assert rows == [("Information Technology Services", 913, Decimal("10815423.31"))]


def test_phoenix_every_line_classified_and_reconciled(phoenix):
    assert phoenix.scalar("SELECT count(*) FROM classified_lines") == 54354
    assert phoenix.scalar("SELECT sum(amount) FROM classified_lines") == Decimal("148443591.31")
    assert phoenix.scalar("SELECT count(*) FROM classified_lines WHERE reason IS NULL OR reason = ''") == 0


def test_phoenix_headline_is_sane(phoenix):
    from models.classification import summary

    o = summary(phoenix).overall
    print(f"\nPhoenix March 2018: technology {o.tech_spend:,.2f} of {o.total_spend:,.2f}; "
          f"share outside IT {o.tech_share_outside_it:.1%}")
    assert 0 < o.tech_spend < o.total_spend
    assert 0.1 < o.tech_share_outside_it < 0.6
    # most of the IT department's own spend is technology
    assert o.tech_spend_inside_it > Decimal("0.5") * Decimal("10815423.31")
