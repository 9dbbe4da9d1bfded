"""What a person reviews: the vendors most likely misclassified, and the effect of assigning one.

Business rule: the Review queue ranks vendors by expected misclassified spend (the chance each
line is wrong times its amount, models/sql/classify_review_queue.sql), not by amount alone, so a
small unknown "Acme Software" ranks above a large electricity supplier; a search reaches every
vendor. Before a vendor is assigned, `assignment_effect` shows every line that would change.

Worked example: an unmatched "NORTHERN NETWORK SOLUTIONS" (500 over 3 lines, default, confidence
0.3, vendor words 'network' 0.4 and 'solutions' 0.15) ranks with likelihood ~0.5 and score ~250;
assigning it technology changes its 3 lines, 500 in total.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # pandas is imported where it is used: the CLI starts without it
    import pandas as pd
import pyarrow as pa

from db import Store
from models import vendor_match
from models.sql import load_sql

# Lines below this confidence feed the Review queue: weak account words (0.6), weak MCCs,
# description keywords and the default.
LOW_CONFIDENCE = 0.65

NEAR_MISS_THRESHOLD = 80.0   # fuzzy score that makes an unmatched vendor a review candidate
NEAR_MISS_MAX_KEYS = 20000   # the largest unmatched candidate vendors compared to the catalog


def _near_misses(store: Store, max_confidence: float) -> pa.Table:
    """Unmatched candidate vendors whose key is close (>= NEAR_MISS_THRESHOLD, below the
    matcher's acceptance threshold) to a technology catalog alias: vendor_key, near_canonical,
    score. Vectorised (rapidfuzz cdist through vendor_match.fuzzy_candidates) over DISTINCT keys."""
    keys = [r[0] for r in store.rows(
        """
        SELECT c.vendor_key FROM classified_lines c
        JOIN vendor_map vm ON vm.vendor_key = c.vendor_key AND vm.method = 'none'
        WHERE c.confidence < ?
        GROUP BY c.vendor_key ORDER BY sum(abs(c.amount)) DESC LIMIT ?
        """, [max_confidence, NEAR_MISS_MAX_KEYS])]
    aliases = store.rows(
        "SELECT DISTINCT a.alias_key, v.canonical FROM catalog_aliases a"
        " JOIN catalog_vendors v USING (entry_id) WHERE v.is_tech ORDER BY 1, 2")
    found = vendor_match.fuzzy_candidates(keys, [a[0] for a in aliases],
                                          threshold=NEAR_MISS_THRESHOLD) if keys and aliases else []
    rows = [(k, aliases[hit[0]][1], hit[1]) for k, hit in zip(keys, found) if hit]
    return pa.table({"vendor_key": pa.array([r[0] for r in rows], pa.string()),
                     "near_canonical": pa.array([r[1] for r in rows], pa.string()),
                     "score": pa.array([float(r[2]) for r in rows], pa.float64())})


def review_queue(store: Store, limit: int = 200, max_confidence: float = LOW_CONFIDENCE,
                 search: str | None = None) -> pd.DataFrame:
    """Vendors worth a person's look, one row per vendor, ranked by expected misclassified spend
    (the chance each line is wrong times its amount; see classify_review_queue.sql), not by
    amount alone. `search` (text in the vendor's name, any case/punctuation) reaches every
    vendor, however confidently classified.

    Columns: vendor_key, vendor (canonical name), lines, amount (sum of amount_reporting, or of
    amount where FX is missing), abs_amount, score (expected misclassified amount), likelihood
    (score / abs_amount, 0..1), signals (the weak evidence found, readable), tech_lines,
    decided_by (most common), reason (most common), confidence (lowest), departments (distinct
    count), example_vendor (one raw spelling). Lines without a vendor are left out.
    """
    near = _near_misses(store, max_confidence)
    with store.cursor() as cur:
        cur.register("_near_miss", near)
        try:
            return cur.sql(load_sql("classify_review_queue"), params={
                "max_confidence": float(max_confidence), "search": search or None,
                "limit": int(limit)}).to_arrow_table().to_pandas()
        finally:
            cur.unregister("_near_miss")


def assignment_effect(store: Store, vendor_keys: Iterable[str], *, is_tech: bool,
                      layer: str | None = None, limit: int = 5000) -> tuple[dict, pd.DataFrame]:
    """What assigning `vendor_keys` (technology or not, optionally a layer) would change, before
    anything is saved: (totals, lines). totals: vendors, lines (all their lines), amount,
    changing_lines, changing_amount (lines whose technology flag or layer would change, in the
    reporting currency, else the original amount). lines: the changing lines, largest first
    (upload_id, source_file, source_row, txn_date, vendor, department, account_name,
    description, amount, currency, is_tech, layer, reason, new_is_tech, new_layer), at most
    `limit` (the totals count all of them). A layer of None means 'by buying department'."""
    keys = [k for k in dict.fromkeys(vendor_keys) if k]
    changing = """
        WITH lines AS (
            -- the layer a rule without a layer gives: the catalog's SoR/SoE, else the buying
            -- department's orientation (as classify_mart_lines decides it)
            SELECT cl.*, coalesce(cl.amount_reporting, cl.amount) AS amount_any,
                   CASE WHEN NOT $is_tech THEN NULL
                        WHEN $layer::VARCHAR IS NOT NULL THEN $layer::VARCHAR
                        WHEN cv.is_tech AND cv.layer IN ('SoR', 'SoE') THEN cv.layer
                        WHEN cl.customer_facing THEN 'SoE' ELSE 'SoR' END AS new_layer
            FROM classified_lines cl
            LEFT JOIN vendor_map vm ON vm.vendor_key = cl.vendor_key
            LEFT JOIN catalog_vendors cv ON cv.entry_id = vm.entry_id
            WHERE list_contains($keys::VARCHAR[], cl.vendor_key)
        )
        SELECT *, (is_tech <> $is_tech OR layer IS DISTINCT FROM new_layer) AS changes
        FROM lines
    """
    params = {"keys": keys, "is_tech": bool(is_tech), "layer": layer}
    totals = store.df(
        f"SELECT count(DISTINCT vendor_key) AS vendors, count(*) AS lines,"
        f" coalesce(sum(amount_any), 0)::DOUBLE AS amount,"
        f" count(*) FILTER (WHERE changes) AS changing_lines,"
        f" coalesce(sum(amount_any) FILTER (WHERE changes), 0)::DOUBLE AS changing_amount"
        f" FROM ({changing})", params).iloc[0].to_dict()
    lines = store.df(
        f"SELECT upload_id, source_file, source_row, txn_date, vendor, department, account_name,"
        f" description, amount, currency, is_tech, layer, reason, $is_tech AS new_is_tech,"
        f" new_layer FROM ({changing}) WHERE changes"
        f" ORDER BY abs(amount_any) DESC, upload_id, source_row LIMIT $limit",
        params | {"limit": int(limit)})
    return {k: (int(v) if k.endswith("lines") or k == "vendors" else float(v))
            for k, v in totals.items()}, lines


def vendor_key_lines(store: Store, vendor_key: str, limit: int = 500) -> pd.DataFrame:
    """The lines behind one vendor key, every line whatever its classification (largest first;
    analytics.vendor_lines is the technology lines of a vendor as Shadow IT names it). Columns:
    upload_id, source_file, source_row,
    txn_date, vendor, department, account_name, description, amount, currency, amount_reporting,
    is_tech, layer, category, it_owned, decided_by, reason, confidence."""
    return store.df(
        """
        SELECT upload_id, source_file, source_row, txn_date, vendor, department, account_name,
               description, amount, currency, amount_reporting, is_tech, layer, category,
               it_owned, decided_by, reason, confidence
        FROM classified_lines WHERE vendor_key = ?
        ORDER BY abs(amount) DESC, upload_id, source_row
        LIMIT ?
        """,
        [vendor_key, int(limit)],
    )


def vendor_choices(store: Store, limit: int = 5000) -> pd.DataFrame:
    """Vendors for pickers, largest (absolute amount) first, at most `limit`.
    Columns: vendor_key, vendor (canonical), lines, amount."""
    return store.df(
        """
        SELECT vendor_key, any_value(vendor_canonical) AS vendor, count(*) AS lines,
               sum(coalesce(amount_reporting, amount))::DOUBLE AS amount
        FROM classified_lines WHERE vendor_key IS NOT NULL
        GROUP BY vendor_key ORDER BY sum(abs(coalesce(amount_reporting, amount))) DESC, vendor_key
        LIMIT ?
        """,
        [int(limit)],
    )
