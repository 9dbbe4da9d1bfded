"""Workbook bounds, checked before any cell is read: the zip, the workbook index, each sheet's extent.

Business rule: a workbook is refused, with a message naming the file, the limit and what to do,
when its declared content is past the limits (`ReaderLimits`: 2 GiB uncompressed, a part
compressed more than 100x, 5,000,000 rows, 2,000 columns). Each sheet's XML is scanned for its
cells' references (one vectorised pass over the stream, `_cell_refs`: about 0.5 s per million
cells, no Python object per cell): that is the real extent, whatever `<dimension>` declares. Example: a 1.9 KB file with one cell at XFD1048576 declares a 512 GB
grid; its scan finds one cell, so it is read by the streaming reader, never by calamine.
"""

from __future__ import annotations

import io
import re
import zipfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import numpy as np

from ingest.errors import IngestError
from ingest.header import SAMPLE_ROWS
from ingest.readers import ReaderLimits

CHUNK = 1 << 20

_CELL_VALUE = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>/]*>')   # a cell with content
_CELL_EMPTY = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*/>')    # a styled empty cell
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})?([0-9]{1,7})?:?'
                        rb'([A-Z]{1,3})?([0-9]{1,7})?"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})'
                    rb'([0-9]{1,7}))?"')


def _col_number(letters: str | bytes) -> int:
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def _col_letters(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _damaged(file_name: str, exc: BaseException) -> IngestError:
    return IngestError(
        f"{file_name}: the workbook cannot be read ({type(exc).__name__}: {exc}). It may be "
        "damaged or cut short: open it in Excel, save it as .xlsx and upload it again.")


# ---- the zip: declared sizes and ratios ------------------------------------------------------
def check_zip(file_name: str, data: bytes, limits: ReaderLimits) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, OSError) as exc:
        raise _damaged(file_name, exc) from exc
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        raise IngestError(
            f"{file_name}: the workbook unpacks to {total / 1024 ** 3:,.1f} GB, more than the "
            f"limit of {limits.max_uncompressed_bytes / 1024 ** 3:,.1f} GB (setting "
            "TECHSPEND_MAX_UNCOMPRESSED_BYTES). Export a smaller period, save as CSV, or raise "
            "the limit if the file is genuine.")
    for info in infos:
        if info.file_size > limits.ratio_floor_bytes:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_compression_ratio:
                raise IngestError(
                    f"{file_name}: the part {info.filename} is compressed {ratio:,.0f} times "
                    f"(limit {limits.max_compression_ratio:,.0f}, setting "
                    "TECHSPEND_MAX_COMPRESSION_RATIO): that is how a zip bomb looks, not a "
                    "ledger. Open it in Excel, save it again, or export the report as CSV.")
    return zf


def _stream(zf: zipfile.ZipFile, name: str, file_name: str):
    """Chunks of a zip part; never more bytes than the part declares (zipfile stops there and
    a part that inflates past its declared size fails its CRC check: refused as damaged)."""
    try:
        with zf.open(name) as fh:
            while True:
                chunk = fh.read(CHUNK)
                if not chunk:
                    return
                yield chunk
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, KeyError) as exc:
        raise _damaged(file_name, exc) from exc


@dataclass(frozen=True)
class SheetPart:
    name: str
    path: str          # e.g. xl/worksheets/sheet1.xml
    hidden: bool = False   # state="hidden" / "veryHidden" in workbook.xml


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse_small_xml(zf, name: str, file_name: str):
    info = zf.getinfo(name)
    if info.file_size > 64 * 1024 ** 2:
        raise IngestError(f"{file_name}: the workbook's {name} is {info.file_size:,} bytes, far "
                          "more than a workbook index holds; it cannot be a normal workbook.")
    try:
        return ET.fromstring(b"".join(_stream(zf, name, file_name)))
    except ET.ParseError as exc:
        raise _damaged(file_name, exc) from exc


def workbook_parts(zf: zipfile.ZipFile, file_name: str) -> tuple[list[SheetPart], bool]:
    """The worksheets in workbook order, and whether dates use the 1904 system."""
    names = set(zf.namelist())
    book = next((n for n in ("xl/workbook.xml", "xl/workbook.bin") if n in names), None)
    if book is None or book.endswith(".bin"):
        raise IngestError(f"{file_name}: this workbook is not a standard .xlsx (no "
                          "xl/workbook.xml; a binary .xlsb?). Save it as .xlsx or CSV.")
    root = _parse_small_xml(zf, book, file_name)
    rels_name = "xl/_rels/workbook.xml.rels"
    targets: dict[str, str] = {}
    if rels_name in names:
        for rel in _parse_small_xml(zf, rels_name, file_name):
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else "xl/" + target
            targets[rel.get("Id", "")] = re.sub(r"[^/]+/\.\./", "", target)
    date1904 = False
    parts = []
    for el in root.iter():
        tag = _local(el.tag)
        if tag == "workbookPr":
            date1904 = el.get("date1904", "0") in ("1", "true")
        elif tag == "sheet":
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
            path = targets.get(rid or "")
            if path and path in names:
                parts.append(SheetPart(el.get("name", ""), path,
                                       el.get("state", "visible") in ("hidden", "veryHidden")))
    return parts, date1904


@dataclass(frozen=True)
class SheetScan:
    """What a sheet holds, from its cells' references (no cell read)."""

    declared_cells: int     # rows x columns of <dimension>, 0 when absent
    grid_cells: int         # rows x columns spanned by every cell tag (styled empties too)
    content_rows: int       # last row holding a value
    content_columns: int    # last column holding a value
    cells: int
    implicit_refs: bool     # some cells carry no reference (position implied)
    merges: tuple[tuple[int, int, int, int], ...]   # 0-based (r0, c0, r1, c1), header rows
    vertical_merges: tuple[tuple[int, int, int, int], ...] = ()   # any row, spanning rows


MAX_VERTICAL_MERGES = 200_000   # cells merged down over rows (ingest.excel_columns.fill_merged)


def _cell_refs(buf: bytes) -> tuple[int, int, int, int, int, int]:
    """(cell tags, cell tags with a well-formed reference first, last column and last row of
    those, last column and last row of those holding a value) in a buffer of whole tags.

    The same cells as the regular expressions `_CELL_VALUE` / `_CELL_EMPTY` find (a reference
    is 1-3 letters and 1-7 digits in quotes, right after `<c `), computed with numpy over the
    bytes, so a million cells cost no million Python objects. A cell is empty when its tag
    closes with `/>` (`<c r="B7" s="3"/>`: styled, no value)."""
    n = len(buf)
    b = np.frombuffer(buf + bytes(16), np.uint8)
    lt = np.flatnonzero(b[:n] == 60)                              # '<'
    lt = lt[b[lt + 1] == 99]                                      # '<c'
    after = b[lt + 2]
    cells = int(np.count_nonzero((after == 32) | (after == 62)))  # '<c ' or '<c>'
    p = lt[(after == 32) & (b[lt + 3] == 114) & (b[lt + 4] == 61) & (b[lt + 5] == 34)] + 6
    if not len(p):
        return cells, 0, 0, 0, 0, 0
    column = np.zeros(len(p), np.int64)
    at = p.copy()                                                 # next byte of the reference
    letters = np.zeros(len(p), np.int64)
    going = np.ones(len(p), bool)
    for _ in range(4):                                            # 1-3 letters (a 4th: not ours)
        ch = b[at]
        going &= (ch >= 65) & (ch <= 90)
        column = np.where(going, column * 26 + (ch.astype(np.int64) - 64), column)
        letters += going
        at += going
    row = np.zeros(len(p), np.int64)
    digits = np.zeros(len(p), np.int64)
    going = np.ones(len(p), bool)
    for _ in range(8):                                            # 1-7 digits
        ch = b[at]
        going &= (ch >= 48) & (ch <= 57)
        row = np.where(going, row * 10 + (ch.astype(np.int64) - 48), row)
        digits += going
        at += going
    good = ((letters >= 1) & (letters <= 3) & (digits >= 1) & (digits <= 7) & (b[at] == 34))
    if not good.any():
        return cells, 0, 0, 0, 0, 0
    column, row, at = column[good], row[good], at[good]
    closes = np.flatnonzero(b[:n] == 62)                          # '>'
    if not len(closes):
        closes = np.array([n], np.int64)
    end = closes[np.minimum(np.searchsorted(closes, at), len(closes) - 1)]
    value = b[end - 1] != 47                                      # not closed by '/>'
    val_c = int(column[value].max()) if value.any() else 0
    val_r = int(row[value].max()) if value.any() else 0
    return cells, int(good.sum()), int(column.max()), int(row.max()), val_c, val_r


def scan_sheet(zf: zipfile.ZipFile, path: str, file_name: str) -> SheetScan:
    """One pass over the sheet XML with vectorised searches (`_cell_refs`).

    Writers put the reference first (`<c r="B7" ...>`); a sheet whose cells carry no reference
    or put it later is marked `implicit_refs` and read by the streaming reader, which places
    every cell itself and enforces the limits as it goes."""
    declared = 0
    max_r = max_c = 0
    val_r = val_c = 0
    cells = refs = 0
    merges: list[tuple[int, int, int, int]] = []
    vertical: list[tuple[int, int, int, int]] = []
    carry = b""
    first = True
    prefixed = False
    for chunk in _stream(zf, path, file_name):
        buf = carry + chunk
        cut = buf.rfind(b">") + 1
        buf, carry = buf[:cut], buf[cut:]
        if len(carry) > CHUNK:
            raise IngestError(f"{file_name}: the sheet {path} has a tag over 1 MB long; it is "
                              "not a normal workbook. Open it in Excel and save it again.")
        if first:
            first = False
            m = _DIMENSION.search(buf)
            if m and m.group(3) and m.group(4):
                declared = (int(m.group(4)) - int(m.group(2) or 1) + 1) * (
                    _col_number(m.group(3)) - _col_number(m.group(1) or b"A") + 1)
            prefixed = bool(re.search(rb"<\w+:sheetData", buf))
        if prefixed:  # namespaced tags (<x:c ...>): the streaming reader places them
            cells += 1
            continue
        found = _cell_refs(buf)
        cells += found[0]
        refs += found[1]
        max_c, max_r = max(max_c, found[2]), max(max_r, found[3])
        val_c, val_r = max(val_c, found[4]), max(val_r, found[5])
        if b"mergeCell" in buf:
            for m in _MERGE.finditer(buf):
                c0, r0 = _col_number(m.group(1)), int(m.group(2))
                c1 = _col_number(m.group(3)) if m.group(3) else c0
                r1 = int(m.group(4)) if m.group(4) else r0
                if r0 <= SAMPLE_ROWS + 2:  # the header's merges
                    merges.append((r0 - 1, c0 - 1, r1 - 1, c1 - 1))
                if r1 > r0 and len(vertical) < MAX_VERTICAL_MERGES:   # a label over its rows
                    vertical.append((r0 - 1, c0 - 1, r1 - 1, c1 - 1))
    return SheetScan(declared_cells=declared, grid_cells=max_r * max_c, content_rows=val_r,
                     content_columns=val_c, cells=cells, implicit_refs=refs < cells,
                     merges=tuple(merges), vertical_merges=tuple(vertical))


def _past_limits(scan: SheetScan, limits: ReaderLimits) -> str | None:
    if scan.content_columns > limits.max_columns:
        return (f"it has a cell at {_col_letters(scan.content_columns)}{scan.content_rows}: "
                f"{scan.content_columns:,} columns, more than the limit of "
                f"{limits.max_columns:,} (setting TECHSPEND_MAX_COLUMNS)")
    if scan.content_rows > limits.max_rows:
        return (f"it has {scan.content_rows:,} rows, more than the limit of "
                f"{limits.max_rows:,} (setting TECHSPEND_MAX_ROWS)")
    return None


def _limit_advice() -> str:
    return ("If the far cells are stray, delete the empty rows and columns after your data in "
            "Excel (Ctrl+End shows the last cell), save and upload again; or export as CSV.")
