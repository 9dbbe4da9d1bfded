"""A second table under the ledger: its rows are excluded as what they are, not rejected as bad lines.

Business rule: a workbook sheet often carries a summary below the invoices ('Summary by
department', its own header 'Department | Net | Invoices', a row per department). Those rows are
not ledger lines, and rejecting them ("no date", "amount is empty") asks the CFO to fix rows that
are not wrong. A table starts at a row, after at least one blank row below the ledger's lines,
whose cells are two or more headings (words the vocabulary maps to a field: Department, Net,
Amount, Supplier...) and none of them a date or an amount; it runs to the next blank row or the
end of the file. Only a table with no loaded line in it counts, and only its rejected rows change:
they are excluded, each with a reason naming the table's header and row. Nothing is loaded that
was not, so the control total does not move.

Worked example::

    Date,Supplier,Department,Net      (header)
    2024-03-01,Dell,Finance,6181.79   row 2: a line
                                      row 3: blank
    Summary by department             row 4: note, excluded (as before)
    Department,Net,Invoices           row 5: excluded: the header of another table
    Finance,6181.79,1                 row 6: excluded (was: rejected, no date)
"""

from __future__ import annotations

from ingest.mapping import analyse_heading
from ingest.mapping.values import is_date, is_money
from ingest.readers import SourceTable

_STRONG = 8          # a heading score that names a field for certain ('Department', 'Net')


def _is_header(cells: list[str]) -> bool:
    texts = [c.strip() for c in cells if c and c.strip()]
    if len(texts) < 2 or any(is_date(t) or is_money(t) for t in texts):
        return False
    return sum(1 for t in texts if max(analyse_heading(t).scores.values(), default=0) >= _STRONG) >= 2


def exclude_second_tables(cur, src: SourceTable) -> str | None:
    """In TEMP _staged_rows: the rejected rows of a table below the ledger are excluded (module
    docstring). Returns the note, or None. Blank rows cut the file into blocks (one pass in
    DuckDB); only blocks with rejected rows, no line, and lines above them are looked at."""
    if not cur.execute("SELECT EXISTS (SELECT 1 FROM _staged_rows WHERE disposition = 'rejected')"
                       " AND EXISTS (SELECT 1 FROM _staged_rows WHERE exclusion_kind = 'blank')"
                       ).fetchone()[0]:
        return None
    blocks = cur.execute(
        "WITH s AS (SELECT source_row, disposition, exclusion_kind,"
        "  count(*) FILTER (WHERE exclusion_kind = 'blank') OVER w AS block,"
        "  count(*) FILTER (WHERE disposition = 'loaded') OVER w AS lines_so_far"
        "  FROM _staged_rows WINDOW w AS (ORDER BY source_row ROWS UNBOUNDED PRECEDING))"
        " SELECT min(source_row), max(source_row), list(source_row ORDER BY source_row)[1:3]"
        " FROM s WHERE exclusion_kind IS DISTINCT FROM 'blank' GROUP BY block"
        " HAVING count(*) FILTER (WHERE disposition = 'loaded') = 0"
        "   AND count(*) FILTER (WHERE disposition = 'rejected') > 0 AND min(lines_so_far) > 0"
        " ORDER BY 1 LIMIT 50").fetchall()
    if not blocks:
        return None
    raw_cells = "[" + ", ".join(f"c{i}" for i in range(src.width)) + "]"
    tables = []
    for start, end, first_rows in blocks:
        cells = dict(cur.execute(f"SELECT source_row, {raw_cells} FROM _src"
                                 " WHERE source_row IN (SELECT unnest(?::INTEGER[]))",
                                 [first_rows]).fetchall())
        header = next((r for r in first_rows if _is_header(list(cells.get(r) or []))), None)
        if header is not None:
            words = " | ".join(c.strip() for c in cells[header] if c and c.strip())
            tables.append((header, end, words))
    moved = 0
    for header_row, end, words in tables:
        moved += cur.execute(
            "UPDATE _staged_rows SET disposition = 'excluded', exclusion_kind = 'other table',"
            " reason = ? WHERE disposition = 'rejected' AND source_row BETWEEN ? AND ?",
            [f"Another table below the ledger (its header '{words}' on row {header_row}): not a"
             " ledger line.", header_row, end]).fetchone()[0]
    if not moved:
        return None
    return (f"{moved:,} row(s) of another table below the ledger (header '{tables[0][2]}' on row "
            f"{tables[0][0]}) were excluded, not rejected: they are not ledger lines.")
