"""Writing data into spreadsheets so that a spreadsheet never evaluates it: the ONE helper every
CSV and XLSX the product writes goes through (export, rejects, uploads, page downloads, the pack).

Business rule: text from a source file (a vendor name, a memo, a file name) is data, never a
formula. A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return —
also after leading spaces or line breaks, which Excel and LibreOffice skip — could be evaluated
(CSV/formula injection), so:

* XLSX: the cell is typed as TEXT (``data_type == 's'``) and carries Excel's quote prefix
  (``quotePrefix`` style, the invisible apostrophe Excel shows in the formula bar), so it is shown
  literally, is never evaluated, and stays text when a person edits it. The VALUE IS UNCHANGED:
  ``=HYPERLINK("http://x","y")`` is stored and shown exactly as written.
* CSV (no types, no styles): the text gets a leading apostrophe, the OWASP advice:
  ``=HYPERLINK("http://x","y")`` -> ``'=HYPERLINK("http://x","y")``; ``"  @SUM(A1)"`` ->
  ``"'  @SUM(A1)"``. Whole tables (Arrow or pandas) are neutralised column-wise, never row by row.

Characters XML cannot hold (control characters other than tab/CR/LF) are replaced by U+FFFD and
text longer than Excel's 32,767-character cell limit is cut, so one odd row never breaks a pack.

Worked example::

    ws["A1"] = "x"; set_cell(ws["A1"], '=HYPERLINK("http://x","y")')
    ws["A1"].data_type -> 's'; ws["A1"].value -> '=HYPERLINK("http://x","y")'
    ws["A1"].quotePrefix -> True
    neutralise_csv_cell("@SUM(A1)") -> "'@SUM(A1)"
    neutralise_csv_cell(" -2+3")    -> "' -2+3"
"""

from __future__ import annotations

import csv
import re
from typing import Any, Iterable, TextIO

import pyarrow as pa
import pyarrow.compute as pc

# leading whitespace (spaces, line breaks) that a spreadsheet skips, then a formula trigger
FORMULA_LIKE = r"^\s*[=+\-@\t\r]"
_FORMULA_LIKE = re.compile(FORMULA_LIKE)
EXCEL_CELL_LIMIT = 32767
_ILLEGAL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f]")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and _FORMULA_LIKE.match(value) is not None


def neutralise_csv_cell(value: Any) -> Any:
    """'=cmd' -> "'=cmd"; other values unchanged."""
    return "'" + value if is_formula_like(value) else value


def neutralise_frame(frame):
    """A copy of a pandas DataFrame with every text cell neutralised (for CSV)."""
    import pandas as pd
    safe = frame.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(neutralise_csv_cell)
    return safe


def neutralise_table(table: pa.Table) -> pa.Table:
    """Every string column of an Arrow table neutralised, column-wise (millions of rows)."""
    columns = []
    for column in table.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            hit = pc.match_substring_regex(column, FORMULA_LIKE)
            column = pc.if_else(hit, pc.binary_join_element_wise("'", column, ""), column)
        columns.append(column)
    return pa.table(columns, names=table.column_names)


def write_csv_rows(out: TextIO, header: Iterable[str], rows: Iterable[Iterable[Any]]) -> None:
    """Rows of Python values to CSV with every text cell neutralised (small outputs: rejects)."""
    writer = csv.writer(out)
    writer.writerow([neutralise_csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([neutralise_csv_cell(v) for v in row])


def clean_text(value: str) -> str:
    """Text an XLSX cell can hold: XML-illegal control characters replaced, length capped."""
    text = _ILLEGAL.sub("\ufffd", value)
    return text[:EXCEL_CELL_LIMIT]


def set_cell(cell, value: Any) -> None:
    """Put `value` into an openpyxl cell (normal or WriteOnlyCell); text is always text."""
    if isinstance(value, str):
        text = clean_text(value)
        cell.value = text
        cell.data_type = "s"  # never 'f', whatever the text starts with
        if is_formula_like(text):
            cell.quotePrefix = True
    else:
        cell.value = value
