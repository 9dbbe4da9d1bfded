"""What staging finds once the rows are typed: the file's own structure, said as notes.

Each step reads and adjusts TEMP _staged_rows after the per-row decisions and returns a note (or
None): a report's sections give lines their account (ingest.sections), a bank or card feed's
payments that did not go through and money in are excluded and its negative spend turned
(ingest.feed_rows), credit notes printed positive count negative (ingest.credit_notes), and a balanced double-entry journal keeps only
its expense side (ingest.entries). Order matters: credits are signed before the journal's
balance is tested."""

from __future__ import annotations

from ingest.credit_notes import sign_credit_notes
from ingest.entries import exclude_other_side
from ingest.feed_rows import feed_rows
from ingest.mapping import Mapping
from ingest.readers import SourceTable
from ingest.sections import carry_sections


def after_staging(cur, src: SourceTable, mapping: Mapping) -> tuple[str, ...]:
    notes = (carry_sections(cur, src, mapping), *feed_rows(cur, src, mapping),
             sign_credit_notes(cur, src, mapping), exclude_other_side(cur, mapping))
    return tuple(n for n in notes if n)
