"""What staging finds once the rows are typed: the file's own structure, said as notes.

Each step reads and adjusts TEMP _staged_rows after the per-row decisions and returns a note (or
None): amounts in thousands or millions are scaled as their heading says (ingest.scale), a
report's sections give lines their account (ingest.sections) and its label rows ('Department:
Marketing') their department (ingest.labels), a bank or card feed's
payments that did not go through and money in are excluded and its negative spend turned
(ingest.feed_rows), credit notes printed positive count negative (ingest.credit_notes), and a balanced double-entry journal keeps only
its expense side (ingest.entries). Order matters: credits are signed before the journal's
balance is tested; a booked amount in the company's currency takes its currency and the line's
final sign last (ingest.book_currency)."""

from __future__ import annotations

import re

from ingest.book_currency import book_currency
from ingest.credit_notes import sign_credit_notes
from ingest.entries import exclude_other_side
from ingest.feed_rows import feed_rows
from ingest.iif import exclude_layout_rows
from ingest.labels import carry_labels
from ingest.mapping import Mapping
from ingest.readers import SourceTable
from ingest.scale import scale_amounts
from ingest.second_table import exclude_second_tables
from ingest.sections import carry_sections


def after_staging(cur, src: SourceTable, mapping: Mapping) -> tuple[str, ...]:
    notes = (scale_amounts(cur, mapping, src.preamble), carry_sections(cur, src, mapping), carry_labels(cur, mapping),
             *feed_rows(cur, src, mapping),
             sign_credit_notes(cur, src, mapping), exclude_other_side(cur, mapping),
             book_currency(cur, mapping), exclude_second_tables(cur, src),
             exclude_layout_rows(cur, src))
    return tuple(n for n in notes if n)


def header_key(columns) -> str:
    """The header as stage.sql compares a row with it ('heading' rows: the header repeated per
    page or section): cells lower-cased and joined by \\x1f, trailing empty ones dropped. A
    column the header left unnamed (column_6: a 'Page 1 of 5' footer made the table wider) is
    an empty cell."""
    cells = ["" if re.fullmatch(r"column_\d+", c or "") else (c or "").strip().lower() for c in columns]
    return "\x1f".join(cells).rstrip("\x1f")
