"""The `techspend` command end to end, as a person runs it (a real subprocess)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


def run(*args: str, db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "TECHSPEND_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=300)


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return tmp_path / "ts.duckdb"


def test_ingest_prints_the_reconciliation_and_export_has_every_line(db, tmp_path):
    done = run("ingest", str(DATA / "total_row.csv"), str(DATA / "us_card.csv"),
               "--currency", "USD", db=db)
    assert done.returncode == 0, done.stderr
    assert "rows read" in done.stdout and "control total 1,150.25" in done.stdout
    assert "control total 1,209.56" in done.stdout
    out = tmp_path / "lines.csv"
    done = run("export", "--out", str(out), db=db)
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 6
    assert {"source_file", "source_row", "date", "vendor", "department", "account", "description",
            "amount", "currency"} <= set(rows[0])
    assert sum(float(r["amount"]) for r in rows) == pytest.approx(1150.25 + 1209.56)
    assert {(r["source_file"], r["source_row"]) for r in rows} >= {("total_row.csv", "2"),
                                                                  ("us_card.csv", "4")}


def test_rejects_lists_reasons(db):
    run("ingest", str(DATA / "bad_values.csv"), db=db)
    done = run("rejects", db=db)
    assert done.returncode == 0
    assert 'Amount ""abc"" is not a number.' in done.stdout  # CSV-quoted
    assert done.stdout.count("rejected") == 3


def test_map_override_and_date_order(db):
    done = run("ingest", str(DATA / "ap_register.xlsx"), "--map", "amount=Gross Amount", db=db)
    assert done.returncode == 0, done.stderr
    assert "control total 1,332.30" in done.stdout
    done = run("ingest", str(DATA / "ambiguous_dates.csv"), "--date-order", "mdy", db=db)
    assert "month/day/year" in done.stdout


@pytest.mark.parametrize("name", ["not_a_spreadsheet.pdf", "no_amount.csv", "encrypted.xlsx",
                                  "missing.csv"])
def test_bad_input_gets_a_clear_message_and_a_nonzero_exit_never_a_traceback(db, name):
    done = run("ingest", str(DATA / name), db=db)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr + done.stdout
    assert name in done.stderr


def test_unknown_upload_delete_is_a_clear_message(db):
    done = run("uploads", "--delete", "99", db=db)
    assert done.returncode == 2 and "no upload #99" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_database_held_by_another_process_gets_a_clear_message(db):
    """The dashboard holds the file open; a CLI load must say so, not crash or corrupt."""
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from db import open_store; open_store(sys.argv[1]);"
         " print('ready', flush=True); time.sleep(60)", str(db)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        done = run("ingest", str(DATA / "total_row.csv"), db=db)
        assert done.returncode == 2
        assert "open in another program" in done.stderr and "Traceback" not in done.stderr
    finally:
        holder.kill()
        holder.wait()
    done = run("ingest", str(DATA / "total_row.csv"), db=db)  # works once it is free
    assert done.returncode == 0, done.stderr
