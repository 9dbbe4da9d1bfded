"""Shared steps for loading a small dataset file (budget, FX): map columns, parse values, and
record the upload with its reconciliation, so that nothing in the file is lost.

Business rule (same as ledgers): rows read = rows loaded + rows excluded + rows rejected. An
EXCLUDED row carried nothing to load (blank, a 'Total' line); a REJECTED row had data we could not
read, and its reason quotes the value and names the file and row so a person can fix it. Every
data row is kept as text in `source_rows`; every excluded/rejected row in `row_issues`.

Worked example::

    parse_amount("(1,234.50)")   -> Decimal("-1234.50")
    parse_amount("1.234,50 €")   -> Decimal("1234.50")
    parse_month("Apr-25")        -> date(2025, 4, 1)
    parse_month("2025-04-17")    -> date(2025, 4, 1)

Month parsing (`parse_month`, `slash_date_order`) lives in db.values: models.fx parses months
typed in the rate editor with the same rules.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Mapping, Sequence

from db import TechspendError
from db.values import parse_month, slash_date_order  # noqa: F401  (dl.parse_month for budget/fx)
from ingest.source_table import SourceTable


class DatasetLoadError(TechspendError):
    """A budget/FX file that cannot be loaded as a whole (no usable columns, already loaded...)."""


class DuplicateUploadError(DatasetLoadError):
    pass


@dataclass(frozen=True)
class RowIssue:
    source_row: int
    disposition: str  # excluded | rejected
    reason: str


@dataclass(frozen=True)
class LoadResult:
    """What loading one budget or FX file did. rows_read = loaded + excluded + rejected."""

    upload_id: int
    file_name: str
    dataset: str  # budget | fx
    rows_read: int
    rows_loaded: int
    rows_excluded: int
    rows_rejected: int
    control_total: Decimal
    mapping: dict[str, str]
    issues: tuple[RowIssue, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def reconciles(self) -> bool:
        return self.rows_read == self.rows_loaded + self.rows_excluded + self.rows_rejected

    @classmethod
    def of(cls, parsed, *, upload_id: int, file_name: str, dataset: str, loaded: int,
           control_total: Decimal, notes: list[str]) -> "LoadResult":
        """The reconciliation of a parsed file (budget or FX) that was loaded."""
        excluded = sum(1 for i in parsed.issues if i.disposition == "excluded")
        return cls(upload_id=upload_id, file_name=file_name, dataset=dataset,
                   rows_read=len(parsed.table.rows), rows_loaded=loaded, rows_excluded=excluded,
                   rows_rejected=len(parsed.issues) - excluded, control_total=control_total,
                   mapping=parsed.mapping_names, issues=parsed.issues, notes=tuple(notes))

    def summary(self) -> str:
        return (
            f"{self.file_name}: {self.rows_read} rows read, {self.rows_loaded} loaded, "
            f"{self.rows_excluded} excluded, {self.rows_rejected} rejected; "
            f"control total {self.control_total:,.2f}"
        )


# ---- column mapping ---------------------------------------------------------------------------
def normalise_header(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(text).lower()).strip()


def map_columns(
    table: SourceTable,
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
    overrides: Mapping[str, str] | None = None,
    what: str = "file",
) -> dict[str, int]:
    """field -> column index. Exact alias match first, then a header containing an alias word.

    `overrides` maps field -> column name as written (the user's choice always wins)."""
    normalised = [normalise_header(c) for c in table.columns]
    chosen: dict[str, int] = {}
    for name, column in (overrides or {}).items():
        if name not in aliases:
            raise DatasetLoadError(
                f"Unknown field '{name}' in the mapping. Fields: {', '.join(aliases)}."
            )
        matches = [i for i, c in enumerate(table.columns) if c == column or normalise_header(c) == normalise_header(column)]
        if not matches:
            raise DatasetLoadError(
                f"{table.file_name} has no column '{column}' (for {name}). "
                f"Its columns: {', '.join(table.columns)}."
            )
        chosen[name] = matches[0]
    _auto_map(normalised, aliases, chosen)
    missing = [name for name in required if name not in chosen]
    if missing:
        raise DatasetLoadError(
            f"{table.file_name} (header on row {table.header_row}) has no column for "
            f"{', '.join(missing)}. Its columns: {', '.join(table.columns)}. Rename the column or "
            f"choose it in the mapping (CLI: --map {missing[0]}=COLUMN). A {what} needs "
            f"{', '.join(required)}."
        )
    return chosen


def _auto_map(normalised: Sequence[str], aliases: Mapping[str, Sequence[str]], chosen: dict[str, int]) -> dict[str, int]:
    """Fill `chosen` (field -> column index): exact alias first, then a header containing an
    alias as a word; a column serves one field."""
    used = set(chosen.values())
    for exact in (True, False):
        for name, words in aliases.items():
            if name in chosen:
                continue
            for index, header in enumerate(normalised):
                if index in used or not header:
                    continue
                hit = header in words if exact else any(
                    re.search(rf"\b{re.escape(w)}\b", header) for w in words
                )
                if hit:
                    chosen[name] = index
                    used.add(index)
                    break
    return chosen


def header_test(
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
    overrides: Mapping[str, str] | None = None,
):
    """A predicate: does this row of cells name every required field? (finds the header row).
    Columns a person chose (`overrides`) count as found when the row contains them."""
    chosen = {normalise_header(column): name for name, column in (overrides or {}).items()}

    def is_header(cells: Sequence[str]) -> bool:
        normalised = [normalise_header(c or "") for c in cells]
        preset = {chosen[h]: i for i, h in enumerate(normalised) if h in chosen}
        found = _auto_map(normalised, aliases, preset)
        return all(name in found for name in required)

    return is_header


# ---- value parsing ----------------------------------------------------------------------------
_CURRENCY_MARKS = re.compile(r"[£$€¥₹]|\b(?:GBP|USD|EUR|JPY|CHF|CAD|AUD|INR)\b", re.IGNORECASE)


def parse_amount(text: str) -> Decimal:
    """Money as people write it -> Decimal (2 places). Raises ValueError with a reason."""
    raw = str(text).strip()
    value = _CURRENCY_MARKS.sub("", raw).replace("\u00a0", "").replace(" ", "").replace("'", "")
    negative = False
    upper = value.upper()
    if upper.endswith("CR"):
        negative, value = True, value[:-2]
    elif upper.endswith("DR"):
        value = value[:-2]
    if value.startswith("(") and value.endswith(")"):
        negative, value = not negative, value[1:-1]
    if value.endswith("-"):
        negative, value = not negative, value[:-1]
    if value.startswith("-"):
        negative, value = not negative, value[1:]
    elif value.startswith("+"):
        value = value[1:]
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?|\d+,\d{1,2}", value):  # 1.234,56 or 1234,5
        value = value.replace(".", "").replace(",", ".")
    else:
        value = value.replace(",", "")
    if not re.fullmatch(r"\d+(\.\d+)?|\.\d+", value):
        raise ValueError(f"amount '{raw}' is not a number")
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"amount '{raw}' is not a number") from exc
    number = -number if negative else number
    if abs(number) >= Decimal("1e16"):
        raise ValueError(f"amount '{raw}' is too large")
    return number.quantize(Decimal("0.01"))


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


# ---- recording --------------------------------------------------------------------------------
def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_duplicate(store, dataset: str, digest: str, file_name: str, replace: bool) -> list[int]:
    """Upload ids of the same content already loaded for this dataset. Raises unless replace."""
    rows = store.rows(
        "SELECT upload_id, file_name FROM uploads WHERE dataset = ? AND sha256 = ? "
        "AND status = 'loaded' ORDER BY upload_id",
        [dataset, digest],
    )
    if rows and not replace:
        upload_id, earlier_name = rows[0]
        raise DuplicateUploadError(
            f"{file_name} has the same content as {earlier_name} (upload #{upload_id}), already "
            f"loaded. Nothing was changed. To load it again in its place, choose replace "
            f"(CLI: --replace)."
        )
    return [int(r[0]) for r in rows]


def start_upload(cur, parsed, *, target_table: str, earlier: list[int], data: bytes,
                 dataset: str, notes: list[str], loaded_rows: int,
                 control_total: Decimal) -> int:
    """In the load's transaction: drop the uploads this file replaces (their rows in
    `target_table`, a table name from the calling module, and their upload records), then
    record the new upload from the parsed file (its table, mapping and row issues).
    Returns its id."""
    assert target_table in ("budget_lines", "fx_rates")
    for upload_id in earlier:
        cur.execute(f"DELETE FROM {target_table} WHERE upload_id = ?", [upload_id])
        delete_upload_records(cur, upload_id)
        notes.append(f"replaced upload #{upload_id}")
    return record_upload(cur, table=parsed.table, data=data, dataset=dataset,
                         mapping=parsed.mapping, notes=notes, loaded_rows=loaded_rows,
                         issues=parsed.issues, control_total=control_total)


def record_upload(
    cur,
    *,
    table: SourceTable,
    data: bytes,
    dataset: str,
    mapping: Mapping[str, int],
    notes: Sequence[str],
    loaded_rows: int,
    issues: Sequence[RowIssue],
    control_total: Decimal,
) -> int:
    """Insert the uploads row, row_issues and source_rows inside the caller's transaction."""
    mapping_json = json.dumps({name: table.columns[index] for name, index in mapping.items()})
    excluded = sum(1 for i in issues if i.disposition == "excluded")
    rejected = sum(1 for i in issues if i.disposition == "rejected")
    upload_id = cur.execute(
        "INSERT INTO uploads (file_name, sha256, size_bytes, kind, sheet, dataset, header_row, "
        "columns, mapping, notes, rows_read, rows_loaded, rows_excluded, rows_rejected, "
        "control_total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING upload_id",
        [
            table.file_name, sha256_of(data), len(data), table.kind, table.sheet, dataset,
            table.header_row, list(table.columns), mapping_json, list(notes), len(table.rows),
            loaded_rows, excluded, rejected, control_total,
        ],
    ).fetchone()[0]
    by_row = {r.source_row: r for r in table.rows}
    if issues:
        cur.executemany(
            "INSERT INTO row_issues (upload_id, source_row, disposition, reason, raw) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                [upload_id, i.source_row, i.disposition, i.reason, " | ".join(by_row[i.source_row].cells)]
                for i in issues
            ],
        )
    if table.rows:
        cur.executemany(
            "INSERT INTO source_rows (upload_id, source_row, cells) VALUES (?, ?, ?)",
            [[upload_id, r.source_row, list(r.cells)] for r in table.rows],
        )
    return int(upload_id)


def delete_upload_records(cur, upload_id: int) -> None:
    """Remove an upload's bookkeeping rows (its dataset rows are removed by the caller)."""
    cur.execute("DELETE FROM row_issues WHERE upload_id = ?", [upload_id])
    cur.execute("DELETE FROM source_rows WHERE upload_id = ?", [upload_id])
    cur.execute("DELETE FROM uploads WHERE upload_id = ?", [upload_id])


@dataclass
class IssueLog:
    """Collects per-row dispositions while a file is parsed."""

    file_name: str
    issues: list[RowIssue] = field(default_factory=list)

    def exclude(self, source_row: int, reason: str) -> None:
        self.issues.append(RowIssue(source_row, "excluded", reason))

    def reject(self, source_row: int, reason: str) -> None:
        self.issues.append(
            RowIssue(source_row, "rejected", f"{self.file_name} row {source_row}: {reason}")
        )
