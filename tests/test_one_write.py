"""A change that loads a file writes each line once, with its classification (#13, migration 016).

The load keeps its staged lines (ingest.load.held_lines) and the change's reclassification writes
them to ledger_lines classified; a change that does not classify an upload writes its lines as
they are. Either way each source line is in ledger_lines once and the figures are the file's.
Worked example: total_row.csv has 6 data rows, 3 of them lines (Slack 100.00, Zoom 50.25, Dell
1,000.00): after the load, ledger_lines holds those 3 rows, each classified.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import ingest
import workspace
from models import classification
from workspace import Session

DATA = Path(__file__).resolve().parent / "data"
TOTAL_ROW = (DATA / "total_row.csv").read_bytes()
LINES = [(2, "Slack", "IT", Decimal("100.00")), (3, "Zoom", "Marketing", Decimal("50.25")),
         (5, "Dell", "IT", Decimal("1000.00"))]


def _lines(store, upload_id=None):
    return store.rows("SELECT source_row, vendor, department, amount, decided_by IS NOT NULL"
                      " FROM ledger_lines WHERE ?::INTEGER IS NULL OR upload_id = ?"
                      " ORDER BY upload_id, source_row", [upload_id, upload_id])


@pytest.fixture
def store(tmp_path):
    return workspace.open_workspace(tmp_path / "t.duckdb")


def test_a_load_writes_each_line_once_with_its_classification(store):
    result = workspace.load_file(store, "total_row.csv", TOTAL_ROW)
    assert _lines(store) == [(*line, True) for line in LINES]
    assert store.scalar("SELECT count(*) FROM classified_lines") == result.rows_loaded == 3
    assert store.scalar("SELECT sum(amount) FROM classified_lines") == result.control_total


def test_a_load_left_unclassified_writes_its_lines_as_they_are(store):
    result = workspace.load_file(store, "total_row.csv", TOTAL_ROW, classify=False)
    assert _lines(store) == [(*line, False) for line in LINES]
    assert store.scalar("SELECT count(*) FROM classified_lines") == 0
    assert workspace.recover(store).unclassified_lines == result.rows_loaded


def test_in_one_change_only_the_uploads_it_classifies_are_classified(store):
    # (the same units and vendors as before: nothing makes the change reclassify every upload)
    earlier = workspace.load_file(store, "b.csv", TOTAL_ROW.replace(b"Dell", b"Dell Inc"))
    with Session(store) as s:
        held = ingest.load_file(s, "a.csv", TOTAL_ROW)
        s.reclassify([earlier.upload_id])
    assert _lines(store, held.upload_id) == [(*line, False) for line in LINES]
    assert [r[-1] for r in _lines(store, earlier.upload_id)] == [True, True, True]
    assert store.scalar("SELECT count(*) FROM ledger_lines") == 6


def test_a_file_replaced_in_the_same_change_leaves_only_its_new_lines(store):
    with Session(store) as s:
        first = ingest.load_file(s, "a.csv", TOTAL_ROW)
        again = ingest.load_file(s, "a.csv", TOTAL_ROW, replace=True)
        s.reclassify([again.upload_id])
    assert again.upload_id != first.upload_id
    assert store.rows("SELECT DISTINCT upload_id FROM ledger_lines") == [(again.upload_id,)]
    assert _lines(store) == [(*line, True) for line in LINES]


def _losing_line_three(real_load_sql):
    def load_sql(name):
        sql = real_load_sql(name)
        return sql + "\nWHERE source_row <> 3" if name == "classify_mart_lines" else sql
    return load_sql


def test_a_classification_that_loses_a_line_saves_nothing(store, monkeypatch):
    monkeypatch.setattr(classification, "load_sql", _losing_line_three(classification.load_sql))
    with pytest.raises(RuntimeError, match="wrote 2 lines for 3 in scope"):
        workspace.load_file(store, "total_row.csv", TOTAL_ROW)
    assert store.scalar("SELECT count(*) FROM uploads") == 0
    assert store.scalar("SELECT count(*) FROM ledger_lines") == 0


def test_a_reclassification_that_loses_a_line_changes_nothing(store, monkeypatch):
    workspace.load_file(store, "total_row.csv", TOTAL_ROW)
    before = store.rows("SELECT * FROM ledger_lines ORDER BY source_row")
    monkeypatch.setattr(classification, "load_sql", _losing_line_three(classification.load_sql))
    with pytest.raises(RuntimeError, match="wrote 2 lines for 3 in scope"):
        workspace.reclassify(store)
    assert store.rows("SELECT * FROM ledger_lines ORDER BY source_row") == before
