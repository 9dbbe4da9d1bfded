"""Export every loaded line with its classification (CSV), one row per ledger line.

Business rule: the export is the audit trail. Each row names its source file and the row a
person sees in Excel, so any figure on the dashboard can be traced back; text cells that a
spreadsheet would evaluate (=, +, -, @, tab, CR) are prefixed with an apostrophe.

Example: `techspend export --db data/techspend.duckdb --out lines.csv` writes
`source_file,source_row,upload_id,date,vendor,vendor_canonical,department,...,is_tech,layer,
it_owned,category,reason,tbm_cost_pool,tbm_cost_sub_pool,tbm_tower,tbm_sub_tower,tbm_solution,
tbm_solution_vendor` — the four TBM keys (cost pool, tower / sub-tower, solution and its parent
vendor; models/tbm/) so a TBM practitioner can load the lines into their own model.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from access import require_all_departments  # access (#14)
from db import Store
from models.excel_safe import neutralise_table
from models.tbm import tbm_export_table


def export_table(store: Store) -> pa.Table:
    """Every line with its classification and TBM keys, text cells neutralised for a
    spreadsheet."""
    require_all_departments("The export of every line")  # access (#14): not department-scoped
    return neutralise_table(tbm_export_table(store))


def export_csv(store: Store, out: str | Path) -> int:
    """Write the export to `out` (UTF-8 with BOM so Excel opens it right). Returns rows written."""
    table = export_table(store)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh:
        fh.write("\ufeff".encode())
        pacsv.write_csv(table, fh)
    return table.num_rows
