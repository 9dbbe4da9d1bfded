"""Small budget/FX files -> a header-detected table of text cells with 1-based source rows.

Business rule: a person must be able to find every row we talk about in Excel or a text editor,
so each data row keeps the row number they see there (header and preamble counted, 1-based).

Worked example, a CSV with a title line above the header::

    Technology budget FY2026          <- row 1, preamble (reported in notes)
    Department,Period,Amount          <- row 2, header
    IT,2025-04,"1,000.00"             <- row 3 -> SourceRow(3, ("IT", "2025-04", "1,000.00"))

Reading goes through the ledger reader first (`ingest.readers.read_source(..., exact=True)`:
the same encodings, delimiters, XLSX/XLS handling and messages as ledgers). Its header detection scores
LEDGER headings, so for a budget/FX file it can pick a data row (measured: 'Month,From,To,Rate'
lost to the data row '2025-07,USD,GBP,abc'). When the header it found does not name the fields
the caller needs (`is_header`), this module finds the header itself: the first row among the
first 30 that `is_header` accepts. Budget and FX files are small, so rows are plain Python.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePath
from typing import Callable, Sequence

from db import TechspendError
from ingest.readers import read_source

MAX_HEADER_SCAN = 30


class SourceFileError(TechspendError):
    """A budget or FX file that cannot be read at all."""


@dataclass(frozen=True)
class SourceRow:
    source_row: int  # 1-based row number as seen in Excel / a text editor
    cells: tuple[str, ...]  # text cells aligned with SourceTable.columns ('' when empty)


@dataclass(frozen=True)
class SourceTable:
    file_name: str
    kind: str  # csv | xlsx | xls
    sheet: str | None
    header_row: int  # 1-based
    columns: tuple[str, ...]
    rows: tuple[SourceRow, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)


HeaderTest = Callable[[Sequence[str]], bool]


def read_source_table(
    file_name: str, data: bytes, *, sheet: str | None = None, is_header: HeaderTest | None = None
) -> SourceTable:
    """File bytes -> SourceTable. Raises a TechspendError with a readable message when the file
    cannot be read. `is_header(cells)` says whether a row names the columns the caller needs."""
    table = _from_ingest(file_name, data, sheet)
    if is_header is None or is_header(table.columns):
        return table
    own = _own_reading(file_name, data, sheet, is_header)
    return own if own is not None else table


def _from_ingest(file_name: str, data: bytes, sheet: str | None) -> SourceTable:
    table = read_source(file_name, data, sheet=sheet, exact=True)
    arrow = table.arrow  # exact=True always reads into Arrow (CSV and workbooks alike)
    assert arrow is not None, "read_source(exact=True) returns an Arrow-backed table"
    names = [f"c{i}" for i in range(table.width)]
    columns = arrow.to_pydict()
    rows = tuple(
        SourceRow(int(source_row), tuple((columns[n][i] or "").strip() for n in names))
        for i, source_row in enumerate(columns["source_row"])
    )
    return SourceTable(
        file_name=file_name,
        kind=table.kind,
        sheet=table.sheet,
        header_row=table.header_row,
        columns=tuple(table.columns),
        rows=rows,
        notes=tuple(table.notes),
    )


def _cell_text(value) -> str:
    """A spreadsheet cell as text; dates as ISO, whole floats without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value).strip()


def _decode(data: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")


def _csv_rows(data: bytes) -> tuple[list[list[str]], list[str]]:
    text, encoding = _decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sample = "\n".join(text.split("\n")[:50])
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows = [[c.strip() for c in r] for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    notes = [f"read as text ({encoding}), delimiter {delimiter!r}"]
    return rows, notes


def _workbook_rows(data: bytes, kind: str, sheet: str | None) -> tuple[list[list[str]], str, list[str]]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own types for bad/encrypted files
        raise SourceFileError(
            f"Cannot open this {kind.upper()} workbook ({exc}). Save it again from Excel as "
            ".xlsx or .csv (without a password) and upload that."
        ) from exc
    names = list(workbook.sheet_names)
    if not names:
        raise SourceFileError("The workbook has no sheets.")
    chosen = sheet if sheet is not None else names[0]
    if chosen not in names:
        raise SourceFileError(f"The workbook has no sheet '{sheet}'. Its sheets: {', '.join(names)}.")
    raw = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    rows = [[_cell_text(v) for v in r] for r in raw]
    notes = [f"sheet '{chosen}'" + (f" (of {len(names)}: {', '.join(names)})" if len(names) > 1 else "")]
    return rows, chosen, notes


def _own_reading(file_name: str, data: bytes, sheet: str | None, is_header: HeaderTest) -> SourceTable | None:
    """The header found by `is_header` among the first rows; None when no row qualifies."""
    suffix = PurePath(file_name).suffix.lower().lstrip(".")
    is_zip = data[:4] == b"PK\x03\x04"
    is_ole = data[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    if is_zip or is_ole or suffix in ("xlsx", "xlsm", "xls"):
        kind = "xls" if is_ole or suffix == "xls" else "xlsx"
        rows, chosen_sheet, notes = _workbook_rows(data, kind, sheet)
    else:
        kind, chosen_sheet = "csv", None
        rows, notes = _csv_rows(data)
    header_at = next((i for i, r in enumerate(rows[:MAX_HEADER_SCAN]) if is_header(r)), None)
    if header_at is None:
        return None
    header = rows[header_at]
    width = max(len(r) for r in rows[header_at:])
    columns = []
    for position in range(width):
        name = header[position].strip() if position < len(header) else ""
        columns.append(name or f"column_{position + 1}")
    if header_at:
        notes.append(f"Header found on row {header_at + 1}; the rows above it were skipped.")
    body = []
    for offset, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        body.append(SourceRow(offset, tuple((row[i] if i < len(row) else "") for i in range(width))))
    while body and not any(body[-1].cells) and kind != "csv":
        body.pop()  # trailing empty area of a sheet
    return SourceTable(
        file_name=file_name,
        kind=kind,
        sheet=chosen_sheet,
        header_row=header_at + 1,
        columns=tuple(columns),
        rows=tuple(body),
        notes=tuple(notes),
    )
