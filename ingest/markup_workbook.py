"""Workbooks written as markup: an HTML table saved as .xls, and Excel 2003 XML (SpreadsheetML).

Business rule: many finance systems' "Export to Excel" (Oracle E-Business Suite, PeopleSoft,
SAP's web reports, banks' and councils' web portals) write an HTML page holding a <table>, named
.xls; older Excel and .NET reports write SpreadsheetML 2003 (`<Workbook xmlns="urn:schemas-
microsoft-com:office:spreadsheet">`). Excel opens both as a workbook, so a person sees a sheet
and expects it to load like one. Each is read here into the same sheets a binary workbook gives
(`SheetCells`), so finding the header, choosing the ledger sheet and stacking month sheets are
the workbook reader's own (`ingest.read_excel`).

- HTML: every <table> that holds at least two rows of two cells is a sheet, named by its
  <caption> or `Table N` in page order (a table nested in a cell is its own sheet, and its text
  is not part of the outer cell). A cell is the text the page shows (runs of spaces and line
  breaks are one space; `&nbsp;` is a no-break space, as a CSV would carry it). A `colspan` or
  `rowspan` cell is a merged cell: its text in the first position, the others empty, and in
  the header rows it names every column it covers. A page with no such table is refused as
  a web page, not a data export.
- SpreadsheetML: each <Worksheet> is a sheet; `ss:Index` places a row or cell, `ss:MergeAcross`
  and `ss:MergeDown` merge; Number and DateTime cells become the text a binary workbook's cells
  do (`45292` not `45292.0`, `2024-01-15`); a sheet marked `SheetHidden` is hidden. A document
  that declares entities (<!DOCTYPE ... <!ENTITY) is refused: an export never needs them, and
  they are how a file expands to gigabytes.

Worked example: a PeopleSoft "Download to Excel" `ap_vouchers.xls` that starts `<html><body>
<table><tr><th>Voucher</th><th>Supplier</th><th>Invoice Date</th><th>Amount</th></tr>...` reads
as one sheet `Table 1` of the four columns, every row a line; before, it was refused as a web
page. Limits: more rows or cells than TECHSPEND_MAX_ROWS / TECHSPEND_MAX_GRID_CELLS refuse the
sheet, as for any workbook.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

from ingest.errors import IngestError
from ingest.excel_columns import excel_text
from ingest.excel_workbook import SheetCells
from ingest.header import SAMPLE_ROWS
from ingest.readers import ReaderLimits

HEADER_MERGE_ROWS = SAMPLE_ROWS + 2   # merges recorded only where a header may be (as for .xls)
_SPACES = re.compile(r"[ \t\r\n\f]+")
_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
_X = "{urn:schemas-microsoft-com:office:excel}"


def markup_kind(head: bytes) -> str | None:
    """'html' or 'xml2003' when the first bytes are a table-bearing page or SpreadsheetML."""
    text = head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"urn:schemas-microsoft-com:office:spreadsheet" in head[:4096].lower() and (
            text.startswith(b"<?xml") or text.startswith(b"<workbook") or b"<workbook" in text):
        return "xml2003"
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head", b"<body",
                        b"<style", b"<!--")) or (text.startswith(b"<?xml") and b"<html" in text):
        return "html"
    return None


class _Table:
    def __init__(self, order: int):
        self.order, self.rows, self.merges, self.caption = order, [], [], ""
        self.vertical: list[tuple] = []   # rowspans anywhere: labels merged down over rows
        self.row: list | None = None
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.down: dict[int, int] = {}   # column -> rows still covered by a rowspan above
        self.in_caption = False

    def start_row(self) -> None:
        self.end_row()
        self.row = []

    def end_row(self) -> None:
        self.end_cell()
        if self.row is not None:
            self._fill_down()
            self.rows.append(self.row)
            self.down = {c: n - 1 for c, n in self.down.items() if n > 1}
        self.row = None

    def _fill_down(self) -> None:
        # columns covered by a rowspan from above come before the next cell of this row
        while len(self.row) in self.down:
            self.row.append(None)

    def start_cell(self, colspan: int, rowspan: int) -> None:
        if self.row is None:
            self.start_row()
        self.end_cell()
        self._fill_down()
        self.cell, self.span = [], (colspan, rowspan)

    def end_cell(self) -> None:
        if self.cell is None:
            return
        text = _SPACES.sub(" ", "".join(self.cell)).strip(" ") or None
        colspan, rowspan = self.span
        r, c = len(self.rows), len(self.row)
        self.row.append(text)
        self.row.extend([None] * (colspan - 1))
        if rowspan > 1:
            for col in range(c, c + colspan):
                self.down[col] = rowspan
        if (colspan > 1 or rowspan > 1) and r <= HEADER_MERGE_ROWS:
            self.merges.append((r, c, r + rowspan - 1, c + colspan - 1))
        if rowspan > 1 and len(self.vertical) < 200_000:
            self.vertical.append((r, c, r + rowspan - 1, c + colspan - 1))
        self.cell = None

    def finish(self) -> None:
        self.end_row()


def _span(attrs, name: str) -> int:
    for key, value in attrs:
        if key == name and value:
            digits = re.match(r"\s*(\d+)", value)
            if digits:
                return max(1, min(int(digits.group(1)), 1000))
    return 1


class _TableParser(HTMLParser):
    """Every <table> of a page as rows of cell text (nested tables apart)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[_Table] = []
        self.done: list[_Table] = []
        self.count = 0
        self.skipping = 0   # inside <script> or <style>

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skipping += 1
        elif tag == "table":
            self.count += 1
            self.open.append(_Table(self.count))
        elif not self.open:
            return
        elif tag == "tr":
            self.open[-1].start_row()
        elif tag in ("td", "th"):
            self.open[-1].start_cell(_span(attrs, "colspan"), _span(attrs, "rowspan"))
        elif tag == "br" and self.open[-1].cell is not None:
            self.open[-1].cell.append(" ")
        elif tag == "caption":
            self.open[-1].in_caption = True

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skipping = max(0, self.skipping - 1)
        elif not self.open:
            return
        elif tag == "table":
            table = self.open.pop()
            table.finish()
            self.done.append(table)
        elif tag == "tr":
            self.open[-1].end_row()
        elif tag in ("td", "th"):
            self.open[-1].end_cell()
        elif tag == "caption":
            self.open[-1].in_caption = False

    def handle_data(self, data):
        if self.skipping or not self.open:
            return
        table = self.open[-1]
        if table.in_caption:
            table.caption += data
        elif table.cell is not None:
            table.cell.append(data)

    def close(self):
        super().close()
        while self.open:
            table = self.open.pop()
            table.finish()
            self.done.append(table)


def _is_data_table(rows: list[list]) -> bool:
    return sum(1 for r in rows if sum(1 for c in r if c) >= 2) >= 2


class MarkupWorkbook:
    """The sheets of an HTML or SpreadsheetML workbook, with `_Workbook`'s interface."""

    def __init__(self, file_name: str, data: bytes, kind: str, limits: ReaderLimits):
        self.file_name, self.kind, self.limits = file_name, kind, limits
        self.merges: dict[str, tuple] = {}
        self.refused: dict[str, str] = {}
        self.hidden: frozenset[str] = frozenset()
        self._sheets: dict[str, SheetCells] = {}
        named = (self._html_sheets(data) if kind == "html" else self._xml_sheets(data))
        self.names = tuple(name for name, _, _, _ in named)
        for name, rows, merges, vertical in named:
            self.merges[name] = tuple(m for m in merges if m[0] <= HEADER_MERGE_ROWS)
            reason = self._past_limits(rows)
            if reason:
                self.refused[name] = reason
            else:
                self._sheets[name] = SheetCells.from_rows(rows)
                self._sheets[name].vertical_merges = tuple(vertical)

    def sheet(self, name: str) -> SheetCells | None:
        return self._sheets.get(name)

    def _past_limits(self, rows: list[list]) -> str | None:
        width = max(map(len, rows), default=0)
        if len(rows) > self.limits.max_rows:
            return (f"it has {len(rows):,} rows, more than the limit of "
                    f"{self.limits.max_rows:,} (setting TECHSPEND_MAX_ROWS)")
        if len(rows) * width > self.limits.max_grid_cells:
            return (f"it has {len(rows):,} rows of {width:,} columns, more than the limit of "
                    f"{self.limits.max_grid_cells:,} cells (setting TECHSPEND_MAX_GRID_CELLS)")
        return None

    # ---- HTML ------------------------------------------------------------------------------
    def _html_sheets(self, data: bytes):
        from ingest.read_csv import decode_text

        text, _ = decode_text(data)
        parser = _TableParser()
        parser.feed(text)
        parser.close()
        tables = sorted((t for t in parser.done if _is_data_table(t.rows)),
                        key=lambda t: t.order)
        if not tables:
            raise IngestError(
                f"{self.file_name}: this is a web page with no table of data, not a data export. "
                "Export the report as CSV or Excel.")
        named, seen = [], set()
        for number, table in enumerate(tables, 1):
            name = _SPACES.sub(" ", table.caption).strip()[:60] or f"Table {number}"
            while name in seen:
                name = f"{name} ({number})"
            seen.add(name)
            named.append((name, table.rows, table.merges, table.vertical))
        return named

    # ---- SpreadsheetML 2003 ------------------------------------------------------------------
    def _xml_sheets(self, data: bytes):
        head = data[:65536].lower()
        if b"<!entity" in head or b"<!doctype" in head:
            raise IngestError(
                f"{self.file_name}: this Excel 2003 XML file declares entities, which an export "
                "never needs. Open it in Excel, save it as .xlsx and upload that file.")
        named, hidden = [], set()
        try:
            for name, rows, merges, is_hidden in _spreadsheetml_sheets(data, self.file_name,
                                                                       self.limits):
                named.append((name, rows, merges, [m for m in merges if m[2] > m[0]]))
                if is_hidden:
                    hidden.add(name)
        except ElementTree.ParseError as exc:
            raise IngestError(
                f"{self.file_name}: this Excel 2003 XML file is damaged ({exc}). Open it in "
                "Excel, save it as .xlsx and upload that file.") from exc
        if not named:
            raise IngestError(f"{self.file_name}: the Excel 2003 XML file has no worksheets.")
        self.hidden = frozenset(hidden)
        return named


def _index(element, default: int) -> int:
    text = element.get(_SS + "Index")
    if text and text.strip().isdigit():
        return max(default, int(text) - 1)
    return default


def _merge(element, name: str) -> int:
    text = element.get(_SS + name)
    return min(int(text), 1000) if text and text.strip().isdigit() else 0


def _cell_text(cell) -> str | None:
    data = cell.find(_SS + "Data")
    if data is None:
        return None
    raw = "".join(data.itertext())
    kind = data.get(_SS + "Type", "String")
    if kind == "Number":
        try:
            return excel_text(float(raw))
        except ValueError:
            return excel_text(raw)
    if kind == "DateTime":
        try:
            return excel_text(dt.datetime.fromisoformat(raw.strip()[:19]))
        except ValueError:
            return excel_text(raw)
    if kind == "Boolean":
        return excel_text(raw.strip() in ("1", "true", "TRUE"))
    return excel_text(raw)


def _spreadsheetml_sheets(data: bytes, file_name: str, limits: ReaderLimits):
    """(name, rows, merges, hidden) per <Worksheet>, parsed as a stream (each row freed)."""
    rows: list[list] = []
    merges: list[tuple] = []
    hidden, count = False, 0
    # cells a merge covers are not written: the next cell written carries its ss:Index
    for _, element in ElementTree.iterparse(io.BytesIO(data), events=("end",)):
        tag = element.tag
        if tag == _SS + "Row":
            r = _index(element, len(rows))
            while len(rows) < r:
                rows.append([])
            if len(rows) >= limits.max_rows:
                raise IngestError(f"{file_name}: a worksheet has more than {limits.max_rows:,} rows "
                                  "(setting TECHSPEND_MAX_ROWS). Split the export by period.")
            row: list = []
            for cell in element.iter(_SS + "Cell"):
                c = _index(cell, len(row))
                row.extend([None] * (c - len(row)))
                across, below = _merge(cell, "MergeAcross"), _merge(cell, "MergeDown")
                row.append(_cell_text(cell))
                row.extend([None] * across)
                if (across or below) and (r <= HEADER_MERGE_ROWS or below) \
                        and len(merges) < 200_000:
                    merges.append((r, c, r + below, c + across))
            rows.append(row)
            element.clear()
        elif tag == _X + "Visible" and (element.text or "").strip() in ("SheetHidden",
                                                                        "SheetVeryHidden"):
            hidden = True
        elif tag == _SS + "Worksheet":
            count += 1
            yield element.get(_SS + "Name") or f"Sheet{count}", rows, merges, hidden
            rows, merges, hidden = [], [], False
            element.clear()
