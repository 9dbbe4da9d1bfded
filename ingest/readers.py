"""Readers: file bytes -> a `SourceTable` of text cells with the row numbers a person sees.

Business rule: whatever the finance system exported, we find the table inside it and keep every
row's position, so every loaded, excluded or rejected line points back to "file, row N" as Excel
or a text editor shows it (1-based, header and any title rows counted).

* Kind by content, not extension: XLSX (zip), XLS (OLE2), password-protected workbook (OLE2 with an
  `EncryptedPackage` stream -> a clear message), otherwise delimited text.
* Text: UTF-8 (BOM or not), else Windows-1252, else Latin-1; LF, CRLF or bare CR line endings;
  delimiter sniffed among , ; TAB | from the first rows, quotes honoured.
* Header: the first rows of a report often hold a title and parameters ("AP Invoice Register",
  "Period: Jan-Mar"). The header is the row, among the first 40, that looks most like column
  names (known finance headings, text not numbers, followed by data rows); rows above it are
  reported as preamble and stored, never loaded.
* Ragged rows policy: the table is as wide as its widest row; short rows are padded with empty
  cells, cells beyond the header get generated names (`column_12`), so no cell is dropped.

Worked example: an AP register whose first three rows are "Northwind Ltd", "AP Invoice Register",
"" and whose header is on row 4 gives `header_row=4`, `preamble=[(1, 'Northwind Ltd'),
(2, 'AP Invoice Register')]`, and its first data row is `source_row=5`.

The CSV fast path hands the file to DuckDB's reader (auto-detection off: dialect given) and maps
record numbers back to line numbers (DuckDB skips blank lines, which we locate ourselves). A file
with line breaks inside quoted cells, or one DuckDB's reader refuses, takes the exact Python `csv`
path instead: slower, same result.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from ingest.errors import IngestError
from ingest.mapping import header_score

SAMPLE_ROWS = 40          # rows examined for the header
TYPE_SAMPLE_ROWS = 200    # data rows kept in memory for mapping and preview
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class SourceTable:
    """A table found in a file. Cells are text (None for empty); rows keep their file position.

    `arrow` holds `source_row` (INT32) and `c0..cN` (string) for the Excel and exact-CSV paths;
    `csv_path` + `csv_options` for the DuckDB fast path (materialise with `to_duckdb`).
    """

    file_name: str
    kind: str                       # csv | xlsx | xls
    sheet: str | None
    sheets: tuple[str, ...]
    header_row: int                 # 1-based
    columns: tuple[str, ...]        # unique, as written (blank -> column_N)
    preamble: tuple[tuple[int, str], ...]
    sample: tuple[tuple[str | None, ...], ...]   # first data rows, aligned with columns
    notes: tuple[str, ...]
    arrow: pa.Table | None = None
    csv_path: str | None = None
    csv_options: dict = field(default_factory=dict)
    first_data_line: int = 0        # CSV fast path: 1-based line of the first record after header
    blank_lines: tuple[int, ...] = ()  # CSV fast path: 1-based blank lines after the header

    @property
    def width(self) -> int:
        return len(self.columns)

    def to_duckdb(self, cur, table: str) -> None:
        """Materialise as TEMP table `table`(source_row INTEGER, c0..cN VARCHAR)."""
        cols = ", ".join(f"c{i}" for i in range(self.width))
        if self.arrow is not None:
            cur.register("_source_arrow", self.arrow)
            cur.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM _source_arrow")
            cur.unregister("_source_arrow")
            return
        opts = self.csv_options
        columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(self.width)) + "}"
        # parallel read in file order (insertion order is preserved, so rowid = record number)
        cur.execute(
            "CREATE OR REPLACE TEMP TABLE _records AS SELECT * FROM read_csv(?, auto_detect=false,"
            " header=false, skip=?, delim=?, quote='\"', escape='\"', null_padding=true,"
            f" strict_mode=false, new_line=?, columns={columns})",
            [self.csv_path, opts["skip"], opts["delim"],
             {"\n": "\\n", "\r\n": "\\r\\n"}[opts.get("new_line", "\n")]],
        )
        # rowids count from 0 after a commit but from a large base inside an open transaction
        # (the workspace loads several files in one): record numbers are rowid - min(rowid)
        base = int(cur.execute("SELECT coalesce(min(rowid), 0) FROM _records").fetchall()[0][0])
        if not self.blank_lines:
            cur.execute(
                f"CREATE OR REPLACE TEMP VIEW {table} AS SELECT "
                f"CAST(rowid - {base} + {int(self.first_data_line)} AS INTEGER) AS source_row, {cols} "
                "FROM _records"
            )
            return
        # records are the non-blank lines after the header, in order; blank lines are rows too
        blanks = pa.table({"line": pa.array(self.blank_lines, pa.int32())})
        cur.register("_blank_arrow", blanks)
        cur.execute("CREATE OR REPLACE TEMP TABLE _blank_lines AS SELECT * FROM _blank_arrow")
        cur.unregister("_blank_arrow")
        last = self.first_data_line + int(opts["records"]) + len(self.blank_lines) - 1
        cur.execute(
            f"CREATE OR REPLACE TEMP TABLE {table} AS "
            "WITH lines AS (SELECT line, row_number() OVER (ORDER BY line) - 1 AS record_no"
            f"              FROM range({int(self.first_data_line)}, {int(last)} + 1) r(line)"
            "              ANTI JOIN _blank_lines USING (line)) "
            f"SELECT CAST(lines.line AS INTEGER) AS source_row, {cols} "
            f"FROM _records JOIN lines ON lines.record_no = _records.rowid - {base} "
            "UNION ALL SELECT line, " + ", ".join("NULL" for _ in range(self.width))
            + " FROM _blank_lines"
        )

    def record_count(self, cur) -> int:
        return cur.execute("SELECT count(*) FROM _records").fetchall()[0][0]


# ---- kind and sheets -------------------------------------------------------------------------
def detect_kind(file_name: str, data: bytes) -> str:
    if not data or (not data[:65536].strip() and not data.strip()):
        raise IngestError(f"{file_name}: the file is empty. Export the report again and upload it.")
    if data[:8] == OLE_MAGIC:
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            raise IngestError(
                f"{file_name}: the workbook is password-protected. Open it in Excel, remove the "
                "password (File > Info > Protect Workbook), save, and upload it again."
            )
        return "xls"
    if data[:4] == b"PK\x03\x04":
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile as exc:
            raise IngestError(f"{file_name}: the file looks like a damaged workbook ({exc}).") from exc
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        raise IngestError(
            f"{file_name}: this is a zip archive, not a spreadsheet. Unzip it and upload the "
            "CSV or Excel file inside."
        )
    head = data[:4096]
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        raise IngestError(
            f"{file_name}: this is not a spreadsheet or a text export (it contains binary data). "
            "Upload a CSV, XLSX or XLS file."
        )
    lowered = head.lower()
    if lowered.lstrip().startswith((b"%pdf", b"<!doctype html", b"<html")):
        raise IngestError(
            f"{file_name}: this is a PDF or web page, not a data export. Export the report as "
            "CSV or Excel."
        )
    return "csv"


def list_sheets(file_name: str, data: bytes) -> list[str]:
    kind = detect_kind(file_name, data)
    if kind == "csv":
        return []
    return list(_open_workbook(file_name, data).sheet_names)


def _open_workbook(file_name: str, data: bytes):
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error types
        raise IngestError(
            f"{file_name}: the workbook cannot be read ({exc}). Open it in Excel, save it as "
            ".xlsx and upload it again."
        ) from exc


# ---- text decoding ---------------------------------------------------------------------------
def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name). UTF-16 by BOM, UTF-8 (BOM stripped), Windows-1252, Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def _sniff_delimiter(lines: list[str]) -> str:
    best, best_score = ",", -1.0
    for delim in [",", ";", "\t", "|"]:
        counts = [len(next(csv.reader([ln], delimiter=delim))) for ln in lines if ln.strip()]
        if not counts:
            continue
        widest = max(counts)
        if widest < 2:
            continue
        # rows that share the most common width >1, weighted by that width
        common = max(set(c for c in counts if c > 1), key=counts.count, default=1)
        score = counts.count(common) * math.log(common + 1)
        if score > best_score:
            best, best_score = delim, score
    return best


def _cell(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _find_header(rows: list[list[str | None]]) -> int:
    """Index (0-based, within rows) of the row most like a header."""
    best_i, best_score = 0, float("-inf")
    for i, row in enumerate(rows[:SAMPLE_ROWS]):
        filled = [c for c in row if c]
        if len(filled) < 2:
            continue
        below = [r for r in rows[i + 1 : i + 6] if sum(1 for c in r if c) >= 2]
        score = header_score(filled)
        # a header is followed by rows of about its width
        if below:
            score += 1.0 * sum(1 for r in below if abs(sum(1 for c in r if c) - len(filled)) <= 2)
        score += 0.5 * len(filled)
        if score > best_score + 1e-9:
            best_i, best_score = i, score
    return best_i


def _unique_columns(header: list[str | None], width: int) -> tuple[str, ...]:
    names: list[str] = []
    seen: dict[str, int] = {}
    for i in range(width):
        raw = header[i] if i < len(header) else None
        name = (raw or "").strip() or f"column_{i + 1}"
        key = name.lower()
        if key in seen:
            seen[key] += 1
            name = f"{name} ({seen[key]})"
        else:
            seen[key] = 1
        names.append(name)
    return tuple(names)


def _arrow_from_rows(rows: list[tuple[int, list[str | None]]], width: int) -> pa.Table:
    columns = {"source_row": pa.array([r for r, _ in rows], pa.int32())}
    for i in range(width):
        columns[f"c{i}"] = pa.array(
            [cells[i] if i < len(cells) else None for _, cells in rows], pa.string()
        )
    return pa.table(columns)


# ---- CSV -------------------------------------------------------------------------------------
def read_csv_table(file_name: str, data: bytes, workdir: str, exact: bool = False,
                   source_path: str | None = None) -> SourceTable:
    """Delimited text. `source_path`: the same bytes on disk, read in place when they are plain
    UTF-8 with LF/CRLF endings (saves rewriting a large file)."""
    text, encoding = decode_text(data)
    notes = [f"Read as {encoding} text."]
    newline = "\n"
    rewrite = encoding != "UTF-8" or data.startswith(b"\xef\xbb\xbf") or source_path is None
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")
        notes.append("Line endings are bare CR (old Mac export); read as line breaks.")
        rewrite = True
    elif "\r\n" in text:
        newline = "\r\n"
        if rewrite:
            text = text.replace("\r\n", "\n")
            newline = "\n"
    head = text[: 1 << 20]
    if newline == "\r\n":
        head = head.replace("\r\n", "\n")
    head_lines = head.split("\n")[: SAMPLE_ROWS + TYPE_SAMPLE_ROWS + 20]
    delim = _sniff_delimiter(head_lines[:SAMPLE_ROWS + 20])
    notes.append(f"Columns separated by {_DELIM_NAMES[delim]}.")
    sample_rows = [
        [_cell(c) for c in row]
        for row in csv.reader(io.StringIO("\n".join(head_lines[:SAMPLE_ROWS])), delimiter=delim)
    ]
    header_idx = _find_header(sample_rows)
    # re-read the top with line numbers (csv joins quoted multi-line cells)
    reader = csv.reader(io.StringIO(head), delimiter=delim)
    header_line = 0
    preamble: list[tuple[int, str]] = []
    header: list[str | None] = []
    for i, row in enumerate(reader):
        start_line = header_line + 1
        header_line = reader.line_num
        cells = [_cell(c) for c in row]
        if i < header_idx:
            if any(cells):
                preamble.append((start_line, ", ".join(c for c in cells if c)))
            continue
        header = cells
        break
    if preamble:
        notes.append(
            f"Header found on row {header_line}; {len(preamble)} title/parameter row(s) above it "
            "were skipped."
        )
    body_start = _offset_after_lines(text, header_line, newline)

    if not exact:
        width = max(
            [len(header)] + [len(next(csv.reader([ln], delimiter=delim))) for ln in
                             head_lines[header_line:header_line + TYPE_SAMPLE_ROWS] if ln]
        )
        blank = _blank_lines(text, body_start, header_line + 1, newline)
        body_lines = text.count("\n", body_start) + (
            1 if len(text) > body_start and not text.endswith("\n") else 0)
        records = body_lines - len(blank)
        if rewrite:
            path = os.path.join(workdir, "source.csv")
            with open(path, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        else:
            path = source_path
        sample = _sample_from_lines(head_lines[header_line:], delim, width)
        return SourceTable(
            file_name=file_name, kind="csv", sheet=None, sheets=(), header_row=header_line,
            columns=_unique_columns(header, width), preamble=tuple(preamble),
            sample=sample, notes=tuple(notes), csv_path=path,
            csv_options={"skip": header_line, "delim": delim, "records": records,
                         "new_line": newline},
            first_data_line=header_line + 1, blank_lines=blank,
        )

    # exact path: Python csv with line numbers (quoted cells spanning lines, odd quoting)
    body = text[body_start:].replace("\r\n", "\n")
    rows: list[tuple[int, list[str | None]]] = []
    reader = csv.reader(io.StringIO(body), delimiter=delim)
    prev = 0
    spans = False
    for row in reader:
        start = header_line + prev + 1
        spans = spans or reader.line_num - prev > 1 and bool(row)
        prev = reader.line_num
        rows.append((start, [_cell(c) for c in row]))
    if spans:
        notes.append("Some cells span several lines; rows are numbered by the line they start on.")
    width = max([len(header)] + [len(c) for _, c in rows])
    return SourceTable(
        file_name=file_name, kind="csv", sheet=None, sheets=(), header_row=header_line,
        columns=_unique_columns(header, width), preamble=tuple(preamble),
        sample=tuple(tuple(c[i] if i < len(c) else None for i in range(width))
                     for _, c in rows[:TYPE_SAMPLE_ROWS] if any(c)),
        notes=tuple(notes), arrow=_arrow_from_rows(rows, width),
    )


def _offset_after_lines(text: str, lines: int, newline: str) -> int:
    pos = 0
    for _ in range(lines):
        nxt = text.find("\n", pos)
        if nxt == -1:
            return len(text)
        pos = nxt + 1
    return pos


_DELIM_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "pipes"}


def _blank_lines(text: str, start: int, first_line: int, newline: str) -> tuple[int, ...]:
    """1-based numbers of the empty lines from offset `start` (DuckDB's reader skips them)."""
    found: list[int] = []
    end = len(text)
    if text.endswith("\n"):
        end -= 1  # the final line break does not start another line
    sep = newline + newline
    pos, line = start, first_line
    if text.startswith(newline, start) and start < end:
        found.append(first_line)
    while True:
        hit = text.find(sep, pos)
        if hit == -1 or hit + len(newline) >= end:
            break
        line += text.count("\n", pos, hit + 1)
        pos = hit + len(newline)
        found.append(line)
    return tuple(found)


def _sample_from_lines(lines: list[str], delim: str, width: int):
    out = []
    for row in csv.reader(io.StringIO("\n".join(lines[: TYPE_SAMPLE_ROWS + 5])), delimiter=delim):
        cells = [_cell(c) for c in row]
        if any(cells):
            out.append(tuple(cells[i] if i < len(cells) else None for i in range(width)))
    return tuple(out[:TYPE_SAMPLE_ROWS])


# ---- Excel -----------------------------------------------------------------------------------
def _excel_text(value) -> str | None:
    """A workbook cell as the text a person sees (dates ISO, no float noise)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if value.time() != dt.time() else value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = repr(value)
        if "e" in text or "E" in text:
            text = format(value, ".10f").rstrip("0").rstrip(".")
        return text
    if isinstance(value, int):
        return str(value)
    text = str(value).strip()
    return text or None


def _ledger_likeness(rows: list[list]) -> float:
    filled = [r for r in rows[:SAMPLE_ROWS] if sum(1 for c in r if c not in (None, "")) >= 2]
    if not filled:
        return 0.0
    texts = [[_excel_text(c) for c in r] for r in rows[:SAMPLE_ROWS]]
    idx = _find_header(texts)
    return header_score([c for c in texts[idx] if c]) + math.log(len(rows) + 1)


def read_excel_table(file_name: str, data: bytes, kind: str, sheet: str | None) -> SourceTable:
    workbook = _open_workbook(file_name, data)
    sheets = tuple(workbook.sheet_names)
    if not sheets:
        raise IngestError(f"{file_name}: the workbook has no sheets.")
    notes: list[str] = []
    loaded: dict[str, list[list]] = {}

    def rows_of(name: str) -> list[list]:
        if name not in loaded:
            try:
                loaded[name] = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception as exc:
                raise IngestError(f"{file_name}: sheet '{name}' cannot be read ({exc}).") from exc
        return loaded[name]

    if sheet is not None:
        if sheet not in sheets:
            raise IngestError(
                f"{file_name}: there is no sheet named '{sheet}'. Sheets: {', '.join(sheets)}."
            )
        chosen = sheet
    elif len(sheets) == 1:
        chosen = sheets[0]
    else:
        chosen = max(sheets, key=lambda s: _ledger_likeness(rows_of(s)))
        notes.append(
            f"The workbook has {len(sheets)} sheets ({', '.join(sheets)}); "
            f"'{chosen}' looks like the ledger and was used. Pick another sheet if that is wrong."
        )
    raw = rows_of(chosen)
    if not any(any(c not in (None, "") for c in r) for r in raw):
        raise IngestError(f"{file_name}: sheet '{chosen}' is empty.")
    text_rows = [[_excel_text(c) for c in r] for r in raw]
    header_idx = _find_header(text_rows[:SAMPLE_ROWS])
    preamble = tuple(
        (i + 1, ", ".join(c for c in r if c)) for i, r in enumerate(text_rows[:header_idx]) if any(r)
    )
    if preamble:
        notes.append(
            f"Header found on row {header_idx + 1}; {len(preamble)} title/parameter row(s) above "
            "it were skipped."
        )
    body = [(i + 1, r) for i, r in enumerate(text_rows) if i > header_idx]
    width = max([len(text_rows[header_idx])] + [len(r) for _, r in body]) if body else len(
        text_rows[header_idx])
    # drop trailing all-empty columns beyond the header
    header = text_rows[header_idx]
    while width > len(header) and not any(len(r) >= width and r[width - 1] for _, r in body):
        width -= 1
    body = [(n, r[:width]) for n, r in body]
    return SourceTable(
        file_name=file_name, kind=kind, sheet=chosen, sheets=sheets, header_row=header_idx + 1,
        columns=_unique_columns(header, width), preamble=preamble,
        sample=tuple(tuple(r[i] if i < len(r) else None for i in range(width))
                     for _, r in body[:TYPE_SAMPLE_ROWS] if any(r)),
        notes=tuple(notes), arrow=_arrow_from_rows(body, width),
    )


def read_source(file_name: str, data: bytes, *, sheet: str | None = None,
                workdir: str | None = None, exact: bool = False,
                source_path: str | None = None) -> SourceTable:
    """Find the table in a file. Raises IngestError with a person-readable message.

    exact=True forces the Python csv path for text (used when the fast path's record count does
    not match the file's lines).
    """
    kind = detect_kind(file_name, data)
    if kind == "csv":
        workdir = workdir or tempfile.mkdtemp(prefix="techspend-")
        table = read_csv_table(file_name, data, workdir, exact=exact, source_path=source_path)
    else:
        table = read_excel_table(file_name, data, kind, sheet)
    if table.width < 2:
        raise IngestError(
            f"{file_name}: only one column was found. Is this a ledger export? Save it as CSV "
            "with commas or as an Excel workbook."
        )
    return table


def read_path(path: str | os.PathLike[str], **kwargs) -> SourceTable:
    p = Path(path)
    return read_source(p.name, p.read_bytes(), **kwargs)
