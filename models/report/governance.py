"""The board pack's Governance sheet (issue 15): one page a CIO can take to the board.

Sections, top to bottom: technology spend outside IT in the quarter by IT-standards status; the
largest vendors outside IT that IT never reviewed (SoE vendors handling customer data called
out); active subscriptions outside IT and licence consolidation candidates (annual run-rates);
duplicate payments (candidates and what a person confirmed; control totals unchanged); the
CIO–CMO view against the published martech band (context, not a target). Every figure comes from
models.governance, the same calls as the Governance page and the CLI.
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from models.governance import cio_cmo, duplicates, standards, subscriptions
from models.report.cells import (BOLD, DATE, INT, MONEY, PCT, Col, put_cell, set_widths,
                                 setup_print, write_scope, write_table, write_title)

TOP_ROWS = 25


def _section(ws: Worksheet, row: int, heading: str, note: str, columns, records,
             empty: str) -> int:
    """Heading, note, table (at most TOP_ROWS rows); returns the next free row."""
    put_cell(ws, row, 1, heading, bold=True)
    put_cell(ws, row + 1, 1, note)
    shown = list(records)[:TOP_ROWS]
    end = write_table(ws, row + 2, columns, shown)
    if end == row + 2:
        put_cell(ws, end + 1, 1, empty)
        end += 1
    elif len(records) > TOP_ROWS:
        put_cell(ws, end + 1, 1, f"… and {len(records) - TOP_ROWS} more (Governance page).")
        end += 1
    return end + 2


def governance_sheet(ws: Worksheet, store, figures) -> None:
    q, cur = figures.quarter, figures.currency
    write_title(ws, f"Governance — {q.label}",
                f"Amounts in {cur}. Register status, never-reviewed vendors and the CIO–CMO view "
                f"are for {q.label} (CIO–CMO: the four quarters to it); subscriptions and "
                "duplicates cover all loaded lines.")
    write_scope(ws, "Whole organisation (the register, subscriptions and duplicates are read over "
                    "every department; the pack's filters do not apply to this sheet)"
                + ("; includes the sample company" if figures.scope.includes_sample else ""))
    status = standards.outside_it_by_status(store, q.key, q.key)
    status = status.assign(label=status["status"].map(standards.STATUS_LABELS))
    row = _section(ws, 4, "Technology spend outside IT by IT-standards status",
                   "Rows add up to the quarter's technology spend outside IT.",
                   [Col("Status", "label"), Col("Spend outside IT", "spend_outside_it", MONEY),
                    Col("Vendors", "vendors", INT), Col("Never reviewed", "never_reviewed_spend", MONEY)],
                   status.to_dict("records"), "No technology spend outside IT in this quarter.")
    never = standards.never_reviewed(store, q.key, q.key)
    row = _section(ws, row, "Never reviewed by IT, largest first",
                   "No register row, or no security review date. 'SoE, handles customer data': "
                   "review first.",
                   [Col("Vendor", "vendor"), Col("Spend outside IT", "spend_outside_it", MONEY),
                    Col("Status", "status"), Col("Customer data", "customer_data_callout"),
                    Col("Layer", "layer", width=8), Col("Departments", "departments")],
                   never.to_dict("records"), "Every vendor outside IT has been reviewed.")
    found = subscriptions.subscriptions(store)
    outside = subscriptions.outside_it(found)
    row = _section(ws, row, "Subscriptions outside IT (active)",
                   "Recurring technology charges per vendor and department; run-rate = typical "
                   "charge x charges a year.",
                   [Col("Vendor", "vendor"), Col("Department", "department"),
                    Col("Cadence", "cadence"), Col("Typical charge", "typical_amount", MONEY),
                    Col("Annual run-rate", "annual_run_rate", MONEY),
                    Col("Next expected", "next_expected", DATE, 12)],
                   outside.to_dict("records"), "No recurring technology charges outside IT.")
    row = _section(ws, row, "Licence consolidation candidates",
                   "The same vendor subscribed by several departments; at stake = every "
                   "subscription but the largest, a year.",
                   [Col("Vendor", "vendor"), Col("Departments", "departments"),
                    Col("Annual run-rate", "annual_run_rate", MONEY),
                    Col("At stake", "at_stake", MONEY)],
                   subscriptions.consolidation_candidates(found).to_dict("records"),
                   "No vendor is subscribed to by more than one department.")
    pairs = duplicates.candidates(store)
    s = duplicates.summary(store, pairs)
    live = pairs[pairs["decision"] != "dismissed"]
    row = _section(ws, row, "Duplicate payments",
                   f"{s.candidates} candidate pairs, {s.open} open, {s.confirmed} confirmed "
                   f"({s.confirmed_amount:,.2f} {cur} counted twice). Upload control totals are "
                   "unchanged; only confirmed pairs count once.",
                   [Col("Decision", "decision"), Col("Basis", "basis"), Col("Vendor", "vendor"),
                    Col("Amount", "amount", MONEY), Col("Currency", "currency", width=8),
                    Col("First file", "first_file"), Col("Row", "first_row_in_file", INT, 8),
                    Col("Second file", "second_file"), Col("Row ", "second_row_in_file", INT, 8)],
                   live.to_dict("records"), "No candidate duplicate payments.")
    band = cio_cmo.reference_band()
    depts = cio_cmo.departments(store, q.key)
    row = _section(ws, row, "CIO–CMO view: customer-facing departments",
                   band.label + " Sources: " + band.source + ".",
                   [Col("Department", "department"), Col("Total spend", "total_spend", MONEY),
                    Col("Technology", "tech_spend", MONEY), Col("Tech share", "tech_share", PCT),
                    Col("SoE", "soe_spend", MONEY), Col("SoR", "sor_spend", MONEY),
                    Col("With vendors IT also buys", "shared_with_it", MONEY),
                    Col(f"New in {q.label}", "new_this_quarter_spend", MONEY)],
                   depts.to_dict("records"), "No customer-facing department in this window.")
    put_cell(ws, row, 1, "Reference band citations", bold=True).font = BOLD
    for offset, (name, share, cited) in enumerate(band.figures, start=1):
        put_cell(ws, row + offset, 1, f"{name}: {share:.1%} — {cited}")
    set_widths(ws, [Col("", "", width=34)] + [Col("", "", width=18)] * 8)
    ws.freeze_panes = "A4"  # title and subtitle stay in view
    setup_print(ws, "1:3")  # title, subtitle and scope on every printed page
