"""One workbook's sheets, each read once within limits (calamine or the streaming reader), as text.

Business rule: a sheet goes to calamine only when its grid is within the limits, it holds at most
TECHSPEND_XLSX_CALAMINE_CELLS cells (calamine holds a whole sheet: ~200 bytes a cell at peak) and
every part it may read has been streamed through zipfile first (a part that lies about its size
is refused as damaged); any other sheet is read by `ingest.xlsx_stream`: row by row when its rows
come in order (memory bounded by one chunk of rows), else keeping only the cells present.
Either way the cells reach `ingest.excel_columns` in chunks and are kept as Arrow text. A sheet past the row/column limits is
not read at all and says why (`_Workbook.refused`). Cells become the text a person sees
(`_excel_text`: 45292.0 -> '45292', a date -> '2024-01-01', 0.1 + 0.2 -> '0.30000000000000004').
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import sys
import threading

from ingest.errors import IngestError
from ingest.excel_columns import excel_text, fill_merged, rows_to_columns, text_rows
from ingest.header import SAMPLE_ROWS
from ingest.readers import ReaderLimits
from ingest.xlsx_guard import _damaged, _past_limits, _stream, check_zip, scan_sheet, workbook_parts
from ingest.xlsx_stream import (OutOfOrder, _date_styles, _shared_strings, rows_in_order, sheet_cells,
                                stream_sheet_rows)

CALAMINE_CELLS = 5_000_000
HEAD_ROWS = SAMPLE_ROWS + 6   # rows read as text for the header (ingest.header looks at these)


# ---- workbook reading --------------------------------------------------------------------------
def _pandas_in_background() -> threading.Thread | None:
    """pyarrow imports pandas the first time it turns a Python list into Arrow (every workbook's
    cells become Arrow text: ingest.excel_columns), half a second. calamine parses a sheet
    without holding the GIL, so pandas is imported on a thread meanwhile (measured: 100,000
    rows, the whole import hidden behind a 1.9 s parse). The caller joins it as soon as the parse
    returns, so no other import runs beside it."""
    if "pandas" in sys.modules:
        return None

    def run() -> None:
        with contextlib.suppress(Exception):  # the import itself is retried, and reported,
            import pandas  # noqa: F401           # where pyarrow needs it

    thread = threading.Thread(target=run, name="techspend-import-pandas", daemon=True)
    thread.start()
    return thread


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
        self._sheets: dict[str, SheetCells] = {}
        self.merges: dict[str, tuple] = {}
        self.refused: dict[str, str] = {}
        self._verified: set[str] = set()
        if kind == "xlsx":
            self.zip = check_zip(file_name, data, limits)
            parts, self.date1904 = workbook_parts(self.zip, file_name)
            self.parts = {p.name: p for p in parts}
            self.names = tuple(p.name for p in parts)
            self.hidden = frozenset(p.name for p in parts if p.hidden)
            self._strings = None
            self._styles = None
        else:
            self.names = tuple(self.calamine().sheet_names)
            self.hidden = frozenset(m.name for m in self.calamine().sheets_metadata
                                    if "visible" not in str(m.visible).lower().rsplit(".", 1)[-1])

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

    def sheet(self, name: str) -> "SheetCells | None":
        """A sheet's cells, or None when it is past the limits (reason in `refused`)."""
        if name in self._sheets:
            return self._sheets[name]
        if name in self.refused:
            return None
        use_calamine, in_order, width = True, False, 0
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
                            <= self.limits.max_grid_cells
                            and scan.cells <= calamine_cells())
            # a big dense sheet whose cells carry their references streams row by row (bounded
            # memory); a sparse one (a far stray cell) keeps only the cells present
            in_order = not scan.implicit_refs and scan.grid_cells <= 4 * max(scan.cells, 1)
            width = scan.content_columns
        if use_calamine:
            warming = _pandas_in_background()
            try:
                try:
                    sheet = self.calamine().get_sheet_by_name(name)
                finally:
                    if warming is not None:
                        warming.join()
                ranges = (sheet.merged_cell_ranges or []) if self.kind == "xls" else []
                if self.kind == "xls" and not self.merges.get(name):
                    self.merges[name] = tuple((r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges
                                              if r0 <= SAMPLE_ROWS + 2)
                cells = SheetCells.from_calamine(sheet)
                if ranges:
                    cells.vertical_merges = tuple((r0, c0, r1, c1) for (r0, c0), (r1, c1)
                                                  in ranges if r1 > r0)
            except BaseException as exc:
                if isinstance(exc, (KeyboardInterrupt, SystemExit, IngestError)):
                    raise
                raise IngestError(f"{self.file_name}: sheet '{name}' cannot be read "
                                  f"({type(exc).__name__}: {exc}). Open it in Excel, save it "
                                  "again and upload the new file.") from exc
        else:
            cells = self._streamed(name, in_order, width)
        if self.kind == "xlsx":
            cells.vertical_merges = scan.vertical_merges
        if self.kind == "xls" and cells.n_rows > self.limits.max_rows:
            self.refused[name] = (f"it has {cells.n_rows:,} rows, more than the limit of "
                                  f"{self.limits.max_rows:,} (setting TECHSPEND_MAX_ROWS)")
            return None
        self._sheets[name] = cells
        return cells


    def _streamed(self, name: str, in_order: bool, width: int) -> "SheetCells":
        if self._strings is None:
            self._strings = _shared_strings(self.zip, self.file_name)
            self._styles = _date_styles(self.zip, self.file_name)
        args = (self.zip, self.parts[name].path, self.file_name, self.date1904, self._strings,
                self._styles, self.limits)
        if in_order:
            try:
                return SheetCells.from_stream(rows_in_order(sheet_cells(*args), width), width)
            except OutOfOrder:
                pass  # rows out of order (rare, hand-made files): read keeping every cell
        return SheetCells.from_rows(stream_sheet_rows(*args))


def calamine_cells() -> int:
    """Sheets with more cells than this (setting TECHSPEND_XLSX_CALAMINE_CELLS, default
    5,000,000: about 1 GB while calamine holds the sheet) stream row by row instead: slower
    (Python's XML parser), in memory bounded by one chunk of rows."""
    text = os.environ.get("TECHSPEND_XLSX_CALAMINE_CELLS")
    if not text:
        return CALAMINE_CELLS
    try:
        return int(text)
    except ValueError:
        raise IngestError(f"The setting TECHSPEND_XLSX_CALAMINE_CELLS={text!r} is not a number; "
                          "set it to a whole number or unset it.") from None


class SheetCells:
    """One sheet: its first HEAD_ROWS rows as text (the header region, cell by cell) and every
    row as Arrow text columns (converted a column and a chunk at a time, once). Row i (0-based)
    is Excel row i + 1; column j is Excel column j + 1 (calamine's rows start at the sheet's
    first used column: the columns before it are added as empty ones)."""

    def __init__(self, rows, n_rows: int, width: int, lead: int = 0):
        self.n_rows, self.width, self._lead = n_rows, width, lead
        rows = iter(rows)
        self._raw_head = list(itertools.islice(rows, HEAD_ROWS))
        self._rest = rows
        self.head = [[None] * lead + r for r in text_rows(self._raw_head)]
        self._columns: list | None = None
        self.vertical_merges: tuple = ()   # labels merged down over rows, filled in body()

    @classmethod
    def from_calamine(cls, sheet) -> "SheetCells":
        start, end = sheet.start, sheet.end
        if start is None or end is None:
            return cls((), 0, 0)
        # iter_rows: rows from the sheet's first row (leading empty rows given), cells from the
        # first used column; chunks of it are converted, never the whole sheet as Python lists
        return cls(sheet.iter_rows(), end[0] + 1, end[1] + 1, lead=start[1])

    @classmethod
    def from_stream(cls, rows, width: int) -> "SheetCells":
        """Dense rows from a generator (the streaming reader): converted now, chunk by chunk."""
        cells = cls(rows, 0, width)
        cells.n_rows = len(cells.columns()[0]) if width else 0
        return cells

    @classmethod
    def from_rows(cls, rows: list[list]) -> "SheetCells":
        return cls(rows, len(rows), max(map(len, rows), default=0))

    def columns(self) -> list:
        """Every row, as `width` string arrays of n_rows cells (computed once)."""
        if self._columns is None:
            rows = itertools.chain(self._raw_head, self._rest)
            self._columns = rows_to_columns(rows, self.width, self._lead)
            self._raw_head, self._rest = [], iter(())
        return self._columns

    def body(self, first: int) -> list:
        """Rows first.. (0-based) as string arrays, labels merged down over rows filled."""
        return fill_merged([c.slice(first) for c in self.columns()], self.vertical_merges, first)

    def empty(self) -> bool:
        return not any(any(r) for r in self.head) and \
            all(c.null_count == len(c) for c in self.columns())


def sheet_names(file_name: str, data: bytes, kind: str, limits: ReaderLimits) -> list[str]:
    return list(_Workbook(file_name, data, kind, limits).names)


_excel_text = excel_text   # the name other modules used
