"""Writing data into spreadsheets so that a spreadsheet never evaluates it.

Business rule: text from a source file (a vendor name, a memo) is data, never a formula. A cell
whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return could be evaluated
by Excel or LibreOffice (CSV/formula injection), so every exported text cell goes through here:

* XLSX: the cell is typed as TEXT (``data_type == 's'``) and carries Excel's quote prefix
  (``quotePrefix`` style, the invisible apostrophe Excel shows in the formula bar), so it is shown
  literally, is never evaluated, and stays text when a person edits it. The VALUE IS UNCHANGED:
  ``=HYPERLINK("http://x","y")`` is stored and shown exactly as written.
* CSV (no types, no styles): the text gets a leading apostrophe, the OWASP advice:
  ``=HYPERLINK("http://x","y")`` -> ``'=HYPERLINK("http://x","y")``.

Characters XML cannot hold (control characters other than tab/CR/LF) are replaced by U+FFFD and
text longer than Excel's 32,767-character cell limit is cut, so one odd row never breaks a pack.

Worked example::

    ws["A1"] = "x"; set_cell(ws["A1"], '=HYPERLINK("http://x","y")')
    ws["A1"].data_type -> 's'; ws["A1"].value -> '=HYPERLINK("http://x","y")'
    ws["A1"].quotePrefix -> True
    neutralise_csv_cell("@SUM(A1)") -> "'@SUM(A1)"

pages/ui.py follows the same policy; this is the models-side copy pages can import too.
"""

from __future__ import annotations

import re
from typing import Any

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXCEL_CELL_LIMIT = 32767
_ILLEGAL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f]")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES)


def neutralise_csv_cell(value: Any) -> Any:
    """'=cmd' -> "'=cmd"; other values unchanged."""
    return "'" + value if is_formula_like(value) else value


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
