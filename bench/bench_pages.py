"""Benchmark: each dashboard page's model calls over a generated classified_lines table.

    .venv/bin/python bench/bench_pages.py --rows 1000000,10000000   # flat from 1M to 10M?
    .venv/bin/python bench/bench_pages.py --rows 200000 --db /tmp/demo.duckdb --keep

Builds classified_lines directly in SQL (generate_series; deterministic hash-based choices of
department, vendor, date and amount), then the page aggregates the way classification does
(models.aggregates: the same SQL and _scope, in one transaction), then times, per page, the
models.analytics calls that page makes on first render (no Streamlit cache), for each size in
--rows, in one run, side by side. Target (issue 13): <= 0.3 s per page at 10M lines, and flat
from 1M to 10M. `--lines-only` times the same calls over the lines (the pre-aggregate cost).

`build_classified(store, rows)` is reused by bench/screenshots.py to make a demo database while
the sample company is not available.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db.settings import fiscal_start_month  # noqa: E402
from db.lines import insert_classified_sql  # noqa: E402
from db.store import Store  # noqa: E402
from models import aggregates, analytics  # noqa: E402
from models.analytics import Filters  # noqa: E402

# name, it_owned, customer_facing, weight of technology lines bought
DEPARTMENTS = [
    ("Information Technology", True, False, 40),
    ("IT Infrastructure", True, False, 14),
    ("Finance", False, False, 6),
    ("Human Resources", False, False, 4),
    ("Marketing", False, True, 10),
    ("Digital Marketing", False, True, 5),
    ("Sales", False, True, 7),
    ("Customer Success", False, True, 5),
    ("E-commerce", False, True, 3),
    ("Operations", False, False, 2),
    ("Transit Operations", False, False, 1),
    ("Legal", False, False, 1),
    ("Procurement", False, False, 1),
    ("Facilities", False, False, 1),
]

# vendor, layer (None = shared infrastructure: takes the buying department's orientation), category
TECH_VENDORS = [
    ("Microsoft 365", "SoR", "Software & SaaS"), ("Amazon Web Services", None, "Cloud services"),
    ("Microsoft Azure", None, "Cloud services"), ("Google Workspace", "SoR", "Software & SaaS"),
    ("Salesforce", "SoE", "Software & SaaS"), ("HubSpot", "SoE", "Software & SaaS"),
    ("Workday", "SoR", "Software & SaaS"), ("SAP", "SoR", "Software & SaaS"),
    ("Oracle NetSuite", "SoR", "Software & SaaS"), ("Xero", "SoR", "Software & SaaS"),
    ("ServiceNow", "SoR", "Software & SaaS"), ("Atlassian", "SoR", "Software & SaaS"),
    ("Slack", "SoR", "Software & SaaS"), ("Zoom", "SoR", "Software & SaaS"),
    ("Zendesk", "SoE", "Software & SaaS"), ("Intercom", "SoE", "Software & SaaS"),
    ("Mailchimp", "SoE", "Software & SaaS"), ("Shopify", "SoE", "Software & SaaS"),
    ("Adobe", "SoE", "Software & SaaS"), ("Canva", "SoE", "Software & SaaS"),
    ("Okta", "SoR", "Software & SaaS"), ("CrowdStrike", "SoR", "Software & SaaS"),
    ("Dell Technologies", None, "Hardware"), ("Apple", None, "Hardware"),
    ("Vodafone", None, "Telecom"), ("BT", None, "Telecom"), ("Accenture", None, "IT services"),
    ("Computacenter", None, "IT services"), ("Tableau", "SoR", "Software & SaaS"),
    ("SurveyMonkey", "SoE", "Software & SaaS"), ("Hootsuite", "SoE", "Software & SaaS"),
    ("Gong", "SoE", "Software & SaaS"), ("DocuSign", "SoR", "Software & SaaS"),
    ("Miro", "SoR", "Software & SaaS"), ("Figma", "SoE", "Software & SaaS"),
    ("Cloudflare", None, "Cloud services"), ("Twilio", "SoE", "Software & SaaS"),
    ("Sage", "SoR", "Software & SaaS"), ("Snowflake", "SoR", "Cloud services"),
    ("Datadog", "SoR", "Software & SaaS"),
]
OTHER_VENDORS = [
    ("Google Ads", "Advertising"), ("Meta Ads", "Advertising"), ("Deloitte", "Audit & tax"),
    ("British Airways", "Travel"), ("Staples", "Office supplies"), ("Hays Recruitment", "Staffing"),
    ("Oracle Cleaning Services", "Facilities"), ("Premier Inn", "Travel"),
    ("Gartner", "Research"), ("Amazon Marketplace", "General goods"),
]


def _sql_list(values) -> str:
    """A SQL list literal of constants defined in this file (no user data)."""
    out = []
    for v in values:
        if v is None:
            out.append("NULL")
        elif isinstance(v, bool):
            out.append("true" if v else "false")
        else:
            out.append("'" + str(v).replace("'", "''") + "'")
    return "[" + ", ".join(out) + "]"


LAYOUTS = ("loaded", "shuffled")


def build_classified(store: Store, rows: int, *, long_tail_vendors: int = 20_000,
                     layout: str = "loaded") -> float:
    """Fill classified_lines with `rows` generated lines and rebuild the page aggregates from
    them as classification does; returns seconds taken (lines and aggregates).

    layout 'loaded': stored as loads store them, 4 uploads one after another, each a period of
    the ledger in date order (a GL export per period); 'shuffled': every upload and date spread
    over every row (the worst case for a line drill-down: no row group can be skipped)."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}")
    if layout == "loaded":  # row i of n: upload = its quarter of the rows, date ~ its position
        upload_sql = f"1 + ((i - 1) * 4 // {int(rows)})"
        date_sql = f"((i - 1) * 1000 // {int(rows)} + hash(i, 'date') % 5)"
    else:
        upload_sql, date_sql = "1 + i % 4", "(hash(i, 'date') % 1004)"
    weighted = [d for d in DEPARTMENTS for _ in range(d[3])]
    start_month = fiscal_start_month(store)
    sql = insert_classified_sql(f"""
    WITH g AS (
        SELECT
            i,
            hash(i, 'tech') % 100 < 45                        AS is_tech,
            (hash(i, 'dept') % {len(weighted)})::BIGINT                AS dept_ix,
            (hash(i, 'odept') % {len(DEPARTMENTS)})::BIGINT            AS other_dept_ix,
            (hash(i, 'vendor') % {len(TECH_VENDORS)})::BIGINT          AS tech_ix,
            (hash(i, 'other') % {len(OTHER_VENDORS)})::BIGINT          AS other_ix,
            hash(i, 'tail') % 100 < 30                        AS long_tail,
            (hash(i, 'tailv') % {long_tail_vendors})::BIGINT           AS tail_ix,
            DATE '2024-01-01' + {date_sql}::INTEGER AS txn_date,
            ({upload_sql})::INTEGER AS upload_id,
            ((hash(i, 'amt') % 250000) + 500)::DECIMAL(18, 2) / 100 AS amount
        FROM generate_series(1, {int(rows)}) AS t(i)
    ),
    picked AS (
        SELECT
            g.*,
            CASE WHEN is_tech THEN {_sql_list(d[0] for d in weighted)}[dept_ix + 1]
                 ELSE {_sql_list(d[0] for d in DEPARTMENTS)}[other_dept_ix + 1] END AS department,
            CASE WHEN is_tech THEN {_sql_list(d[1] for d in weighted)}[dept_ix + 1]
                 ELSE {_sql_list(d[1] for d in DEPARTMENTS)}[other_dept_ix + 1] END AS it_owned,
            CASE WHEN is_tech THEN {_sql_list(d[2] for d in weighted)}[dept_ix + 1]
                 ELSE {_sql_list(d[2] for d in DEPARTMENTS)}[other_dept_ix + 1] END AS customer_facing,
            CASE WHEN NOT is_tech THEN {_sql_list(v[0] for v in OTHER_VENDORS)}[other_ix + 1]
                 WHEN long_tail THEN 'Tech vendor ' || tail_ix::VARCHAR
                 ELSE {_sql_list(v[0] for v in TECH_VENDORS)}[tech_ix + 1] END AS vendor,
            CASE WHEN NOT is_tech THEN NULL
                 WHEN long_tail THEN NULL
                 ELSE {_sql_list(v[1] for v in TECH_VENDORS)}[tech_ix + 1] END AS catalog_layer,
            CASE WHEN NOT is_tech THEN {_sql_list(v[1] for v in OTHER_VENDORS)}[other_ix + 1]
                 WHEN long_tail THEN 'Software & SaaS'
                 ELSE {_sql_list(v[2] for v in TECH_VENDORS)}[tech_ix + 1] END AS category
        FROM g
    )
    SELECT
        upload_id, i::INTEGER, 'generated_' || upload_id::VARCHAR || '.csv', txn_date,
        vendor, lower(vendor), vendor, department, NULL, NULL,
        CASE WHEN is_tech THEN 'Software and licences' ELSE 'General expenses' END,
        NULL, 'REF-' || i::VARCHAR, amount, 'GBP', NULL,
        is_tech,
        CASE WHEN NOT is_tech THEN NULL
             WHEN catalog_layer IS NOT NULL THEN catalog_layer
             WHEN customer_facing THEN 'SoE' ELSE 'SoR' END,
        category, it_owned, customer_facing,
        CASE WHEN is_tech THEN 'catalog' ELSE 'account' END,
        CASE WHEN is_tech THEN 'catalog: ' || vendor ELSE 'account: General expenses' END,
        0.9,
        fiscal_year(txn_date, {start_month}), fiscal_quarter(txn_date, {start_month}),
        fiscal_quarter_key(txn_date, {start_month}), fiscal_quarter_label(txn_date, {start_month}),
        amount, false
    FROM picked
    """)
    started = time.perf_counter()
    with store.transaction() as cur:
        cur.execute(sql)
    aggregates.rebuild_all(store)
    return time.perf_counter() - started


def page_calls(store: Store) -> dict[str, list]:
    """The models calls each page makes on a first, uncached render (default filters, latest
    quarter), including the sidebar's filter options."""
    f = Filters()
    latest = max(q for q, _ in analytics.filter_options(store).quarters)
    top = analytics.shadow_it_vendors(store, f)
    vendor = top["vendor"].iloc[0]
    pages = {
        "Overview": [
            lambda: analytics.overview(store, f),
            lambda: analytics.spend_by_quarter(store, f),
            lambda: analytics.spend_by_department(store, f, with_vendor_counts=False),
        ],
        "Shadow IT (+ one vendor's lines)": [
            lambda: analytics.fx_missing_lines(store, f),
            lambda: analytics.shadow_it_vendors(store, f),
            lambda: analytics.vendor_lines(store, vendor, f),
        ],
        "SoR vs SoE": [
            lambda: analytics.overview(store, f),
            lambda: analytics.spend_by_quarter(store, f),
            lambda: analytics.spend_by_department(store, f, with_vendor_counts=False),
            lambda: analytics.top_vendors_by_layer(store, f),
        ],
        "Quarterly review": [
            lambda: analytics.quarter_summary(store, latest, f),
            lambda: analytics.quarter_changes_all(store, latest, f),
            lambda: analytics.first_time_vendors(store, latest, f),
        ],
        "Overview, 2 departments + 4 quarters": [
            lambda: analytics.overview(store, Filters(departments=("Marketing", "Sales"),
                                                      quarter_from=latest - 10, quarter_to=latest)),
            lambda: analytics.spend_by_department(store, Filters(departments=("Marketing", "Sales")),
                                                  with_vendor_counts=False),
        ],
    }
    sidebar = lambda: analytics.filter_options(store)  # noqa: E731  every page renders the filters
    return {page: [sidebar, *calls] for page, calls in pages.items()}


TARGET_SECONDS = 0.3


def time_pages(store: Store, repeat: int) -> dict[str, tuple[int, float, float]]:
    """Per page: (calls, best seconds, first seconds) over `repeat` runs."""
    out = {}
    for page, calls in page_calls(store).items():
        times = []
        for _ in range(max(1, repeat)):
            started = time.perf_counter()
            for call in calls:
                call()
            times.append(time.perf_counter() - started)
        out[page] = (len(calls), min(times), times[0])
    return out


def bench_size(rows: int, db: str | None, repeat: int, lines_only: bool, layout: str) -> dict:
    tmpdir = tempfile.mkdtemp(prefix="techspend-bench-")
    path = db or os.path.join(tmpdir, "bench.duckdb")
    store = Store(path)
    try:
        existing = store.scalar("SELECT count(*) FROM classified_lines")
        if existing:
            print(f"using existing {existing:,} classified lines in {path}")
        else:
            seconds = build_classified(store, rows, layout=layout)
            print(f"built {rows:,} classified lines ({layout}) + aggregates in {seconds:.1f} s"
                  f" ({path})")
        agg_rows = [store.scalar(f"SELECT count(*) FROM {t}") for t in aggregates.ALL_TABLES]
        print("aggregate rows: " + ", ".join(f"{t} {n:,}"
                                             for t, n in zip(aggregates.ALL_TABLES, agg_rows)))
        store.execute("CHECKPOINT")
        if lines_only:
            with aggregates.read_from_lines():
                return time_pages(store, repeat)
        return time_pages(store, repeat)
    finally:
        store.close()
        if not db:
            for name in os.listdir(tmpdir):
                os.remove(os.path.join(tmpdir, name))
            os.rmdir(tmpdir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="5000000",
                        help="line counts, comma-separated (e.g. 1000000,10000000)")
    parser.add_argument("--db", default=None, help="DuckDB file (one size only; default: temp)")
    parser.add_argument("--keep", action="store_true", help="(kept for compatibility: --db keeps)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per page; the best is shown")
    parser.add_argument("--layout", choices=LAYOUTS, default="loaded",
                        help="how the lines lie in the table (see build_classified)")
    parser.add_argument("--lines-only", action="store_true",
                        help="time the calls over the lines, not the aggregates")
    args = parser.parse_args(argv)
    sizes = [int(r.replace("_", "")) for r in str(args.rows).split(",") if r.strip()]
    results = {n: bench_size(n, args.db if len(sizes) == 1 else None, args.repeat,
                             args.lines_only, args.layout) for n in sizes}

    header = "".join(f"{f'{n:,} best s':>18}" for n in sizes)
    print(f"\n{'page':<40} {'calls':>5}{header}  target <= {TARGET_SECONDS} s")
    worst = 0.0
    for page in results[sizes[0]]:
        calls = results[sizes[0]][page][0]
        bests = [results[n][page][1] for n in sizes]
        worst = max(worst, *bests)
        flag = "ok" if max(bests) <= TARGET_SECONDS else "SLOW"
        cells = "".join(f"{b:>18.3f}" for b in bests)
        print(f"{page:<40} {calls:>5}{cells}  {flag}")
    return 0 if worst <= TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
