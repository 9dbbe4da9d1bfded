"""Workbooks (XLSX, XLS) -> SourceTable: which sheets hold the ledger, and their lines stacked.

The workbook is checked before it is read (`ingest.xlsx_guard`: the zip's declared sizes and
ratios, each sheet's real extent), its sheets read within limits (`ingest.excel_workbook`:
calamine, or `ingest.xlsx_stream` for a sheet whose grid would be far larger than its cells).
This module decides the table.

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

import itertools
import math
from dataclasses import dataclass

from ingest.errors import IngestError
from ingest.excel_workbook import _excel_text, _Workbook, sheet_names
from ingest.header import SAMPLE_ROWS, analyse_header, find_header, header_totals, unique_columns
from ingest.mapping import detect_mapping, header_score
from ingest.readers import (
    TYPE_SAMPLE_ROWS,
    ReaderLimits,
    SourceTable,
    all_blank_error,
    arrow_from_rows,
    no_rows_error,
)
from ingest.xlsx_guard import _limit_advice, check_zip, scan_sheet, workbook_parts
from ingest.xlsx_stream import stream_sheet_rows

MONTH_SHEET_AGREEMENT = 2 / 3   # share of named header columns that must agree, by position


@dataclass
class _SheetTable:
    name: str
    rows: list[list[str | None]]     # text cells, all rows of the sheet
    shape: object                    # HeaderShape
    likeness: float
    _fields: dict[str, str] | None = None

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

    @property
    def width(self) -> int:
        """Header and cells: a cell beyond the header still counts (it gets a generated name)."""
        return max(len(self.header), max((len(r) for r in self.rows[self.shape.last + 1:]),
                                         default=0))

    def columns(self) -> tuple[str, ...]:
        return unique_columns(self.header, self.width)

    def fields(self) -> dict[str, int]:
        """This sheet mapped on its own: canonical field -> column position."""
        if self._fields is None:
            columns = self.columns()
            body = list(itertools.islice((r for r in self.rows[self.shape.last + 1:] if any(r)),
                                         TYPE_SAMPLE_ROWS))
            sample = tuple(tuple(r[i] if i < len(r) else None for i in range(len(columns)))
                           for r in body)
            mapped = detect_mapping(columns, sample).fields
            self._fields = {f: c for f, c in mapped.items()}
        return {f: self.columns().index(c) for f, c in self._fields.items()}


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
    Returns (header, body [(row number, cells)], row sheets, sheet rows, preamble)."""
    first = group[0]
    header = list(first.header) + [None] * (first.width - len(first.header))
    extra: dict[str, int] = {}
    body: list[tuple[int, list[str | None]]] = []
    row_sheets: list[str] = []
    sheet_rows: list[int] = []
    preamble: list[tuple[int, str]] = []
    offset = 0
    for t in group:
        prefix = f"{t.name}: " if len(group) > 1 else ""
        preamble.extend((i + 1, prefix + ", ".join(c for c in r if c))
                        for i, r in enumerate(t.rows[:t.shape.first]) if any(r))
        place = None
        if t is not first:
            place = _alignment(first, t, _same_ledger(first.signature(), t.signature()))
            t_columns = t.columns()
            for i in range(t.width):
                if i in place or not any(len(r) > i and r[i] for r in t.rows[t.shape.last + 1:]):
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
        identity = place is not None and all(i == j for i, j in place.items())
        for i, r in enumerate(t.rows):
            if i <= t.shape.last:
                continue
            if place is not None and not identity:
                cells: list[str | None] = [None] * len(header)
                for k, v in enumerate(r):
                    if v is not None and k in place:
                        cells[place[k]] = v
                r = cells
            body.append((offset + i + 1, r))
            row_sheets.append(t.name)
            sheet_rows.append(i + 1)
        offset += len(t.rows)
    return header, body, row_sheets, sheet_rows, preamble


def _read_sheets(book, file_name: str, sheet: str | None):
    """Every sheet asked for, read and its header found; (tables, skipped sheets with why)."""
    sheets = book.names
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
    return group


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
    header, body, row_sheets, sheet_rows, preamble = _stack(group, notes)
    for name, why in skipped:
        notes.append(f"Sheet '{name}' was skipped: {why}.")
    width = max(len(header), max((len(r) for _, r in body), default=0))
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
