"""Small aggregates of classified_lines, so a page's figures cost the same at 1M and 10M lines.

Business rule: every figure on the dashboard, in the board pack and in the CLI summary is a sum
or count over lines grouped by a handful of attributes (department, quarter, layer, IT-owned,
category, vendor). Classification keeps those groups in small tables (db/migrations/
014_page_aggregates.sql) in the same transaction as the lines, so a page reads a few thousand
rows instead of millions, and the totals are the lines' totals to the cent:

* agg_spend_month: every line by upload x month x department x is_tech x it_owned x
  customer_facing x layer x category x fx_missing;
* agg_tech_vendor_month: technology lines by upload x month x department x vendor x it_owned x
  layer x category (the vendor pages with a period or upload filter, quarterly movers);
* agg_tech_vendor_total: the same over all uploads and dates, vendor x department x it_owned x
  layer x category (the vendor pages as first opened, every vendor's first and last date);
* agg_page_shadow_it_vendors, agg_page_top_vendors_by_layer: those two pages' results with no
  filter for a viewer of every department, computed by the pages' own SQL at each rebuild.

Worked example: upload 7 has 3 Canva lines of Marketing in March 2026 (12.00, 30.00, 8.50) ->
one agg_spend_month row with line_count 3 and spend 50.50. Reclassifying only upload 7 (a new
load, `refresh(store, [7])`) deletes and rebuilds upload 7's rows; other uploads' rows stay. A
rule making Canva non-technology rebuilds only the groups its lines leave (that row, from
upload 7's Marketing / March 2026 lines) and join (the same group with is_tech false), and the
all-time vendor rows of Canva / Marketing: a rule on one vendor costs its groups, not its
upload's million lines.

Reading: `page_sql` picks the source; `use_aggregates(store, date_from, date_to)` says whether the aggregates can answer; they cannot
(and the query reads the lines, same SQL text, see models/sql/analytics_sources_*.sql) when
* a date filter does not fall on month boundaries (a month row would straddle it), or
* the aggregates do not count every line (a database classified before migration 014, or lines
  written by a test fixture or a benchmark with db.lines.insert_classified_sql): exactness first.
Line-level drill-downs (one vendor's lines, exports) always read the lines; for one vendor's
newest lines the aggregates give the months and uploads to read (`vendor_window`).
"""

from __future__ import annotations

import calendar
import contextlib
import contextvars
import re
from datetime import date
from typing import Iterator

from models.analytics_filters import Filters
from models.sql import load_sql

TABLES = ("agg_spend_month", "agg_tech_vendor_month")  # per upload (replaced by upload)
ALL_TABLES = (*TABLES, "agg_tech_vendor_total")       # + all-time per vendor (recomputed)
# page queries whose result with no filter, for a viewer of every department, is stored whole
STORED_RESULTS = {"analytics_shadow_it_vendors": "agg_page_shadow_it_vendors",
                  "analytics_top_vendors_by_layer": "agg_page_top_vendors_by_layer"}
# queries whose technology rows need no quarter or upload: without a period or upload filter they
# read the all-time vendor aggregate (models/sql/analytics_sources_aggregates_total.sql)
ALL_TIME_VENDOR_QUERIES = frozenset({"analytics_shadow_it_vendors",
                                     "analytics_top_vendors_by_layer", "analytics_by_department"})
_PARAM = re.compile(r"\$([A-Za-z_]\w*)")

_force_lines: contextvars.ContextVar[bool] = contextvars.ContextVar("force_lines", default=False)


# The group of each per-upload aggregate, as (column, expression over classified_lines); a rule
# or merge change recomputes only the groups its lines were in and are in now (`touched`).
GROUP_KEYS = {
    "agg_spend_month": (
        ("upload_id", "c.upload_id"), ("month_start", "date_trunc('month', c.txn_date)::DATE"),
        ("quarter_key", "c.quarter_key"), ("dept", "coalesce(c.department, '(no department)')"),
        ("is_tech", "c.is_tech"), ("it_owned", "c.it_owned"),
        ("customer_facing", "c.customer_facing"), ("layer", "c.layer"),
        ("category", "c.category"), ("fx_missing", "c.fx_missing")),
    "agg_tech_vendor_month": (
        ("upload_id", "c.upload_id"), ("month_start", "date_trunc('month', c.txn_date)::DATE"),
        ("quarter_key", "c.quarter_key"), ("dept", "coalesce(c.department, '(no department)')"),
        ("vendor_name", "coalesce(c.vendor_canonical, c.vendor, '(no vendor)')"),
        ("it_owned", "c.it_owned"), ("layer", "c.layer"), ("category", "c.category")),
}
GROUP_FILTER = {"agg_spend_month": "true", "agg_tech_vendor_month": "c.is_tech"}
TOTAL_KEYS = ("dept", "vendor_name", "it_owned", "layer", "category")  # agg_tech_vendor_total


def _same(columns, left: str, right: str) -> str:
    return " AND ".join(f"{left}.{c} IS NOT DISTINCT FROM {right}.{c}" for c in columns)


def note_touched_groups(cur) -> None:
    """Before a rule or merge change rewrites the lines in the temp table `_scope_rows`: the
    aggregate groups those lines are in now (TEMP _touched_<table>); `rebuild(touched=True)`
    adds the groups they are in after, and recomputes only those."""
    for table, keys in GROUP_KEYS.items():
        cur.execute(
            f"CREATE OR REPLACE TEMP TABLE _touched_{table} AS SELECT DISTINCT "
            + ", ".join(f"{expr} AS {name}" for name, expr in keys)
            + " FROM classified_lines c SEMI JOIN _scope_rows r"
            "  ON r.upload_id = c.upload_id AND r.source_row = c.source_row"
            f" WHERE {GROUP_FILTER[table]}")


def rebuild(cur, full: bool, touched: bool = False) -> None:
    """Replace the aggregate rows of the uploads in the temp table `_scope` (all rows when
    `full`), from classified_lines, inside the caller's open transaction `cur`; with `touched`
    (a rule or merge change, after `note_touched_groups`) only the groups its lines were in or
    are in now: a rule on a vendor's 17,000 lines no longer re-adds its upload's million. The
    all-time vendor rows (agg_tech_vendor_total) are recomputed only for the vendor groups the
    replaced month rows left or joined (all of them on a full rebuild).

    Called once at the end of models.classification.rebuild, after classified_lines is written.
    """
    for table in TABLES:
        if touched:
            keys = GROUP_KEYS[table]
            names = [name for name, _ in keys]
            cur.execute(
                f"INSERT INTO _touched_{table} SELECT DISTINCT "
                + ", ".join(f"{expr} AS {name}" for name, expr in keys)
                + " FROM classified_lines c SEMI JOIN _scope_rows r"
                "  ON r.upload_id = c.upload_id AND r.source_row = c.source_row"
                f" WHERE {GROUP_FILTER[table]}")
            cur.execute(f"DELETE FROM {table} t USING _touched_{table} g WHERE "
                        + _same(names, "t", "g"))
            # every line of those groups (in the uploads of the touched lines)
            cur.execute(
                "CREATE OR REPLACE TEMP VIEW _aggregate_lines AS SELECT c.* FROM classified_lines c"
                f" SEMI JOIN _touched_{table} g ON "
                + " AND ".join(f"g.{name} IS NOT DISTINCT FROM {expr}" for name, expr in keys)
                + " WHERE c.upload_id IN (SELECT upload_id FROM _scope)")
        else:
            if full:
                cur.execute(f"DELETE FROM {table}")
            else:  # the uploads in scope, and any upload whose lines are gone (deleted beside
                # a partial rebuild of others, as reset_to_sample does)
                replaced = ("upload_id IN (SELECT upload_id FROM _scope)"
                            " OR upload_id NOT IN (SELECT DISTINCT upload_id FROM classified_lines)")
                if table == "agg_tech_vendor_month":  # the all-time groups its rows leave
                    cur.execute("CREATE OR REPLACE TEMP TABLE _touched_totals AS SELECT DISTINCT "
                                + ", ".join(TOTAL_KEYS) + f" FROM {table} WHERE {replaced}")
                cur.execute(f"DELETE FROM {table} WHERE {replaced}")
            cur.execute("CREATE OR REPLACE TEMP VIEW _aggregate_lines AS SELECT * FROM"
                        " classified_lines WHERE upload_id IN (SELECT upload_id FROM _scope)")
        cur.execute(f"INSERT INTO {table} BY NAME {load_sql('aggregate_' + table[4:])}")
    cur.execute("DROP VIEW _aggregate_lines")
    if not full:  # the all-time rows of the vendor groups that changed, from their month rows
        if touched:
            cur.execute("CREATE OR REPLACE TEMP TABLE _touched_totals AS SELECT DISTINCT "
                        + ", ".join(TOTAL_KEYS) + " FROM _touched_agg_tech_vendor_month")
        else:  # ... that the replaced uploads left or joined
            cur.execute("INSERT INTO _touched_totals SELECT DISTINCT " + ", ".join(TOTAL_KEYS)
                        + " FROM agg_tech_vendor_month"
                        " WHERE upload_id IN (SELECT upload_id FROM _scope)")
        cur.execute("DELETE FROM agg_tech_vendor_total t USING _touched_totals g WHERE "
                    + _same(TOTAL_KEYS, "t", "g"))
        cur.execute(
            "CREATE OR REPLACE TEMP VIEW _aggregate_months AS SELECT m.* FROM agg_tech_vendor_month m"
            " SEMI JOIN _touched_totals g ON " + _same(TOTAL_KEYS, "m", "g"))
    else:
        cur.execute("DELETE FROM agg_tech_vendor_total")  # small: recomputed from the month rows
        cur.execute("CREATE OR REPLACE TEMP VIEW _aggregate_months AS"
                    " SELECT * FROM agg_tech_vendor_month")
    cur.execute(f"INSERT INTO agg_tech_vendor_total BY NAME {load_sql('aggregate_tech_vendor_total')}")
    cur.execute("DROP VIEW _aggregate_months")
    for table in ("_touched_totals", *((f"_touched_{t}" for t in TABLES) if touched else ())):
        cur.execute(f"DROP TABLE IF EXISTS {table}")
    unfiltered = {**Filters().params(), "scope_departments": None, "top_n": 2**31 - 1}
    for body, table in STORED_RESULTS.items():  # the vendor pages as first opened
        sql = compose(body, "aggregates_total")
        cur.execute(f"DELETE FROM {table}")
        cur.execute(f"INSERT INTO {table} BY NAME {sql}", bind(sql, unfiltered))


def rebuild_all(store) -> None:
    """Rebuild every aggregate row from classified_lines as it stands (one transaction).

    For writers that fill classified_lines without classification (bench/bench_pages.py,
    test fixtures); classification itself calls `rebuild`."""
    with store.transaction() as cur:
        cur.execute("CREATE OR REPLACE TEMP TABLE _scope AS"
                    " SELECT DISTINCT upload_id FROM classified_lines")
        rebuild(cur, True)
        cur.execute("DROP TABLE IF EXISTS _scope")


def _month_start(value: date | None) -> bool:
    return value is None or value.day == 1


def _month_end(value: date | None) -> bool:
    return value is None or value.day == calendar.monthrange(value.year, value.month)[1]


def can_answer(date_from: date | None, date_to: date | None) -> bool:
    """True when a date range falls on month boundaries (from the 1st, to a month's last day),
    so no month row of the aggregates straddles it; quarters, uploads and departments always
    can."""
    return _month_start(date_from) and _month_end(date_to)


def aggregates_complete(store) -> bool:
    """The aggregates count every classified line (cheap: two counts)."""
    return bool(store.scalar(
        "SELECT (SELECT count(*) FROM classified_lines)"
        " = (SELECT coalesce(sum(line_count), 0) FROM agg_spend_month)"
    ))


def use_aggregates(store, date_from: date | None = None, date_to: date | None = None) -> bool:
    """Whether the page figures for this date range can come from the aggregates."""
    if _force_lines.get():
        return False
    return can_answer(date_from, date_to) and aggregates_complete(store)


@contextlib.contextmanager
def read_from_lines() -> Iterator[None]:
    """Within the block, every page figure is computed from the lines (the reference the
    invariant tests compare the aggregates with)."""
    token = _force_lines.set(True)
    try:
        yield
    finally:
        _force_lines.reset(token)


def source(from_aggregates: bool, *, all_time_vendors: bool = False) -> str:
    """Which source CTEs a query reads: 'lines', 'aggregates' (per upload and month) or
    'aggregates_total' (technology rows per vendor x department over all uploads and dates:
    only for a query whose body needs no quarter of a vendor row and whose filters have no
    period or upload)."""
    if not from_aggregates:
        return "lines"
    return "aggregates_total" if all_time_vendors else "aggregates"


def compose(body: str, from_aggregates: bool | str) -> str:
    """The SQL of a page query: the source CTEs (a `source` name, or True = aggregates,
    False = lines) then the body's own CTEs and SELECT (models/sql/<body>.sql starts with its
    first CTE, after the sources)."""
    name = from_aggregates if isinstance(from_aggregates, str) else source(from_aggregates)
    return f"WITH {load_sql('analytics_sources_' + name)},\n{load_sql(body)}"


NO_WINDOW = {"since_date": None, "first_upload": None, "last_upload": None, "total_lines": None}


def vendor_window(store, from_aggregates: bool, params: dict) -> dict:
    """For the line drill-down of one vendor (params: the filters, $vendor, $max_lines): the
    months and uploads holding its newest lines and its total line count, from the aggregates
    (models/sql/aggregate_vendor_window.sql); NO_WINDOW (no bound) when they cannot answer."""
    if not from_aggregates:
        return dict(NO_WINDOW)
    rows = store.arrow(compose("aggregate_vendor_window", "aggregates"), params).to_pylist()
    row = rows[0] if rows else {}
    if row.get("total_lines") is None:  # no such lines: the line query finds none either
        return {**NO_WINDOW, "total_lines": 0}
    return {k: row.get(k) for k in NO_WINDOW}


def bind(sql: str, values: dict) -> dict:
    """The named parameters `sql` uses, from `values` (DuckDB refuses unused ones)."""
    return {k: v for k, v in values.items() if k in set(_PARAM.findall(sql))}


def page_sql(store, body: str, filters: Filters, scope: list[str] | None) -> str:
    """The SQL of page query `body` (models/sql/analytics_*.sql) for these filters and viewer
    scope: the stored result when there is no filter and no scope, else the body over the
    all-time vendor aggregate (no period or upload filter), the per-month aggregates, or the
    lines (a date range off month boundaries, or aggregates that do not count every line)."""
    use = use_aggregates(store, filters.date_from, filters.date_to)
    if use and body in STORED_RESULTS and filters == Filters() and scope is None:
        return load_sql("aggregate_read_" + body.removeprefix("analytics_"))
    all_time = (body in ALL_TIME_VENDOR_QUERIES and filters.without_period() == filters
                and not filters.upload_ids)
    return compose(body, source(use, all_time_vendors=all_time))

