"""Budget and FX files through the ledger's reader: one SourceTable, one LoadResult, the SQL
amount parser, duplicates as a status.

Business rule (same as ledgers): rows read = rows loaded + rows excluded + rows rejected. An
EXCLUDED row carried nothing to load (blank, a 'Total' line); a REJECTED row had data we could not
read, and its reason quotes the value and names the file and row so a person can fix it. Every
data row is kept as text in `source_rows`; every excluded/rejected row in `row_issues`. The same
file (same SHA-256) loaded again is recognised and nothing is added: status 'duplicate', as for a
ledger; `replace=True` swaps it.

A file is read by `ingest.readers.read_source` (encodings, delimiters, XLSX/XLS, title rows, the
messages), so a budget or rate file is read exactly like a ledger. The reader's header detection
scores ledger headings; when the header it chose does not name the fields the caller needs but a
row below it does (a subtitle above the real header), that row is the header.

Amounts are parsed by the SQL macro the ledger load uses (`parse_amount`, migration 005), with
the decimal comma decided for the whole column the same way:

    parse_amounts(["(1,234.50)", "£300", "12.50-", "abc"])
                                        -> [Decimal("-1234.50"), Decimal("300.00"), Decimal("-12.50"), None]
    parse_amounts(["1.234,50", "12,50"])  -> [Decimal("1234.50"), Decimal("12.50")]   (decimal comma)
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Mapping, Sequence

import pyarrow as pa

from db import Store, TechspendError
from db.values import parse_month, slash_date_order  # noqa: F401  (months for budget/fx)
from ingest.load import LoadResult, _decide_decimal_comma
from ingest.readers import SourceTable, read_source

MAX_HEADER_SCAN = 30


class DatasetLoadError(TechspendError):
    """A budget/FX file that cannot be loaded as a whole (no usable columns...)."""


@dataclass(frozen=True)
class TextRow:
    source_row: int  # 1-based row number as seen in Excel / a text editor
    cells: tuple[str, ...]  # aligned with the table's columns ('' when empty)


@dataclass(frozen=True)
class RowIssue:
    source_row: int
    disposition: str  # excluded | rejected
    reason: str


# ---- reading ----------------------------------------------------------------------------------
def read_table(file_name: str, data: bytes, *, sheet: str | None = None,
               is_header=None) -> tuple[SourceTable, tuple[TextRow, ...]]:
    """The file's table (the ledger reader) and its data rows as text."""
    table = read_source(file_name, data, sheet=sheet, exact=True)
    rows = text_rows(table)
    if is_header is None or is_header(table.columns):
        return table, rows
    found = next((i for i, r in enumerate(rows[:MAX_HEADER_SCAN]) if is_header(r.cells)), None)
    if found is None:
        return table, rows  # map_columns says which field is missing and how to choose it
    header = rows[found]
    columns = tuple(c or f"column_{i + 1}" for i, c in enumerate(header.cells))
    body = rows[found + 1:]
    arrow = pa.table({"source_row": pa.array([r.source_row for r in body], pa.int32()),
                      **{f"c{i}": pa.array([r.cells[i] or None for r in body], pa.string())
                         for i in range(len(columns))}})
    notes = table.notes + (f"Header found on row {header.source_row}; the rows above it were "
                           "skipped.",)
    table = SourceTable(file_name=table.file_name, kind=table.kind, sheet=table.sheet,
                        sheets=table.sheets, header_row=header.source_row, columns=columns,
                        preamble=table.preamble, sample=(), notes=notes, arrow=arrow)
    return table, body


def text_rows(table: SourceTable) -> tuple[TextRow, ...]:
    columns = table.arrow.to_pydict()
    names = [f"c{i}" for i in range(table.width)]
    return tuple(TextRow(int(n), tuple((columns[c][i] or "").strip() for c in names))
                 for i, n in enumerate(columns["source_row"]))


# ---- column mapping ---------------------------------------------------------------------------
def normalise_header(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(text).lower()).strip()


def map_columns(table: SourceTable, aliases: Mapping[str, Sequence[str]],
                required: Sequence[str], overrides: Mapping[str, str] | None = None,
                what: str = "file") -> dict[str, int]:
    """field -> column index. Exact alias match first, then a header containing an alias word.

    `overrides` maps field -> column name as written (the user's choice always wins)."""
    normalised = [normalise_header(c) for c in table.columns]
    chosen: dict[str, int] = {}
    for name, column in (overrides or {}).items():
        if name not in aliases:
            raise DatasetLoadError(
                f"Unknown field '{name}' in the mapping. Fields: {', '.join(aliases)}.")
        matches = [i for i, c in enumerate(table.columns)
                   if c == column or normalise_header(c) == normalise_header(column)]
        if not matches:
            raise DatasetLoadError(
                f"{table.file_name} has no column '{column}' (for {name}). "
                f"Its columns: {', '.join(table.columns)}.")
        chosen[name] = matches[0]
    _auto_map(normalised, aliases, chosen)
    missing = [name for name in required if name not in chosen]
    if missing:
        raise DatasetLoadError(
            f"{table.file_name} (header on row {table.header_row}) has no column for "
            f"{', '.join(missing)}. Its columns: {', '.join(table.columns)}. Rename the column or "
            f"choose it in the mapping (CLI: --map {missing[0]}=COLUMN). A {what} needs "
            f"{', '.join(required)}.")
    return chosen


def _auto_map(normalised: Sequence[str], aliases: Mapping[str, Sequence[str]],
              chosen: dict[str, int]) -> dict[str, int]:
    used = set(chosen.values())
    for exact in (True, False):
        for name, words in aliases.items():
            if name in chosen:
                continue
            for index, header in enumerate(normalised):
                if index in used or not header:
                    continue
                hit = header in words if exact else any(
                    re.search(rf"\b{re.escape(w)}\b", header) for w in words)
                if hit:
                    chosen[name] = index
                    used.add(index)
                    break
    return chosen


def header_test(aliases: Mapping[str, Sequence[str]], required: Sequence[str],
                overrides: Mapping[str, str] | None = None):
    """A predicate: does this row of cells name every required field? (finds the header row).
    Columns a person chose (`overrides`) count as found when the row contains them."""
    chosen = {normalise_header(column): name for name, column in (overrides or {}).items()}

    def is_header(cells: Sequence[str]) -> bool:
        normalised = [normalise_header(c or "") for c in cells]
        preset = {chosen[h]: i for i, h in enumerate(normalised) if h in chosen}
        found = _auto_map(normalised, aliases, preset)
        return all(name in found for name in required)

    return is_header


# ---- values -----------------------------------------------------------------------------------
def parse_amounts(texts: Sequence[str]) -> list[Decimal | None]:
    """Money as people write it -> Decimal (2 places) or None, by the ledger's SQL parser, with
    the decimal comma decided from the whole column."""
    if not texts:
        return []
    scratch = Store(":memory:")
    try:
        with scratch.cursor() as cur:
            cur.register("_amounts", pa.table({"i": pa.array(range(len(texts)), pa.int64()),
                                               "c0": pa.array(list(texts), pa.string())}))
            cur.execute("CREATE TEMP TABLE _src AS SELECT * FROM _amounts")
            cur.unregister("_amounts")
            comma, _, _ = _decide_decimal_comma(cur, "nullif(trim(c0), '')", "amount")
            parsed = cur.execute("SELECT parse_amount(nullif(trim(c0), ''), ?) FROM _src ORDER BY i",
                                 [comma]).fetchall()
    finally:
        scratch.close()
    return [None if v is None else Decimal(v) for (v,) in parsed]


_TRUE = {"y", "yes", "true", "1", "it", "x", "t"}
_FALSE = {"n", "no", "false", "0", "f", "", "-"}


def parse_flag(text: str) -> bool | None:
    """Yes/No-style flag; empty -> None (unknown). Raises ValueError otherwise."""
    value = str(text).strip().lower()
    if value == "":
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"flag '{text}' is not yes/no")


def is_total_label(text: str) -> bool:
    value = str(text).strip().lower()
    return bool(re.match(r"^(grand\s+)?(sub\s*)?totals?\b", value)) or value in {"sum", "total:"}


@dataclass
class IssueLog:
    """Collects per-row dispositions while a file is parsed."""

    file_name: str
    issues: list[RowIssue] = field(default_factory=list)

    def exclude(self, source_row: int, reason: str) -> None:
        self.issues.append(RowIssue(source_row, "excluded", reason))

    def reject(self, source_row: int, reason: str) -> None:
        self.issues.append(
            RowIssue(source_row, "rejected", f"{self.file_name} row {source_row}: {reason}"))


# ---- recording --------------------------------------------------------------------------------
def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def duplicate_of(store, dataset: str, data: bytes, file_name: str) -> LoadResult | None:
    """The 'duplicate' result when the same content is already loaded for this dataset."""
    rows = store.rows(
        "SELECT upload_id, file_name, rows_loaded, control_total FROM uploads WHERE dataset = ?"
        " AND sha256 = ? AND status = 'loaded' ORDER BY upload_id", [dataset, sha256_of(data)])
    if not rows:
        return None
    upload_id, earlier, loaded, total = rows[0]
    return LoadResult(
        file_name=file_name, status="duplicate", upload_id=int(upload_id), sheet=None,
        rows_read=0, rows_loaded=0, rows_excluded=0, rows_rejected=0, control_total=Decimal(0),
        message=(f"{file_name} has the same content as {earlier} (upload #{upload_id}, {loaded} "
                 f"rows, control total {total:,.2f}), already loaded; nothing was changed. To "
                 "load it again in its place, choose replace (CLI: --replace)."))


def earlier_uploads(store, dataset: str, data: bytes) -> list[int]:
    return [int(r[0]) for r in store.rows(
        "SELECT upload_id FROM uploads WHERE dataset = ? AND sha256 = ? ORDER BY upload_id",
        [dataset, sha256_of(data)])]


def record_upload(cur, parsed, *, target_table: str, earlier: list[int], data: bytes,
                  dataset: str, notes: list[str], loaded_rows: int,
                  control_total: Decimal) -> int:
    """In the load's transaction: drop the uploads this file replaces (their rows in
    `target_table`, a table name from the calling module, and their upload records), then record
    the new upload from the parsed file: uploads, row_issues, source_rows. Returns its id."""
    assert target_table in ("budget_lines", "fx_rates")
    for upload_id in earlier:
        cur.execute(f"DELETE FROM {target_table} WHERE upload_id = ?", [upload_id])
        delete_upload_records(cur, upload_id)
        notes.append(f"replaced upload #{upload_id}")
    table, issues = parsed.table, parsed.issues
    mapping_json = json.dumps({name: table.columns[index] for name, index in parsed.mapping.items()})
    excluded = sum(1 for i in issues if i.disposition == "excluded")
    upload_id = cur.execute(
        "INSERT INTO uploads (file_name, sha256, size_bytes, kind, sheet, dataset, header_row, "
        "columns, mapping, notes, rows_read, rows_loaded, rows_excluded, rows_rejected, "
        "control_total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING upload_id",
        [table.file_name, sha256_of(data), len(data), table.kind, table.sheet, dataset,
         table.header_row, list(table.columns), mapping_json, list(notes), len(parsed.source_rows),
         loaded_rows, excluded, len(issues) - excluded, control_total],
    ).fetchall()[0][0]
    by_row = {r.source_row: r for r in parsed.source_rows}
    if issues:
        cur.executemany(
            "INSERT INTO row_issues (upload_id, source_row, disposition, reason, raw) "
            "VALUES (?, ?, ?, ?, ?)",
            [[upload_id, i.source_row, i.disposition, i.reason,
              " | ".join(by_row[i.source_row].cells)] for i in issues])
    if parsed.source_rows:
        cur.executemany(
            "INSERT INTO source_rows (upload_id, source_row, cells) VALUES (?, ?, ?)",
            [[upload_id, r.source_row, list(r.cells)] for r in parsed.source_rows])
    return int(upload_id)


def result_of(parsed, *, upload_id: int, file_name: str, loaded: int, control_total: Decimal,
              notes: list[str]) -> LoadResult:
    """The reconciliation of a parsed file that was loaded (the ledger's LoadResult)."""
    excluded = sum(1 for i in parsed.issues if i.disposition == "excluded")
    rejected = len(parsed.issues) - excluded
    read = len(parsed.source_rows)
    return LoadResult(
        file_name=file_name, status="loaded", upload_id=upload_id, sheet=parsed.table.sheet,
        rows_read=read, rows_loaded=loaded, rows_excluded=excluded, rows_rejected=rejected,
        control_total=control_total, header_row=parsed.table.header_row,
        mapping=parsed.mapping_names, notes=tuple(notes),
        message=(f"{file_name}: {read} rows read, {loaded} loaded, {excluded} excluded, "
                 f"{rejected} rejected; control total {control_total:,.2f}"))


def delete_upload_records(cur, upload_id: int) -> None:
    """Remove an upload's bookkeeping rows (its dataset rows are removed by the caller)."""
    cur.execute("DELETE FROM row_issues WHERE upload_id = ?", [upload_id])
    cur.execute("DELETE FROM source_rows WHERE upload_id = ?", [upload_id])
    cur.execute("DELETE FROM uploads WHERE upload_id = ?", [upload_id])
