"""Label rows: 'Department: Marketing' above a block of lines gives them their department.

Business rule: expense reports and some ledgers print a block's unit or account once, as a label
row of its own above its lines (`Employee: Jane Smith`, `Department: Marketing`, `Cost Centre:
4100 IT`), instead of a column. When the file has no column for that field, each line takes the
nearest such label above it; the label rows stay excluded (they are not lines). Only labels whose
word names a field (department, cost centre, account, supplier) count: `Employee:` and
`Report:` do not, and a file that has the column keeps its own values.

Worked example::

    Date,Merchant,Description,Amount          (header)
    Department: Marketing                     label, excluded
    2024-03-01,Dell,Latitude laptops,4078.64  a line, department 'Marketing'
    Department: IT                            label, excluded
    2024-03-01,Zoom,Zoom Business,7978.33     a line, department 'IT'
"""

from __future__ import annotations

import re

from ingest.mapping import Mapping, analyse_heading

_LABEL = re.compile(r"^\s*([^\W\d_][\w /&.-]{0,30}?)\s*:\s*(\S.{0,120}?)\s*$")
# the fields a label may set, and the column of TEMP _staged_rows each sets
_FIELDS = {"department": "department", "cost_centre_name": "cost_centre_name",
           "cost_centre": "cost_centre_name", "account_name": "account_name",
           "account_code": "account_name", "vendor": "vendor"}


def carry_labels(cur, mapping: Mapping) -> str | None:
    """In TEMP _staged_rows: lines take the label rows above them for the fields the file has no
    column for. Returns the note, or None."""
    rows = cur.execute(
        "SELECT source_row, trim(coalesce(reason, '')) FROM _staged_rows"
        " WHERE disposition = 'excluded' AND exclusion_kind = 'note'").fetchall()
    labels: list[tuple[int, str, str]] = []
    for source_row, reason in rows:
        text = reason.partition('("')[2].rpartition('")')[0]   # the row's text, as the reason quotes it
        m = _LABEL.match(text)
        if not m:
            continue
        scores = analyse_heading(m.group(1)).scores
        field = max(_FIELDS, key=lambda f: scores.get(f, 0.0))
        if scores.get(field, 0.0) >= 5 and not mapping.column(field) and not mapping.column(_FIELDS[field]):
            labels.append((source_row, _FIELDS[field], m.group(2)))
    if not labels:
        return None
    said = []
    for column in sorted({c for _, c, _ in labels}):
        cur.execute("CREATE OR REPLACE TEMP TABLE _labels AS SELECT unnest(?::INTEGER[]) AS source_row,"
                    " unnest(?::VARCHAR[]) AS value",
                    [[r for r, c, _ in labels if c == column], [v for _, c, v in labels if c == column]])
        n = cur.execute(
            f"UPDATE _staged_rows l SET {column} = x.value FROM ("
            "  SELECT l.source_row, b.value FROM _staged_rows l ASOF JOIN _labels b"
            "  ON l.source_row > b.source_row WHERE l.disposition = 'loaded') x"
            f" WHERE l.source_row = x.source_row AND l.{column} IS NULL").fetchone()[0]
        cur.execute("DROP TABLE _labels")
        if n:
            said.append(f"{n:,} line(s) take their {column.replace('_', ' ')} from the label row above"
                        " them ('" + next(v for _, c, v in labels if c == column) + "', ...)")
    return ("; ".join(said) + ".") if said else None
