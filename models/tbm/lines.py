"""TBM keys on lines and the view by tower and cost pool (SQL: models/sql/tbm_*.sql).

Business rule: every technology line carries four TBM keys — cost pool (CFO view, from the GL
account and evidence), technology resource tower and sub-tower (CIO view, from the category and
the line's words), solution (the vendor's product; the vendor stays the parent) — looked up in the
mapping tables of models/tbm/ by set-based SQL over DISTINCT texts. The consumer is the paying
department / cost centre; the SoR/SoE layer is an attribute of the solution.

Worked example: Marketing pays "Atlassian" 300 with account "Software subscriptions" and
description "Confluence standard 50 users" -> tbm_cost_pool 'Cloud Services', sub-pool 'SaaS',
tbm_tower 'End User', sub-tower 'Collaboration & Productivity', tbm_solution 'Confluence',
tbm_solution_vendor 'Atlassian'; in `by_tower_pool` it adds 300 to spend_outside_it of
(End User, Collaboration & Productivity, Cloud Services).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where it is used: the CLI starts without it
    import pandas as pd
import pyarrow as pa

from access import current_scope  # access: department-scoped viewers (#14)
from db import Store
from models.analytics import ALL, Filters, python_safe
from models.sql import load_sql
from models.tbm.mapping import register


def _run(store: Store, name: str, params: dict | None = None) -> pa.Table:
    sql = load_sql(name)
    if "$scope_departments" in sql:  # the shared filter fragment: a scoped viewer sees only theirs
        scope = current_scope()
        params = {**(params or {}), "scope_departments": None if scope is None else list(scope)}
    with store.cursor() as cur:
        register(cur)
        return cur.sql(sql, params=params or None).to_arrow_table()


def tbm_lines(store: Store, filters: Filters = ALL, *, towers: tuple[str, ...] = (),
              pools: tuple[str, ...] = (), owner: str | None = None,
              row_limit: int | None = None) -> pd.DataFrame:
    """The filtered technology lines with all four keys, newest first; optionally only some
    towers / cost pools, `owner` 'it' or 'outside' (IT / outside IT), the newest `row_limit`.
    Columns: total_lines (matching lines before the limit), txn_date,
    department, cost_centre, it_owned, vendor, account_name, description, reference, amount,
    currency, amount_reporting, quarter_label, category, layer, tbm_cost_pool, tbm_cost_sub_pool,
    tbm_tower, tbm_sub_tower, tbm_solution, tbm_solution_vendor, source_file, source_row,
    upload_id."""
    if owner not in (None, "it", "outside"):
        raise ValueError(f"owner must be 'it', 'outside' or None, not {owner!r}")
    params = filters.params() | {"towers": list(towers), "pools": list(pools), "owner": owner,
                                 "row_limit": row_limit}
    return python_safe(_run(store, "tbm_lines", params)).to_pandas()


def tbm_by_tower_pool(store: Store, filters: Filters = ALL) -> pd.DataFrame:
    """Technology spend per (tbm_tower, tbm_sub_tower, tbm_cost_pool): spend, spend_it,
    spend_outside_it (float, reporting currency), lines, fx_missing_lines."""
    frame = _run(store, "tbm_by_tower_pool", filters.params()).to_pandas()
    for col in ("spend", "spend_it", "spend_outside_it"):
        frame[col] = frame[col].astype("float64")
    return frame


def tbm_export_table(store: Store) -> pa.Table:
    """Every loaded line (export_lines) with the six TBM columns appended, NOT yet neutralised
    for a spreadsheet (models.export does that)."""
    return _run(store, "tbm_export_lines")
