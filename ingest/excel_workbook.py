"""One workbook's sheets, each read once within limits (calamine or the streaming reader), as text.

Business rule: a sheet goes to calamine only when its grid is within the limits and every part it
may read has been streamed through zipfile first (a part that lies about its size is refused as
damaged); any other sheet is read by `ingest.xlsx_stream`. A sheet past the row/column limits is
not read at all and says why (`_Workbook.refused`). Cells become the text a person sees
(`_excel_text`: 45292.0 -> '45292', a date -> '2024-01-01', 0.1 + 0.2 -> '0.30000000000000004').
"""

from __future__ import annotations

import datetime as dt
import io
import math

from ingest.errors import IngestError
from ingest.header import SAMPLE_ROWS
from ingest.readers import ReaderLimits
from ingest.xlsx_guard import _damaged, _past_limits, _stream, check_zip, scan_sheet, workbook_parts
from ingest.xlsx_stream import _date_styles, _shared_strings, stream_sheet_rows

_INF = float("inf")


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
