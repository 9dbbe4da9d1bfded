"""Workbooks (XLSX, XLS) -> SourceTable: which sheets hold the ledger, and their lines stacked.

The workbook is checked before it is read (`ingest.xlsx_guard`: the zip's declared sizes and
ratios, each sheet's real extent), its sheets read once within limits (`ingest.excel_workbook`:
calamine, or `ingest.xlsx_stream` for a sheet whose grid would be far larger than its cells or
that holds more cells than calamine may hold at once), every cell turned into the text a person
sees a column at a time (`ingest.excel_columns`). This module decides the table: the header
from the first rows as text, the rows under it as Arrow columns (never a Python list per row).

Business rule, shapes: sheets that are months of one ledger load as one table, each row carrying
its sheet (`source_sheet`) and its row in that sheet (`sheet_row`). A sheet belongs to the
ledger when its header agrees with the ledger sheet's position by position (two thirds of the
named columns), or when, mapped on its own, it finds the same money, the same date or period and
mostly the same fields: headings drift from month to month. Rows are stacked by field: each
sheet's columns are placed under the first sheet's by the same heading, then by the same mapped
field, then (sheets that agree by position) by position; a column the first sheet lacks is kept
as an extra column, so no cell is lost. A cover/parameters sheet, a sheet with other columns, or
a ledger-like sheet with no recognisable amount is skipped and said. Merged header cells name
every column they cover.

Worked example: durham_pcc_2024-25.xlsx has 12 sheets "Apr 24 PCC" ... "MAR 25 PCC", each with the
header `Period | Account | Account(T) | Amount | Supplier`, except the last two, which call the
fifth column `Ap/Ar ID(T)`: mapped on their own, both find their vendor there, so all twelve
stack into one table of 670 rows (658 lines + 12 note rows), every line with its supplier, and
the notes say which sheets named the vendor differently. A sheet `Feb` with `Amount | Date |
Cost Centre | Ap/Ar ID(T)` under a `Jan` with `Date | Supplier | Cost Centre | Amount` stacks
its amounts under Amount and its suppliers under Supplier. bury_sep_2023.xlsx: sheet
`Parameters` (client, user_id, Period ...) is skipped as a cover/parameters sheet.
"""

from __future__ import annotations

import ctypes
import gc
import math
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from ingest.errors import IngestError
from ingest.excel_columns import concat, first_rows
from ingest.excel_workbook import SheetCells, _Workbook
from ingest.markup_workbook import MarkupWorkbook
from ingest.header import SAMPLE_ROWS, analyse_header, find_header, header_totals, unique_columns
from ingest.mapping import detect_mapping, header_score
from ingest.sheet_copies import drop_repeated_sheets, sheet_period_column
from ingest.readers import (
    TYPE_SAMPLE_ROWS,
    ReaderLimits,
    SourceTable,
    all_blank_error,
    no_rows_error,
)
from ingest.xlsx_guard import _limit_advice, check_zip, scan_sheet, workbook_parts
from ingest.xlsx_stream import stream_sheet_rows

MONTH_SHEET_AGREEMENT = 2 / 3   # share of named header columns that must agree, by position


@dataclass
class _SheetTable:
    name: str
    cells: SheetCells                # the head rows as text, every row as Arrow text columns
    shape: object                    # HeaderShape
    likeness: float
    _fields: dict[str, str] | None = None

    @property
    def head(self) -> list[list[str | None]]:
        return self.cells.head

    @property
    def header(self) -> list[str | None]:
        return list(self.shape.names)

    def signature(self) -> list[str]:
        names = [(n or "").strip().casefold() for n in self.header]
        while names and not names[-1]:
            names.pop()
        return names

    def body(self) -> list[pa.Array]:
        """The rows under the header, one string array per column."""
        return self.cells.body(self.shape.last + 1)

    def data_rows(self) -> int:
        """Rows under the header with at least two cells."""
        body = self.body()
        if not body:
            return 0
        filled = None
        for column in body:
            one = pc.cast(pc.is_valid(column), pa.int32())
            filled = one if filled is None else pc.add(filled, one)
        return int(pc.sum(pc.greater_equal(filled, 2)).as_py() or 0)

    @property
    def width(self) -> int:
        """Header and cells: a cell beyond the header still counts (it gets a generated name)."""
        return max(len(self.header), self.cells.width)

    def columns(self) -> tuple[str, ...]:
        return unique_columns(self.header, self.width)

    def fields(self) -> dict[str, int]:
        """This sheet mapped on its own: canonical field -> column position."""
        if self._fields is None:
            columns = self.columns()
            sample = first_rows(self.body(), len(columns), TYPE_SAMPLE_ROWS, skip_empty=True)
            mapped = detect_mapping(columns, sample).fields
            self._fields = {f: c for f, c in mapped.items()}
        return {f: self.columns().index(c) for f, c in self._fields.items()}


def _likeness(shape, cells: SheetCells) -> float:
    filled = [r for r in cells.head[:SAMPLE_ROWS] if sum(1 for c in r if c) >= 2]
    if not filled:
        return float("-inf")
    header = [c for c in shape.names if c]
    return header_score(header) + math.log(cells.n_rows + 1)


def _same_ledger(a: list[str], b: list[str]) -> bool:
    """Month sheets of one ledger: the same named columns, position by position (mostly)."""
    if len(a) < 2 or len(b) < 2 or abs(len(a) - len(b)) > 1:
        return False
    named = max(sum(1 for n in a if n), sum(1 for n in b if n))
    agree = sum(1 for x, y in zip(a, b) if x and x == y)
    return agree >= MONTH_SHEET_AGREEMENT * named


def _money_mode(fields) -> str | None:
    if "debit" in fields and "credit" in fields:
        return "debit_credit"
    return "amount" if "amount" in fields else None


def _same_fields(a: _SheetTable, b: _SheetTable) -> bool:
    """Month sheets of one ledger whose headings drift ('Supplier' here, 'Ap/Ar ID(T)' there,
    columns in another order): each sheet mapped on its own finds the same money, the same
    date or period, and mostly the same fields."""
    fa, fb = a.fields(), b.fields()
    mode = _money_mode(fa)
    if mode is None or mode != _money_mode(fb):
        return False
    if ("date" in fa) != ("date" in fb) or ("date" not in fa and ("period" in fa) != ("period" in fb)):
        return False
    shared = set(fa) & set(fb)
    return len(shared) >= max(2, MONTH_SHEET_AGREEMENT * max(len(fa), len(fb)))


def _alignment(base: _SheetTable, other: _SheetTable, positional: bool) -> dict[int, int]:
    """other's column position -> base's column position: the same heading first, then the
    same mapped field ('Ap/Ar ID(T)' -> 'Supplier', both the vendor), then (sheets that agree
    position by position) the same position."""
    taken: dict[int, int] = {}
    used: set[int] = set()
    base_names = [c.strip().casefold() for c in base.columns()]
    for i, name in enumerate(c.strip().casefold() for c in other.columns()):
        j = next((k for k, n in enumerate(base_names) if n == name and k not in used), None)
        if j is not None and (other.header[i] if i < len(other.header) else None):
            taken[i] = j
            used.add(j)
    base_fields, other_fields = base.fields(), other.fields()
    for fld, j in base_fields.items():
        i = other_fields.get(fld)
        if i is not None and i not in taken and j not in used:
            taken[i] = j
            used.add(j)
    if positional:
        for i in range(other.width):
            if i not in taken and i < base.width and i not in used:
                taken[i] = i
                used.add(i)
    return taken


def _stack(group: list[_SheetTable], notes: list[str]):
    """Rows of every sheet in the first sheet's column order, by field (`_alignment`); a column
    another sheet has and the first lacks is kept as an extra column (nothing lost).
    Returns (header, columns [string arrays], source rows, row sheets, sheet rows, preamble):
    Arrow arrays, one entry per row under each sheet's header."""
    first = group[0]
    header = list(first.header) + [None] * (first.width - len(first.header))
    extra: dict[str, int] = {}
    placed: list[tuple[int, dict[int, pa.Array]]] = []   # (rows, output column -> cells)
    source_rows, row_sheets, sheet_rows = [], [], []
    preamble: list[tuple[int, str]] = []
    offset = 0
    for t in group:
        prefix = f"{t.name}: " if len(group) > 1 else ""
        preamble.extend((i + 1, prefix + ", ".join(c for c in r if c))
                        for i, r in enumerate(t.head[:t.shape.first]) if any(r))
        body = t.body()
        place = {i: i for i in range(len(body))}
        if t is not first:
            place = _alignment(first, t, _same_ledger(first.signature(), t.signature()))
            t_columns = t.columns()
            for i in range(t.width):
                if i in place or i >= len(body) or body[i].null_count == len(body[i]):
                    continue
                key = t_columns[i].strip().casefold()
                if key not in extra:
                    extra[key] = len(header)
                    header.append(t_columns[i])
                place[i] = extra[key]
            moved = [f"{fld} '{t_columns[i]}' (here '{first.columns()[place[i]]}')"
                     for fld, i in sorted(t.fields().items(), key=lambda kv: kv[1])
                     if i in place and place[i] < first.width
                     and t_columns[i].strip().casefold() != first.columns()[place[i]].strip().casefold()]
            if moved:
                notes.append(f"Sheet '{t.name}' names {', '.join(moved)}; its lines were stacked "
                             "by field.")
        rows = t.cells.n_rows - (t.shape.last + 1)
        if rows <= 0:
            offset += t.cells.n_rows
            continue
        placed.append((rows, {place[i]: body[i] for i in range(len(body)) if i in place}))
        below = range(t.shape.last + 2, t.cells.n_rows + 1)        # Excel rows under the header
        source_rows.append(pa.array(range(offset + below.start, offset + below.stop), pa.int32()))
        sheet_rows.append(pa.array(below, pa.int32()))
        row_sheets.append(pa.array([t.name] * rows, pa.string()))
        offset += t.cells.n_rows
    columns = [concat([cells.get(j, pa.nulls(rows, pa.string())) for rows, cells in placed])
               for j in range(len(header))]
    return (header, columns, concat(source_rows, pa.int32()), concat(row_sheets),
            concat(sheet_rows, pa.int32()), preamble)


def _read_sheets(book, file_name: str, sheet: str | None):
    """Every sheet asked for, read and its header found; (tables, skipped sheets with why)."""
    sheets = book.names
    skipped: list[tuple[str, str]] = []
    tables: dict[str, _SheetTable] = {}
    # a hidden sheet (last year's data, a lookup) is not what the workbook shows: read only when
    # asked for by name, or when every sheet is hidden
    hidden = getattr(book, "hidden", frozenset())
    for name in ([sheet] if sheet is not None else list(sheets)):
        if sheet is None and name in hidden and set(sheets) - hidden:
            skipped.append((name, "hidden in the workbook (load it by name with --sheet if it is wanted)"))
            continue
        cells = book.sheet(name)
        if cells is None:
            if sheet is not None or len(sheets) == 1:
                raise IngestError(f"{file_name}: sheet '{name}' is too large to read: "
                                  f"{book.refused[name]}. {_limit_advice()}")
            skipped.append((name, f"too large to read: {book.refused[name]}"))
            continue
        if cells.empty():
            if sheet is not None:
                raise all_blank_error(file_name, f" (sheet '{name}')")
            skipped.append((name, "empty"))
            continue
        shape = analyse_header(cells.head[:SAMPLE_ROWS + 6], book.merges.get(name, ()))
        tables[name] = _SheetTable(name, cells, shape, _likeness(shape, cells))
    if not tables:
        if skipped and all(why == "empty" for _, why in skipped):
            raise all_blank_error(file_name, " (every sheet)")
        raise IngestError(f"{file_name}: no sheet can be read: "
                          + "; ".join(f"'{n}' {why}" for n, why in skipped)
                          + f". {_limit_advice()}")
    return tables, skipped


def _ledger_group(tables: dict[str, _SheetTable], skipped: list, sheet: str | None):
    """The sheet most like a ledger and the month sheets of the same ledger (same header by
    position, or the same fields when each is mapped on its own); the others are said."""
    chosen = max(tables.values(), key=lambda t: t.likeness)
    if sheet is not None:
        return [chosen]
    group = [chosen]
    for t in tables.values():
        if t is chosen:
            continue
        if t.data_rows() > 0 and (_same_ledger(chosen.signature(), t.signature())
                                  or _same_fields(chosen, t)):
            group.append(t)
            continue
        cover = (sum(1 for n in t.signature() if n) <= 2 or t.data_rows() < 2)
        if cover:
            why = "a cover or parameters sheet, not ledger lines"
        elif t.data_rows() >= 2 and _money_mode(t.fields()) is None:
            why = ("no amount column was recognised in it, so its lines cannot be matched to the "
                   "ledger's columns; pick it with the sheet choice to load it alone and map it")
        else:
            why = "its columns differ from the ledger's; pick it with the sheet choice to load it instead"
        skipped.append((t.name, why))
    return drop_repeated_sheets(group, skipped)   # an 'All' sheet beside its months


def open_workbook(file_name: str, data: bytes, kind: str, limits: ReaderLimits):
    """A workbook's sheets: binary (xlsx, xls) or written as markup (html, xml2003)."""
    if kind in ("html", "xml2003"):
        return MarkupWorkbook(file_name, data, kind, limits)
    return _Workbook(file_name, data, kind, limits)


def sheet_names(file_name: str, data: bytes, kind: str, limits: ReaderLimits) -> list[str]:
    return list(open_workbook(file_name, data, kind, limits).names)


def read_excel_table(file_name: str, data: bytes, kind: str, sheet: str | None,
                     limits: ReaderLimits | None = None) -> SourceTable:
    """The ledger table of a workbook. Python's cycle collector is paused while its cells are
    read: the rows calamine hands over are a million short-lived lists that hold no cycles,
    and collecting over them cost as much as reading them (0.5 s of 0.7 s per 100k x 10).
    Afterwards the memory the read freed (calamine's grid, the row chunks, Arrow's scratch
    arrays) is handed back, so the staging that follows starts from a lower base (peak RSS of
    `techspend ingest` of 100k rows x 10: 395 -> 346 MB)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read_excel_table(file_name, data, kind, sheet, limits)
    finally:
        if collecting:
            gc.enable()
        _release_freed_memory()


def _release_freed_memory() -> None:
    pa.default_memory_pool().release_unused()
    try:
        ctypes.CDLL(None).malloc_trim(0)       # glibc keeps freed pages otherwise
    except (OSError, AttributeError):          # not glibc (macOS, musl): nothing to do
        pass


def _read_excel_table(file_name: str, data: bytes, kind: str, sheet: str | None,
                      limits: ReaderLimits | None) -> SourceTable:
    limits = limits or ReaderLimits.from_env()
    book = open_workbook(file_name, data, kind, limits)
    sheets = book.names
    if not sheets:
        raise IngestError(f"{file_name}: the workbook has no sheets.")
    if sheet is not None and sheet not in sheets:
        raise IngestError(
            f"{file_name}: there is no sheet named '{sheet}'. Sheets: {', '.join(sheets)}."
        )
    notes: list[str] = []
    tables, skipped = _read_sheets(book, file_name, sheet)
    group = _ledger_group(tables, skipped, sheet)
    group.sort(key=lambda t: sheets.index(t.name))     # workbook order
    first = group[0]
    if len(group) > 1:
        notes.append(
            f"{len(group)} sheets share the ledger's columns and were read as one table "
            f"({', '.join(t.name for t in group)}); each line keeps its sheet. Pick one sheet "
            "to load it alone.")
    elif len(sheets) > 1 and sheet is None:
        notes.append(
            f"The workbook has {len(sheets)} sheets ({', '.join(sheets)}); "
            f"'{first.name}' looks like the ledger and was used. Pick another sheet if that is "
            "wrong.")
    header, body, source_rows, row_sheets, sheet_rows, preamble = _stack(group, notes)
    for name, why in skipped:
        notes.append(f"Sheet '{name}' was skipped: {why}.")
    width = len(body)
    # drop trailing all-empty columns beyond the header
    named = len(header)
    while named and not header[named - 1]:
        named -= 1
    while width > named and body[width - 1].null_count == len(body[width - 1]):
        width -= 1
    if width > limits.max_columns:
        raise IngestError(f"{file_name}: the sheet has {width:,} columns, more than the limit of "
                          f"{limits.max_columns:,} (setting TECHSPEND_MAX_COLUMNS). "
                          f"{_limit_advice()}")
    body = body[:width]
    header, body = sheet_period_column(group, header, body, row_sheets, notes)
    width = len(body)
    if all(c.null_count == len(c) for c in body):
        raise no_rows_error(file_name, header, f" (sheet '{first.name}')")
    notes.extend(first.shape.notes)
    if preamble and len(group) == 1:
        notes.append(
            f"Header found on row {first.shape.first + 1}; {len(preamble)} title/parameter "
            "row(s) above it were skipped.")
    columns = unique_columns(header, width)
    totals, note = header_totals(first.head, first.shape, columns)
    if note:
        notes.append(note)
    arrow = pa.table({"source_row": source_rows, **{f"c{i}": c for i, c in enumerate(body)},
                      "source_sheet": row_sheets, "sheet_row": sheet_rows})
    return SourceTable(
        file_name=file_name, kind=kind, sheet=first.name if len(group) == 1 else None,
        sheets=sheets, header_row=first.shape.last + 1,
        columns=columns, preamble=tuple(preamble),
        sample=first_rows(body, width, TYPE_SAMPLE_ROWS, skip_empty=True, scan=TYPE_SAMPLE_ROWS),
        notes=tuple(notes), arrow=arrow,
        header_totals=totals, source_sheets=tuple(t.name for t in group),
        skipped_sheets=tuple(skipped),
    )


__all__ = ["check_zip", "read_excel_table", "scan_sheet", "sheet_names", "stream_sheet_rows",
           "workbook_parts", "find_header"]
