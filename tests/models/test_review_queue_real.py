"""The Review queue finds the misses on real ledgers (issue 10 item 4), not only on made-up names.

On two real ledgers with hand labels (tests/data/real_labels), the technology vendors the
classifier still misses are small next to the councils' leisure operators, agencies and
contractors: by amount alone they sit between 31st and 223rd, out of reach of a person who reads
the first page. Ranked by chance-wrong x amount (vendor-name words, a near miss to a catalog
entry, weak evidence), most of their spend must be on the first page (top 20), and the biggest
vendors named for a trade (construction, electricity) must rank below them. Skipped without the real ledgers.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

LABELS = Path(__file__).resolve().parents[1] / "data" / "real_labels"
sys.path.insert(0, str(LABELS))
import measure  # noqa: E402

from models.classification import review_queue  # noqa: E402

FIRST_PAGE = 20
pytestmark = [pytest.mark.real_ledgers, pytest.mark.skipif(
    not measure.REAL.is_dir(), reason=f"real ledgers not present at {measure.REAL}")]


@pytest.mark.parametrize("folder", ["oxford_city_council", "phoenix"])
def test_missed_technology_vendors_reach_the_first_page(folder):
    store = measure.load_and_classify(folder)
    try:
        df = measure.joined(store, measure.read_labels(folder))
        queue = review_queue(store, limit=100000)
    finally:
        store.close()
    missed = df[df.is_tech & ~df.p_tech].groupby("vendor_canonical").w.sum()
    assert len(missed), f"{folder}: nothing missed any more: choose a ledger with misses"
    queue = queue.assign(queue_rank=range(1, len(queue) + 1),
                         amount_rank=queue.abs_amount.rank(ascending=False, method="first"))
    found = queue[queue.vendor.isin(missed.index)].set_index("vendor")
    assert set(found.index) == set(missed.index), "a missed vendor is not a review candidate"
    on_first_page = missed[found.queue_rank[found.queue_rank <= FIRST_PAGE].index].sum()
    by_amount_alone = missed[found.amount_rank[found.amount_rank <= FIRST_PAGE].index].sum()
    print(f"\n{folder}: missed technology vendors (queue rank / amount rank):\n"
          + found[["queue_rank", "amount_rank", "signals"]].to_string())
    assert on_first_page >= 0.7 * missed.sum(), (
        f"{folder}: only {on_first_page / missed.sum():.0%} of the missed technology spend is on "
        "the first page of the queue")
    assert on_first_page > by_amount_alone
    # the biggest vendors named for a non-technology trade (construction, electricity, cleaning)
    # rank below every missed technology vendor whose name or near miss says what it sells
    trades = queue[queue.signals.fillna("").str.contains("trade: ")].nlargest(5, "abs_amount")
    signalled = found[found.signals.fillna("") != ""]
    assert len(trades) and len(signalled)
    assert trades.queue_rank.min() > signalled.queue_rank.max(), trades[["vendor", "queue_rank"]]
    assert trades.abs_amount.max() > 10 * signalled.abs_amount.max()   # though far bigger
