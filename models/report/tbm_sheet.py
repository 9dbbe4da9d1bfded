"""The board pack's TBM sheet (issue 16): the quarter's technology spend by TBM technology
resource tower, sub-tower and cost pool, inside and outside IT, in the pack's scope.

The keys come from models.tbm (the same mapping data and SQL as the TBM page and the line export),
so a TBM practitioner can lay the pack next to an Apptio model. Worked example: an AWS line of
600 bought by IT and a HubSpot line of 300 bought by Marketing in the quarter give two rows,
(Compute, ..., Cloud Services) IT 600 and (Application, ..., Cloud Services) outside IT 300.
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from models import tbm
from models.report.cells import (INT, MONEY, PCT, Col, put_cell, set_widths, setup_print,
                                 write_scope, write_table, write_title)

TOP = 5  # the table's header row

COLUMNS = [Col("Tower", "tbm_tower"), Col("Sub-tower", "tbm_sub_tower"),
           Col("Cost pool", "tbm_cost_pool"), Col("Technology spend", "spend", MONEY),
           Col("In IT", "spend_it", MONEY), Col("Outside IT", "spend_outside_it", MONEY),
           Col("Share outside IT", "share_outside_it", PCT), Col("Lines", "lines", INT)]


def tbm_sheet(ws: Worksheet, store, figures) -> None:
    q = figures.quarter
    write_title(ws, f"Technology spend by TBM tower and cost pool — {q.label}",
                f"Amounts in {figures.currency}. TBM Taxonomy v5 technology resource towers and "
                "cost pools (models/tbm/: the mapping is data, with its notes and sources).")
    write_scope(ws, figures.scope.sentence)
    frame = tbm.tbm_by_tower_pool(store, figures.in_quarter())
    frame = frame.sort_values(["spend", "tbm_tower"], ascending=[False, True])
    records = [
        {**r, "share_outside_it": (r["spend_outside_it"] / r["spend"]) if r["spend"] else None}
        for r in frame.to_dict("records")]
    end = write_table(ws, TOP - 1, COLUMNS, records)
    if end == TOP - 1:
        put_cell(ws, TOP + 1, 1, "No technology spend in this quarter within the scope.")
    set_widths(ws, COLUMNS, top=TOP - 1)
    ws.freeze_panes = f"A{TOP}"
    setup_print(ws, f"{TOP - 1}:{TOP - 1}")
