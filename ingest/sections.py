"""Grouped reports: lines take their account from the section row above them.

Business rule: accounting packages' reports grouped by account (QuickBooks' Transaction Detail
by Account, Xero's Account Transactions, Sage's Nominal Activity) print the account once, as a
row of its own above its lines, and close it with a total. When the file has no account column,
each line takes the innermost section open around it as its account; the section row itself
stays excluded (it is not a line), its reason saying what it is. A one-cell row that no later
total closes is a note, as before.

Worked example::

    ,Date,Num,Name,Amount          (header)
    Software Subscriptions         row 3: section, excluded
    ,01/05/2025,1001,Slack,120.00  row 4: a line, account 'Software Subscriptions'
    Total for Software Subscriptions,,,,120.00   row 5: total, excluded
"""

from __future__ import annotations

import re

from ingest.mapping import Mapping
from ingest.readers import SourceTable

_SECTION_TOTAL = re.compile(r"^\s*total\s*(?:for\s+|of\s+|:\s*)?(.+?)\s*$", re.IGNORECASE)


def carry_sections(cur, src: SourceTable, mapping: Mapping) -> str | None:
    """Lines under a section row take it as their account, when the file has no account column.

    Accounting packages' reports grouped by account (QuickBooks' Transaction Detail by Account,
    Xero's Account Transactions, Sage's Nominal Activity) print the account once, as a row of
    its own above its lines, and close it with a total: 'Software Subscriptions', its lines,
    'Total for Software Subscriptions'. The section row stays excluded (it is not a line), and
    its reason says what it is; a line takes the innermost section open around it. A one-cell
    row that no later total closes is a note, as before. Returns the note for the upload."""
    if mapping.column("account_name") or mapping.column("account_code"):
        return None
    kinds = dict(cur.execute("SELECT source_row, exclusion_kind FROM _staged_rows"
                             " WHERE disposition = 'excluded' AND exclusion_kind IN ('note', 'total')"
                             ).fetchall())
    if not any(k == "note" for k in kinds.values()) or "total" not in kinds.values():
        return None
    raw_cells = "[" + ", ".join(f"c{i}" for i in range(src.width)) + "]"
    texts = dict(cur.execute(
        f"SELECT source_row, cells_present({raw_cells}) FROM _src"
        " WHERE source_row IN (SELECT unnest(?::INTEGER[]))", [sorted(kinds)]).fetchall())
    open_rows: list[tuple[int, str]] = []          # note rows not closed yet, in file order
    sections: list[tuple[int, int, str]] = []      # (heading row, total row, account)
    for row in sorted(kinds):
        cells = texts.get(row) or []
        if kinds[row] == "note" and len(cells) == 1:
            open_rows.append((row, cells[0].strip()))
        elif kinds[row] == "total" and cells:
            m = _SECTION_TOTAL.match(cells[0])
            name = m.group(1).casefold() if m else None
            for i in range(len(open_rows) - 1, -1, -1):
                if name and open_rows[i][1].casefold() == name:
                    sections.append((open_rows[i][0], row, open_rows[i][1]))
                    del open_rows[i:]      # closed, with any section opened inside it
                    break
    if not sections:
        return None
    cur.execute("CREATE OR REPLACE TEMP TABLE _sections AS SELECT unnest(?::INTEGER[]) AS start_row,"
                " unnest(?::INTEGER[]) AS end_row, unnest(?::VARCHAR[]) AS account",
                [[s[0] for s in sections], [s[1] for s in sections], [s[2] for s in sections]])
    lines = cur.execute(
        "UPDATE _staged_rows s SET account_name = x.account FROM ("
        "  SELECT l.source_row, arg_max(c.account, c.start_row) AS account"
        "  FROM _staged_rows l JOIN _sections c"
        "    ON l.source_row > c.start_row AND l.source_row < c.end_row"
        "  WHERE l.disposition = 'loaded' GROUP BY l.source_row) x"
        " WHERE s.source_row = x.source_row").fetchone()[0]
    cur.execute("UPDATE _staged_rows s SET reason = 'Section row (\"' || c.account || '\"): the"
                " account of the lines under it, not a line.' FROM _sections c"
                " WHERE s.source_row = c.start_row")
    # a section's total is not the file's own total (ingest.stage._outcome looks for that among
    # the 'total' rows): it is checked here, against the lines of its section
    cur.execute("UPDATE _staged_rows s SET exclusion_kind = 'section total' FROM _sections c"
                " WHERE s.source_row = c.end_row")
    note = (f"No account column: {lines:,} line(s) take their account from the section rows "
            f"above them ({len(sections):,} section(s), e.g. '{sections[0][2]}' closed by its "
            "total).")
    nested = any(a[0] < b[0] < a[1] for a in sections for b in sections if a is not b)
    if not nested:
        said, summed = cur.execute(
            "SELECT (SELECT sum(s.amount) FROM _staged_rows s JOIN _sections c"
            "        ON s.source_row = c.end_row),"
            "       (SELECT sum(l.amount) FROM _staged_rows l JOIN _sections c"
            "        ON l.source_row > c.start_row AND l.source_row < c.end_row"
            "        WHERE l.disposition = 'loaded')").fetchone()
        if said is not None and summed is not None:
            note += (f" The sections' own totals ({said:,.2f}) match their lines." if said == summed
                     else f" The sections' own totals say {said:,.2f}; their lines add up to "
                          f"{summed:,.2f} (a difference of {abs(said - summed):,.2f}).")
    cur.execute("DROP TABLE _sections")
    return note
