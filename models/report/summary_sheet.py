"""The Summary sheet: what a CFO hands to the board on one landscape page.

Top to bottom (columns A:J, what prints): the title, the quarter and units, the scope (filters or
whole organisation, and whether the sample company is in it), the headline sentence, the KPI
table vs the previous quarter and the same quarter last year, notes, the top technology vendors
paid outside IT next to the quarter's biggest changes by department, then three native Excel
charts. The charts' data tables sit to the right (columns L:T, outside the print area).

Units and colours, as on the dashboard: money in thousands of the reporting currency (£k, one
decimal; the cells hold the exact value), a change of a share in points ("+2.1 pts"), a change
in spend red when up and green when down (models.palette UP / DOWN; budget changes uncoloured).
"""

from __future__ import annotations

from datetime import date

from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from models import palette
from models.report.cells import (INT, INT_SIGNED, PCT, PCT_SIGNED, PTS_SIGNED, Col, money_k_format, put_cell,
                                 put_change, setup_print, write_header, write_scope, write_table,
                                 write_title)
from models.report.charts import axes_visible, chart_title, colour, stacked_chart
from models.report.figures import PackFigures, symbol
from models.report.sheets import BVA_ACTUAL_COL, BVA_BUDGET_COL, BVA_NAME_COL, BVA_TOP

CHART_DEPARTMENTS = 12
KPI_TOP = 6  # header row of the KPI table
DATA_COL = 12  # column L: chart data, right of the printed area
PRINT_COLS = "J"
_NOT_COLOURED = ("Technology budget", "Lines", "Lines left out: no FX rate")


def _merged_text(ws: Worksheet, row: int, text: str, *, bold: bool = False, size: int = 11,
                 per_line: int = 150) -> None:
    cell = put_cell(ws, row, 1, text, bold=bold)
    cell.font = Font(bold=bold, size=size)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=10)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[row].height = (size + 4) * (1 + len(text) // per_line)


def _kpis(ws: Worksheet, figures: PackFigures) -> int:
    q, sym = figures.quarter, symbol(figures.currency)
    money, money_change = money_k_format(sym), money_k_format(sym, signed=True)
    write_header(ws, KPI_TOP, ["Measure", q.label, figures.previous.label, "Change", "Change %",
                               figures.last_year.label, "Change", "Change %"])
    row = KPI_TOP
    for kpi in figures.kpis:
        row += 1
        base_fmt = {"money": money, "share": PCT, "count": INT}[kpi.kind]
        change_fmt = {"money": money_change, "share": PTS_SIGNED, "count": INT_SIGNED}[kpi.kind]
        label = kpi.measure
        if figures.filtered and kpi.measure.startswith(("Technology budget", "Variance to budget")):
            label += " (whole organisation)"
        put_cell(ws, row, 1, label, bold=kpi.measure in ("Technology spend", "Share of technology spend outside IT"))
        put_cell(ws, row, 2, kpi.current, base_fmt)
        put_cell(ws, row, 3, kpi.previous, base_fmt)
        put_cell(ws, row, 6, kpi.last_year, base_fmt)
        write = put_cell if kpi.measure in _NOT_COLOURED else put_change
        for column, base in ((4, kpi.previous), (7, kpi.last_year)):
            change = kpi.change(base)
            if kpi.kind == "share" and change is not None:
                change *= 100  # points
            write(ws, row, column, change, change_fmt)
            write(ws, row, column + 1, kpi.change_pct(base), PCT_SIGNED)
    return row


def _notes(figures: PackFigures) -> list[str]:
    q, ccy = figures.quarter, figures.currency
    notes = [f"Money in thousands of {ccy} ({symbol(ccy).strip()}k, rounded; the cells hold exact "
             "values). A change of a share is in percentage points (pts). Spend going up is red, "
             "going down green, as on the dashboard. Budget rows are empty when no budget covers "
             "that quarter."]
    if figures.fx_missing_lines:
        notes.append(f"{figures.fx_missing_lines:,} line(s) of {q.label} have no FX rate to {ccy} and "
                     "are left out of every figure (never converted at 1.0): see Provenance and add "
                     "the rates on the Budget & FX page.")
    b = figures.budget
    if len(b.shadow_it):
        notes.append("Technology spend with no technology budget (shadow IT in budget terms), fiscal "
                     f"year to date, {len(b.shadow_it)} department(s): see the Budget vs actual sheet.")
    if b.unmatched_budget_departments:
        notes.append("Budget departments that match no department in the ledgers (check the "
                     "spelling): " + "; ".join(b.unmatched_budget_departments[:10])
                     + (" ..." if len(b.unmatched_budget_departments) > 10 else ""))
    if not len(b.shadow_it) and not b.has_budget:
        notes.append("No budget is loaded for this fiscal year: load one on the Budget & FX page.")
    return notes


def _vendors_and_changes(ws: Worksheet, top: int, figures: PackFigures) -> int:
    sym = symbol(figures.currency)
    money, change = money_k_format(sym), money_k_format(sym, signed=True)
    put_cell(ws, top, 1, f"Top technology vendors paid outside IT, {figures.quarter.label}", bold=True)
    vendor_cols = [Col("Vendor", "vendor"), Col("Paid by", "departments_paying", wrap=True),
                   Col("Outside IT", "spend_outside_it", money), Col("Share", "share_of_outside_it", PCT),
                   Col("Also paid by IT", "spend_by_it", money)]
    records = figures.top_vendors.to_dict("records") if figures.top_vendors is not None else []
    end_v = write_table(ws, top + 1, vendor_cols, records)
    if not records:
        put_cell(ws, top + 2, 1, "No technology spend outside IT in this quarter.")
        end_v = top + 2
    put_cell(ws, top, 7, f"Biggest changes in technology spend vs {figures.previous.label}", bold=True)
    change_cols = [Col("Department", "item", wrap=True), Col(figures.quarter.label, "current", money),
                   Col(figures.previous.label, "previous_quarter", money),
                   Col("Change", "change_vs_previous", change, change=True)]
    moves = figures.changes.to_dict("records") if figures.changes is not None else []
    end_c = write_table(ws, top + 1, change_cols, moves, start_col=7)
    if not moves:
        put_cell(ws, top + 2, 7, f"No change vs {figures.previous.label}.")
        end_c = top + 2
    return max(end_v, end_c)


def summary_sheet(ws: Worksheet, figures: PackFigures, bva_sheet: Worksheet, bva_dept_rows: int) -> None:
    q, ccy = figures.quarter, figures.currency
    write_title(ws, f"Technology spend board pack — {q.label}",
                f"{q.label}: {q.start:%d %b %Y} to {q.end:%d %b %Y}. Money in {symbol(ccy).strip()}k "
                f"({ccy}). Fiscal year starts in {date(2000, q.start_month, 1):%B} and is named by "
                "the calendar year it ends in.")
    write_scope(ws, figures.scope.sentence)
    _merged_text(ws, 4, figures.headline, bold=True, size=12, per_line=120)
    kpi_end = _kpis(ws, figures)
    row = kpi_end + 2
    for text in _notes(figures):
        _merged_text(ws, row, text, size=9, per_line=170)
        row += 1
    tables_end = _vendors_and_changes(ws, row + 1, figures)

    # chart data: trend and layer split, right of the printed area
    money = money_k_format(symbol(ccy))
    put_cell(ws, KPI_TOP - 1, DATA_COL, "Chart data", bold=True)
    trend_cols = [Col("Quarter", "quarter_label"), Col("IT", "tech_in_it", money),
                  Col("Outside IT", "tech_outside_it", money), Col("SoR", "sor", money), Col("SoE", "soe", money)]
    trend_end = write_table(ws, KPI_TOP, trend_cols, figures.trend.to_dict("records"), start_col=DATA_COL)
    split_top = trend_end + 2
    split_cols = [Col("Side", "side"), Col("SoR", "sor", money), Col("SoE", "soe", money),
                  Col("No layer", "unassigned", money)]
    split_end = write_table(ws, split_top, split_cols, figures.layer_split.to_dict("records"), start_col=DATA_COL)

    ws.column_dimensions["A"].width = 40
    for letter in "BCDEFHIJ":
        ws.column_dimensions[letter].width = 13
    ws.column_dimensions["G"].width = 24
    ws.column_dimensions["L"].width = 14
    ws.freeze_panes = ws.cell(row=KPI_TOP + 1, column=2)

    chart_row = tables_end + 2
    ws.add_chart(stacked_chart(
        ws, "col", "Technology spend by quarter: IT vs outside IT", cols=(DATA_COL + 1, DATA_COL + 2),
        category_col=DATA_COL, rows=(KPI_TOP, trend_end),
        colours=[palette.hex_rgb(palette.IT), palette.hex_rgb(palette.OUTSIDE_IT)], size=(8, 16),
        value_title=ccy), f"A{chart_row}")
    ws.add_chart(stacked_chart(
        ws, "bar", f"SoR / SoE split, {q.label}", cols=(DATA_COL + 1, DATA_COL + 2), category_col=DATA_COL,
        rows=(split_top, split_end), colours=[palette.hex_rgb(palette.SOR), palette.hex_rgb(palette.SOE)],
        size=(8, 13)), f"F{chart_row}")

    bva = BarChart()
    bva.type = "col"
    bva.grouping = "clustered"
    chart_title(bva, f"Budget vs actual by department, {q.label} (whole organisation)"
                if figures.filtered else f"Budget vs actual by department, {q.label}")
    bva.y_axis.numFmt = "#,##0"
    bva.y_axis.title = ccy
    bva.y_axis.majorGridlines = None
    if bva_dept_rows:
        first, last = BVA_TOP + 1, BVA_TOP + min(bva_dept_rows, CHART_DEPARTMENTS)
        bva.add_data(Reference(bva_sheet, min_col=BVA_BUDGET_COL, min_row=BVA_TOP, max_row=last), titles_from_data=True)
        bva.add_data(Reference(bva_sheet, min_col=BVA_ACTUAL_COL, min_row=BVA_TOP, max_row=last), titles_from_data=True)
        bva.set_categories(Reference(bva_sheet, min_col=BVA_NAME_COL, min_row=first, max_row=last))
        colour(bva, [palette.hex_rgb(palette.NEUTRAL), palette.hex_rgb(palette.IT)])
    axes_visible(bva)
    bva.height, bva.width = 9, 29
    ws.add_chart(bva, f"A{chart_row + 17}")
    setup_print(ws, "1:3")
    ws.print_area = f"A1:{PRINT_COLS}{chart_row + 36}"
