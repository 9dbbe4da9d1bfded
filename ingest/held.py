"""Lines a load holds back for the change's classification (#13: each line written once).

A load inside a change that classifies it before committing (workspace.Session) does not write
its lines to ledger_lines: they stay in the staged table the staging pass made, behind a TEMP view
with ledger_source_lines' columns, and the change's reclassification
(models.classification.rebuild(held_lines=...)) writes each line once, with its classification.
Before, every line was written twice: as read, then again whole with its classification (1M
lines: 1.1 s of the 2.9 s spent writing; 10M: 15 s).

Worked example: loading card.csv as upload 7 in a Session leaves TEMP view _held_lines_7 (its 3
loaded lines) over TEMP table _held_rows_7 (the staged rows, renamed, not copied); at the commit
the view's lines are classified into ledger_lines and both are dropped. A change that does not
classify upload 7 (`--no-classify`) writes the view's lines as they are.
"""

from __future__ import annotations


def _held_view(upload_id: int) -> str:
    return f"_held_lines_{int(upload_id)}"


def held_lines(cur, upload_id: int, source_file: str, sheet: str | None,
               staged: str = "_staged_rows") -> str:
    """Keep this load's staged rows as TEMP view `_held_lines_<upload_id>`: its loaded lines
    with ledger_source_lines' columns, read from the staged table (`keep_held_lines` renames it
    when the load ends, so the next load's staging does not replace it: no copy). Returns the
    view's name. The change that holds them writes them to ledger_lines before it commits:
    classified by models.classification.rebuild(held_lines=...), or as they are."""
    upload_id = int(upload_id)
    cur.execute("CREATE TEMP TABLE IF NOT EXISTS _held_uploads"
                " (upload_id INTEGER, source_file VARCHAR, source_sheet VARCHAR)")
    cur.execute("DELETE FROM _held_uploads WHERE upload_id = ?", [upload_id])
    cur.execute("INSERT INTO _held_uploads VALUES (?, ?, ?)", [upload_id, source_file, sheet])
    _held_view_over(cur, upload_id, staged)
    return _held_view(upload_id)


def keep_held_lines(cur, upload_id: int) -> None:
    """The load is over: its staged table becomes _held_rows_<upload_id> (a rename)."""
    upload_id = int(upload_id)
    cur.execute(f"ALTER TABLE _staged_rows RENAME TO _held_rows_{upload_id}")
    _held_view_over(cur, upload_id, f"_held_rows_{upload_id}")


def _held_view_over(cur, upload_id: int, staged: str) -> None:
    cur.execute(
        f"CREATE OR REPLACE TEMP VIEW {_held_view(upload_id)} AS SELECT h.upload_id,"
        " CAST(s.source_row AS INTEGER) AS source_row, h.source_file,"
        " CAST(s.txn_date AS DATE) AS txn_date, s.vendor,"
        " coalesce(s.department, s.cost_centre_name) AS department, s.cost_centre, s.account_code,"
        " s.account_name, s.description, s.reference, CAST(s.amount AS DECIMAL(20, 6)) AS amount,"
        " s.currency_code AS currency, s.mcc, s.date_basis, h.source_sheet,"
        " CAST(s.source_row AS INTEGER) AS sheet_row,"
        " CAST(s.book_amount AS DECIMAL(20, 6)) AS book_amount, s.book_currency"
        f" FROM {staged} s JOIN _held_uploads h ON h.upload_id = {int(upload_id)}"
        " WHERE s.disposition = 'loaded'")


def drop_held_lines(cur, upload_id: int) -> None:
    """Drop what held_lines made for this upload."""
    upload_id = int(upload_id)
    cur.execute(f"DROP VIEW IF EXISTS {_held_view(upload_id)}")
    cur.execute(f"DROP TABLE IF EXISTS _held_rows_{upload_id}")
    cur.execute("DELETE FROM _held_uploads WHERE upload_id = ?", [upload_id])
