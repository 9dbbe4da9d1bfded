"""Classification: every ledger line -> technology or not, SoR/SoE, IT-owned, with its reason.

Business rule (issue 3). For each line, the strongest evidence present decides:

    person's rule  >  vendor catalog  >  account name keyword  >  merchant category code
                   >  description keyword  >  default (not technology, confidence 0.3)

(within account and MCC, a strong signal beats a weak one of either kind: a strong non-technology
account such as "Advertising" beats a weak technology word; a weak account word yields to a strong
MCC; a strong technology MCC decides alone only on a line without an account, since the code is
the merchant's and the account the buyer's coding of this purchase; a strong description that
contradicts a strong account decides, being written for the line). A MIXED catalog vendor (models/catalog/mixed_vendors.csv: consultancies, outsourcers,
marketplaces) does not decide: its lines go to the account, MCC and description, and the catalog
entry only breaks the tie ('account: "IT Consultancy" (mixed vendor Deloitte)').

Description keywords are words and phrases with context (keyword_phrases.csv, keyword_contexts.csv,
matched on tokens in classify_int_description_evidence.sql): "process server", "TV licence",
"lease of land for a telecom mast" are not technology; "computer-aided dispatch" is. Technology lines get a layer: the rule's or catalog's SoR/SoE, else, for infrastructure and
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
2. ensure_context_catalog: the keyword phrases, contexts, mixed vendors and review signals;
   models.departments.sync_departments: DISTINCT units -> IT / customer-facing flags, spelling
   variants merged, organisation-map roll-ups (no line loops);
3. the SQL models in models/sql/classify_*.sql (staging -> intermediate -> mart) write a new
   version of each ledger_lines row in scope, the line and its classification, and the old
   versions go (migration 016: one row per line; the view classified_lines shows the classified
   ones); lines a load holds back (ingest.held) are written here once, classified. One
   transaction (bumps data_version); a scope whose lines are not each written once saves nothing.

Worked example of the write: upload 7's 3 lines are rows 0-2 of ledger_lines (unclassified); the
rebuild of upload 7 appends 3 classified versions (row ids above 2) and deletes upload 7's rows
with row id <= 2: 3 written, 3 replaced, 3 in scope.

The module holds the rebuild; the reads live beside it (models.summary: headline split;
models.review: Review queue, assignment effect, vendor lines; models.context_catalog: keyword
phrases and contexts) and are importable from here as before.

`refresh(store)` rebuilds everything (after a rule, department, merge or settings change);
`refresh(store, [upload_id])` only those uploads (after a load; for a deleted upload it removes its
rows).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Iterable

from db import Store
from db.settings import fiscal_start_month, reporting_currency
from models import aggregates, vendor_match  # aggregates (#13 item 3)
from models.context_catalog import ensure_context_catalog, expand_phrases  # noqa: F401 (public)
from models.departments import sync_departments
from models.review import (LOW_CONFIDENCE, assignment_effect, review_queue,  # noqa: F401 (public)
                           vendor_choices, vendor_key_lines)
from models.sql import load_sql
from models.summary import Shares, Summary, summary  # noqa: F401 (public)


_STEPS = (
    ("_stg_spellings", "classify_stg_spellings"),
    ("_int_description_vendors", "classify_int_description_vendors"),   # before _stg_lines
    ("_stg_lines", "classify_stg_lines"),        # a table or a view (STG_TABLE_MAX_LINES)
    ("_int_rule_hits", "classify_int_rule_hits"),
    ("_int_account_evidence", "classify_int_account_evidence"),
    ("_int_text_shapes", "classify_int_text_shapes"),
    ("_int_shape_tokens", "classify_int_shape_tokens"),
    ("_int_description_evidence", "classify_int_description_evidence"),
    ("_int_vendor_word_evidence", "classify_int_vendor_word_evidence"),
    ("_int_purpose_evidence", "classify_int_purpose_evidence"),
)
# _stg_lines, the lines in scope with their keys, is read by every step. Up to this many lines it
# is a TEMP table (a rule's touched lines or one upload: each step then reads just those, not
# the whole ledger through the scope's filter; a rule on one vendor's 17,000 lines took 2.6 s
# as a view, 0.8 s as a table); above it a view (a per-line copy of a big ledger spills to disk:
# 11.7 s at 10M lines as a table, 0.1 s as a view).
STG_TABLE_MAX_LINES = 500_000


def rebuild(cur, upload_ids: Iterable[int] | None = None, *,
            catalog_dir: Path | None = None, rule_ids: Iterable[int] = (),
            vendor_keys: Iterable[str] = (), held_lines: Iterable[str] = ()) -> dict[str, float]:
    """Rebuild classified_lines inside an open transaction `cur` (see refresh).

    `held_lines`: TEMP views of lines loaded in this transaction but not yet written
    (ingest.held, ledger_source_lines' columns; their uploads are in scope): they are
    written to ledger_lines here, once, classified.

    `rule_ids` / `vendor_keys` (with upload_ids None): a person changed only these rules (added
    or removed) or merged these vendor keys, so only the lines they can touch are rebuilt
    (classify_touched_lines.sql), not every line; anything else that changed (catalog, keyword
    data, department flags) still rebuilds everything.

    Returns the seconds each step took (for bench/bench_classify.py)."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = now - clock
        clock = now

    # every line as read: the ledger's and the ones this transaction holds back
    held_lines = sorted(held_lines)
    source = "ledger_source_lines"
    if held_lines:
        source = "_source_lines"
        cur.execute("CREATE OR REPLACE TEMP VIEW _source_lines AS SELECT * FROM ledger_source_lines"
                    + "".join(f" UNION ALL SELECT * FROM {view}" for view in held_lines))
    status = vendor_match.ensure_catalog(cur, catalog_dir)
    lap("catalog")
    vendor_match.sync_vendor_keys(cur, source=source)
    lap("vendor keys")
    vendor_match.sync_vendor_map(cur, status.version, source=source)
    lap("vendor map")
    context_reloaded = ensure_context_catalog(cur, catalog_dir)
    lap("context catalog")
    departments_changed = sync_departments(cur, source=source)
    lap("departments")

    # a new catalog or new default department flags change lines of every upload
    rule_ids, vendor_keys = sorted({int(r) for r in rule_ids}), sorted(set(vendor_keys))
    touched = upload_ids is None and bool(rule_ids or vendor_keys)
    full = ((upload_ids is None and not touched) or status.reloaded or context_reloaded
            or departments_changed)
    rows_only = touched and not full
    if rows_only:
        _touched_rows(cur, rule_ids, vendor_keys)
        cur.execute("CREATE OR REPLACE TEMP TABLE _scope AS SELECT DISTINCT upload_id FROM _scope_rows")
        cur.execute("CREATE OR REPLACE TEMP VIEW _scope_lines AS SELECT l.* FROM ledger_source_lines l"
                    " SEMI JOIN _scope_rows USING (upload_id, source_row)")
        lap("touched lines")
    else:
        if full:
            cur.execute(f"CREATE OR REPLACE TEMP TABLE _scope AS SELECT DISTINCT upload_id FROM {source}")
        else:
            ids = sorted({int(u) for u in upload_ids})
            cur.execute("CREATE OR REPLACE TEMP TABLE _scope AS SELECT unnest(?::INTEGER[]) AS upload_id",
                        [ids])
        cur.execute(f"CREATE OR REPLACE TEMP VIEW _scope_lines AS SELECT * FROM {source}"
                    " WHERE upload_id IN (SELECT upload_id FROM _scope)")
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE _params AS"
        " SELECT ?::INTEGER AS fiscal_start_month, ?::VARCHAR AS reporting_currency",
        [fiscal_start_month(cur), reporting_currency(cur)],
    )
    has_rules = cur.execute("SELECT count(*) FROM rules WHERE removed_at IS NULL").fetchone()[0]
    in_scope = cur.execute("SELECT count(*) FROM _scope_lines").fetchone()[0]
    held = sum(cur.execute(f"SELECT count(*) FROM {view}").fetchone()[0] for view in held_lines)
    views = {"_stg_lines"} if in_scope > STG_TABLE_MAX_LINES else set()
    for table, model in _STEPS:
        params: list = []
        query = load_sql(model)
        if model == "classify_int_rule_hits" and not has_rules:  # same columns, no work
            cur.execute(f"CREATE OR REPLACE TEMP TABLE {table} (upload_id INTEGER,"
                        " source_row INTEGER, rule_id INTEGER)")
            continue
        kind = "VIEW" if table in views else "TABLE"
        cur.execute(f"CREATE OR REPLACE TEMP {kind} {table} AS {query}", params)
        if table == "_stg_lines":
            # the scope's own columns (texts) for the steps that need no key: the small scope's
            # table, or, when _stg_lines is a view over a big ledger, the lines without its joins
            cur.execute("CREATE OR REPLACE TEMP VIEW _scope_columns AS SELECT * FROM "
                        + ("_scope_lines" if table in views else "_stg_lines"))
        if table == "_int_description_vendors":
            vendor_match.map_description_vendors(cur, status.version)
        lap(model)
    # a new version of every line in scope (classified), then the old versions go: those are the
    # scope's rows already there before the insert. Rows appended in a transaction get row ids
    # above every row before them, so the old versions are the scope's rows with rowid <= the
    # largest before the insert (a filter; no join of the ledger with itself)
    if rows_only:
        aggregates.note_touched_groups(cur)  # the groups these lines leave (before they change)
    newest_old = cur.execute("SELECT coalesce(max(rowid), -1) FROM ledger_lines").fetchone()[0]
    inserted = cur.execute(
        f"INSERT INTO ledger_lines BY NAME {load_sql('classify_mart_lines')}").fetchone()[0]
    lap("classify_mart_lines")
    if full:
        deleted = cur.execute("DELETE FROM ledger_lines WHERE rowid <= ?", [newest_old])
    elif rows_only:
        deleted = cur.execute("DELETE FROM ledger_lines l USING _scope_rows r WHERE l.rowid <= ?"
                              " AND l.upload_id = r.upload_id AND l.source_row = r.source_row",
                              [newest_old])
    else:
        deleted = cur.execute("DELETE FROM ledger_lines WHERE rowid <= ?"
                              " AND upload_id IN (SELECT upload_id FROM _scope)", [newest_old])
    deleted = deleted.fetchone()[0]
    if not inserted == in_scope == deleted + held:  # every line in scope classified once
        raise RuntimeError(f"classification wrote {inserted} lines for {in_scope} in scope and"
                           f" replaced {deleted} ({held} new); nothing was saved")
    lap("delete")
    # aggregates (#13 item 3): the page aggregates, same transaction; after a rule or merge
    # change only the groups its lines left or joined are recomputed (in the uploads of _scope)
    aggregates.rebuild(cur, full, touched=rows_only)
    lap("aggregates")
    for view in ("_scope_columns", *views, "_scope_lines", "_source_lines"):   # the views first: they read the tables
        cur.execute(f"DROP VIEW IF EXISTS {view}")
    for table in ("_scope", "_params", "_scope_rows", "_touched_rules", "_touched_vendor_keys",
                  *(t for t, _ in _STEPS if t not in views)):
        cur.execute(f"DROP TABLE IF EXISTS {table}")
    return timings


def _touched_rows(cur, rule_ids: list[int], vendor_keys: list[str]) -> None:
    """TEMP _scope_rows(upload_id, source_row): the lines these rules or merged vendor keys can
    change (classify_touched_lines.sql, over distinct values)."""
    cur.execute("CREATE OR REPLACE TEMP TABLE _touched_rules AS"
                " SELECT unnest(?::INTEGER[]) AS rule_id", [rule_ids])
    cur.execute("CREATE OR REPLACE TEMP TABLE _touched_vendor_keys AS"
                " SELECT unnest(?::VARCHAR[]) AS vendor_key", [vendor_keys])
    cur.execute(f"CREATE OR REPLACE TEMP TABLE _scope_rows AS {load_sql('classify_touched_lines')}")


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


def unclassified_count(store: Store) -> int:
    """Ledger lines not classified yet (0 after every refresh)."""
    return int(store.scalar("SELECT count(*) FROM ledger_lines WHERE decided_by IS NULL"))


__all__ = ["LOW_CONFIDENCE", "Shares", "Summary", "assignment_effect", "ensure_context_catalog",
           "expand_phrases", "rebuild", "refresh", "review_queue", "summary", "unclassified_count",
           "vendor_choices", "vendor_key_lines"]
