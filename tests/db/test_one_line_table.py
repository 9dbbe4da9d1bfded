"""Migration 016: a workspace written before it keeps every line once, with its classification.

Before 016 a line was stored twice (ledger_lines as read, classified_lines whole again with its
classification). A workspace from then must open with the same lines, the same figures and the
same unclassified lines (which the workspace then classifies), and the unit as written kept
beside its display name.
"""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

import workspace
from db import close_store
from db.store import Store, _migration_files


def _workspace_at_version_15(path) -> None:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")
    for version, name, sql in _migration_files():
        if version <= 15:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
    con.execute("INSERT INTO uploads (upload_id, file_name, sha256, size_bytes, kind, dataset,"
                " columns, mapping, notes, rows_read, rows_loaded, rows_excluded, rows_rejected,"
                " control_total) VALUES (1, 'card.csv', 'abc', 10, 'csv', 'ledger', [], '{}', [],"
                " 3, 3, 0, 0, 160.50)")
    lines = [(2, "2026-01-05", "Slack", "Digital Mktg", "40.00"),
             (3, "2026-02-07", "Premier Inn", "Sales", "100.50"),
             (4, "2026-02-09", "Zoom", "IT Services", "20.00")]
    for row, day, vendor, dept, amount in lines:
        con.execute("INSERT INTO ledger_lines (upload_id, source_row, source_file, txn_date, vendor,"
                    " department, amount, currency) VALUES (1, ?, 'card.csv', ?, ?, ?, ?, 'GBP')",
                    [row, day, vendor, dept, amount])
    # rows 2 and 3 classified (row 4 was not: a --no-classify load)
    for row, day, vendor, dept, amount, is_tech in [
            (2, "2026-01-05", "Slack", "Digital Marketing", "40.00", True),
            (3, "2026-02-07", "Premier Inn", "Sales", "100.50", False)]:
        con.execute(
            "INSERT INTO classified_lines VALUES (1, ?, 'card.csv', ?::DATE, ?, upper(?), ?, ?,"
            " NULL, NULL, NULL, NULL, NULL, ?, 'GBP', NULL, ?, CASE WHEN ? THEN 'SoR' END,"
            " 'Software & SaaS', false, false, 'catalog', 'catalog: x', 0.95, 2026, 1, 20261,"
            " 'FY2026 Q1', ?, false)",
            [row, day, vendor, vendor, vendor, dept, amount, is_tech, is_tech, amount])
    con.close()


def test_a_workspace_from_before_keeps_each_line_once_with_its_classification(tmp_path):
    path = tmp_path / "old.duckdb"
    _workspace_at_version_15(path)
    store = Store(path)
    assert store.scalar("SELECT max(version) FROM schema_migrations") >= 16
    assert store.rows("SELECT source_row, department, department_canonical, decided_by"
                      " FROM ledger_lines ORDER BY source_row") == [
        (2, "Digital Mktg", "Digital Marketing", "catalog"),
        (3, "Sales", "Sales", "catalog"),
        (4, "IT Services", None, None)]
    # classified_lines reads as the table did: its department is the display name
    assert store.rows("SELECT source_row, department, is_tech, amount_reporting"
                      " FROM classified_lines ORDER BY source_row") == [
        (2, "Digital Marketing", True, Decimal("40.00")),
        (3, "Sales", False, Decimal("100.50"))]
    # a line still needs its amount, date and currency; a line's date basis is 'line' by default
    with pytest.raises(duckdb.ConstraintException):
        store.execute("INSERT INTO ledger_lines (upload_id, source_row, source_file, txn_date,"
                      " currency) VALUES (1, 9, 'card.csv', DATE '2026-03-01', 'GBP')")
    store.execute("INSERT INTO ledger_lines (upload_id, source_row, source_file, txn_date, amount,"
                  " currency) VALUES (2, 2, 'other.csv', DATE '2026-03-01', 1, 'GBP')")
    assert store.scalar("SELECT date_basis FROM ledger_lines WHERE upload_id = 2") == "line"
    store.execute("DELETE FROM ledger_lines WHERE upload_id = 2")
    close_store(path)
    # opening it as a workspace classifies the line left unclassified; nothing is doubled
    store = workspace.open_workspace(path)
    assert store.scalar("SELECT count(*) FROM ledger_lines") == 3
    assert store.scalar("SELECT count(*) FROM classified_lines") == 3
    assert store.scalar("SELECT sum(amount) FROM classified_lines") == Decimal("160.50")
    close_store(path)
