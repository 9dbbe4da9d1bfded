"""Writing cells, headers and tables into the pack's sheets: number formats, widths, printing.
Every value goes through models.excel_safe.set_cell (text is text, never a formula)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Sequence

import pandas as pd
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from models import palette
from models.excel_safe import set_cell

MAX_LINES = 20_000
TREND_QUARTERS = 8
CHART_DEPARTMENTS = 12

# Exact money (Lines, Provenance: to the penny). Direction is shown by colour, never by a
# format's [Red]: spend going down is green, as on the dashboard (models.palette UP / DOWN).
MONEY = "#,##0.00;-#,##0.00"
MONEY_SIGNED = "+#,##0.00;-#,##0.00;0.00"
PCT = "0.0%"
PCT_SIGNED = "+0.0%;-0.0%;0.0%"
PTS_SIGNED = '+0.0" pts";-0.0" pts";0.0" pts"'  # a change of a share, in percentage points
INT = "#,##0"
INT_SIGNED = "+#,##0;-#,##0;0"


def money_k_format(symbol: str, *, signed: bool = False) -> str:
    """The board's rounding: thousands with one decimal ('£1,234.5k'); the cell keeps the exact
    value (to the penny), only the display is rounded. symbol: '£', '$', 'SEK '..."""
    sym = '"' + symbol.replace('"', "") + '"'
    body = f'{sym}#,##0.0,"k"'
    if signed:
        return f"+{body};-{body};{sym}0.0\"k\""
    return f"{body};-{body}"

_UP_FONT = Font(color=palette.hex_rgb(palette.UP))
_DOWN_FONT = Font(color=palette.hex_rgb(palette.DOWN))
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"

_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
_TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
_THIN = Side(style="thin", color="B7C4D1")


# ---- sheet writing helpers ----------------------------------------------------------------------
@dataclass(frozen=True)
class Col:
    header: str
    key: str
    fmt: str | None = None  # number format; None = text/general
    width: int | None = None
    change: bool = False  # a signed change: coloured up red / down green (put_change)
    wrap: bool = False  # long text wrapped in its column (printable)


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def plain(value: Any) -> Any:
    """A pandas/numpy/Decimal value -> what openpyxl writes natively (flags as Yes/No)."""
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalar
        value = value.item()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return value


_CENTER = Alignment(horizontal="center")
_WRAP = Alignment(wrap_text=True, vertical="top")


def put_cell(ws: Worksheet, row: int, column: int, value: Any, fmt: str | None = None, *, bold: bool = False):
    cell = ws.cell(row=row, column=column)
    value = plain(value)
    flag = value in ("Yes", "No")
    set_cell(cell, value)
    if flag:
        cell.alignment = _CENTER
    if fmt and not isinstance(value, str):
        cell.number_format = fmt
    if bold:
        cell.font = BOLD
    return cell


def put_change(ws: Worksheet, row: int, column: int, value: Any, fmt: str, *, bold: bool = False):
    """A change (vs previous quarter, last year, budget) in the dashboard's direction colours:
    up (more spend, more outside IT, over budget) red, down green, none plain."""
    cell = put_cell(ws, row, column, value, fmt, bold=bold)
    number = plain(value)
    if isinstance(number, (int, float)) and number:
        cell.font = Font(bold=bold, color=(_UP_FONT if number > 0 else _DOWN_FONT).color)
    return cell


def write_scope(ws: Worksheet, text: str, row: int = 3) -> None:
    """The scope line under the title: what the sheet covers (filters, or whole organisation,
    and whether the sample company is in it). Every sheet has one."""
    cell = put_cell(ws, row, 1, f"Scope: {text}")
    cell.font = Font(bold=True, color=palette.hex_rgb(palette.IT))


def write_header(ws: Worksheet, row: int, headers: Sequence[str], start_col: int = 1) -> None:
    ws.row_dimensions[row].height = 30  # two lines of wrapped header text
    for offset, text in enumerate(headers):
        cell = put_cell(ws, row, start_col + offset, text, bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.border = Border(bottom=_THIN)


def write_table(ws: Worksheet, top: int, columns: Sequence[Col], records: Sequence[dict], start_col: int = 1) -> int:
    """Header at row `top`, one row per record below. Returns the last row written."""
    write_header(ws, top, [c.header for c in columns], start_col)
    row = top
    for record in records:
        row += 1
        for offset, col in enumerate(columns):
            write = put_change if col.change else put_cell
            cell = write(ws, row, start_col + offset, record.get(col.key), col.fmt)
            if col.wrap:
                cell.alignment = _WRAP
    return row


def set_widths(ws: Worksheet, columns: Sequence[Col], sample_rows: int = 200, start_col: int = 1, top: int = 1) -> None:
    for offset, col in enumerate(columns):
        letter = get_column_letter(start_col + offset)
        if col.width:
            ws.column_dimensions[letter].width = col.width
            continue
        longest = len(col.header)
        for row in ws.iter_rows(min_row=top + 1, max_row=min(ws.max_row, top + sample_rows),
                                min_col=start_col + offset, max_col=start_col + offset, values_only=True):
            value = row[0]
            if value is None:
                continue
            if isinstance(value, (int, float)) and col.fmt and '"k"' in col.fmt:
                text = f"+£{value / 1000:,.1f}k"  # what the £k format shows
            else:
                text = f"{value:,.2f}" if isinstance(value, float) else str(value)
            longest = max(longest, len(text))
        cap = 30 if col.wrap else 48
        ws.column_dimensions[letter].width = max(9, min(cap, longest + 2))


def setup_print(ws: Worksheet, title_rows: str | None = None) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "&A — page &P of &N"
    ws.oddHeader.right.text = "&D"


def write_title(ws: Worksheet, title: str, subtitle: str) -> None:
    cell = put_cell(ws, 1, 1, title)
    cell.font = _TITLE_FONT
    put_cell(ws, 2, 1, subtitle).font = Font(italic=True, color="555555")
