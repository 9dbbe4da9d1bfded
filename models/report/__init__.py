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

Every data cell goes through models.excel_safe.set_cell (cells.put_cell): text is typed as text (never a formula,
shown literally). Money cells use '#,##0.00', shares '0.0%'. Header rows are frozen, columns sized,
each sheet prints landscape, fit to one page wide, header rows repeated.

Worked example::

    data = board_pack_bytes(store, "FY2026 Q1")     # -> bytes of an .xlsx
    write_board_pack(store, "FY2026 Q1", "pack.xlsx")

Rooms: figures.py (what the Summary shows, from models.analytics / models.budget), cells.py
(formats, headers, tables, widths, print setup), charts.py (native Excel charts in the product
palette, models.palette), sheets.py (Summary, Budget vs actual, vendors, departments),
detail_sheets.py (Lines, Provenance; their SQL in models/sql/report_*.sql), pack.py (the
workbook and its entry points).
"""

from models.report.figures import KpiRow, PackFigures, ReportError, pack_figures
from models.report.pack import MAX_LINES, SHEETS, board_pack_bytes, build_board_pack, write_board_pack

__all__ = ["MAX_LINES", "SHEETS", "KpiRow", "PackFigures", "ReportError", "board_pack_bytes",
           "build_board_pack", "pack_figures", "write_board_pack"]
