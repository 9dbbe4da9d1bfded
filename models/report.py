"""The board pack: one XLSX workbook for a fiscal quarter, ready to send without retyping a number.

Business rule: every figure in the pack comes from the same models API the dashboard uses
(models.analytics over classified_lines, models.budget for budget vs actual), for one fiscal
quarter (models.fiscal), in the reporting currency. Lines with no FX rate are left out of every
figure and counted on the Summary and Provenance sheets.

Sheets (in order):
  Summary            headline KPIs for the quarter vs the previous quarter and the same quarter
                     last year; departments with technology spend but no technology budget; the
                     chart data tables and three NATIVE Excel charts (openpyxl.chart):
                     technology spend trend IT vs outside IT, SoR/SoE split inside and outside IT,
                     budget vs actual by department.
  Budget vs actual   by department, layer, IT vs outside IT and total (models.budget)
  Outside-IT vendors technology vendors paid outside IT in the quarter (analytics.shadow_it_vendors)
  Departments        every department's spend in the quarter, changes, budget
  Lines              the classified lines of the quarter with source file and row; at most
                     `max_lines` (default 20,000; writing costs ~11 s per 100k rows), technology
                     lines first by amount — the sheet says when it is cut
  Provenance         every upload (file, sha256, rows read/loaded/excluded/rejected, control
                     total), how lines were classified, rule counts, calendar and currency
                     settings, missing FX rates, generation time

Every data cell goes through models.excel_safe.set_cell: text is typed as text (never a formula,
shown literally). Money cells use '#,##0.00', shares '0.0%'. Header rows are frozen, columns sized,
each sheet prints landscape, fit to one page wide, header rows repeated.

Worked example::

    data = board_pack_bytes(store, "FY2026 Q1")     # -> bytes of an .xlsx
    write_board_pack(store, "FY2026 Q1", "pack.xlsx")
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RegularTextRun
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from db import TechspendError
from models import analytics, budget, fiscal, fx
from models.analytics import Filters
from models.excel_safe import set_cell

MAX_LINES = 20_000
TREND_QUARTERS = 8
CHART_DEPARTMENTS = 12

MONEY = "#,##0.00;[Red]-#,##0.00"
MONEY_SIGNED = "+#,##0.00;[Red]-#,##0.00;0.00"
PCT = "0.0%"
PCT_SIGNED = "+0.0%;[Red]-0.0%;0.0%"
INT = "#,##0"
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"

IT_COLOR = "1F4E79"  # same palette as the dashboard (pages/ui.py)
OUTSIDE_IT_COLOR = "E07B39"
SOR_COLOR = "2A9D8F"
SOE_COLOR = "8E5EA2"
BUDGET_COLOR = "9AA5B1"

_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
_TITLE_FONT = Font(bold=True, size=14)
_BOLD = Font(bold=True)
_THIN = Side(style="thin", color="B7C4D1")


class ReportError(TechspendError):
    """A board pack that cannot be written (no data for the quarter, unwritable path...)."""


# ---- the figures -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class KpiRow:
    """One headline measure for the quarter, the previous quarter and the same quarter last year.
    kind: 'money' | 'share' | 'count'. Budget rows are None when no budget covers the quarter."""

    measure: str
    kind: str
    current: float | None
    previous: float | None
    last_year: float | None

    def change(self, base: float | None) -> float | None:
        if self.current is None or base is None:
            return None
        return self.current - base

    def change_pct(self, base: float | None) -> float | None:
        if self.kind != "money" or self.current is None or not base:
            return None
        return (self.current - base) / abs(base)


@dataclass(frozen=True)
class PackFigures:
    quarter: fiscal.Quarter
    previous: fiscal.Quarter
    last_year: fiscal.Quarter
    currency: str
    kpis: tuple[KpiRow, ...]
    budget: budget.BudgetVsActual
    trend: pd.DataFrame  # quarter_label, tech_in_it, tech_outside_it, sor, soe (last 8 quarters)
    layer_split: pd.DataFrame  # side ('IT'|'Outside IT'), sor, soe, unassigned
    fx_missing_lines: int

    def kpi(self, measure: str) -> KpiRow:
        for row in self.kpis:
            if row.measure == measure:
                return row
        raise KeyError(measure)


def _quarter(store, quarter: fiscal.Quarter | str | int) -> fiscal.Quarter:
    return fiscal.as_quarter(store, quarter)


def _f(value: Any) -> float:
    return float(value or 0)


def pack_figures(store, quarter: fiscal.Quarter | str) -> PackFigures:
    """The figures the Summary sheet shows (the test recomputes them by SQL)."""
    q = _quarter(store, quarter)
    summary = analytics.quarter_summary(store, q.key)
    periods = (summary.current, summary.previous_quarter, summary.same_quarter_last_year)
    budgets = [budget.budget_vs_actual(store, x) for x in (q, q.previous(), q.year_earlier())]

    def row(measure: str, kind: str, get: Callable[[Any], Any]) -> KpiRow:
        values = []
        for period in periods:
            value = get(period)
            values.append(None if value is None else float(value))
        return KpiRow(measure, kind, *values)

    def budget_row(measure: str, key: str) -> KpiRow:
        values = [float(b.total[key]) if b.has_budget else None for b in budgets]
        return KpiRow(measure, "money", *values)

    kpis = (
        row("Total spend", "money", lambda p: p.total_spend),
        row("Technology spend", "money", lambda p: p.tech_spend),
        row("Technology spend in IT", "money", lambda p: p.tech_in_it),
        row("Technology spend outside IT", "money", lambda p: p.tech_outside_it),
        row("Share of technology spend outside IT", "share", lambda p: p.outside_it_share),
        row("Systems of record (SoR)", "money", lambda p: p.sor),
        row("Systems of engagement (SoE)", "money", lambda p: p.soe),
        budget_row("Technology budget", "budget"),
        budget_row("Variance to budget (actual - budget)", "variance"),
        row("Lines", "count", lambda p: p.line_count),
        row("Lines left out: no FX rate", "count", lambda p: p.fx_missing_lines),
    )

    first = q.shifted(-(TREND_QUARTERS - 1))
    by_quarter = analytics.spend_by_quarter(
        store, Filters(quarter_from=first.key, quarter_to=q.key)
    ).set_index("quarter_key")
    trend_rows = []
    for item in fiscal.quarters_between(first, q):
        values = by_quarter.loc[item.key] if item.key in by_quarter.index else None
        trend_rows.append(
            {
                "quarter_label": item.label,
                "tech_in_it": _f(values["tech_in_it"]) if values is not None else 0.0,
                "tech_outside_it": _f(values["tech_outside_it"]) if values is not None else 0.0,
                "sor": _f(values["sor"]) if values is not None else 0.0,
                "soe": _f(values["soe"]) if values is not None else 0.0,
            }
        )
    # leading quarters with no data at all are dropped (a young database has no 2-year history)
    while len(trend_rows) > 1 and not any(
        trend_rows[0][k] for k in ("tech_in_it", "tech_outside_it", "sor", "soe")
    ):
        trend_rows.pop(0)

    overview = analytics.overview(store, Filters(quarter_from=q.key, quarter_to=q.key))

    def rest(total: Any, *parts: Any) -> float:
        """Technology spend with no layer, to the cent (no -0.00 from float noise)."""
        return round(_f(total) - sum(_f(p) for p in parts), 2) + 0.0
    split = pd.DataFrame(
        [
            {"side": "IT", "sor": _f(overview.sor_in_it), "soe": _f(overview.soe_in_it),
             "unassigned": rest(overview.tech_in_it, overview.sor_in_it, overview.soe_in_it)},
            {"side": "Outside IT", "sor": _f(overview.sor_outside_it), "soe": _f(overview.soe_outside_it),
             "unassigned": rest(overview.tech_outside_it, overview.sor_outside_it, overview.soe_outside_it)},
        ]
    )
    return PackFigures(
        quarter=q,
        previous=q.previous(),
        last_year=q.year_earlier(),
        currency=fx.reporting_currency(store),
        kpis=kpis,
        budget=budgets[0],
        trend=pd.DataFrame(trend_rows),
        layer_split=split,
        fx_missing_lines=int(summary.current.fx_missing_lines),
    )


# ---- sheet writing helpers ----------------------------------------------------------------------
@dataclass(frozen=True)
class Col:
    header: str
    key: str
    fmt: str | None = None  # number format; None = text/general
    width: int | None = None


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _plain(value: Any) -> Any:
    """A pandas/numpy/Decimal value -> what openpyxl writes natively (flags as Yes/No)."""
    if _is_missing(value):
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


def _put(ws: Worksheet, row: int, column: int, value: Any, fmt: str | None = None, *, bold: bool = False):
    cell = ws.cell(row=row, column=column)
    value = _plain(value)
    flag = value in ("Yes", "No")
    set_cell(cell, value)
    if flag:
        cell.alignment = _CENTER
    if fmt and not isinstance(value, str):
        cell.number_format = fmt
    if bold:
        cell.font = _BOLD
    return cell


def _header(ws: Worksheet, row: int, headers: Sequence[str], start_col: int = 1) -> None:
    ws.row_dimensions[row].height = 30  # two lines of wrapped header text
    for offset, text in enumerate(headers):
        cell = _put(ws, row, start_col + offset, text, bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.border = Border(bottom=_THIN)


def _table(ws: Worksheet, top: int, columns: Sequence[Col], records: Sequence[dict], start_col: int = 1) -> int:
    """Header at row `top`, one row per record below. Returns the last row written."""
    _header(ws, top, [c.header for c in columns], start_col)
    row = top
    for record in records:
        row += 1
        for offset, col in enumerate(columns):
            _put(ws, row, start_col + offset, record.get(col.key), col.fmt)
    return row


def _widths(ws: Worksheet, columns: Sequence[Col], sample_rows: int = 200, start_col: int = 1, top: int = 1) -> None:
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
            text = f"{value:,.2f}" if isinstance(value, float) else str(value)
            longest = max(longest, len(text))
        ws.column_dimensions[letter].width = max(10, min(48, longest + 2))


def _print_setup(ws: Worksheet, title_rows: str | None = None) -> None:
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


def _title(ws: Worksheet, title: str, subtitle: str) -> None:
    cell = _put(ws, 1, 1, title)
    cell.font = _TITLE_FONT
    _put(ws, 2, 1, subtitle).font = Font(italic=True, color="555555")


# ---- sheets ---------------------------------------------------------------------------------------
def _summary_sheet(ws: Worksheet, figures: PackFigures, bva_sheet: Worksheet, bva_dept_rows: int, store) -> None:
    q, ccy = figures.quarter, figures.currency
    start_month = q.start_month
    _title(
        ws,
        f"Technology spend board pack — {q.label}",
        f"{q.label}: {q.start:%d %b %Y} to {q.end:%d %b %Y}. Amounts in {ccy}. Fiscal year starts "
        f"in {date(2000, start_month, 1):%B} and is named by the calendar year it ends in.",
    )
    headers = ["Measure", q.label, figures.previous.label, "Change", "Change %",
               figures.last_year.label, "Change", "Change %"]
    top = 4
    _header(ws, top, headers)
    row = top
    for kpi in figures.kpis:
        row += 1
        base_fmt = {"money": MONEY, "share": PCT, "count": INT}[kpi.kind]
        change_fmt = {"money": MONEY_SIGNED, "share": "+0.0%;[Red]-0.0%;0.0%", "count": "+#,##0;-#,##0;0"}[kpi.kind]
        _put(ws, row, 1, kpi.measure, bold=kpi.measure in ("Technology spend", "Share of technology spend outside IT"))
        _put(ws, row, 2, kpi.current, base_fmt)
        _put(ws, row, 3, kpi.previous, base_fmt)
        _put(ws, row, 4, kpi.change(kpi.previous), change_fmt)
        _put(ws, row, 5, kpi.change_pct(kpi.previous), PCT_SIGNED)
        _put(ws, row, 6, kpi.last_year, base_fmt)
        _put(ws, row, 7, kpi.change(kpi.last_year), change_fmt)
        _put(ws, row, 8, kpi.change_pct(kpi.last_year), PCT_SIGNED)
    kpi_end = row
    notes_row = kpi_end + 2
    notes = [
        "Change of a share is in percentage points. Budget rows are empty when no budget covers that quarter.",
    ]
    if figures.fx_missing_lines:
        notes.append(
            f"{figures.fx_missing_lines:,} line(s) of {q.label} have no FX rate to {ccy} and are left out "
            "of every figure (never converted at 1.0): see Provenance and add the rates on the Budget & FX page."
        )
    shadow = figures.budget.shadow_it
    if len(shadow):
        notes.append(
            "Technology spend with no technology budget (shadow IT in budget terms), fiscal year to date: "
            + "; ".join(f"{r.department} {r.actual_ytd:,.2f}" for r in shadow.itertuples())
        )
    if figures.budget.unmatched_budget_departments:
        notes.append(
            "Budget departments that match no department in the ledgers (check the spelling): "
            + "; ".join(figures.budget.unmatched_budget_departments)
        )
    if not len(shadow) and not figures.budget.has_budget:
        notes.append("No budget is loaded for this fiscal year: load one on the Budget & FX page.")
    for offset, text in enumerate(notes):
        row_number = notes_row + offset
        cell = _put(ws, row_number, 1, text)
        # one note per row, across the printed width (A:J), wrapped: ~160 characters a line
        ws.merge_cells(start_row=row_number, start_column=1, end_row=row_number, end_column=10)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row_number].height = 15 * (1 + len(text) // 160)

    # chart data: trend and layer split, side by side under the notes
    data_top = notes_row + len(notes) + 2
    _put(ws, data_top - 1, 1, "Technology spend by quarter", bold=True)
    trend_cols = [Col("Quarter", "quarter_label"), Col("IT", "tech_in_it", MONEY),
                  Col("Outside IT", "tech_outside_it", MONEY), Col("SoR", "sor", MONEY), Col("SoE", "soe", MONEY)]
    trend_end = _table(ws, data_top, trend_cols, figures.trend.to_dict("records"))
    _put(ws, data_top - 1, 7, f"Technology spend by layer, {q.label}", bold=True)
    split_cols = [Col("Side", "side"), Col("SoR", "sor", MONEY), Col("SoE", "soe", MONEY),
                  Col("No layer", "unassigned", MONEY)]
    split_end = _table(ws, data_top, split_cols, figures.layer_split.to_dict("records"), start_col=7)

    ws.column_dimensions["A"].width = 38
    for letter in "BCDEFGHIJ":
        ws.column_dimensions[letter].width = 15
    ws.freeze_panes = ws.cell(row=top + 1, column=2)

    chart_row = max(trend_end, split_end) + 2
    # 1. trend IT vs outside IT (stacked columns); 2. SoR/SoE inside and outside IT (stacked bars)
    ws.add_chart(_stacked_chart(
        ws, "col", "Technology spend by quarter: IT vs outside IT", cols=(2, 3), category_col=1,
        rows=(data_top, trend_end), colours=[IT_COLOR, OUTSIDE_IT_COLOR], size=(8, 16),
        value_title=ccy), f"A{chart_row}")
    ws.add_chart(_stacked_chart(
        ws, "bar", f"SoR / SoE split, {q.label}", cols=(8, 9), category_col=7,
        rows=(data_top, split_end), colours=[SOR_COLOR, SOE_COLOR], size=(8, 14)),
        f"E{chart_row}")

    # 3. budget vs actual by department (clustered columns), from the Budget vs actual sheet
    bva = BarChart()
    bva.type = "col"
    bva.grouping = "clustered"
    _chart_title(bva, f"Budget vs actual by department, {q.label}")
    bva.y_axis.numFmt = "#,##0"
    bva.y_axis.title = ccy
    bva.y_axis.majorGridlines = None
    if bva_dept_rows:
        first, last = BVA_TOP + 1, BVA_TOP + min(bva_dept_rows, CHART_DEPARTMENTS)
        bva.add_data(Reference(bva_sheet, min_col=BVA_BUDGET_COL, min_row=BVA_TOP, max_row=last), titles_from_data=True)
        bva.add_data(Reference(bva_sheet, min_col=BVA_ACTUAL_COL, min_row=BVA_TOP, max_row=last), titles_from_data=True)
        bva.set_categories(Reference(bva_sheet, min_col=BVA_NAME_COL, min_row=first, max_row=last))
        _colour(bva, [BUDGET_COLOR, IT_COLOR])
    _axes_visible(bva)
    bva.height, bva.width = 9, 30
    ws.add_chart(bva, f"A{chart_row + 17}")
    _print_setup(ws)
    ws.page_setup.fitToHeight = 1  # the Summary prints on one page
    ws.print_area = f"A1:J{chart_row + 36}"


def _stacked_chart(ws, kind: str, title: str, *, cols: tuple[int, int], category_col: int,
                   rows: tuple[int, int], colours: Sequence[str], size: tuple[float, float],
                   value_title: str | None = None) -> BarChart:
    """A native stacked bar ('bar') or column ('col') chart over a table on `ws`: series in
    columns cols[0]..cols[1] (header row rows[0] gives their names), categories in category_col."""
    chart = BarChart()
    chart.type = kind
    chart.grouping = "stacked"
    chart.overlap = 100
    _chart_title(chart, title)
    chart.x_axis.title = None
    chart.y_axis.title = value_title
    chart.y_axis.numFmt = "#,##0"
    chart.y_axis.majorGridlines = None
    top, end = rows
    chart.add_data(Reference(ws, min_col=cols[0], max_col=cols[1], min_row=top, max_row=end),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=category_col, min_row=top + 1, max_row=end))
    _colour(chart, colours)
    _axes_visible(chart)
    chart.height, chart.width = size
    return chart


def _chart_title(chart: BarChart, text: str) -> None:
    """A modest 11 pt bold title (the default renders at 18 pt in LibreOffice)."""
    props = CharacterProperties(sz=1100, b=True)
    paragraph = Paragraph(pPr=ParagraphProperties(defRPr=props), r=[RegularTextRun(rPr=props, t=text)])
    chart.title = Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def _text_categories(chart: BarChart) -> None:
    """Category labels are text (quarter labels, department names): reference them as strings,
    as Excel does (openpyxl's set_categories writes a numeric reference)."""
    for series in chart.series:
        if series.cat is not None and series.cat.numRef is not None:
            series.cat = AxDataSource(strRef=StrRef(f=series.cat.numRef.f))


def _colour(chart: BarChart, colours: Sequence[str]) -> None:
    for series, colour in zip(chart.series, colours):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour


def _axes_visible(chart: BarChart) -> None:
    _text_categories(chart)
    # openpyxl 3.1 writes <c:delete val="1"/> for axes unless told otherwise: Excel then hides them.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"


BVA_TOP = 4  # header row of the Budget vs actual table
BVA_NAME_COL = 2
BVA_ACTUAL_COL = 4
BVA_BUDGET_COL = 5


def _budget_sheet(ws: Worksheet, figures: PackFigures) -> int:
    """Returns the number of department rows (they come first, for the chart)."""
    b, q = figures.budget, figures.quarter
    _title(
        ws,
        f"Technology budget vs actual — {q.label}",
        f"Amounts in {figures.currency}. Variance = actual - budget (positive = over budget). "
        f"Outlook = actual {q.fiscal_year_start():%d %b %Y} to {q.end:%d %b %Y} + budget for the rest of FY{q.fiscal_year}. "
        "Budgets spanning several months are spread evenly over them.",
    )
    columns = [
        Col("View", "dimension", width=12),
        Col("Department / group", "group_name"),
        Col("IT?", "is_it", width=8),
        Col(f"Actual {q.label}", "actual", MONEY),
        Col(f"Budget {q.label}", "budget", MONEY),
        Col("Variance", "variance", MONEY_SIGNED),
        Col("Variance %", "variance_pct", PCT_SIGNED),
        Col(f"Actual FY{q.fiscal_year} to date", "actual_ytd", MONEY),
        Col(f"Budget FY{q.fiscal_year} to date", "budget_ytd", MONEY),
        Col(f"Budget FY{q.fiscal_year}", "budget_full_year", MONEY),
        Col("Budget remaining", "budget_remaining", MONEY),
        Col(f"Outlook FY{q.fiscal_year}", "outlook_full_year", MONEY),
        Col("Outlook vs budget", "outlook_variance", MONEY_SIGNED),
        Col("Operating budget (not tech)", "other_budget", MONEY),
        Col("Note", "note", width=52),
    ]
    records: list[dict] = []
    for dimension, frame in (("Department", b.by_department), ("Layer", b.by_layer), ("IT / outside IT", b.by_it)):
        for rec in frame.to_dict("records"):
            rec["dimension"] = dimension
            rec["note"] = None
            if dimension == "Department" and rec.get("no_tech_budget"):
                rec["note"] = "No technology budget" + ("" if rec.get("is_it") else ": shadow IT in budget terms")
            if rec.get("budget_fx_missing"):
                rec["note"] = f"{rec['budget_fx_missing']} budget line(s) without FX rate left out"
            if dimension == "Layer":
                rec["is_it"] = None
            records.append(rec)
    total = dict(b.total)
    total.update(dimension="Total", group_name="Total", is_it=None, note=None)
    records.append(total)
    end = _table(ws, BVA_TOP, columns, records)
    for cell in ws[end]:
        cell.font = _BOLD
    if not b.has_budget:
        _put(ws, end + 2, 1, "No budget is loaded for this fiscal year (techspend budget load FILE, or the Budget & FX page).")
    ws.freeze_panes = ws.cell(row=BVA_TOP + 1, column=3)
    _widths(ws, columns, top=BVA_TOP)
    _print_setup(ws, f"{BVA_TOP}:{BVA_TOP}")
    ws.auto_filter.ref = f"A{BVA_TOP}:{get_column_letter(len(columns))}{end}"
    return len(b.by_department)


def _vendors_sheet(ws: Worksheet, store, figures: PackFigures) -> None:
    q = figures.quarter
    frame = analytics.shadow_it_vendors(store, Filters(quarter_from=q.key, quarter_to=q.key))
    _title(
        ws,
        f"Technology vendors paid outside IT — {q.label}",
        f"Amounts in {figures.currency}. 'Also paid by IT' marks a consolidation candidate. "
        "First seen is over all loaded data; 'New' = first seen in this quarter.",
    )
    columns = [
        Col("Vendor", "vendor"), Col("Category", "category"), Col("Layer", "layer", width=8),
        Col("Departments paying", "departments_paying"), Col("Departments", "department_count", INT, 12),
        Col("Spend outside IT", "spend_outside_it", MONEY), Col("Share of outside-IT spend", "share_of_outside_it", PCT),
        Col("Spend by IT, same vendor", "spend_by_it", MONEY), Col("Also paid by IT", "consolidation_candidate", width=10),
        Col("First seen", "first_seen", DATE, 12), Col("Last seen", "last_seen", DATE, 12),
        Col("New", "new_in_period", width=8), Col("Lines", "line_count", INT, 10),
    ]
    top = 4
    end = _table(ws, top, columns, frame.to_dict("records"))
    if end == top:
        _put(ws, top + 1, 1, "No technology spend outside IT in this quarter.")
    ws.freeze_panes = ws.cell(row=top + 1, column=2)
    _widths(ws, columns, top=top)
    _print_setup(ws, f"{top}:{top}")
    ws.auto_filter.ref = f"A{top}:{get_column_letter(len(columns))}{max(end, top + 1)}"


def _departments_sheet(ws: Worksheet, store, figures: PackFigures) -> None:
    q = figures.quarter
    spend = analytics.spend_by_department(store, Filters(quarter_from=q.key, quarter_to=q.key))
    changes = analytics.quarter_changes(store, q.key, "department")
    key = lambda s: s.astype(str).str.strip().str.casefold()  # noqa: E731
    merged = spend.assign(_k=key(spend["department"])).merge(
        changes.assign(_k=key(changes["item"]))[
            ["_k", "previous_quarter", "change_vs_previous", "same_quarter_last_year", "change_vs_last_year"]
        ],
        on="_k", how="left",
    )
    bva = figures.budget.by_department
    merged = merged.merge(
        bva.assign(_k=key(bva["group_name"]))[["_k", "budget", "variance", "budget_full_year", "outlook_full_year"]],
        on="_k", how="left",
    )
    _title(
        ws,
        f"Departments — {q.label}",
        f"Amounts in {figures.currency}. Changes compare technology spend with {figures.previous.label} "
        f"and {figures.last_year.label}.",
    )
    columns = [
        Col("Department", "department"), Col("IT?", "it_owned", width=8),
        Col("Customer-facing?", "customer_facing", width=10),
        Col("Total spend", "total_spend", MONEY), Col("Technology spend", "tech_spend", MONEY),
        Col("SoR", "sor", MONEY), Col("SoE", "soe", MONEY), Col("Share of all tech", "share_of_tech", PCT),
        Col("Tech vendors", "tech_vendors", INT, 10),
        Col(f"Tech {figures.previous.label}", "previous_quarter", MONEY),
        Col("Change vs previous", "change_vs_previous", MONEY_SIGNED),
        Col(f"Tech {figures.last_year.label}", "same_quarter_last_year", MONEY),
        Col("Change vs last year", "change_vs_last_year", MONEY_SIGNED),
        Col(f"Budget {q.label}", "budget", MONEY), Col("Variance", "variance", MONEY_SIGNED),
        Col(f"Outlook FY{q.fiscal_year}", "outlook_full_year", MONEY),
        Col("Lines", "line_count", INT, 10),
    ]
    top = 4
    end = _table(ws, top, columns, merged.to_dict("records"))
    ws.freeze_panes = ws.cell(row=top + 1, column=2)
    _widths(ws, columns, top=top)
    _print_setup(ws, f"{top}:{top}")
    ws.auto_filter.ref = f"A{top}:{get_column_letter(len(columns))}{max(end, top + 1)}"


LINES_SQL = """
-- Grain: one classified line of the quarter; technology first, then largest amounts.
SELECT txn_date, vendor, vendor_canonical, department, it_owned, account_name, description,
       amount::DOUBLE AS amount, currency, amount_reporting::DOUBLE AS amount_reporting,
       fx_missing, is_tech, layer, category, decided_by, reason, source_file, source_row
FROM classified_lines
WHERE quarter_key = ?
ORDER BY is_tech DESC, abs(coalesce(amount_reporting, amount)) DESC, source_file, source_row
LIMIT ?
"""


def _lines_sheet(ws: Worksheet, store, figures: PackFigures, max_lines: int) -> tuple[int, int]:
    q = figures.quarter
    total = int(store.scalar("SELECT count(*) FROM classified_lines WHERE quarter_key = ?", [q.key]))
    frame = store.df(LINES_SQL, [q.key, int(max_lines)])
    shown = len(frame)
    cut = (
        f"Showing {shown:,} of {total:,} lines (technology first, largest first). "
        "All lines: techspend export --db PATH --out lines.csv"
        if shown < total
        else f"All {total:,} lines of the quarter."
    )
    _title(ws, f"Classified lines — {q.label}", cut + " Source file and row point to the row in the file as uploaded.")
    columns = [
        Col("Date", "txn_date", DATE, 11), Col("Vendor as written", "vendor"), Col("Vendor", "vendor_canonical"),
        Col("Department", "department"), Col("IT?", "it_owned", width=7), Col("Account", "account_name"),
        Col("Description", "description", width=36), Col("Amount", "amount", MONEY), Col("Currency", "currency", width=9),
        Col(f"Amount {figures.currency}", "amount_reporting", MONEY), Col("No FX rate", "fx_missing", width=9),
        Col("Technology?", "is_tech", width=11), Col("Layer", "layer", width=8), Col("Category", "category"),
        Col("Decided by", "decided_by", width=12), Col("Reason", "reason", width=36),
        Col("Source file", "source_file"), Col("Source row", "source_row", INT, 10),
    ]
    top = 4
    end = _table(ws, top, columns, frame.to_dict("records"))
    ws.freeze_panes = ws.cell(row=top + 1, column=3)
    _widths(ws, columns, top=top)
    _print_setup(ws, f"{top}:{top}")
    ws.auto_filter.ref = f"A{top}:{get_column_letter(len(columns))}{max(end, top + 1)}"
    return shown, total


def _provenance_sheet(ws: Worksheet, store, figures: PackFigures, generated_at: datetime, lines: tuple[int, int]) -> None:
    q = figures.quarter
    _title(ws, "Provenance", "Where every number in this pack comes from.")
    row = 4
    settings = [
        ("Generated at (UTC)", generated_at.replace(tzinfo=None), DATETIME),
        ("Quarter", q.label, None),
        ("Quarter dates", f"{q.start:%Y-%m-%d} to {q.end:%Y-%m-%d}", None),
        ("Fiscal year start month", f"{q.start_month} ({date(2000, q.start_month, 1):%B})", None),
        ("Fiscal year naming", "FY named by the calendar year in which it ends", None),
        ("Reporting currency", figures.currency, None),
        ("FX rule", "monthly rate for the month of the line's date; a line without a rate is left out and counted, never converted at 1.0", None),
        ("Database version", store.version(), INT),
        ("Lines of the quarter in the Lines sheet", f"{lines[0]:,} of {lines[1]:,}", None),
    ]
    _header(ws, row, ["Setting", "Value"])
    for label, value, fmt in settings:
        row += 1
        _put(ws, row, 1, label)
        _put(ws, row, 2, value, fmt)

    row += 2
    _put(ws, row, 1, "Uploads (Reconciles: rows read = loaded + excluded + rejected)", bold=True)
    uploads = store.df(
        "SELECT upload_id, dataset, file_name, sheet, sha256, size_bytes, rows_read, rows_loaded, "
        "rows_excluded, rows_rejected, control_total::DOUBLE AS control_total, loaded_at, status, "
        "rows_read = rows_loaded + rows_excluded + rows_rejected AS reconciles "
        "FROM uploads ORDER BY dataset, upload_id"
    )
    upload_cols = [
        Col("Upload", "upload_id", INT), Col("Dataset", "dataset"), Col("File", "file_name"), Col("Sheet", "sheet"),
        Col("SHA-256", "sha256"), Col("Bytes", "size_bytes", INT), Col("Rows read", "rows_read", INT),
        Col("Loaded", "rows_loaded", INT), Col("Excluded", "rows_excluded", INT), Col("Rejected", "rows_rejected", INT),
        Col("Control total", "control_total", MONEY), Col("Loaded at", "loaded_at", DATETIME),
        Col("Status", "status"), Col("Reconciles", "reconciles"),
    ]
    row = _table(ws, row + 1, upload_cols, uploads.to_dict("records"))

    row += 2
    _put(ws, row, 1, f"How the lines of {q.label} were classified", bold=True)
    decided = store.df(
        "SELECT decided_by, count(*) AS lines, count(*) FILTER (WHERE is_tech) AS tech_lines, "
        "sum(amount_reporting)::DOUBLE AS amount FROM classified_lines WHERE quarter_key = ? "
        "GROUP BY decided_by ORDER BY lines DESC",
        [q.key],
    )
    row = _table(ws, row + 1, [Col("Decided by", "decided_by"), Col("Lines", "lines", INT),
                               Col("Technology lines", "tech_lines", INT), Col(f"Amount {figures.currency}", "amount", MONEY)],
                 decided.to_dict("records"))

    row += 2
    _put(ws, row, 1, "Rules and catalog", bold=True)
    facts = []
    if _table_exists(store, "rules"):
        facts.append(("Classification rules in force", store.scalar("SELECT count(*) FROM rules WHERE removed_at IS NULL")))
        facts.append(("Classification rules undone", store.scalar("SELECT count(*) FROM rules WHERE removed_at IS NOT NULL")))
    if _table_exists(store, "vendor_merges"):
        facts.append(("Vendor merges in force", store.scalar("SELECT count(*) FROM vendor_merges WHERE removed_at IS NULL")))
    if _table_exists(store, "departments"):
        facts.append(("Departments set by a person", store.scalar(
            "SELECT count(*) FROM departments WHERE it_source = 'user' OR cf_source = 'user'")))
    if _table_exists(store, "catalog_meta"):
        meta = store.rows("SELECT catalog_version, vendors FROM catalog_meta ORDER BY loaded_at DESC LIMIT 1")
        if meta:
            facts.append(("Vendor catalog version", meta[0][0]))
            facts.append(("Vendor catalog entries", meta[0][1]))
    facts.append(("FX rates stored", store.scalar("SELECT count(*) FROM fx_rates")))
    facts.append(("Budget lines loaded", store.scalar("SELECT count(*) FROM budget_lines")))
    _header(ws, row + 1, ["Item", "Value"])
    row += 1
    for label, value in facts:
        row += 1
        _put(ws, row, 1, label)
        _put(ws, row, 2, value, INT if isinstance(value, int) else None)

    row += 2
    _put(ws, row, 1, f"FX rates still missing (lines left out of the figures), all periods", bold=True)
    missing = fx.missing(store)
    if len(missing):
        missing = missing.assign(month=missing["month"].astype(str).str[:7])
        row = _table(ws, row + 1, [Col("Currency", "currency"), Col("Month", "month"), Col("To", "to_currency"),
                                   Col("Lines", "lines", INT), Col("Amount (original currency)", "amount", MONEY)],
                     missing.to_dict("records"))
    else:
        _put(ws, row + 1, 1, "None: every line converts to the reporting currency.")
    widths = {"A": 38, "B": 22, "C": 30, "D": 14, "E": 66, "F": 10, "G": 10, "H": 10, "I": 10, "J": 10,
              "K": 16, "L": 17, "M": 10, "N": 16}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A4"
    _print_setup(ws)


def _table_exists(store, name: str) -> bool:
    return bool(store.scalar(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ? AND table_schema = 'main'", [name]))


# ---- entry points -------------------------------------------------------------------------------
SHEETS = ("Summary", "Budget vs actual", "Outside-IT vendors", "Departments", "Lines", "Provenance")


def build_board_pack(
    store,
    quarter: fiscal.Quarter | str,
    *,
    max_lines: int = MAX_LINES,
    generated_at: datetime | None = None,
) -> Workbook:
    """The board pack workbook for one fiscal quarter (see the module docstring)."""
    q = _quarter(store, quarter)
    lines_in_quarter = int(store.scalar("SELECT count(*) FROM classified_lines WHERE quarter_key = ?", [q.key]))
    if lines_in_quarter == 0:
        known = ", ".join(x.label for x in fiscal.quarters_with_data(store)[-8:]) or "none yet"
        raise ReportError(
            f"There are no classified lines in {q.label} ({q.start:%d %b %Y} to {q.end:%d %b %Y}). "
            f"Quarters with data: {known}."
        )
    generated_at = generated_at or datetime.now(timezone.utc)
    figures = pack_figures(store, q)
    wb = Workbook()
    summary = wb.active
    summary.title = SHEETS[0]
    sheets = {name: wb.create_sheet(name) for name in SHEETS[1:]}
    dept_rows = _budget_sheet(sheets["Budget vs actual"], figures)
    _summary_sheet(summary, figures, sheets["Budget vs actual"], dept_rows, store)
    _vendors_sheet(sheets["Outside-IT vendors"], store, figures)
    _departments_sheet(sheets["Departments"], store, figures)
    shown = _lines_sheet(sheets["Lines"], store, figures, max_lines)
    _provenance_sheet(sheets["Provenance"], store, figures, generated_at, shown)
    wb.properties.title = f"Technology spend board pack {q.label}"
    wb.properties.creator = "techspend"
    return wb


def board_pack_bytes(store, quarter: fiscal.Quarter | str | int, *, max_lines: int = MAX_LINES) -> bytes:
    """The pack as .xlsx bytes (for st.download_button)."""
    buffer = io.BytesIO()
    build_board_pack(store, quarter, max_lines=max_lines).save(buffer)
    return buffer.getvalue()


def write_board_pack(store, quarter: fiscal.Quarter | str, out: str | Path, *, max_lines: int = MAX_LINES) -> Path:
    path = Path(out)
    data = board_pack_bytes(store, quarter, max_lines=max_lines)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise ReportError(f"Cannot write {path}: {exc.strerror or exc}. Choose another --out path.") from exc
    return path
