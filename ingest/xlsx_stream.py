"""The streaming sheet reader: only the cells present are held, so a far stray cell costs one cell.

Business rule: python-calamine allocates a sheet's whole grid, so a sheet whose grid (declared
or real) is past TECHSPEND_MAX_GRID_CELLS, or whose cells carry no reference, is read here: the
XML is parsed as a stream, shared strings and date styles resolved, Excel serials turned into
dates (1900 and 1904 systems), and the row/column limits enforced cell by cell. Example: a cell
`<c r="B7" s="3"><v>45292</v></c>` with a date style gives 2024-01-01 at row 7, column 2.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import xml.etree.ElementTree as ET

from ingest.errors import IngestError
from ingest.readers import ReaderLimits
from ingest.xlsx_guard import CHUNK, _col_letters, _col_number, _damaged, _limit_advice, _local, _parse_small_xml, _stream


_REF = re.compile(r"([A-Z]{1,3})([0-9]+)$")
_DATE_IDS = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))


def _is_date_format(code: str) -> bool:
    code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.', "", code)
    return bool(re.search(r"[dmyhs]", code, re.I)) and "general" not in code.lower()


def _date_styles(zf, file_name: str) -> set[int]:
    if "xl/styles.xml" not in zf.namelist():
        return set()
    root = _parse_small_xml(zf, "xl/styles.xml", file_name)
    custom = {}
    xfs: list[int] = []
    for el in root.iter():
        tag = _local(el.tag)
        if tag == "numFmt":
            custom[int(el.get("numFmtId", "0"))] = el.get("formatCode", "")
        elif tag == "cellXfs":
            xfs = [int(x.get("numFmtId", "0")) for x in el if _local(x.tag) == "xf"]
    return {i for i, fmt in enumerate(xfs)
            if fmt in _DATE_IDS or (fmt in custom and _is_date_format(custom[fmt]))}


def _iterparse(zf, name: str, file_name: str):
    class _Reader(io.RawIOBase):
        def __init__(self):
            self._chunks = _stream(zf, name, file_name)
            self._buf = b""

        def readable(self):
            return True

        def readinto(self, b):
            while not self._buf:
                self._buf = next(self._chunks, b"")
                if not self._buf:
                    return 0
            n = min(len(b), len(self._buf))
            b[:n] = self._buf[:n]
            self._buf = self._buf[n:]
            return n

    try:
        yield from ET.iterparse(io.BufferedReader(_Reader(), CHUNK), events=("start", "end"))
    except ET.ParseError as exc:
        raise _damaged(file_name, exc) from exc


def _shared_strings(zf, file_name: str) -> list[str]:
    name = next((n for n in zf.namelist() if n.lower() == "xl/sharedstrings.xml"), None)
    if name is None:
        return []
    out: list[str] = []
    for event, el in _iterparse(zf, name, file_name):
        if event != "end" or _local(el.tag) != "si":
            continue
        parts = []
        for child in el:
            tag = _local(child.tag)
            if tag == "t":
                parts.append(child.text or "")
            elif tag == "r":
                parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
        out.append("".join(parts))
        el.clear()
    return out


def _serial_to_date(serial: float, date1904: bool):
    if not math.isfinite(serial) or serial < 0 or serial > 2_958_465:
        return serial
    if date1904:
        base = dt.datetime(1904, 1, 1)
    elif serial < 60:
        base = dt.datetime(1899, 12, 31)
    else:
        base = dt.datetime(1899, 12, 30)
    value = base + dt.timedelta(days=serial)
    if serial == int(serial):
        return value.date()
    return value


def sheet_cells(zf, path: str, file_name: str, date1904: bool, strings: list[str],
                date_styles: set[int], limits: ReaderLimits):
    """(row, column, value) of every cell holding a value, in the order of the XML (1-based
    positions; values as calamine gives them); the row/column limits enforced cell by cell."""
    row_no = 0
    col_no = 0
    cell_ref = cell_type = None
    cell_style = 0
    value = None
    inline: list[str] = []
    sheet_data = None
    for event, el in _iterparse(zf, path, file_name):
        tag = _local(el.tag)
        if event == "start":
            if tag == "row":
                r = el.get("r")
                row_no = int(r) if r and r.isdigit() else row_no + 1
                col_no = 0
            elif tag == "c":
                cell_ref, cell_type = el.get("r"), el.get("t", "n")
                cell_style = int(el.get("s", "0") or 0)
                value, inline = None, []
            elif tag == "sheetData":
                sheet_data = el
            continue
        if tag == "v":
            value = el.text
        elif tag == "t" and cell_type == "inlineStr":
            inline.append(el.text or "")
        elif tag == "c":
            if cell_ref:
                m = _REF.match(cell_ref)
                if m:
                    col_no, row_no = _col_number(m.group(1)), int(m.group(2))
                else:
                    col_no += 1
            else:
                col_no += 1
            result = _cell_value(cell_type, value, inline, cell_style, strings, date_styles,
                                 date1904)
            if result not in (None, ""):
                if col_no > limits.max_columns:
                    raise IngestError(
                        f"{file_name}: a cell at {_col_letters(col_no)}{row_no} is past the "
                        f"limit of {limits.max_columns:,} columns (setting "
                        f"TECHSPEND_MAX_COLUMNS). {_limit_advice()}")
                if row_no > limits.max_rows:
                    raise IngestError(
                        f"{file_name}: the sheet has {row_no:,} rows, more than the limit of "
                        f"{limits.max_rows:,} (setting TECHSPEND_MAX_ROWS). Split the export "
                        "or raise the limit.")
                yield row_no, col_no, result
        elif tag == "row":
            if sheet_data is not None:
                sheet_data.clear()


def stream_sheet_rows(zf, path: str, file_name: str, date1904: bool, strings: list[str],
                      date_styles: set[int], limits: ReaderLimits) -> list[list]:
    """Rows of a sheet (index = row - 1), cells as Python values like calamine gives; only the
    cells present are held, so a far stray cell costs one cell, not a grid. Cells in any order."""
    rows: dict[int, dict[int, object]] = {}
    for row_no, col_no, value in sheet_cells(zf, path, file_name, date1904, strings,
                                             date_styles, limits):
        rows.setdefault(row_no, {})[col_no] = value
    if not rows:
        return []
    last = max(rows)
    out: list[list] = []
    for r in range(1, last + 1):
        cells = rows.get(r)
        if not cells:
            out.append([])
            continue
        row = [None] * max(cells)
        for c, v in cells.items():
            row[c - 1] = v
        out.append(row)
    return out


class OutOfOrder(Exception):
    """The sheet's rows are not in ascending order (or a cell lies past the width scanned)."""


def rows_in_order(cells, width: int):
    """Dense rows (index = row - 1, `width` cells) from `sheet_cells` of a sheet whose rows come
    in ascending order, as every writer saves them: one row is held at a time, so a sheet of
    any size streams in bounded memory. Raises OutOfOrder otherwise (the caller reads the
    sheet with `stream_sheet_rows`, which takes any order)."""
    current, row = 0, None
    for row_no, col_no, value in cells:
        if row_no != current:
            if row_no < current:
                raise OutOfOrder(row_no)
            if row is not None:
                yield row
            for _ in range(current + 1, row_no):
                yield []
            current, row = row_no, [None] * width
        if col_no > width:
            raise OutOfOrder(col_no)
        row[col_no - 1] = value
    if row is not None:
        yield row


def _cell_value(kind, value, inline, style, strings, date_styles, date1904):
    if kind == "inlineStr":
        return "".join(inline)
    if value is None:
        return None
    if kind == "s":
        try:
            return strings[int(value)]
        except (ValueError, IndexError):
            return None
    if kind == "b":
        return value.strip() in ("1", "true")
    if kind in ("str", "e"):
        return value
    if kind == "d":
        return value[:10] if value.endswith("T00:00:00") or len(value) == 10 else value
    try:
        number = float(value)
    except ValueError:
        return value
    if style in date_styles:
        return _serial_to_date(number, date1904)
    return number
