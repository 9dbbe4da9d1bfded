"""Export every loaded line with its classification (CSV), one row per ledger line.

Business rule: the export is the audit trail. Each row names its source file and the row a
person sees in Excel, so any figure on the dashboard can be traced back; text cells that a
spreadsheet would evaluate (=, +, -, @, tab, CR) are prefixed with an apostrophe.

Example: `techspend export --db data/techspend.duckdb --out lines.csv` writes
`source_file,source_row,upload_id,date,vendor,vendor_canonical,department,...,is_tech,layer,
it_owned,category,reason`.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from access import require_all_departments  # access (#14)
from db import Store
from models.excel_safe import neutralise_table
from models.sql import load_sql


def export_table(store: Store) -> pa.Table:
    """Every line with its classification, text cells neutralised for a spreadsheet."""
    require_all_departments("The export of every line")  # access (#14): not department-scoped
    return neutralise_table(store.arrow(load_sql("export_lines")))


def export_csv(store: Store, out: str | Path) -> int:
    """Write the export to `out` (UTF-8 with BOM so Excel opens it right). Returns rows written."""
    table = export_table(store)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh:
        fh.write("\ufeff".encode())
        pacsv.write_csv(table, fh)
    return table.num_rows
