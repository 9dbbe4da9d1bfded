"""Grouped reports: lines take their account, or their supplier, from the section row above them.

Business rule: accounting packages print reports grouped by account (QuickBooks' Transaction
Detail by Account, Xero's Account Transactions, Sage's Nominal Activity) or by supplier
(QuickBooks' Transaction List by Vendor, NetSuite's search grouped by Name, Sage 200's Supplier
Activity): the group's name once, as a row of its own above its lines, closed by a total
('Total for X', 'Total - X', 'X Total', or a bare 'Totals:' whose amount is its lines' sum). The
section's name goes to the field the lines lack: the account when they have a supplier, the
supplier when they have an account; with neither, the supplier when the section sits in the
file's supplier column or the report says it is by supplier ('Supplier Activity', 'Name: ...'),
else the account. Lines that have both keep their own. The section row stays excluded (it is not
a line), its reason saying what it is; a line takes the innermost section open around it. A
one-cell row that no later total closes is a note, as before.

Worked example::

    ,Date,Num,Name,Amount          (header)
    Software Subscriptions         row 3: section, excluded
    ,01/05/2025,1001,Slack,120.00  row 4: a line, account 'Software Subscriptions'
    Total for Software Subscriptions,,,,120.00   row 5: total, excluded

    Date,Type,Ref,Dept,Value       (header; no supplier column)
    A/C: ADO001  Name: Adobe Systems   row 3: section, excluded
    14/03/2024,PI,R0,Sales,12124.17    row 4: a line, supplier 'Adobe Systems'
    ,,,Totals:,12124.17                row 5: its total (no name: it closes the section because
                                       it is the sum of the lines under it)
"""

from __future__ import annotations

import re
from decimal import Decimal

from ingest.mapping import Mapping
from ingest.readers import SourceTable

_TOTAL_WORD = r"(?:sub-?)?(?:totals?|summe|gesamt(?:summe)?|totaal|totale|suma|somme)"
_TOTAL_THEN_NAME = re.compile(
    rf"^\s*{_TOTAL_WORD}\s*(?:(?:for|of|für|de|van|di)\s+|[:\-–—]\s*)?(.*?)\s*:?\s*$", re.IGNORECASE)
_NAME_THEN_TOTAL = re.compile(rf"^\s*(.+?)\s*[-–:]?\s+{_TOTAL_WORD}\s*:?\s*$", re.IGNORECASE)
# 'A/C: ADO001  Name: Adobe Systems' -> 'Adobe Systems'
_NAMED = re.compile(r"(?:^|\s)(?:name|supplier|vendor|payee|creditor)\s*:\s*(\S.*?)\s*$", re.IGNORECASE)
_BY_SUPPLIER = re.compile(r"\b(?:suppliers?|vendors?|payees?|creditors?|lieferanten?|kreditor(?:en)?|"
                          r"fournisseurs?|proveedor(?:es)?|fornitor[ei]|leveranciers?|dostawc[ay])\b"
                          r"|^\s*name\s*:", re.IGNORECASE)
# the field a section names -> (the staged column it sets, the word the notes use)
_FIELD = {"account_name": ("account_name", "account"), "vendor": ("vendor", "supplier")}


def _total_name(text: str) -> str:
    """'Total for X' / 'Total - X' / 'X Total' -> 'x'; 'Totals:' -> '' (a total with no name)."""
    m = _TOTAL_THEN_NAME.match(text) or _NAME_THEN_TOTAL.match(text)
    return m.group(1).strip().casefold() if m else ""


def _sections(kinds, texts, first_col, amounts, running):
    """(heading row, total row, label, column of the label) of each closed section."""
    open_rows: list[tuple[int, str]] = []          # note rows not closed yet, in file order
    closed: list[tuple[int, int, str, int]] = []
    for row in sorted(kinds):
        cells = texts.get(row) or []
        if kinds[row] == "note" and len(cells) == 1:
            open_rows.append((row, cells[0].strip()))
        elif kinds[row] == "total" and cells and open_rows:
            name = _total_name(cells[0])
            for i in range(len(open_rows) - 1, -1, -1):
                start, label = open_rows[i]
                if (label.casefold() == name or _label_name(label).casefold() == name) if name else (
                        i == len(open_rows) - 1 and amounts.get(row) is not None
                        and amounts[row] == running[row] - running[start]):
                    closed.append((start, row, label, first_col.get(start, -1)))
                    del open_rows[i:]      # closed, with any section opened inside it
                    break
    return closed


def _label_name(label: str) -> str:
    m = _NAMED.search(label)
    return m.group(1) if m else label


def _target(cur, src: SourceTable, mapping: Mapping, sections) -> str | None:
    """The field the sections name: the one the lines lack (None when they have both)."""
    vendors, accounts = cur.execute(
        "SELECT count(nullif(trim(vendor), '')), count(nullif(trim(account_name), ''))"
        " + count(nullif(trim(account_code), '')) FROM _staged_rows WHERE disposition = 'loaded'"
    ).fetchone()
    if vendors and accounts:
        return None
    if vendors or accounts:
        return "vendor" if accounts else "account_name"
    vendor_column = mapping.column("vendor")
    in_vendor_column = vendor_column in src.columns and all(
        col == src.columns.index(vendor_column) for *_, col in sections)
    said = " ".join([text for _, text in src.preamble] + [label for _, _, label, _ in sections])
    return "vendor" if in_vendor_column or _BY_SUPPLIER.search(said) else "account_name"


def carry_sections(cur, src: SourceTable, mapping: Mapping) -> str | None:
    """In TEMP _staged_rows: lines under a section row take its name as the field they lack
    (module docstring). Returns the note for the upload."""
    kinds = dict(cur.execute("SELECT source_row, exclusion_kind FROM _staged_rows"
                             " WHERE disposition = 'excluded' AND exclusion_kind IN ('note', 'total')"
                             ).fetchall())
    if not any(k == "note" for k in kinds.values()) or "total" not in kinds.values():
        return None
    raw_cells = "[" + ", ".join(f"c{i}" for i in range(src.width)) + "]"
    found = cur.execute(
        f"SELECT source_row, cells_present({raw_cells}),"
        f" list_position(list_transform({raw_cells}, lambda x: nullif(trim(x), '') IS NOT NULL), true) - 1"
        " FROM _src WHERE source_row IN (SELECT unnest(?::INTEGER[]))", [sorted(kinds)]).fetchall()
    texts = {row: cells for row, cells, _ in found}
    first_col = {row: col for row, _, col in found}
    # each structural row's amount, and the running sum of the lines up to it (one pass)
    staged = cur.execute(
        "SELECT source_row, amount, running FROM (SELECT source_row, amount, disposition,"
        "  exclusion_kind, coalesce(sum(amount) FILTER (WHERE disposition = 'loaded')"
        "  OVER (ORDER BY source_row ROWS UNBOUNDED PRECEDING), 0) AS running FROM _staged_rows)"
        " WHERE disposition = 'excluded' AND exclusion_kind IN ('note', 'total')").fetchall()
    amounts = {row: amount for row, amount, _ in staged}
    running = {row: Decimal(r) for row, _, r in staged}
    sections = _sections(kinds, texts, first_col, amounts, running)
    target = _target(cur, src, mapping, sections) if sections else None
    if not target:
        return None
    column, word = _FIELD[target]
    values = [_label_name(s[2]) if target == "vendor" else s[2] for s in sections]
    cur.execute("CREATE OR REPLACE TEMP TABLE _sections AS SELECT unnest(?::INTEGER[]) AS start_row,"
                " unnest(?::INTEGER[]) AS end_row, unnest(?::VARCHAR[]) AS value",
                [[s[0] for s in sections], [s[1] for s in sections], values])
    lines = cur.execute(
        f"UPDATE _staged_rows s SET {column} = x.value FROM ("
        "  SELECT l.source_row, arg_max(c.value, c.start_row) AS value"
        "  FROM _staged_rows l JOIN _sections c"
        "    ON l.source_row > c.start_row AND l.source_row < c.end_row"
        "  WHERE l.disposition = 'loaded' GROUP BY l.source_row) x"
        " WHERE s.source_row = x.source_row").fetchone()[0]
    cur.execute(f"UPDATE _staged_rows s SET reason = 'Section row (\"' || c.value || '\"): the"
                f" {word} of the lines under it, not a line.' FROM _sections c"
                " WHERE s.source_row = c.start_row")
    # a section's total is not the file's own total (ingest.stage._outcome looks for that among
    # the 'total' rows): it is checked here, against the lines of its section
    cur.execute("UPDATE _staged_rows s SET exclusion_kind = 'section total' FROM _sections c"
                " WHERE s.source_row = c.end_row")
    note = (f"The lines have no {word} of their own: {lines:,} line(s) take their {word} from the"
            f" section rows above them ({len(sections):,} section(s), e.g. '{values[0]}' closed by"
            " its total).")
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
