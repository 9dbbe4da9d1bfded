"""Classification: every ledger line -> technology or not, SoR/SoE, IT-owned, with its reason.

Business rule (issue 3). For each line, the strongest evidence present decides:

    person's rule  >  vendor catalog  >  account name keyword  >  merchant category code
                   >  description keyword  >  default (not technology, confidence 0.3)

(within account and MCC, a strong signal beats a weak one of either kind: a strong non-technology
account such as "Advertising" beats a weak technology word; a weak account word yields to a strong
MCC). Technology lines get a layer: the rule's or catalog's SoR/SoE, else, for infrastructure and
technology of unknown purpose, the buying department's orientation (customer-facing -> SoE, else
SoR). `it_owned` is the buying department's IT flag (models.departments).

Worked example: a card line "SQ *SLACK TECHNOLOGIES" bought by "Digital Marketing" under account
"Subscriptions" -> vendor key 'SLACK TECHNOLOGIES' -> catalog 'Slack' (SoR, Software & SaaS) ->
is_tech, layer SoR, it_owned false (Digital Marketing is not IT), reason 'catalog: Slack',
confidence 0.95. If a person adds "vendor contains slack -> technology, SoE", the reason becomes
'rule #1 by cfo@example.com (vendor contains "SLACK")' on every past and future line.

How it runs (set-based; Python never loops over ledger lines):

1. models.vendor_match: new DISTINCT raw vendor strings -> keys (Python), new DISTINCT keys ->
   catalog entries (alias/pattern in DuckDB, fuzzy with rapidfuzz.process.cdist) -> vendor_map;
2. models.departments: DISTINCT department keys -> IT / customer-facing flags;
3. the SQL models in models/sql/classify_*.sql (staging -> intermediate -> mart) rebuild the
   classified_lines rows of the uploads in scope in one transaction (bumps data_version).

`refresh(store)` rebuilds everything (after a rule, department, merge or settings change);
`refresh(store, [upload_id])` only those uploads (after a load; for a deleted upload it removes its
rows).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import pandas as pd
import pyarrow as pa

from db import Store, TechspendError
from models import vendor_match
from models.departments import sync_departments

SQL_DIR = Path(__file__).parent / "sql"

# Lines below this confidence feed the Review queue: weak account words (0.6), weak MCCs,
# description keywords and the default.
LOW_CONFIDENCE = 0.65

_NEVER_MATCHES = r"[^\s\S]"


@lru_cache(maxsize=None)
def sql(name: str) -> str:
    """The text of models/sql/<name>.sql."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _fiscal_start_month(cur) -> int:
    row = cur.execute("SELECT value FROM settings WHERE key = 'fiscal_year_start_month'").fetchone()
    try:
        month = int(row[0]) if row else 1
    except ValueError:
        month = 0
    if not 1 <= month <= 12:
        raise TechspendError(
            f"The setting fiscal_year_start_month is '{row[0]}'; it must be a month number 1-12."
        )
    return month


def _reporting_currency(cur) -> str:
    row = cur.execute("SELECT value FROM settings WHERE key = 'reporting_currency'").fetchone()
    return (row[0] if row else "GBP").strip().upper()


def _description_patterns(cur) -> list[str]:
    """Four combined alternations for classify_int_description_evidence.sql, in its order."""
    out = []
    for signal, strength in (("non_tech", "strong"), ("tech", "strong"),
                             ("non_tech", "weak"), ("tech", "weak")):
        words = [r[0] for r in cur.execute(
            "SELECT keyword FROM catalog_account_keywords WHERE signal = ? AND strength = ?"
            " ORDER BY keyword_id", [signal, strength]).fetchall()]
        out.append("|".join(f"(?:{w})" for w in words) if words else _NEVER_MATCHES)
    return out


_STEPS = (
    ("_stg_lines", "classify_stg_lines"),
    ("_int_rule_hits", "classify_int_rule_hits"),
    ("_int_account_evidence", "classify_int_account_evidence"),
    ("_int_description_evidence", "classify_int_description_evidence"),
    ("_int_vendor_word_evidence", "classify_int_vendor_word_evidence"),
)


def rebuild(cur, upload_ids: Iterable[int] | None = None, *,
            catalog_dir: Path | None = None) -> dict[str, float]:
    """Rebuild classified_lines inside an open transaction `cur` (see refresh).

    Returns the seconds each step took (for bench/bench_classify.py)."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = now - clock
        clock = now

    status = vendor_match.ensure_catalog(cur, catalog_dir)
    lap("catalog")
    vendor_match.sync_vendor_keys(cur)
    lap("vendor keys")
    vendor_match.sync_vendor_map(cur, status.version)
    lap("vendor map")
    departments_changed = sync_departments(cur)
    lap("departments")

    # a new catalog or new default department flags change lines of every upload
    full = upload_ids is None or status.reloaded or departments_changed
    if full:
        cur.execute("CREATE OR REPLACE TEMP TABLE _scope AS SELECT DISTINCT upload_id FROM ledger_lines")
    else:
        ids = sorted({int(u) for u in upload_ids})
        cur.execute("CREATE OR REPLACE TEMP TABLE _scope AS SELECT unnest(?::INTEGER[]) AS upload_id",
                    [ids])
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE _params AS"
        " SELECT ?::INTEGER AS fiscal_start_month, ?::VARCHAR AS reporting_currency",
        [_fiscal_start_month(cur), _reporting_currency(cur)],
    )
    has_rules = cur.execute("SELECT count(*) FROM rules WHERE removed_at IS NULL").fetchone()[0]
    for table, model in _STEPS:
        params = _description_patterns(cur) if model == "classify_int_description_evidence" else []
        query = sql(model)
        if model == "classify_int_rule_hits" and not has_rules:  # same columns, no work
            cur.execute(f"CREATE OR REPLACE TEMP TABLE {table} (upload_id INTEGER,"
                        " source_row INTEGER, rule_id INTEGER)")
            continue
        cur.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {query}", params)
        lap(model)
    if full:
        cur.execute("DELETE FROM classified_lines")
    else:
        cur.execute("DELETE FROM classified_lines WHERE upload_id IN (SELECT upload_id FROM _scope)")
    lap("delete")
    cur.execute(f"INSERT INTO classified_lines BY NAME {sql('classify_mart_lines')}")
    lap("classify_mart_lines")
    for table in ("_scope", "_params", *(t for t, _ in _STEPS)):
        cur.execute(f"DROP TABLE IF EXISTS {table}")
    return timings


def refresh(store: Store, upload_ids: Iterable[int] | None = None, *,
            catalog_dir: Path | None = None) -> dict[str, float]:
    """(Re)build classified_lines: all uploads when upload_ids is None, else only those.

    Call after every load (`refresh(store, [result.upload_id])`), after deleting an upload
    (`refresh(store, [deleted_id])` removes its rows), and after any settings change
    (`refresh(store)`). Rule, department and merge changes in this package refresh by themselves.
    One transaction; bumps data_version.
    """
    with store.transaction() as cur:
        return rebuild(cur, upload_ids, catalog_dir=catalog_dir)


# ---- the analytics the pages and the CLI read -------------------------------------------------
@dataclass(frozen=True)
class Shares:
    """Spend split for one period. Amounts in the reporting currency (lines without an FX rate
    are left out and counted in Summary.fx_missing_lines). Shares are 0..1 of technology spend,
    None when there is no technology spend in the group."""

    total_spend: Decimal
    tech_spend: Decimal
    tech_spend_inside_it: Decimal
    tech_spend_outside_it: Decimal
    tech_share_outside_it: float | None
    sor_share: float | None
    soe_share: float | None
    sor_share_inside_it: float | None
    soe_share_inside_it: float | None
    sor_share_outside_it: float | None
    soe_share_outside_it: float | None


@dataclass(frozen=True)
class Summary:
    reporting_currency: str
    lines: int
    fx_missing_lines: int
    overall: Shares
    by_quarter: tuple[tuple[str, Shares], ...] = field(default=())  # (quarter label, shares)

    def to_dict(self) -> dict:
        def conv(shares: Shares) -> dict:
            return {k: (round(float(v), 2) if isinstance(v, Decimal) else
                        (None if v is None else round(v, 6)))
                    for k, v in asdict(shares).items()}

        return {
            "reporting_currency": self.reporting_currency,
            "lines": self.lines,
            "fx_missing_lines": self.fx_missing_lines,
            "overall": conv(self.overall),
            "by_quarter": [{"quarter": q, **conv(s)} for q, s in self.by_quarter],
        }


def summary(store: Store) -> Summary:
    """Headline figures overall and per fiscal quarter, from classified_lines."""
    table = store.arrow(sql("classify_summary"))
    rows = table.to_pylist()
    names = [f.name for f in dataclass_fields(Shares)]
    overall = next((r for r in rows if r["quarter_key"] is None), None)

    def shares(r: dict | None) -> Shares:
        if r is None:
            return Shares(**{n: None if "share" in n else Decimal(0) for n in names})
        return Shares(**{n: r[n] for n in names})

    return Summary(
        reporting_currency=store.setting("reporting_currency", "GBP") or "GBP",
        lines=int(overall["lines"]) if overall else 0,
        fx_missing_lines=int(overall["fx_missing_lines"]) if overall else 0,
        overall=shares(overall),
        by_quarter=tuple((r["quarter_label"], shares(r)) for r in rows if r["quarter_key"] is not None),
    )


def dataclass_fields(cls):
    from dataclasses import fields

    return fields(cls)


def headline_share(store: Store) -> float | None:
    """The share of technology spend outside IT (0..1), all periods."""
    return summary(store).overall.tech_share_outside_it


def review_queue(store: Store, limit: int = 100, max_confidence: float = LOW_CONFIDENCE) -> pd.DataFrame:
    """Unclassified and low-confidence spend, one row per vendor, largest first.

    Columns: vendor_key, vendor (canonical name), lines, amount (sum of amount_reporting, or of
    amount where FX is missing), abs_amount, tech_lines, decided_by (most common), reason (most
    common), confidence (lowest), departments (distinct count), example_vendor (one raw spelling).
    Lines without a vendor are left out (nothing to assign them by).
    """
    return store.df(sql("classify_review_queue"), [max_confidence, int(limit)])


def vendor_lines(store: Store, vendor_key: str, limit: int = 500) -> pd.DataFrame:
    """The lines behind one vendor (largest first). Columns: upload_id, source_file, source_row,
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


EXPORT_COLUMNS = ("source_file", "source_row", "date", "vendor", "department", "account",
                  "description", "amount", "currency", "vendor_canonical", "is_tech", "layer",
                  "it_owned", "category", "reason")


def export_relation(store: Store) -> pa.Table:
    """One row per classified line for `techspend export`, in load order. Columns (in order):
    source_file, source_row, date, vendor, department, account (account name, else code),
    description, amount (original currency, DECIMAL), currency, vendor_canonical, is_tech,
    layer ('SoR'/'SoE', NULL when not technology), it_owned, category, reason."""
    return store.arrow(
        """
        SELECT source_file, source_row, txn_date AS date, vendor, department,
               coalesce(account_name, account_code) AS account, description, amount, currency,
               vendor_canonical, is_tech, layer, it_owned, category, reason
        FROM classified_lines ORDER BY upload_id, source_row
        """
    )


def unclassified_count(store: Store) -> int:
    """Ledger lines without a classified_lines row (0 after every refresh)."""
    return int(store.scalar(
        "SELECT count(*) FROM ledger_lines l ANTI JOIN classified_lines c USING (upload_id, source_row)"
    ))
