"""The Budget vs actual, Outside-IT vendors and Departments sheets of the board pack.

Each prints on A4 landscape, one page wide (at most 12 columns, long text wrapped, the header row
repeated on every page), with the scope line under the title; money in thousands of the reporting
currency (£k, the cells exact); changes and variances red when spend goes up / over budget, green
when it goes down (models.palette), as on the dashboard. The Layer rows of Budget vs actual appear
only for a budget that has layers (SoR / SoE): without them every budget would read 'Unassigned'.
"""

from __future__ import annotations

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from models import analytics
from models.report.cells import (DATE, INT, PCT, PCT_SIGNED, Col, money_k_format, put_cell,
                                 set_widths, setup_print, write_scope, write_table, write_title)
from models.report.figures import PackFigures, budget_has_layers, symbol

BVA_TOP = 4  # header row of the Budget vs actual table
BVA_NAME_COL = 2
BVA_ACTUAL_COL = 4
BVA_BUDGET_COL = 5
TABLE_TOP = 4


def _k(figures: PackFigures, signed: bool = False) -> str:
    return money_k_format(symbol(figures.currency), signed=signed)


def _finish(ws: Worksheet, columns: list[Col], top: int, end: int, freeze_col: int = 2) -> None:
    ws.freeze_panes = ws.cell(row=top + 1, column=freeze_col)
    set_widths(ws, columns, top=top)
    setup_print(ws, f"{top}:{top}")
    ws.auto_filter.ref = f"A{top}:{get_column_letter(len(columns))}{max(end, top + 1)}"


def budget_sheet(ws: Worksheet, figures: PackFigures) -> int:
    """Returns the number of department rows (they come first, for the chart)."""
    b, q = figures.budget, figures.quarter
    k, k_signed = _k(figures), _k(figures, signed=True)
    write_title(
        ws,
        f"Technology budget vs actual — {q.label}",
        f"Money in {symbol(figures.currency).strip()}k ({figures.currency}). Variance = actual - "
        f"budget (positive = over budget, red). Outlook = actual {q.fiscal_year_start():%d %b %Y} "
        f"to {q.end:%d %b %Y} + budget for the rest of FY{q.fiscal_year}. Budgets spanning "
        "several months are spread evenly over them.",
    )
    write_scope(ws, "Whole organisation (budgets are set per department; the pack's filters do "
                    "not apply to this sheet)." + (" Includes the sample company." if
                                                   figures.scope.includes_sample else ""))
    columns = [
        Col("View", "dimension", width=11),
        Col("Department / group", "group_name", wrap=True),
        Col("IT?", "is_it", width=6),
        Col(f"Actual {q.label}", "actual", k),
        Col(f"Budget {q.label}", "budget", k),
        Col("Variance", "variance", k_signed, change=True),
        Col("Variance %", "variance_pct", PCT_SIGNED, change=True),
        Col(f"Actual FY{q.fiscal_year} to date", "actual_ytd", k),
        Col(f"Budget FY{q.fiscal_year}", "budget_full_year", k),
        Col(f"Outlook FY{q.fiscal_year}", "outlook_full_year", k),
        Col("Outlook vs budget", "outlook_variance", k_signed, change=True),
        Col("Note", "note", width=34, wrap=True),
    ]
    views = [("Department", b.by_department)]
    if budget_has_layers(b):
        views.append(("Layer", b.by_layer))
    views.append(("IT / outside IT", b.by_it))
    records: list[dict] = []
    for dimension, frame in views:
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
        cell.font = Font(bold=True, color=cell.font.color)
    if not b.has_budget:
        put_cell(ws, end + 2, 1, "No budget is loaded for this fiscal year (techspend budget load FILE, or the Budget & FX page).")
    elif not budget_has_layers(b):
        put_cell(ws, end + 2, 1, "The budget has no layers (SoR / SoE), so no layer comparison is shown.")
    _finish(ws, columns, BVA_TOP, end, freeze_col=3)
    return len(b.by_department)


def vendors_sheet(ws: Worksheet, store, figures: PackFigures) -> None:
    q = figures.quarter
    frame = analytics.shadow_it_vendors(store, figures.in_quarter())
    k = _k(figures)
    write_title(
        ws,
        f"Technology vendors paid outside IT — {q.label}",
        f"Money in {symbol(figures.currency).strip()}k ({figures.currency}). 'Also paid by IT' marks "
        "a consolidation candidate. First seen is over all loaded data; 'New' = first seen in this quarter.",
    )
    write_scope(ws, figures.scope.sentence)
    columns = [
        Col("Vendor", "vendor", wrap=True), Col("Category", "category", wrap=True),
        Col("Layer", "layer", width=7), Col("Departments paying", "departments_paying", width=30, wrap=True),
        Col("Depts", "department_count", INT, 7), Col("Spend outside IT", "spend_outside_it", k),
        Col("Share of outside-IT spend", "share_of_outside_it", PCT),
        Col("Spend by IT, same vendor", "spend_by_it", k), Col("Also paid by IT", "consolidation_candidate", width=9),
        Col("First seen", "first_seen", DATE, 11), Col("New", "new_in_period", width=6),
        Col("Lines", "line_count", INT, 8),
    ]
    end = write_table(ws, TABLE_TOP, columns, frame.to_dict("records"))
    if end == TABLE_TOP:
        put_cell(ws, TABLE_TOP + 1, 1, "No technology spend outside IT in this quarter.")
    _finish(ws, columns, TABLE_TOP, end)


def departments_sheet(ws: Worksheet, store, figures: PackFigures) -> None:
    q = figures.quarter
    spend = analytics.spend_by_department(store, figures.in_quarter())
    changes = analytics.quarter_changes(store, q.key, "department", figures.filters)
    key = lambda s: s.astype(str).str.strip().str.casefold()  # noqa: E731
    merged = spend.assign(_k=key(spend["department"])).merge(
        changes.assign(_k=key(changes["item"]))[
            ["_k", "previous_quarter", "change_vs_previous", "same_quarter_last_year", "change_vs_last_year"]
        ],
        on="_k", how="left",
    )
    bva = figures.budget.by_department
    merged = merged.merge(bva.assign(_k=key(bva["group_name"]))[["_k", "budget", "variance"]],
                          on="_k", how="left")
    k, k_signed = _k(figures), _k(figures, signed=True)
    write_title(
        ws,
        f"Departments — {q.label}",
        f"Money in {symbol(figures.currency).strip()}k ({figures.currency}). Changes compare technology "
        f"spend with {figures.previous.label} and {figures.last_year.label}: up red, down green.",
    )
    write_scope(ws, figures.scope.sentence)
    columns = [
        Col("Department", "department", wrap=True), Col("IT?", "it_owned", width=6),
        Col("Total spend", "total_spend", k), Col("Technology spend", "tech_spend", k),
        Col("Share of all tech", "share_of_tech", PCT),
        Col(f"Tech {figures.previous.label}", "previous_quarter", k),
        Col("Change vs previous", "change_vs_previous", k_signed, change=True),
        Col(f"Tech {figures.last_year.label}", "same_quarter_last_year", k),
        Col("Change vs last year", "change_vs_last_year", k_signed, change=True),
        Col(f"Budget {q.label}", "budget", k), Col("Variance", "variance", k_signed, change=True),
        Col("Lines", "line_count", INT, 8),
    ]
    end = write_table(ws, TABLE_TOP, columns, merged.to_dict("records"))
    _finish(ws, columns, TABLE_TOP, end)
