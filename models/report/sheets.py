"""The Summary, Budget vs actual, Outside-IT vendors and Departments sheets."""

from __future__ import annotations

from datetime import date

from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from models import analytics, palette
from models.analytics import Filters
from models.report.cells import (BOLD, DATE, INT, MONEY, MONEY_SIGNED, PCT, PCT_SIGNED, Col, put_cell, set_widths, setup_print, write_header, write_table, write_title)
from models.report.charts import axes_visible, chart_title, colour, stacked_chart
from models.report.figures import PackFigures

CHART_DEPARTMENTS = 12


def summary_sheet(ws: Worksheet, figures: PackFigures, bva_sheet: Worksheet, bva_dept_rows: int, store) -> None:
    q, ccy = figures.quarter, figures.currency
    start_month = q.start_month
    write_title(
        ws,
        f"Technology spend board pack — {q.label}",
        f"{q.label}: {q.start:%d %b %Y} to {q.end:%d %b %Y}. Amounts in {ccy}. Fiscal year starts "
        f"in {date(2000, start_month, 1):%B} and is named by the calendar year it ends in.",
    )
    headers = ["Measure", q.label, figures.previous.label, "Change", "Change %",
               figures.last_year.label, "Change", "Change %"]
    top = 4
    write_header(ws, top, headers)
    row = top
    for kpi in figures.kpis:
        row += 1
        base_fmt = {"money": MONEY, "share": PCT, "count": INT}[kpi.kind]
        change_fmt = {"money": MONEY_SIGNED, "share": "+0.0%;[Red]-0.0%;0.0%", "count": "+#,##0;-#,##0;0"}[kpi.kind]
        put_cell(ws, row, 1, kpi.measure, bold=kpi.measure in ("Technology spend", "Share of technology spend outside IT"))
        put_cell(ws, row, 2, kpi.current, base_fmt)
        put_cell(ws, row, 3, kpi.previous, base_fmt)
        put_cell(ws, row, 4, kpi.change(kpi.previous), change_fmt)
        put_cell(ws, row, 5, kpi.change_pct(kpi.previous), PCT_SIGNED)
        put_cell(ws, row, 6, kpi.last_year, base_fmt)
        put_cell(ws, row, 7, kpi.change(kpi.last_year), change_fmt)
        put_cell(ws, row, 8, kpi.change_pct(kpi.last_year), PCT_SIGNED)
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
        cell = put_cell(ws, row_number, 1, text)
        # one note per row, across the printed width (A:J), wrapped: ~160 characters a line
        ws.merge_cells(start_row=row_number, start_column=1, end_row=row_number, end_column=10)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row_number].height = 15 * (1 + len(text) // 160)

    # chart data: trend and layer split, side by side under the notes
    data_top = notes_row + len(notes) + 2
    put_cell(ws, data_top - 1, 1, "Technology spend by quarter", bold=True)
    trend_cols = [Col("Quarter", "quarter_label"), Col("IT", "tech_in_it", MONEY),
                  Col("Outside IT", "tech_outside_it", MONEY), Col("SoR", "sor", MONEY), Col("SoE", "soe", MONEY)]
    trend_end = write_table(ws, data_top, trend_cols, figures.trend.to_dict("records"))
    put_cell(ws, data_top - 1, 7, f"Technology spend by layer, {q.label}", bold=True)
    split_cols = [Col("Side", "side"), Col("SoR", "sor", MONEY), Col("SoE", "soe", MONEY),
                  Col("No layer", "unassigned", MONEY)]
    split_end = write_table(ws, data_top, split_cols, figures.layer_split.to_dict("records"), start_col=7)

    ws.column_dimensions["A"].width = 38
    for letter in "BCDEFGHIJ":
        ws.column_dimensions[letter].width = 15
    ws.freeze_panes = ws.cell(row=top + 1, column=2)

    chart_row = max(trend_end, split_end) + 2
    # 1. trend IT vs outside IT (stacked columns); 2. SoR/SoE inside and outside IT (stacked bars)
    ws.add_chart(stacked_chart(
        ws, "col", "Technology spend by quarter: IT vs outside IT", cols=(2, 3), category_col=1,
        rows=(data_top, trend_end), colours=[palette.hex_rgb(palette.IT), palette.hex_rgb(palette.OUTSIDE_IT)], size=(8, 16),
        value_title=ccy), f"A{chart_row}")
    ws.add_chart(stacked_chart(
        ws, "bar", f"SoR / SoE split, {q.label}", cols=(8, 9), category_col=7,
        rows=(data_top, split_end), colours=[palette.hex_rgb(palette.SOR), palette.hex_rgb(palette.SOE)], size=(8, 14)),
        f"E{chart_row}")

    # 3. budget vs actual by department (clustered columns), from the Budget vs actual sheet
    bva = BarChart()
    bva.type = "col"
    bva.grouping = "clustered"
    chart_title(bva, f"Budget vs actual by department, {q.label}")
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
    bva.height, bva.width = 9, 30
    ws.add_chart(bva, f"A{chart_row + 17}")
    setup_print(ws)
    ws.page_setup.fitToHeight = 1  # the Summary prints on one page
    ws.print_area = f"A1:J{chart_row + 36}"



BVA_TOP = 4  # header row of the Budget vs actual table
BVA_NAME_COL = 2
BVA_ACTUAL_COL = 4
BVA_BUDGET_COL = 5


def budget_sheet(ws: Worksheet, figures: PackFigures) -> int:
    """Returns the number of department rows (they come first, for the chart)."""
    b, q = figures.budget, figures.quarter
    write_title(
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
    end = write_table(ws, BVA_TOP, columns, records)
    for cell in ws[end]:
        cell.font = BOLD
    if not b.has_budget:
        put_cell(ws, end + 2, 1, "No budget is loaded for this fiscal year (techspend budget load FILE, or the Budget & FX page).")
    ws.freeze_panes = ws.cell(row=BVA_TOP + 1, column=3)
    set_widths(ws, columns, top=BVA_TOP)
    setup_print(ws, f"{BVA_TOP}:{BVA_TOP}")
    ws.auto_filter.ref = f"A{BVA_TOP}:{get_column_letter(len(columns))}{end}"
    return len(b.by_department)


def vendors_sheet(ws: Worksheet, store, figures: PackFigures) -> None:
    q = figures.quarter
    frame = analytics.shadow_it_vendors(store, Filters(quarter_from=q.key, quarter_to=q.key))
    write_title(
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
    end = write_table(ws, top, columns, frame.to_dict("records"))
    if end == top:
        put_cell(ws, top + 1, 1, "No technology spend outside IT in this quarter.")
    ws.freeze_panes = ws.cell(row=top + 1, column=2)
    set_widths(ws, columns, top=top)
    setup_print(ws, f"{top}:{top}")
    ws.auto_filter.ref = f"A{top}:{get_column_letter(len(columns))}{max(end, top + 1)}"


def departments_sheet(ws: Worksheet, store, figures: PackFigures) -> None:
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
    write_title(
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
    end = write_table(ws, top, columns, merged.to_dict("records"))
    ws.freeze_panes = ws.cell(row=top + 1, column=2)
    set_widths(ws, columns, top=top)
    setup_print(ws, f"{top}:{top}")
    ws.auto_filter.ref = f"A{top}:{get_column_letter(len(columns))}{max(end, top + 1)}"
