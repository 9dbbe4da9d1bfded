"""Readers: file bytes -> a `SourceTable` of text cells with the row numbers a person sees.

Business rule: whatever the finance system exported, we find the table inside it and keep every
row's position, so every loaded, excluded or rejected line points back to "file, row N" as Excel
or a text editor shows it (1-based, header and any title rows counted). And no file, however
malformed or hostile, can crash, hang or exhaust the process reading it: it is read within
stated limits (`ReaderLimits`) or refused with a message that names the file and what to do.

* Kind by content, not extension: XLSX (zip), XLS (OLE2), password-protected workbook (OLE2 with an
  `EncryptedPackage` stream -> a clear message), otherwise delimited text.
* Text (`ingest.read_csv`): UTF-8 (BOM or not), else Windows-1252, else Latin-1; LF, CRLF, bare
  CR or any mix of them; delimiter sniffed among , ; TAB | ; cells of any length; the table is as
  wide as its widest row in the whole file; a quote that is never closed cannot swallow the rest.
* Workbooks (`ingest.read_excel`): the zip's declared sizes and compression ratios and each
  sheet's real extent (rebuilt from its cells' references) are checked before any cell is read;
  a sheet whose grid would be far larger than its cells is read by a streaming reader that keeps
  only the cells present. Sheets that are months of one ledger (same header) load as one table
  with each row's sheet; a cover/parameters sheet is skipped and said.
* Header (`ingest.header`): the row, among the first 40, that looks most like column names;
  title rows above it are preamble, a totals row above it is reported with its figures, a
  two-row header's labels are joined into one name per column.
* Ragged rows policy: the table is as wide as its widest row; short rows are padded with empty
  cells, cells beyond the header get generated names (`column_12`), so no cell is dropped.

Worked example: an AP register whose first three rows are "Northwind Ltd", "AP Invoice Register",
"" and whose header is on row 4 gives `header_row=4`, `preamble=[(1, 'Northwind Ltd'),
(2, 'AP Invoice Register')]`, and its first data row is `source_row=5`.

Limits (environment variables, read at each call; see `ReaderLimits`): TECHSPEND_MAX_ROWS
(50,000,000: a CSV named by its path is read in chunks, so rows cost no memory; an upload is
bounded by its size), TECHSPEND_MAX_COLUMNS (10,000), TECHSPEND_MAX_UNCOMPRESSED_BYTES (2 GiB of declared
workbook content), TECHSPEND_MAX_COMPRESSION_RATIO (100, for workbook parts over 10 MB),
TECHSPEND_MAX_GRID_CELLS (50,000,000: the dense grid a sheet may be read into at once).
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow as pa

from ingest.csv_shape import raw_upper_width
from ingest.errors import IngestError
from ingest.header import SAMPLE_ROWS, cell as _cell, find_header as _find_header  # noqa: F401
from ingest.header import unique_columns as _unique_columns  # noqa: F401

TYPE_SAMPLE_ROWS = 200    # data rows kept in memory for mapping and preview
# read as the NULL of the CSV reader instead of '': no cell holds it, so an empty cell is ''
# and only a missing one (a short row, padded) is NULL; the _src view turns '' back into NULL
_NO_NULL_TEXT = "\x01techspend: no cell is NULL\x01"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class ReaderLimits:
    """How big a file the reader accepts. Each can be set by an environment variable."""

    max_rows: int = 50_000_000                   # TECHSPEND_MAX_ROWS
    max_columns: int = 10_000                    # TECHSPEND_MAX_COLUMNS
    max_uncompressed_bytes: int = 2 * 1024 ** 3  # TECHSPEND_MAX_UNCOMPRESSED_BYTES
    max_compression_ratio: float = 100.0         # TECHSPEND_MAX_COMPRESSION_RATIO
    max_grid_cells: int = 50_000_000             # TECHSPEND_MAX_GRID_CELLS
    ratio_floor_bytes: int = 10 * 1024 ** 2      # parts smaller than this may compress any amount
    max_line_bytes: int = 64 * 1024 ** 2         # TECHSPEND_MAX_LINE_BYTES: one CSV line

    _ENV = {"max_rows": "TECHSPEND_MAX_ROWS", "max_columns": "TECHSPEND_MAX_COLUMNS",
            "max_uncompressed_bytes": "TECHSPEND_MAX_UNCOMPRESSED_BYTES",
            "max_compression_ratio": "TECHSPEND_MAX_COMPRESSION_RATIO",
            "max_grid_cells": "TECHSPEND_MAX_GRID_CELLS", "max_line_bytes": "TECHSPEND_MAX_LINE_BYTES"}

    @classmethod
    def from_env(cls) -> "ReaderLimits":
        values = {}
        for name, var in cls._ENV.items():
            text = os.environ.get(var)
            if text:
                try:
                    values[name] = float(text) if name == "max_compression_ratio" else int(text)
                except ValueError:
                    raise IngestError(f"The setting {var}={text!r} is not a number; set it to a "
                                      "whole number or unset it.") from None
        return cls(**values)


@dataclass(frozen=True)
class SourceTable:
    """A table found in a file. Cells are text (None for empty); rows keep their file position.

    `arrow` holds `source_row` (INT32) and `c0..cN` (string) for the Excel and exact-CSV paths;
    `csv_path` + `csv_options` for the DuckDB fast path (materialise with `to_duckdb`).
    Workbook tables also carry, per row, `source_sheet` (string: the sheet the row came from)
    and `sheet_row` (INT32: its row in that sheet). When several month sheets are stacked
    (`source_sheets` has more than one name), `source_row` numbers the rows as if the sheets were
    laid end to end (unique within the upload) and `sheet_row` is the row a person sees.
    """

    file_name: str
    kind: str                       # csv | xlsx | xls | html | xml2003
    sheet: str | None
    sheets: tuple[str, ...]
    header_row: int                 # 1-based (the last header row when the header spans two)
    columns: tuple[str, ...]        # unique, as written (blank -> column_N)
    preamble: tuple[tuple[int, str], ...]
    sample: tuple[tuple[str | None, ...], ...]   # first data rows, aligned with columns
    notes: tuple[str, ...]
    arrow: pa.Table | None = None
    csv_path: str | None = None
    csv_options: dict = field(default_factory=dict)
    first_data_line: int = 0        # CSV fast path: 1-based line of the first record after header
    blank_lines: tuple[int, ...] = ()  # CSV fast path: 1-based blank lines after the header
    header_totals: tuple[tuple[str, str], ...] = ()  # (column, value) of a totals row above
    source_sheets: tuple[str, ...] = ()      # the sheets whose rows this table holds
    skipped_sheets: tuple[tuple[str, str], ...] = ()  # (sheet, why it was not read)

    @property
    def width(self) -> int:
        return len(self.columns)

    @property
    def stacked(self) -> bool:
        """True when rows come from several sheets (month sheets of one ledger)."""
        return len(self.source_sheets) > 1

    def to_duckdb(self, cur, table: str) -> "SourceTable":
        """Materialise as TEMP `table`(source_row INTEGER, c0..cN VARCHAR[, source_sheet,
        sheet_row]). Whatever relation of that name exists (table or view) is replaced.

        Returns the table as read: the same one, or (CSV fast path) a wider one when DuckDB found
        a row with more cells than the reader counted (a stray quote inside a cell): the file is
        read with one spare column, and empty cells read as '' (padding as NULL), so a row with
        more cells than expected always shows and no cell is ever dropped."""
        _drop_relation(cur, table)
        if self.arrow is not None:
            cur.register("_source_arrow", self.arrow)
            cur.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM _source_arrow")
            cur.unregister("_source_arrow")
            return self
        src = self
        width = self._read_records(cur, self.width + 1)
        if width > self.width:
            # rare: read again as wide as the most separators on any line (an upper bound)
            limit = int(self.csv_options.get("max_columns", 10_000))
            upper = min(raw_upper_width(self.csv_path, self.csv_options), limit + 1)
            width = self._read_records(cur, max(upper, width) + 1)
            if width > limit:
                raise IngestError(
                    f"{self.file_name}: a row has more than {limit:,} columns, the limit "
                    "(setting TECHSPEND_MAX_COLUMNS). Check the file was exported with the right "
                    "separator, remove the stray columns, or raise the limit.")
            header = list(self.csv_options.get("header", self.columns))
            src = replace(self, columns=_unique_columns(header, width))
        # cells of the known width were read with '' -> NULL already; only a widened table's
        # extra cells are still raw here (rare)
        cols = ", ".join(f"c{i}" if i < self.width else f"nullif(c{i}, '') AS c{i}"
                         for i in range(src.width))
        # rowids count from 0 after a commit but from a large base inside an open transaction
        # (the workspace loads several files in one): record numbers are rowid - min(rowid)
        base = int(cur.execute("SELECT coalesce(min(rowid), 0) FROM _records").fetchall()[0][0])
        if not src.blank_lines:
            cur.execute(
                f"CREATE TEMP VIEW {table} AS SELECT "
                f"CAST(rowid - {base} + {int(src.first_data_line)} AS INTEGER) AS source_row, {cols} "
                "FROM _records"
            )
            return src
        # records are the non-blank lines after the header, in order; blank lines are rows too
        blanks = pa.table({"line": pa.array(src.blank_lines, pa.int32())})
        cur.register("_blank_arrow", blanks)
        cur.execute("CREATE OR REPLACE TEMP TABLE _blank_lines AS SELECT * FROM _blank_arrow")
        cur.unregister("_blank_arrow")
        last = src.first_data_line + int(src.csv_options["records"]) + len(src.blank_lines) - 1
        cur.execute(
            f"CREATE TEMP TABLE {table} AS "
            "WITH lines AS (SELECT line, row_number() OVER (ORDER BY line) - 1 AS record_no"
            f"              FROM range({int(src.first_data_line)}, {int(last)} + 1) r(line)"
            "              ANTI JOIN _blank_lines USING (line)) "
            f"SELECT CAST(lines.line AS INTEGER) AS source_row, {cols} "
            f"FROM _records JOIN lines ON lines.record_no = _records.rowid - {base} "
            "UNION ALL SELECT line, " + ", ".join("NULL" for _ in range(src.width))
            + " FROM _blank_lines"
        )
        return src

    def _read_records(self, cur, columns_read: int) -> int:
        """TEMP _records(c0..c{columns_read-1}) from the CSV file; returns the width found: the
        most cells any record has (at least this table's width)."""
        opts = self.csv_options
        columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(columns_read)) + "}"
        # parallel read in file order (insertion order is preserved, so rowid = record number);
        # '' -> NULL for the known columns while reading (a plain column in _src, cheap to bind
        # in the wide-table statements), the spare ones kept raw so any cell there shows
        if opts.get("excel_text"):   # ="1122.06" -> 1122.06 (header.cell does the same)
            known = ", ".join(f"nullif(regexp_replace(c{i}, '^\\s*=\"(.*)\"\\s*$', '\\1'), '') AS c{i}"
                              for i in range(self.width))
        else:
            known = ", ".join(f"nullif(c{i}, '') AS c{i}" for i in range(self.width))
        extra_cols = "".join(f", c{i}" for i in range(self.width, columns_read))
        cur.execute("DROP TABLE IF EXISTS _records")
        cur.execute(
            f"CREATE TEMP TABLE _records AS SELECT {known}{extra_cols} FROM read_csv(?, auto_detect=false,"
            " header=false, skip=?, delim=?, quote='\"', escape='\"', null_padding=true,"
            f" strict_mode=false, new_line=?, max_line_size=?, nullstr=?, columns={columns})",
            [self.csv_path, opts["skip"], opts["delim"],
             {"\n": "\\n", "\r\n": "\\r\\n"}[opts.get("new_line", "\n")],
             int(opts.get("max_line_size", 2_097_152)), _NO_NULL_TEXT],
        )
        extra = range(self.width, columns_read)
        if not extra:
            return self.width
        found = cur.execute("SELECT " + ", ".join(f"count(c{i})" for i in extra)
                            + " FROM _records").fetchall()[0]
        used = [i for i, n in zip(extra, found) if n]
        return max(used) + 1 if used else self.width

    def record_count(self, cur) -> int:
        return cur.execute("SELECT count(*) FROM _records").fetchall()[0][0]


def _drop_relation(cur, name: str) -> None:
    """Drop TEMP `name` whether it is a table or a view (a retry after a failed fast read must
    not trip over the view the first attempt left: 'Existing object _src is of type View')."""
    found = cur.execute(
        "SELECT table_type FROM information_schema.tables WHERE table_name = ?"
        " AND table_catalog = 'temp'", [name]).fetchall()
    for (kind,) in found:
        cur.execute(f"DROP VIEW IF EXISTS {name}" if kind == "VIEW" else
                    f"DROP TABLE IF EXISTS {name}")


def arrow_from_rows(rows: list[tuple[int, list[str | None]]], width: int,
                    sheets: list[str | None] | None = None,
                    sheet_rows: list[int] | None = None) -> pa.Table:
    columns = {"source_row": pa.array([r for r, _ in rows], pa.int32())}
    pad = [None] * width
    # rows -> columns in one C-level transpose (ragged rows padded / cut to the width)
    padded = [cells if len(cells) == width else (list(cells) + pad)[:width] for _, cells in rows]
    transposed = list(zip(*padded)) if padded else [()] * width
    for i in range(width):
        columns[f"c{i}"] = pa.array(transposed[i], pa.string())
    if sheets is not None:
        columns["source_sheet"] = pa.array(sheets, pa.string())
        columns["sheet_row"] = pa.array(sheet_rows if sheet_rows is not None
                                        else [r for r, _ in rows], pa.int32())
    return pa.table(columns)


_arrow_from_rows = arrow_from_rows


# ---- kind and sheets -------------------------------------------------------------------------
def _looks_like_utf16(head: bytes) -> bool:
    from ingest.encodings import looks_like_utf16

    return looks_like_utf16(head)


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
        except (zipfile.BadZipFile, ValueError, EOFError, OSError) as exc:
            raise IngestError(
                f"{file_name}: the file looks like a damaged workbook ({exc}). Open it in Excel, "
                "save it again and upload the new file.") from exc
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if "content.xml" in names and b"opendocument.spreadsheet" in data[:200]:
            raise IngestError(f"{file_name}: this is an OpenDocument spreadsheet (.ods). Open it "
                              "in LibreOffice or Excel, save it as .xlsx or CSV, and upload that.")
        raise IngestError(
            f"{file_name}: this is a zip archive, not a spreadsheet. Unzip it and upload the "
            "CSV or Excel file inside."
        )
    # zero bytes padding the end of a text export (a fixed-size record or a disk block, as some
    # mainframe and FTP transfers leave) are not binary data: judged without them
    tail = data[-65536:]
    padding = len(tail) - len(tail.rstrip(b"\x00"))
    head = data[:min(4096, len(data) - padding)] if padding < len(data) else data[:4096]
    # a zero byte or two in a text export (a NUL pasted into a description) is not binary data;
    # UTF-16 text without a byte-order mark is half zero bytes
    if (head.count(0) > max(2, len(head) // 100)
            and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff"))
            and not _looks_like_utf16(head)):
        raise IngestError(
            f"{file_name}: this is not a spreadsheet or a text export (it contains binary data). "
            "Upload a CSV, XLSX or XLS file."
        )
    if head.lower().lstrip().startswith(b"%pdf"):
        raise IngestError(
            f"{file_name}: this is a PDF, not a data export. Export the report as CSV or Excel.")
    from ingest.markup_workbook import markup_kind  # an HTML table or Excel 2003 XML "workbook"

    return markup_kind(head) or "csv"


def list_sheets(file_name: str, data: bytes) -> list[str]:
    kind = detect_kind(file_name, data)
    if kind == "csv":
        return []
    from ingest.read_excel import sheet_names

    return sheet_names(file_name, data, kind, ReaderLimits.from_env())


def decode_text(data: bytes) -> tuple[str, str]:
    from ingest.read_csv import decode_text as _decode

    return _decode(data)


def read_source(file_name: str, data: bytes, *, sheet: str | None = None,
                workdir: str | None = None, exact: bool = False,
                source_path: str | None = None,
                limits: ReaderLimits | None = None) -> SourceTable:
    """Find the table in a file. Raises IngestError with a person-readable message.

    exact=True forces the Python csv path for text (used when the fast path's record count does
    not match the file's lines). `sheet`: read only that sheet of a workbook (default: the
    ledger sheet, or all month sheets of one ledger). `limits`: default `ReaderLimits.from_env()`.
    """
    from ingest.read_csv import read_csv_table

    limits = limits or ReaderLimits.from_env()
    if data is None:  # named by its path (the CLI): a text export is read in place, in chunks
        data = _head_or_whole(source_path)
        if len(data) < os.path.getsize(source_path) and data.strip() \
                and not data.startswith((b"PK\x03\x04", OLE_MAGIC)) \
                and detect_kind(file_name, data) == "csv":
            workdir = workdir or tempfile.mkdtemp(prefix="techspend-")
            table = read_csv_table(file_name, None, workdir, exact=exact,
                                   source_path=source_path, limits=limits)
            return _checked_width(file_name, table)
        data = Path(source_path).read_bytes()
    kind = detect_kind(file_name, data)
    if kind == "csv":
        workdir = workdir or tempfile.mkdtemp(prefix="techspend-")
        table = read_csv_table(file_name, data, workdir, exact=exact, source_path=source_path,
                               limits=limits)
    else:
        from ingest.read_excel import read_excel_table  # pyarrow + pandas: workbooks only

        table = read_excel_table(file_name, data, kind, sheet, limits=limits)
    return _checked_width(file_name, table)


def _head_or_whole(path: str, head: int = 1 << 16) -> bytes:
    """The first 64 KB of a file (enough to tell its kind; a workbook or a small file is read
    whole by the caller)."""
    with open(path, "rb") as fh:
        return fh.read(head)


def _checked_width(file_name: str, table: SourceTable) -> SourceTable:
    if table.width < 2:
        raise IngestError(
            f"{file_name}: only one column was found. Is this a ledger export? Save it as CSV "
            "with commas or as an Excel workbook."
        )
    return table


def read_path(path: str | os.PathLike[str], **kwargs) -> SourceTable:
    p = Path(path)
    return read_source(p.name, p.read_bytes(), **kwargs)


def no_rows_error(file_name: str, columns, where: str = "") -> IngestError:
    shown = ", ".join(c for c in columns if c)[:300]
    return IngestError(
        f"{file_name}{where}: the file has column headings ({shown}) but no data rows under "
        "them. Export the report again with its rows (check the report's date range or filters)."
    )


def all_blank_error(file_name: str, where: str = "") -> IngestError:
    return IngestError(
        f"{file_name}{where}: every row is blank; there is no data to load. Export the report "
        "again and check it opens with rows in Excel or a text editor."
    )
