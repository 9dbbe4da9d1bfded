"""Workbooks (XLSX, XLS) -> SourceTable, checked before they are read, never read blindly.

Business rule 1, bounded: a workbook is refused, with a message naming the file, the limit and
what to do, when its declared content is past the limits (`ReaderLimits`: 2 GiB uncompressed, a
part compressed more than 100x, 5,000,000 rows, 2,000 columns). Before any cell is read, each
sheet's XML is scanned for its cells' references (a cheap regex pass over the stream): that is the
real extent, whatever `<dimension>` declares. python-calamine allocates a sheet's whole grid (a
1.9 KB file with one cell at XFD1048576 asks for 512 GB and aborts the process, uncatchable), so a
sheet goes to calamine only when its grid (declared and real) is within TECHSPEND_MAX_GRID_CELLS;
any other sheet is read by the streaming reader here, which keeps only the cells present.

Business rule 2, shapes: sheets that are months of one ledger (the same header, position by
position, on at least two thirds of the named columns) load as one table, each row carrying its
sheet (`source_sheet`) and its row in that sheet (`sheet_row`); a cover/parameters sheet, or any
sheet with other columns, is skipped and said. Merged header cells name every column they cover.

Worked example: durham_pcc_2024-25.xlsx has 12 sheets "Apr 24 PCC" ... "MAR 25 PCC", each with the
header `Period | Account | Account(T) | Amount | Supplier` (the last two call the fifth column
`Ap/Ar ID(T)`): one table of 670 rows (658 lines + 12 note rows), the note saying which sheets
were stacked. bury_sep_2023.xlsx: sheet `Parameters` (client, user_id, Period ...) is skipped as
a cover/parameters sheet; the ledger is the second sheet.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ingest.errors import IngestError
from ingest.header import SAMPLE_ROWS, analyse_header, find_header, header_totals, unique_columns
from ingest.mapping import header_score
from ingest.readers import (
    TYPE_SAMPLE_ROWS,
    ReaderLimits,
    SourceTable,
    all_blank_error,
    arrow_from_rows,
    no_rows_error,
)

CHUNK = 1 << 20
_INF = float("inf")
MONTH_SHEET_AGREEMENT = 2 / 3   # share of named header columns that must agree, by position

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
                parts.append(SheetPart(el.get("name", ""), path))
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
    merges: tuple[tuple[int, int, int, int], ...]   # 0-based (r0, c0, r1, c1)


def scan_sheet(zf: zipfile.ZipFile, path: str, file_name: str) -> SheetScan:
    """One pass over the sheet XML with C-speed searches (about 1 s per million cells).

    Writers put the reference first (`<c r="B7" ...>`); a sheet whose cells carry no reference
    or put it later is marked `implicit_refs` and read by the streaming reader, which places
    every cell itself and enforces the limits as it goes."""
    declared = 0
    max_r = max_c = 0
    val_r = val_c = 0
    cells = refs = 0
    merges: list[tuple[int, int, int, int]] = []
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
        cells += buf.count(b"<c ") + buf.count(b"<c>")
        full = _CELL_VALUE.findall(buf)
        empty = _CELL_EMPTY.findall(buf)
        refs += len(full) + len(empty)
        for found, is_value in ((full, True), (empty, False)):
            if not found:
                continue
            letters = max({c for c, _ in found}, key=lambda c: (len(c), c))
            last_row = max(map(int, {r for _, r in found}))
            max_c, max_r = max(max_c, _col_number(letters)), max(max_r, last_row)
            if is_value:
                val_c, val_r = max(val_c, _col_number(letters)), max(val_r, last_row)
        if b"mergeCell" in buf:
            for m in _MERGE.finditer(buf):
                c0, r0 = _col_number(m.group(1)), int(m.group(2))
                c1 = _col_number(m.group(3)) if m.group(3) else c0
                r1 = int(m.group(4)) if m.group(4) else r0
                if r0 <= SAMPLE_ROWS + 2:  # merges matter for the header only
                    merges.append((r0 - 1, c0 - 1, r1 - 1, c1 - 1))
    return SheetScan(declared_cells=declared, grid_cells=max_r * max_c, content_rows=val_r,
                     content_columns=val_c, cells=cells, implicit_refs=refs < cells,
                     merges=tuple(merges))


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


# ---- streaming reader (only the cells present) -------------------------------------------------
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


def stream_sheet_rows(zf, path: str, file_name: str, date1904: bool, strings: list[str],
                      date_styles: set[int], limits: ReaderLimits) -> list[list]:
    """Rows of a sheet (index = row - 1), cells as Python values like calamine gives; only the
    cells present are held, so a far stray cell costs one cell, not a grid."""
    rows: dict[int, dict[int, object]] = {}
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
                m = re.match(r"([A-Z]{1,3})([0-9]+)$", cell_ref)
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
                rows.setdefault(row_no, {})[col_no] = result
        elif tag == "row":
            if sheet_data is not None:
                sheet_data.clear()
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


# ---- workbook reading --------------------------------------------------------------------------
def _open_calamine(file_name: str, data: bytes):
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except BaseException as exc:  # calamine errors, and Rust panics (pyo3 PanicException)
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise _damaged(file_name, exc) from exc


class _Workbook:
    """Sheets of one workbook, each read once, within limits."""

    def __init__(self, file_name: str, data: bytes, kind: str, limits: ReaderLimits):
        self.file_name, self.data, self.kind, self.limits = file_name, data, kind, limits
        self._calamine = None
        self._rows: dict[str, list[list]] = {}
        self.merges: dict[str, tuple] = {}
        self.refused: dict[str, str] = {}
        self._verified: set[str] = set()
        if kind == "xlsx":
            self.zip = check_zip(file_name, data, limits)
            parts, self.date1904 = workbook_parts(self.zip, file_name)
            self.parts = {p.name: p for p in parts}
            self.names = tuple(p.name for p in parts)
            self._strings = None
            self._styles = None
        else:
            self.names = tuple(self.calamine().sheet_names)

    def calamine(self):
        if self._calamine is None:
            if self.kind == "xlsx":
                self._verify_parts()
            self._calamine = _open_calamine(self.file_name, self.data)
        return self._calamine

    def _verify_parts(self) -> None:
        """calamine trusts the zip; Python's zipfile stops at each part's declared size and
        checks its CRC. Every XML part calamine may read (shared strings, styles, sheets) is
        streamed through zipfile first, so a part that lies about its size (declares 1 KB,
        inflates to gigabytes) is refused as damaged before calamine opens it."""
        for info in self.zip.infolist():
            if info.filename.endswith((".xml", ".rels")) and info.filename not in self._verified:
                for _ in _stream(self.zip, info.filename, self.file_name):
                    pass
                self._verified.add(info.filename)

    def rows(self, name: str) -> list[list] | None:
        """Rows of a sheet, or None when it is past the limits (reason in `refused`)."""
        if name in self._rows:
            return self._rows[name]
        if name in self.refused:
            return None
        use_calamine = True
        if self.kind == "xlsx":
            scan = scan_sheet(self.zip, self.parts[name].path, self.file_name)
            self._verified.add(self.parts[name].path)
            self.merges[name] = scan.merges
            reason = _past_limits(scan, self.limits)
            if reason:
                self.refused[name] = reason
                return None
            use_calamine = (not scan.implicit_refs
                            and max(scan.declared_cells, scan.grid_cells)
                            <= self.limits.max_grid_cells)
        if use_calamine:
            try:
                sheet = self.calamine().get_sheet_by_name(name)
                if self.kind == "xls" and not self.merges.get(name):
                    self.merges[name] = tuple(
                        (r0, c0, r1, c1) for (r0, c0), (r1, c1) in
                        (sheet.merged_cell_ranges or []) if r0 <= SAMPLE_ROWS + 2)
                rows = sheet.to_python(skip_empty_area=False)
            except BaseException as exc:
                if isinstance(exc, (KeyboardInterrupt, SystemExit, IngestError)):
                    raise
                raise IngestError(f"{self.file_name}: sheet '{name}' cannot be read "
                                  f"({type(exc).__name__}: {exc}). Open it in Excel, save it "
                                  "again and upload the new file.") from exc
        else:
            if self._strings is None:
                self._strings = _shared_strings(self.zip, self.file_name)
                self._styles = _date_styles(self.zip, self.file_name)
            rows = stream_sheet_rows(self.zip, self.parts[name].path, self.file_name,
                                     self.date1904, self._strings, self._styles, self.limits)
        if self.kind == "xls" and len(rows) > self.limits.max_rows:
            self.refused[name] = (f"it has {len(rows):,} rows, more than the limit of "
                                  f"{self.limits.max_rows:,} (setting TECHSPEND_MAX_ROWS)")
            return None
        self._rows[name] = rows
        return rows


def sheet_names(file_name: str, data: bytes, kind: str, limits: ReaderLimits) -> list[str]:
    return list(_Workbook(file_name, data, kind, limits).names)


def _excel_text(value) -> str | None:
    """A workbook cell as the text a person sees (dates ISO, no float noise)."""
    kind = type(value)  # the two common cases first: this runs once per cell
    if kind is str:
        return value.strip() or None
    if kind is float:
        if value != value or value in (_INF, -_INF):
            return None
        if value.is_integer() and -1e15 < value < 1e15:
            return str(int(value))
        text = repr(value)
        if "e" in text or "E" in text:
            text = format(value, ".10f").rstrip("0").rstrip(".")
        return text
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


@dataclass
class _SheetTable:
    name: str
    rows: list[list[str | None]]     # text cells, all rows of the sheet
    shape: object                    # HeaderShape
    likeness: float

    @property
    def header(self) -> list[str | None]:
        return list(self.shape.names)

    def signature(self) -> list[str]:
        names = [(n or "").strip().casefold() for n in self.header]
        while names and not names[-1]:
            names.pop()
        return names

    def data_rows(self) -> int:
        return sum(1 for r in self.rows[self.shape.last + 1:] if sum(1 for c in r if c) >= 2)


def _text_rows(raw: list[list]) -> list[list[str | None]]:
    return [[_excel_text(c) for c in r] for r in raw]


def _likeness(rows: list[list[str | None]], shape) -> float:
    filled = [r for r in rows[:SAMPLE_ROWS] if sum(1 for c in r if c) >= 2]
    if not filled:
        return float("-inf")
    header = [c for c in shape.names if c]
    return header_score(header) + math.log(len(rows) + 1)


def _same_ledger(a: list[str], b: list[str]) -> bool:
    """Month sheets of one ledger: the same named columns, position by position (mostly)."""
    if len(a) < 2 or len(b) < 2 or abs(len(a) - len(b)) > 1:
        return False
    named = max(sum(1 for n in a if n), sum(1 for n in b if n))
    agree = sum(1 for x, y in zip(a, b) if x and x == y)
    return agree >= MONTH_SHEET_AGREEMENT * named


def read_excel_table(file_name: str, data: bytes, kind: str, sheet: str | None,
                     limits: ReaderLimits | None = None) -> SourceTable:
    limits = limits or ReaderLimits.from_env()
    book = _Workbook(file_name, data, kind, limits)
    sheets = book.names
    if not sheets:
        raise IngestError(f"{file_name}: the workbook has no sheets.")
    if sheet is not None and sheet not in sheets:
        raise IngestError(
            f"{file_name}: there is no sheet named '{sheet}'. Sheets: {', '.join(sheets)}."
        )
    notes: list[str] = []
    skipped: list[tuple[str, str]] = []
    tables: dict[str, _SheetTable] = {}
    for name in ([sheet] if sheet is not None else list(sheets)):
        raw = book.rows(name)
        if raw is None:
            if sheet is not None or len(sheets) == 1:
                raise IngestError(f"{file_name}: sheet '{name}' is too large to read: "
                                  f"{book.refused[name]}. {_limit_advice()}")
            skipped.append((name, f"too large to read: {book.refused[name]}"))
            continue
        rows = _text_rows(raw)
        if not any(any(r) for r in rows):
            if sheet is not None:
                raise all_blank_error(file_name, f" (sheet '{name}')")
            skipped.append((name, "empty"))
            continue
        shape = analyse_header(rows[:SAMPLE_ROWS + 6], book.merges.get(name, ()))
        tables[name] = _SheetTable(name, rows, shape, _likeness(rows, shape))
    if not tables:
        if skipped and all(why == "empty" for _, why in skipped):
            raise all_blank_error(file_name, " (every sheet)")
        raise IngestError(f"{file_name}: no sheet can be read: "
                          + "; ".join(f"'{n}' {why}" for n, why in skipped)
                          + f". {_limit_advice()}")
    chosen = max(tables.values(), key=lambda t: t.likeness)
    group = [chosen]
    if sheet is None:
        group = [t for t in tables.values() if t is chosen or (
            _same_ledger(chosen.signature(), t.signature()) and t.data_rows() > 0)]
        for t in tables.values():
            if t in group:
                continue
            cover = (sum(1 for n in t.signature() if n) <= 2 or t.data_rows() < 2)
            skipped.append((t.name, "a cover or parameters sheet, not ledger lines" if cover
                            else "its columns differ from the ledger's; pick it with the sheet "
                                 "choice to load it instead"))
    # workbook order
    group.sort(key=lambda t: sheets.index(t.name))
    first = group[0]
    if len(group) > 1:
        notes.append(
            f"{len(group)} sheets share the ledger's columns and were read as one table "
            f"({', '.join(t.name for t in group)}); each line keeps its sheet. Pick one sheet "
            "to load it alone.")
        for t in group[1:]:
            differ = [f"'{b}' (here '{a}')" for a, b in zip(first.header, t.header)
                      if (a or "").strip().casefold() != (b or "").strip().casefold() and b]
            if differ:
                notes.append(f"Sheet '{t.name}' names column(s) {', '.join(differ)}.")
    elif len(sheets) > 1 and sheet is None:
        notes.append(
            f"The workbook has {len(sheets)} sheets ({', '.join(sheets)}); "
            f"'{first.name}' looks like the ledger and was used. Pick another sheet if that is "
            "wrong.")
    for name, why in skipped:
        notes.append(f"Sheet '{name}' was skipped: {why}.")

    body: list[tuple[int, list[str | None]]] = []
    row_sheets: list[str] = []
    sheet_rows: list[int] = []
    preamble: list[tuple[int, str]] = []
    offset = 0
    width = 0
    for t in group:
        shape = t.shape
        prefix = f"{t.name}: " if len(group) > 1 else ""
        preamble.extend((i + 1, prefix + ", ".join(c for c in r if c))
                        for i, r in enumerate(t.rows[:shape.first]) if any(r))
        for i, r in enumerate(t.rows):
            if i > shape.last:
                body.append((offset + i + 1, r))
                row_sheets.append(t.name)
                sheet_rows.append(i + 1)
        width = max(width, len(t.header), max((len(r) for r in t.rows[shape.last + 1:]),
                                               default=0))
        offset += len(t.rows)
    header = first.header
    # drop trailing all-empty columns beyond the header
    named = len(header)
    while named and not header[named - 1]:
        named -= 1
    while width > named and not any(len(r) >= width and r[width - 1] for _, r in body):
        width -= 1
    if width > limits.max_columns:
        raise IngestError(f"{file_name}: the sheet has {width:,} columns, more than the limit of "
                          f"{limits.max_columns:,} (setting TECHSPEND_MAX_COLUMNS). "
                          f"{_limit_advice()}")
    body = [(n, r[:width]) for n, r in body]
    if not any(any(r) for _, r in body):
        raise no_rows_error(file_name, header, f" (sheet '{first.name}')")
    notes.extend(first.shape.notes)
    if preamble and len(group) == 1:
        notes.append(
            f"Header found on row {first.shape.first + 1}; {len(preamble)} title/parameter "
            "row(s) above it were skipped.")
    columns = unique_columns(header, width)
    totals, note = header_totals(first.rows, first.shape, columns)
    if note:
        notes.append(note)
    return SourceTable(
        file_name=file_name, kind=kind, sheet=first.name if len(group) == 1 else None,
        sheets=sheets, header_row=first.shape.last + 1,
        columns=columns, preamble=tuple(preamble),
        sample=tuple(tuple(r[i] if i < len(r) else None for i in range(width))
                     for _, r in body[:TYPE_SAMPLE_ROWS] if any(r)),
        notes=tuple(notes),
        arrow=arrow_from_rows(body, width, row_sheets, sheet_rows),
        header_totals=totals, source_sheets=tuple(t.name for t in group),
        skipped_sheets=tuple(skipped),
    )


__all__ = ["check_zip", "read_excel_table", "scan_sheet", "sheet_names", "stream_sheet_rows",
           "workbook_parts", "find_header"]
