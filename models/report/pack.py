"""The board pack workbook and its entry points (bytes for a download, a file for the CLI)."""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path

from openpyxl import Workbook

from access import require_all_departments  # access (#14)
from models import fiscal
from models.analytics import Filters
from models.sql import load_sql
from models.report.detail_sheets import lines_sheet, provenance_sheet, scope_params
from models.report.figures import ReportError, _quarter, pack_figures
from models.report.governance import governance_sheet
from models.report.tbm_sheet import tbm_sheet
from models.report.sheets import budget_sheet, departments_sheet, vendors_sheet
from models.report.summary_sheet import summary_sheet

MAX_LINES = 20_000


SHEETS = ("Summary", "Budget vs actual", "Outside-IT vendors", "Departments", "TBM", "Governance",
          "Lines", "Provenance")


def build_board_pack(
    store,
    quarter: fiscal.Quarter | str,
    *,
    max_lines: int = MAX_LINES,
    generated_at: datetime | None = None,
    filters: Filters | None = None,
) -> Workbook:
    """The board pack workbook for one fiscal quarter (see the module docstring), in the scope of
    `filters` (the dashboard's departments / uploads; None = the whole organisation)."""
    require_all_departments("The board pack")  # access (#14): not department-scoped yet
    q = _quarter(store, quarter)
    figures = pack_figures(store, q, filters)
    lines_in_quarter = int(store.scalar(load_sql("report_quarter_line_count"), scope_params(figures)))
    if lines_in_quarter == 0:
        known = ", ".join(x.label for x in fiscal.quarters_with_data(store)[-8:]) or "none yet"
        within = "" if not figures.filtered else f" within the filters ({figures.scope.text})"
        raise ReportError(
            f"There are no classified lines in {q.label} ({q.start:%d %b %Y} to {q.end:%d %b %Y})"
            f"{within}. Quarters with data: {known}."
        )
    generated_at = generated_at or datetime.now(timezone.utc)
    wb = Workbook()
    summary = wb.active
    summary.title = SHEETS[0]
    sheets = {name: wb.create_sheet(name) for name in SHEETS[1:]}
    dept_rows = budget_sheet(sheets["Budget vs actual"], figures)
    summary_sheet(summary, figures, sheets["Budget vs actual"], dept_rows)
    vendors_sheet(sheets["Outside-IT vendors"], store, figures)
    departments_sheet(sheets["Departments"], store, figures)
    tbm_sheet(sheets["TBM"], store, figures)  # issue 16 (models/report/tbm_sheet.py)
    governance_sheet(sheets["Governance"], store, figures)  # issue 15 (models/report/governance.py)
    shown = lines_sheet(sheets["Lines"], store, figures, max_lines)
    provenance_sheet(sheets["Provenance"], store, figures, generated_at, shown)
    wb.properties.title = f"Technology spend board pack {q.label}"
    wb.properties.creator = "techspend"
    return wb


def board_pack_bytes(store, quarter: fiscal.Quarter | str | int, *, max_lines: int = MAX_LINES,
                     filters: Filters | None = None) -> bytes:
    """The pack as .xlsx bytes (for st.download_button): pass the page's Filters so the pack
    covers (and says) what the page shows."""
    buffer = io.BytesIO()
    build_board_pack(store, quarter, max_lines=max_lines, filters=filters).save(buffer)
    return buffer.getvalue()


def write_board_pack(store, quarter: fiscal.Quarter | str, out: str | Path, *, max_lines: int = MAX_LINES,
                     filters: Filters | None = None) -> Path:
    path = Path(out)
    data = board_pack_bytes(store, quarter, max_lines=max_lines, filters=filters)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise ReportError(f"Cannot write {path}: {exc.strerror or exc}. Choose another --out path.") from exc
    return path
