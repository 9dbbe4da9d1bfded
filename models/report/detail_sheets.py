"""The Lines and Provenance sheets: every line of the quarter with its source file and row, and
where every number comes from. Their SQL is in models/sql/report_*.sql."""

from __future__ import annotations

from datetime import date, datetime

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from models import fx
from models.report.cells import (DATE, DATETIME, INT, MONEY, Col, put_cell, set_widths, setup_print, write_header, write_scope, write_table, write_title)
from models.report.scope import sample_upload_ids
from models.report.figures import PackFigures
from models.sql import load_sql


def scope_params(figures: PackFigures) -> dict:
    """The bound parameters of models/sql/report_scope.sql for the pack's quarter and filters."""
    return {"quarter_key": figures.quarter.key, "departments": list(figures.filters.departments),
            "upload_ids": list(figures.filters.upload_ids)}


def lines_sheet(ws: Worksheet, store, figures: PackFigures, max_lines: int) -> tuple[int, int]:
    q = figures.quarter
    total = int(store.scalar(load_sql("report_quarter_line_count"), scope_params(figures)))
    frame = store.df(load_sql("report_lines"), {**scope_params(figures), "max_lines": int(max_lines)})
    shown = len(frame)
    cut = (
        f"Showing {shown:,} of {total:,} lines (technology first, largest first). "
        "All lines: techspend export --db PATH --out lines.csv"
        if shown < total
        else f"All {total:,} lines of the quarter."
    )
    write_title(ws, f"Classified lines — {q.label}", cut + " Source file and row point to the row in the file as uploaded.")
    write_scope(ws, figures.scope.sentence)
    columns = [
        Col("Date", "txn_date", DATE, 11), Col("Vendor as written", "vendor", wrap=True),
        Col("Vendor", "vendor_canonical", wrap=True), Col("Department", "department", wrap=True),
        Col("IT?", "it_owned", width=7), Col("Account", "account_name", wrap=True),
        Col("Description", "description", width=36, wrap=True), Col("Amount", "amount", MONEY), Col("Currency", "currency", width=9),
        Col(f"Amount {figures.currency}", "amount_reporting", MONEY), Col("No FX rate", "fx_missing", width=9),
        Col("Technology?", "is_tech", width=11), Col("Layer", "layer", width=8), Col("Category", "category"),
        Col("Decided by", "decided_by", width=12), Col("Reason", "reason", width=36, wrap=True),
        Col("Source file", "source_file"), Col("Source row", "source_row", INT, 10),
    ]
    top = 4
    end = write_table(ws, top, columns, frame.to_dict("records"))
    ws.freeze_panes = ws.cell(row=top + 1, column=3)
    set_widths(ws, columns, top=top)
    setup_print(ws, f"{top}:{top}")
    ws.auto_filter.ref = f"A{top}:{get_column_letter(len(columns))}{max(end, top + 1)}"
    return shown, total



def provenance_sheet(ws: Worksheet, store, figures: PackFigures, generated_at: datetime, lines: tuple[int, int]) -> None:
    q = figures.quarter
    write_title(ws, "Provenance", "Where every number in this pack comes from.")
    write_scope(ws, figures.scope.sentence)
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
        ("Scope (filters)", figures.scope.text, None),
        ("Sample company in the figures", "Yes" if figures.scope.includes_sample else "No", None),
    ]
    write_header(ws, row, ["Setting", "Value"])
    for label, value, fmt in settings:
        row += 1
        put_cell(ws, row, 1, label)
        put_cell(ws, row, 2, value, fmt)

    row += 2
    put_cell(ws, row, 1, "Uploads (Reconciles: rows read = loaded + excluded + rejected)", bold=True)
    uploads = store.df(load_sql("report_uploads"))
    sample = set(sample_upload_ids(store))
    uploads["sample"] = [int(u) in sample for u in uploads["upload_id"]]
    upload_cols = [
        Col("Upload", "upload_id", INT), Col("Dataset", "dataset"), Col("File", "file_name"), Col("Sheet", "sheet"),
        Col("SHA-256", "sha256"), Col("Bytes", "size_bytes", INT), Col("Rows read", "rows_read", INT),
        Col("Loaded", "rows_loaded", INT), Col("Excluded", "rows_excluded", INT), Col("Rejected", "rows_rejected", INT),
        Col("Control total", "control_total", MONEY), Col("Loaded at", "loaded_at", DATETIME),
        Col("Status", "status"), Col("Reconciles", "reconciles"), Col("Sample company", "sample"),
    ]
    row = write_table(ws, row + 1, upload_cols, uploads.to_dict("records"))

    row += 2
    put_cell(ws, row, 1, f"How the lines of {q.label} were classified", bold=True)
    decided = store.df(load_sql("report_decided_by"), scope_params(figures))
    row = write_table(ws, row + 1, [Col("Decided by", "decided_by"), Col("Lines", "lines", INT),
                               Col("Technology lines", "tech_lines", INT), Col(f"Amount {figures.currency}", "amount", MONEY)],
                 decided.to_dict("records"))

    row += 2
    put_cell(ws, row, 1, "Rules and catalog", bold=True)
    f = store.df(load_sql("report_facts")).iloc[0]
    facts = [("Classification rules in force", int(f.rules_in_force)),
             ("Classification rules undone", int(f.rules_undone)),
             ("Vendor merges in force", int(f.merges_in_force)),
             ("Departments set by a person", int(f.departments_set))]
    if isinstance(f.catalog_version, str):
        facts.append(("Vendor catalog version", f.catalog_version))
        facts.append(("Vendor catalog entries", int(f.catalog_vendors)))
    facts.append(("FX rates stored", int(f.fx_rates)))
    facts.append(("Budget lines loaded", int(f.budget_lines)))
    write_header(ws, row + 1, ["Item", "Value"])
    row += 1
    for label, value in facts:
        row += 1
        put_cell(ws, row, 1, label)
        put_cell(ws, row, 2, value, INT if isinstance(value, int) else None)

    row += 2
    put_cell(ws, row, 1, f"FX rates still missing (lines left out of the figures), all periods", bold=True)
    missing = fx.missing(store)
    if len(missing):
        missing = missing.assign(month=missing["month"].astype(str).str[:7])
        row = write_table(ws, row + 1, [Col("Currency", "currency"), Col("Month", "month"), Col("To", "to_currency"),
                                   Col("Lines", "lines", INT), Col("Amount (original currency)", "amount", MONEY)],
                     missing.to_dict("records"))
    else:
        put_cell(ws, row + 1, 1, "None: every line converts to the reporting currency.")
    widths = {"A": 38, "B": 22, "C": 30, "D": 14, "E": 66, "F": 10, "G": 10, "H": 10, "I": 10, "J": 10,
              "K": 16, "L": 17, "M": 10, "N": 16}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    ws.column_dimensions["O"].width = 10
    ws.freeze_panes = "A5"
    setup_print(ws, "1:3")
