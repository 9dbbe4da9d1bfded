"""A sheet that repeats other sheets' rows is not more spend: 'All' beside 'Jan', 'Feb', 'Mar'.

Business rule: hand-kept workbooks often hold a whole-period sheet beside the month sheets it
was built from, or a copy of a sheet ('Mar (2)'). All share the ledger's columns, so they would
stack into one table and every line would count twice. So, among the sheets read as one ledger:
when one sheet holds exactly the rows of all the others together (two or more: the same cells,
as many times), only that sheet is read; and a sheet named as a copy ('Mar (2)', 'Copy of
Mar', 'Mar - Copy') whose rows are exactly another's is skipped. Two month sheets with the same
rows are both kept: an undated ledger's fixed monthly fees repeat month after month. Rows are
compared as their cells' text, blank and total rows aside (an 'All' sheet has one grand total,
the months one each). Each skipped sheet is said, with the sheet that holds its rows.

Worked example: sheets All (12 rows + Total), Jan (4 + Total), Feb (4), Mar (4): All holds every
row of the three months, so the load reads All alone: 12 lines, not 24, and the notes say
"Sheet 'Jan' was skipped: every row of it is also in sheet 'All' ...".
"""

from __future__ import annotations

import re
from collections import Counter

import pyarrow as pa
import pyarrow.compute as pc

TOTAL_ROW = r"(?i)(^|\x1f)\s*(grand\s+)?(sub)?totals?\b"


def _rows(table) -> Counter:
    """The sheet's rows under its header as text, counted (blank and total rows aside)."""
    body = table.body()
    if not body:
        return Counter()
    joined = pc.binary_join_element_wise(*[pc.cast(c, pa.string()) for c in body], "\x1f",
                                         null_handling="replace", null_replacement="")
    filled = pc.match_substring_regex(joined, r"[^\x1f\s][^\x1f]*\x1f.*[^\x1f\s]")  # 2+ cells
    keep = pc.and_(filled, pc.invert(pc.match_substring_regex(joined, TOTAL_ROW)))
    counts = pc.value_counts(pc.filter(joined, keep))
    return Counter(dict(zip(counts.field("values").to_pylist(),
                            counts.field("counts").to_pylist())))


COPY_NAME = re.compile(r"^(?:copy of\s+)?(?P<base>.+?)(?:\s*\(\d+\)|\s*-?\s*copy(?:\s*\d+)?)?$",
                       re.IGNORECASE)


def _base_name(name: str) -> str:
    return COPY_NAME.match(name.strip()).group("base").casefold()


def drop_repeated_sheets(group: list, skipped: list) -> list:
    """The sheets of `group` left once repeated ones are taken out (each said in `skipped`)."""
    if len(group) < 2:
        return group
    rows = {t.name: _rows(t) for t in group}
    if any(not r for r in rows.values()):
        return group
    for whole in group if len(group) >= 3 else ():
        others = [t for t in group if t is not whole]
        if rows[whole.name] == sum((rows[t.name] for t in others), Counter()):
            for t in others:
                skipped.append((t.name, f"every row of it is also in sheet '{whole.name}', "
                                        "which holds exactly the rows of all the ledger's other "
                                        "sheets; it was read alone so no line counts twice"))
            return [whole]
    kept: list = []
    for t in group:
        copy = next((k for k in kept if rows[k.name] == rows[t.name] and k.name != t.name
                     and _base_name(k.name) == _base_name(t.name)), None)
        if copy is None:
            kept.append(t)
        else:
            skipped.append((t.name, f"its rows are exactly those of sheet '{copy.name}' (a copy); "
                                    "it was left out so no line counts twice"))
    return kept


def sheet_period_column(group: list, header: list, body: list, row_sheets, notes: list):
    """(header, body) with a `Period (sheet)` column when the stacked sheets are named by their
    periods ('Jan 2024', 'Feb 2024', 'Mar-24', '2024-01'): a month sheet of an undated ledger
    (no date column: the sheet says the month) dates its lines by its name, as one sheet alone
    is dated by its name. The column is the sheet of each row; the mapping decides whether it
    is needed (a date column still dates the lines)."""
    from ingest.mapping.month_columns import is_period_heading

    names = [t.name for t in group]
    if len(names) < 2 or not all(is_period_heading(n) and re.search(r"\d\d", n) for n in names):
        return header, body
    header = list(header) + [None] * (len(body) - len(header)) + ["Period (sheet)"]
    notes.append("The sheets are named by their periods: each line's sheet is its period "
                 "('Period (sheet)'), used when a line has no date of its own.")
    return header, list(body) + [row_sheets]
