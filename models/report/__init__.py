"""The board pack: one XLSX workbook for a fiscal quarter, ready to send without retyping a number.

Business rule: every figure in the pack comes from the same models API the dashboard uses
(models.analytics over classified_lines, models.budget for budget vs actual), for one fiscal
quarter (models.fiscal), in the reporting currency. Lines with no FX rate are left out of every
figure and counted on the Summary and Provenance sheets.

Scope: `filters` (the dashboard's departments / uploads; None = whole organisation) apply to
every figure but the budget (budgets are per department: that sheet says "whole organisation");
row 3 of every sheet states the scope in words, and says when the sample company is in it
(models.report.scope).

Sheets (in order):
  Summary            the headline sentence; KPIs for the quarter vs the previous quarter and the
                     same quarter last year; notes; the top technology vendors paid outside IT and
                     the quarter's biggest changes by department; three NATIVE Excel charts
                     (openpyxl.chart): technology spend trend IT vs outside IT, SoR/SoE split
                     inside and outside IT, budget vs actual by department (summary_sheet.py).
  Budget vs actual   by department, layer, IT vs outside IT and total (models.budget)
  Outside-IT vendors technology vendors paid outside IT in the quarter (analytics.shadow_it_vendors)
  Departments        every department's spend in the quarter, changes, budget
  Lines              the classified lines of the quarter with source file and row; at most
                     `max_lines` (default 20,000; writing costs ~11 s per 100k rows), technology
                     lines first by amount — the sheet says when it is cut
  Provenance         every upload (file, sha256, rows read/loaded/excluded/rejected, control
                     total), how lines were classified, rule counts, calendar and currency
                     settings, missing FX rates, generation time

Every data cell goes through models.excel_safe.set_cell (cells.put_cell): text is typed as text (never a formula,
shown literally). Board sheets show money in £k (one decimal; the cells hold the exact value),
Lines and Provenance to the penny; shares '0.0%', a change of a share in points ('+2.1 pts');
changes red when spend goes up, green when it goes down (models.palette, as on the dashboard).
Header rows are frozen and wrapped, columns sized; each sheet prints A4 landscape, one page wide,
header rows repeated (print titles).

Worked example::

    data = board_pack_bytes(store, "FY2026 Q1")     # -> bytes of an .xlsx
    write_board_pack(store, "FY2026 Q1", "pack.xlsx", filters=Filters(departments=("Sales",)))

Rooms: figures.py (what the Summary shows, from models.analytics / models.budget), cells.py
(formats, headers, tables, widths, print setup), charts.py (native Excel charts in the product
palette, models.palette), summary_sheet.py (Summary), sheets.py (Budget vs actual, vendors,
departments), scope.py (the scope in words, the sample company's uploads),
detail_sheets.py (Lines, Provenance; their SQL in models/sql/report_*.sql), pack.py (the
workbook and its entry points).
"""

# Imported when first used (PEP 562): `models.report.scope` (the sample company's uploads, read
# by the workspace and every CLI command) must not pull openpyxl and the whole pack in.
_FIGURES = {"KpiRow", "PackFigures", "ReportError", "pack_figures"}
_PACK = {"MAX_LINES", "SHEETS", "board_pack_bytes", "build_board_pack", "write_board_pack"}


def __getattr__(name: str):
    if name in _FIGURES:
        from models.report import figures
        return getattr(figures, name)
    if name in _PACK:
        from models.report import pack
        return getattr(pack, name)
    raise AttributeError(f"module 'models.report' has no attribute {name!r}")


__all__ = ["MAX_LINES", "SHEETS", "KpiRow", "PackFigures", "ReportError", "board_pack_bytes",
           "build_board_pack", "pack_figures", "write_board_pack"]
