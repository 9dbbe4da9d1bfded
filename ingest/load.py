"""Load: a file -> parsed, mapped, validated lines -> one DuckDB transaction.

The pipeline (Beancount-style, straight through):

    read_source  -> find the table (encoding, delimiter, sheet, header row, preamble)
    mapping      -> which column is the date, vendor, amount... (remembered by header signature)
    stage        -> parse every row set-based in DuckDB: loaded | excluded | rejected + reason
    load         -> uploads + ledger_lines + row_issues + source_rows, one transaction

Nothing lost: for every upload rows_read = loaded + excluded + rejected, and the sum of the loaded
amounts is the control total. Both are checked inside the transaction; a mismatch (a bug) rolls
everything back. A failure of any kind leaves the database as it was.

Worked example: a card export with 5 data rows — 3 purchases, 1 "($45.00)" refund, 1 "Total" row
— loads 4 lines (control total = purchases - 45.00), excludes the total row ("Total or subtotal
row"), rejects nothing: 5 = 4 + 1 + 0.

The same file (same SHA-256) loaded again is recognised and not counted twice; `replace=True`
swaps the old upload for the new one in the same transaction.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Callable

from db import Store
from db.settings import fiscal_start_month, reporting_currency
from ingest.conventions import _decide_decimal_comma  # noqa: F401  (ingest.datasets uses it)
from ingest.csv_stream import sha256_started
from ingest.errors import IngestError
from ingest.held import _held_view, held_lines, keep_held_lines
from ingest.mapping import Mapping, detect_mapping, header_signature
from ingest.mapping.month_columns import refuse_month_columns
from ingest.periods import file_period, period_of_name  # noqa: F401  (importable, as before)
from ingest.readers import SourceTable, read_source
from ingest.stage import StageInfo, _check_required, _materialise, _outcome, _total_message, stage
from ingest.uploads import list_uploads, row_issues  # noqa: F401  (importable, as before)

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class LoadResult:
    """What happened to one file. rows_read = rows_loaded + rows_excluded + rows_rejected.

    currency_assumed: some loaded lines had no currency evidence at all (no currency column,
    heading qualifier, symbol or code in the cell, nor a currency given): they were taken as
    `currency` (the configured default). file_total: the file's own total row, when it has one
    (compared with control_total in `message` and `notes`).
    """

    file_name: str
    status: str                      # loaded | duplicate
    upload_id: int | None
    sheet: str | None
    rows_read: int
    rows_loaded: int
    rows_excluded: int
    rows_rejected: int
    control_total: Decimal
    totals_by_currency: dict[str, Decimal] = field(default_factory=dict)
    header_row: int | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    message: str = ""
    file_total: Decimal | None = None
    currency_assumed: bool = False
    currency: str | None = None
    period: str | None = None        # the file's period label when lines were dated by it

    @property
    def reconciles(self) -> bool:
        return self.rows_read == self.rows_loaded + self.rows_excluded + self.rows_rejected


@dataclass(frozen=True)
class Preview:
    """What a load would do, before anything is written."""

    source: SourceTable
    stage: StageInfo
    rows: object                     # pandas DataFrame: first parsed rows with disposition
    rows_read: int
    rows_loaded: int
    rows_excluded: int
    rows_rejected: int
    control_total: Decimal
    file_total: Decimal | None = None
    currency_assumed: bool = False
    currency: str | None = None
    notes: tuple[str, ...] = ()      # what staging found (file total, currency, periods)


def _resolve_mapping(store: Store | None, src: SourceTable, overrides: dict | None,
                     currency: str | None) -> Mapping:
    default_currency = (currency or (reporting_currency(store) if store else "GBP")).upper()
    remembered = None
    if store is not None:
        text = store.scalar("SELECT mapping FROM mapping_memory WHERE header_signature = ?",
                            [header_signature(src.columns)])
        if text:
            remembered = Mapping.from_json(text)
            if not all(c in src.columns for c in remembered.fields.values()):
                remembered = None
    detected = detect_mapping(src.columns, src.sample, default_currency=default_currency)
    if remembered is not None:
        mapping = replace(remembered, default_currency=currency.upper() if currency
                          else remembered.default_currency,
                          notes=("Mapping remembered from an earlier file with the same columns.",))
        # heading qualifiers are facts of the heading: keep them when the amount column is the same
        if mapping.currency_hint is None and \
                mapping.column("amount") == detected.column("amount"):
            mapping = replace(mapping, currency_hint=detected.currency_hint)
    else:
        mapping = detected
    if overrides:
        mapping = mapping.with_overrides(overrides, src.columns)
    return refuse_month_columns(src, mapping, overrides or {})   # one amount column per month


def _sheet_origin(src: SourceTable, param: str) -> tuple[str, str]:
    """(select list, join) giving source_sheet, sheet_row for ledger_lines / row_issues rows;
    `param` is the placeholder bound to `src.sheet` (unused for stacked sheets).

    Reader-owned (multi-sheet): a stacked workbook's rows carry their sheet in _src; any other
    source has one sheet (or none) and sheet_row = source_row, with no join on the heavy path."""
    if src.stacked:
        return "_src.source_sheet, _src.sheet_row", "JOIN _src USING (source_row)"
    return f"CAST({param} AS VARCHAR), source_row", ""


def _raw_text_sql(src: SourceTable) -> tuple[str, dict]:
    """'Column: value | Column: value' for the non-empty cells (names bound as parameters)."""
    # one list of names, zipped with the cells: linear in the width (one CASE and one named
    # parameter per column cost O(N^2) to bind: 5,000 columns 7.4 s -> 1.1 s; reader finding)
    cells = ", ".join(f"c{i}" for i in range(src.width))
    return ("array_to_string(list_transform(list_filter(list_zip($raw_names, [" + cells + "]),"
            " lambda p: p[2] IS NOT NULL), lambda p: p[1] || ': ' || p[2]), ' | ')",
            {"raw_names": list(src.columns)})


def _fiscal_start(store: Store | None) -> int:
    """The fiscal start month (db.settings: a bad stored value is a clear error)."""
    return fiscal_start_month(store) if store is not None else 1


def preview_file(file_name: str, data: bytes, *, sheet: str | None = None,
                 overrides: dict | None = None, date_order: str | None = None,
                 currency: str | None = None, store: Store | None = None,
                 limit: int = 20, period: str | None = None) -> Preview:
    """Run the whole pipeline in a scratch database: what a load would do, with nothing written.

    `period` ('2024-03', 'Mar 2024', 'Q1 2024/25'): the period the file covers, for files with
    no date column (and blank dates in a monthly extract) when the sheet or file name says none.
    """
    workdir = tempfile.mkdtemp(prefix="techspend-")
    try:
        src = read_source(file_name, data, sheet=sheet, workdir=workdir)
        mapping = _resolve_mapping(store, src, overrides, currency)
        scratch = Store(":memory:")
        with scratch.cursor() as cur:
            src, info = stage(cur, src, data, mapping, date_order=date_order, workdir=workdir,
                              period=period, currency_given=currency,
                              fy_start=_fiscal_start(store))
            counts = cur.execute(
                "SELECT count(*), count(*) FILTER (WHERE disposition = 'loaded'),"
                " count(*) FILTER (WHERE disposition = 'excluded'),"
                " count(*) FILTER (WHERE disposition = 'rejected'),"
                " coalesce(sum(amount) FILTER (WHERE disposition = 'loaded'), 0) FROM _staged_rows"
            ).fetchall()[0]
            file_total, assumed, outcome_notes = _outcome(cur, counts[4], info)
            rows = cur.sql(
                "SELECT source_row AS row, disposition, reason, txn_date AS date, date_basis,"
                " vendor, coalesce(department, cost_centre_name) AS department,"
                " account_name AS account, description, amount, currency_code AS currency"
                " FROM _staged_rows ORDER BY source_row LIMIT ?", params=[limit]
            ).to_arrow_table().to_pandas()
        scratch.close()
        return Preview(source=src, stage=info, rows=rows, rows_read=counts[0],
                       rows_loaded=counts[1], rows_excluded=counts[2], rows_rejected=counts[3],
                       control_total=Decimal(counts[4]).quantize(Decimal("0.01")),
                       file_total=file_total, currency_assumed=assumed, currency=info.currency,
                       notes=tuple(info.notes) + tuple(outcome_notes))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def load_file(store: Store, file_name: str, data: bytes | None, *, sheet: str | None = None,
              overrides: dict | None = None, date_order: str | None = None,
              currency: str | None = None, replace: bool = False, remember: bool = True,
              progress: Progress | None = None, source_path: str | None = None,
              period: str | None = None) -> LoadResult:
    """Load one file (one sheet) as a ledger upload. Raises IngestError when it can't be read.

    `period`: the period the file covers ('2024-03', 'Q1 2024/25'), see `preview_file`.
    `currency`: the file's currency when the file does not say (a line's own currency column,
    symbol or code still wins); without it and without evidence, `LoadResult.currency_assumed`.
    """
    say = progress or (lambda fraction, message: None)
    if data is None and source_path is None:
        raise ValueError("load_file needs the file's bytes or its source_path")
    digest_of = sha256_started(data, source_path)  # a big file: hashed beside the reading
    size_bytes = len(data) if data is not None else os.path.getsize(source_path)
    say(0.05, f"Reading {file_name}")
    workdir = tempfile.mkdtemp(prefix="techspend-")
    try:
        src = read_source(file_name, data, sheet=sheet, workdir=workdir, source_path=source_path)
        digest = digest_of()
        existing = store.rows(
            "SELECT upload_id, rows_loaded, control_total FROM uploads "
            "WHERE sha256 = ? AND dataset = 'ledger' AND coalesce(sheet, '') = coalesce(?, '')",
            [digest, src.sheet])
        if existing and not replace:
            up, loaded, total = existing[0]
            return LoadResult(
                file_name=file_name, status="duplicate", upload_id=up, sheet=src.sheet,
                rows_read=0, rows_loaded=0, rows_excluded=0, rows_rejected=0,
                control_total=Decimal("0"),
                message=(f"{file_name} was already loaded as upload #{up} ({loaded} lines, "
                         f"control total {total:,.2f}); nothing was added. Replace it to load "
                         "it again."),
            )
        mapping = _resolve_mapping(store, src, overrides, currency)
        fy_start = _fiscal_start(store)
        with store.cursor() as cur:
            _check_required(src, mapping, file_period(cur, src, period, fy_start))
        with store.write_session() as scratch:
            say(0.15, "Reading rows")
            src = _materialise(scratch, src, data, workdir)  # before BEGIN: may retry
            with store.transaction(scratch) as cur:
                for up, *_ in existing:
                    _delete(cur, up)
                    if hasattr(store, "release_lines"):
                        store.release_lines(cur, up)  # held in this change: they go too
                say(0.3, "Parsing rows")
                src, info = stage(cur, src, data, mapping, date_order=date_order,
                                  workdir=workdir, materialised=True, period=period,
                                  currency_given=currency, fy_start=fy_start)
                say(0.6, "Writing lines")
                upload_id = cur.execute("SELECT nextval('upload_id_seq')").fetchall()[0][0]
                source_name = file_name if src.sheet is None or len(src.sheets) <= 1 else \
                    f"{file_name} [{src.sheet}]"
                # 1. loaded lines straight from the staging view (the one heavy pass), in any
                #    order (fully parallel): lines carry their source_row
                # reader (multi-sheet): each line keeps its sheet and its row in that sheet
                sheet_cols, sheet_join = _sheet_origin(src, "?")
                # a change that classifies this upload before it commits (workspace.Session)
                # keeps its lines where staging left them (held_lines, below): classification
                # then writes each line once, with its classification, instead of twice
                hold = getattr(store, "hold_lines", None) if not src.stacked else None
                if hold is not None:
                    lines = _held_view(upload_id)
                else:
                    lines = "ledger_lines"
                    cur.execute("SET preserve_insertion_order = false")
                    cur.execute(
                        "INSERT INTO ledger_lines (upload_id, source_row, source_file, txn_date,"
                        " vendor, department, cost_centre, account_code, account_name, description,"
                        " reference, amount, currency, mcc, date_basis, source_sheet, sheet_row,"
                        " book_amount, book_currency) SELECT ?, source_row, ?, txn_date, vendor,"
                        " coalesce(department, cost_centre_name), cost_centre, account_code, account_name,"
                        f" description, reference, amount, currency_code, mcc, date_basis, {sheet_cols},"
                        " book_amount, book_currency"
                        f" FROM _staged_rows {sheet_join} WHERE disposition = 'loaded'",
                        [upload_id, source_name] + ([] if src.stacked else [src.sheet]))
                    cur.execute("RESET preserve_insertion_order")
                # 2. every other source row is an issue: _staged_rows has one row per source row,
                #    so those are its rows not loaded (the reconciliation below checks that read =
                #    loaded + excluded + rejected; an anti join with the lines cost 1.5 s at 10M)
                cur.execute("CREATE OR REPLACE TEMP TABLE _not_loaded AS SELECT source_row"
                            " FROM _staged_rows WHERE disposition <> 'loaded'")
                raw_sql, raw_params = _raw_text_sql(src)
                cur.execute(
                    "INSERT INTO row_issues (upload_id, source_row, disposition, reason, raw,"
                    " amount_text, source_sheet, sheet_row)"
                    " SELECT $upload_id, source_row, disposition, reason, "
                    f"{raw_sql}, issue_amount_text, "
                    f"{_sheet_origin(src, '$source_sheet')[0]}"
                    " FROM _staged_rows JOIN _src USING (source_row)"
                    " SEMI JOIN _not_loaded USING (source_row)",
                    {"upload_id": upload_id, **raw_params,
                     **({} if src.stacked else {"source_sheet": src.sheet})})
                # 3. cells of columns not mapped to a field, so nothing in the source is lost
                #    (mapped cells live in the line; issue rows keep their full text)
                mapped = {c for f, c in mapping.fields.items() if f != "book_amount"}
                unmapped = [i for i, c in enumerate(src.columns) if c not in mapped]
                if unmapped:
                    cells = ", ".join(f"c{i}" for i in unmapped)
                    cur.execute(
                        f"INSERT INTO source_rows SELECT ?, source_row, [{cells}] FROM _src"
                        " ANTI JOIN _not_loaded USING (source_row)"
                        f" WHERE coalesce({cells}) IS NOT NULL", [upload_id])
                if hold is not None:
                    held_lines(cur, upload_id, source_name, src.sheet)
                read = cur.execute("SELECT count(*) FROM _src").fetchall()[0][0]
                loaded, total = cur.execute(
                    f"SELECT count(*), coalesce(sum(amount), 0) FROM {lines}"
                    " WHERE upload_id = ?", [upload_id]).fetchall()[0]
                issue_counts = dict(cur.execute(
                    "SELECT disposition, count(*) FROM row_issues WHERE upload_id = ?"
                    " GROUP BY ALL", [upload_id]).fetchall())
                excluded = issue_counts.pop("excluded", 0)
                rejected = issue_counts.pop("rejected", 0)
                by_currency = dict(cur.execute(
                    f"SELECT currency, sum(amount) FROM {lines} WHERE upload_id = ?"
                    " GROUP BY ALL ORDER BY 1", [upload_id]).fetchall())
                file_total, assumed, outcome_notes = _outcome(cur, total, info)
                notes = list(src.notes) + mapping.notes_after_staging(info.currency_source, assumed) + list(info.notes) + outcome_notes
                cur.execute(
                    "INSERT INTO uploads (upload_id, file_name, sha256, size_bytes, kind, sheet,"
                    " dataset, header_row, columns, mapping, notes, rows_read, rows_loaded,"
                    " rows_excluded, rows_rejected, control_total) VALUES"
                    " (?, ?, ?, ?, ?, ?, 'ledger', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [upload_id, file_name, digest, size_bytes, src.kind, src.sheet, src.header_row,
                     list(src.columns), json.dumps({**json.loads(mapping.to_json()),
                                                    "source_rows_columns": [src.columns[i] for i in unmapped],
                                                    "date_format": info.date_format,
                                                    "decimal_comma": info.decimal_comma,
                                                    "currency": info.currency,
                                                    "currency_source": info.currency_source,
                                                    "period": (info.period.start.isoformat()
                                                               if info.period else None),
                                                    "period_basis": (info.period.basis
                                                                     if info.period else None),
                                                    "file_total": (str(file_total) if file_total
                                                                   is not None else None),
                                                    "preamble": [list(p) for p in src.preamble]}),
                     notes, read, loaded, excluded, rejected, total])
                # the books must balance before we commit: every source row in exactly one place
                if issue_counts or read != loaded + excluded + rejected or \
                        sum(by_currency.values(), Decimal(0)) != total:
                    raise IngestError(
                        f"{file_name}: the load did not reconcile ({read} read, {loaded} loaded, "
                        f"{excluded} excluded, {rejected} rejected); nothing was saved. Please "
                        "report this file.")
                if remember:
                    cur.execute(
                        "INSERT OR REPLACE INTO mapping_memory (header_signature, mapping)"
                        " VALUES (?, ?)", [header_signature(src.columns), mapping.to_json()])
                if hold is not None:  # the load is whole: its lines wait for the commit
                    keep_held_lines(cur, upload_id)
                    hold(upload_id, lines)
                _drop_scratch(cur)
        say(1.0, "Done")
        cent = Decimal("0.01")
        return LoadResult(
            file_name=file_name, status="loaded", upload_id=upload_id, sheet=src.sheet,
            rows_read=read, rows_loaded=loaded, rows_excluded=excluded, rows_rejected=rejected,
            control_total=Decimal(total).quantize(cent),
            totals_by_currency={k: Decimal(v).quantize(cent) for k, v in by_currency.items()},
            header_row=src.header_row, mapping=dict(mapping.fields), notes=tuple(notes),
            message=(f"{file_name}: {read} rows read, {loaded} loaded, {excluded} excluded, "
                     f"{rejected} rejected; control total {total:,.2f}."
                     + _total_message(total, file_total)),
            file_total=file_total, currency_assumed=assumed, currency=info.currency,
            period=info.period.label if info.period else None,
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _drop_scratch(cur) -> None:
    cur.execute("DROP TABLE IF EXISTS _staged_rows")
    cur.execute("DROP VIEW IF EXISTS _cells")
    for lookup in ("_date_values", "_period_values", "_currency_values"):
        cur.execute(f"DROP TABLE IF EXISTS {lookup}")
    cur.execute("DROP VIEW IF EXISTS _staged")
    cur.execute("DROP TABLE IF EXISTS _not_loaded")
    cur.execute("DROP TABLE IF EXISTS _stage_params")
    kind = cur.execute("SELECT table_type FROM information_schema.tables"
                       " WHERE table_name = '_src' AND table_schema = 'main'"
                       " AND table_catalog = 'temp'").fetchall()
    cur.execute("DROP VIEW IF EXISTS _src" if kind and kind[0][0] == "VIEW" else
                "DROP TABLE IF EXISTS _src")
    cur.execute("DROP TABLE IF EXISTS _records")
    cur.execute("DROP TABLE IF EXISTS _blank_lines")


def _delete(cur, upload_id: int) -> None:
    # a line's classification lives in its ledger_lines row (migration 016)
    for table in ("ledger_lines", "row_issues", "source_rows", "budget_lines"):
        cur.execute(f"DELETE FROM {table} WHERE upload_id = ?", [upload_id])
    cur.execute("DELETE FROM fx_rates WHERE upload_id = ?", [upload_id])
    cur.execute("DELETE FROM uploads WHERE upload_id = ?", [upload_id])


def delete_upload(store: Store, upload_id: int) -> bool:
    """Remove an upload and everything derived from it. False when there is no such upload."""
    with store.transaction() as cur:
        found = cur.execute("SELECT count(*) FROM uploads WHERE upload_id = ?", [upload_id]).fetchall()[0][0]
        if not found:
            return False
        _delete(cur, upload_id)
    return True
