"""QuickBooks Desktop's IIF: the rows that declare a record layout are headers, not lines.

Business rule: an IIF export (tab-separated) declares each kind of record with a row starting
with '!': `!TRNS` (the transaction: its payables side), `!SPL` (its split lines: the expense
accounts), `!ENDTRNS`. The first is the file's header; the others are the layouts of the rows
below, never lines, so they are excluded with that reason instead of rejected as bad dates. The
two sides of each bill balance, and the payables side is excluded by ingest.entries.

Worked example: `!TRNS TRNSID TRNSTYPE DATE ACCNT ...` is the header; `!SPL SPLID TRNSTYPE ...`
on row 2 is excluded ("IIF record layout row ('!SPL')"); the SPL rows are the spend.
"""

from __future__ import annotations

from ingest.readers import SourceTable


def exclude_layout_rows(cur, src: SourceTable) -> str | None:
    """In TEMP _staged_rows: an IIF file's '!' rows are layouts, excluded. Returns the note."""
    if not src.columns or not str(src.columns[0]).startswith("!"):
        return None
    n = cur.execute(
        "UPDATE _staged_rows l SET disposition = 'excluded', exclusion_kind = 'heading',"
        " reason = 'IIF record layout row (''' || trim(s.c0) || '''): the header of the rows of"
        " that kind, not a line.' FROM _src s WHERE s.source_row = l.source_row"
        " AND l.disposition <> 'loaded' AND starts_with(trim(s.c0), '!')").fetchone()[0]
    return f"{n:,} IIF record layout row(s) ('!SPL', '!ENDTRNS') are headers, not lines." if n else None
