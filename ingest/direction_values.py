"""The debit/credit marks of a file's mark column, and the sign each gives its lines.

Business rule (ingest.mapping.direction): the side with more lines is the spend; its lines
count positive, the other side's negative (credit notes, refunds); any other mark is rejected,
quoted. Worked example: 40 lines 'D' and 2 'C' -> 'D' is spend (sign 1), 'C' counts -1.
"""

from __future__ import annotations

from ingest.mapping.direction import mark_of, spend_side


def direction_values(cur, column: str | None) -> str | None:
    """TEMP table _direction_values: each distinct debit/credit mark of the file and the sign
    its lines take (1 on the spend side, -1 on the other; NULL: not a mark, the line is
    rejected). Empty without a mark column. Returns the note that says which side is spend
    (ingest.mapping.direction)."""
    cur.execute("CREATE OR REPLACE TEMP TABLE _direction_values"
                " (direction_text VARCHAR, direction_sign INTEGER)")
    if column is None:
        return None
    counts = cur.execute("SELECT direction_text, count(*) FROM _cells"
                         " WHERE direction_text IS NOT NULL GROUP BY ALL ORDER BY 2 DESC, 1").fetchall()
    marks = {text: mark_of(text) for text, _ in counts}
    lines = {side: sum(n for text, n in counts if marks[text] == side) for side in ("debit", "credit")}
    spend = spend_side(lines["debit"], lines["credit"])
    rows = [(text, None if mark is None else (1 if mark == spend else -1))
            for text, mark in marks.items()]
    if rows:
        cur.execute("INSERT INTO _direction_values SELECT unnest(?::VARCHAR[]), unnest(?::INTEGER[])",
                    [[text for text, _ in rows], [sign for _, sign in rows]])
    other = "credit" if spend == "debit" else "debit"

    def named(side: str) -> str:
        return "/".join(f"'{text}'" for text, mark in marks.items() if mark == side) or f"({side})"
    note = (f"Amounts signed by the debit/credit marks in '{column}': {named(spend)} lines "
            f"({lines[spend]:,}) are spend, {named(other)} lines ({lines[other]:,}) count "
            f"negative (credit notes, refunds); the side with more lines is the spend.")
    if any(mark is None for mark in marks.values()):
        note += " Lines with another mark are rejected, the mark quoted."
    return note
