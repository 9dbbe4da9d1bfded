"""The workspace front door: every change is one transaction with its reclassification.

The property a CFO relies on: a kill -9 at ANY moment of a load leaves the database exactly as it
was, or holding the complete, classified upload (counts reconcile, every line classified once);
loading the file again then never says "already loaded" for an upload that is not fully there.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

import workspace
from db import TechspendError, close_store, open_store
from workspace import DepartmentChange

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"

CHILD = """
import sys, time
import workspace
store = workspace.open_workspace(sys.argv[1])
data = open(sys.argv[2], "rb").read()
print("ready", flush=True)
started = time.perf_counter()
workspace.load_file(store, "big.csv", data)
print(f"done {time.perf_counter() - started:.3f}", flush=True)
"""


def _big_csv(path: Path, lines: int) -> Path:
    rng = random.Random(7)
    vendors = ["Slack", "Zoom Video", "Salesforce", "Acme Office", "AWS", "Canva", "Uber"]
    departments = ["Information Technology", "Marketing", "Finance", "Sales"]
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Date,Vendor,Department,Description,Amount\n")
        for i in range(lines):
            fh.write(f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d},"
                     f"{rng.choice(vendors)} {i % 300},{rng.choice(departments)},item {i},"
                     f"{rng.randint(1, 99999) / 100:.2f}\n")
        fh.write(",,,Total,\n")  # an excluded row, so the reconciliation has three parts
    return path


def _state(path: Path) -> dict:
    """Per upload: its reconciliation, its lines, its classified lines (and distinct ones)."""
    store = open_store(path)
    try:
        out = {}
        for upload_id, name, read, loaded, excluded, rejected, total in store.rows(
                "SELECT upload_id, file_name, rows_read, rows_loaded, rows_excluded, rows_rejected,"
                " control_total FROM uploads ORDER BY upload_id"):
            lines, amount = store.rows(
                "SELECT count(*), coalesce(sum(amount), 0) FROM ledger_lines WHERE upload_id = ?",
                [upload_id])[0]
            classified, distinct = store.rows(
                "SELECT count(*), count(DISTINCT source_row) FROM classified_lines"
                " WHERE upload_id = ?", [upload_id])[0]
            issues = store.scalar("SELECT count(*) FROM row_issues WHERE upload_id = ?", [upload_id])
            out[name] = dict(read=read, loaded=loaded, excluded=excluded, rejected=rejected,
                             total=total, lines=lines, amount=amount, classified=classified,
                             distinct=distinct, issues=issues)
        out["_orphans"] = store.scalar(
            "SELECT count(*) FROM ledger_lines WHERE upload_id NOT IN (SELECT upload_id FROM uploads)")
        return out
    finally:
        close_store(path)


def _complete(upload: dict) -> bool:
    return (upload["read"] == upload["loaded"] + upload["excluded"] + upload["rejected"]
            and upload["lines"] == upload["loaded"] == upload["classified"] == upload["distinct"]
            and upload["issues"] == upload["excluded"] + upload["rejected"]
            and Decimal(upload["amount"]) == Decimal(upload["total"]))


def _run_child(db: Path, csv: Path, kill_after: float | None):
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(csv)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        if kill_after is None:
            out = child.stdout.readline().strip()
            child.wait(timeout=300)
            return float(out.split()[1])
        time.sleep(kill_after)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        return None
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_a_kill_at_any_moment_of_a_load_leaves_the_old_state_or_the_complete_classified_upload(tmp_path):
    csv = _big_csv(tmp_path / "big.csv", 30_000)
    base = tmp_path / "base.duckdb"
    store = workspace.open_workspace(base)
    workspace.load_file(store, "total_row.csv", (DATA / "total_row.csv").read_bytes())
    close_store(base)
    before = _state(base)
    assert set(before) == {"total_row.csv", "_orphans"} and _complete(before["total_row.csv"])

    timed = tmp_path / "timed.duckdb"
    shutil.copy(base, timed)
    seconds = _run_child(timed, csv, kill_after=None)
    finished = _state(timed)
    assert _complete(finished["big.csv"]) and finished["big.csv"]["loaded"] == 30_000

    rng = random.Random(int(os.environ.get("TECHSPEND_KILL_SEED", "20261201")))
    moments = sorted([0.1, 0.5] + [rng.uniform(0.0, 1.1) for _ in range(2)])  # bounded: 4 kills
    outcomes = []
    for i, fraction in enumerate(moments):
        db = tmp_path / f"kill{i}.duckdb"
        shutil.copy(base, db)
        _run_child(db, csv, kill_after=fraction * seconds)
        after = _state(db)
        if "big.csv" in after:
            assert _complete(after["big.csv"]), (fraction, after["big.csv"])
            assert {k: v for k, v in after.items() if k != "big.csv"} == before
            outcomes.append("complete")
        else:
            assert after == before, (fraction, after)
            outcomes.append("unchanged")
        # loading again: "already loaded" only when it really is fully there
        store = workspace.open_workspace(db)
        again = workspace.load_file(store, "big.csv", csv.read_bytes())
        assert again.status == ("duplicate" if outcomes[-1] == "complete" else "loaded")
        close_store(db)
        assert _complete(_state(db)["big.csv"])
    assert "unchanged" in outcomes  # the 10% kill landed inside the load


ABANDONED_WRITE = """
import duckdb, os, sys
con = duckdb.connect(sys.argv[1])
con.execute("SET enable_progress_bar = false")
con.execute("BEGIN TRANSACTION")
con.execute("CREATE TABLE abandoned AS SELECT range AS i, md5(range::VARCHAR) AS t"
            " FROM range(3000000)")
print(os.path.getsize(sys.argv[1]))
os._exit(0)  # the process dies before COMMIT, as a killed load does
"""


def test_space_an_aborted_load_wrote_is_given_back_when_the_store_opens(tmp_path):
    """DuckDB writes a big transaction's blocks into the file before COMMIT; a process that dies
    then leaves the file that size with none of it in use. Opening the workspace gives it back
    (and the database holds what it held before)."""
    db = tmp_path / "t.duckdb"
    store = workspace.open_workspace(db)
    workspace.load_file(store, "total_row.csv", (DATA / "total_row.csv").read_bytes())
    close_store(db)
    before, size_before = _state(db), db.stat().st_size
    done = subprocess.run([sys.executable, "-c", ABANDONED_WRITE, str(db)], capture_output=True,
                          text=True, timeout=300)
    grown = int(done.stdout.strip().splitlines()[-1])
    assert grown > size_before + 20_000_000, (size_before, grown)  # the abandoned write's blocks
    workspace.open_workspace(db)
    close_store(db)
    assert _state(db) == before
    assert db.stat().st_size < size_before + (grown - size_before) / 4, (
        size_before, grown, db.stat().st_size)


def test_lines_left_unclassified_are_classified_when_the_store_opens(tmp_path):
    db = tmp_path / "t.duckdb"
    store = workspace.open_workspace(db)
    result = workspace.load_file(store, "total_row.csv", (DATA / "total_row.csv").read_bytes(),
                                 classify=False)  # what an older version's crash left behind
    assert store.scalar("SELECT count(*) FROM classified_lines") == 0
    # the same file again is "already loaded" only once its lines are whole: it heals them
    again = workspace.load_file(store, "total_row.csv", (DATA / "total_row.csv").read_bytes())
    assert again.status == "duplicate"
    assert store.scalar("SELECT count(*) FROM classified_lines") == result.rows_loaded
    with store.transaction() as cur:  # as a database written before migration 016 could be
        cur.execute("UPDATE ledger_lines SET decided_by = NULL")
    assert store.scalar("SELECT count(*) FROM classified_lines") == 0
    close_store(db)
    store = workspace.open_workspace(db)
    recovered = store.scalar("SELECT count(*) FROM classified_lines")
    assert recovered == result.rows_loaded and workspace.recover(store).unclassified_lines == 0
    close_store(db)


def test_a_load_that_fails_to_classify_changes_nothing(tmp_path, monkeypatch):
    store = workspace.open_workspace(tmp_path / "t.duckdb")
    from models import classification

    def broken(cur, upload_ids=None, **kwargs):
        raise TechspendError("classification failed")

    monkeypatch.setattr(classification, "rebuild", broken)
    version = store.version()
    with pytest.raises(TechspendError, match="classification failed"):
        workspace.load_file(store, "total_row.csv", (DATA / "total_row.csv").read_bytes())
    assert store.scalar("SELECT count(*) FROM uploads") == 0
    assert store.scalar("SELECT count(*) FROM ledger_lines") == 0
    assert store.version() == version
    monkeypatch.undo()
    assert workspace.load_file(store, "total_row.csv",
                               (DATA / "total_row.csv").read_bytes()).status == "loaded"


def _departments(store) -> dict[str, tuple[bool, str]]:
    return {r[0]: (r[1], r[2]) for r in store.rows(
        "SELECT display_name, is_it, it_source FROM departments ORDER BY 1")}


def test_many_department_changes_are_one_transaction(tmp_path):
    store = workspace.open_workspace(tmp_path / "t.duckdb")
    workspace.load_file(store, "us_card.csv", (DATA / "us_card.csv").read_bytes(), currency="USD")
    before = _departments(store)
    names = sorted(before)
    assert len(names) >= 2
    version = store.version()
    with pytest.raises(TechspendError, match="No department called 'Nowhere'"):
        workspace.set_departments(store, [DepartmentChange(names[0], is_it=not before[names[0]][0]),
                                          DepartmentChange("Nowhere", is_it=True)], by="cfo")
    assert _departments(store) == before and store.version() == version  # the first one too
    workspace.set_departments(store, [DepartmentChange(n, is_it=True) for n in names], by="cfo")
    assert all(v == (True, "user") for v in _departments(store).values())
    assert store.version() == version + 1  # one commit for all of them and the rebuild
    assert store.scalar("SELECT bool_and(it_owned) FROM classified_lines")


def test_currency_and_fiscal_start_change_together_with_the_lines(tmp_path):
    store = workspace.open_workspace(tmp_path / "t.duckdb")
    workspace.load_file(store, "total_row.csv", (DATA / "total_row.csv").read_bytes())
    labels = {r[0] for r in store.rows("SELECT DISTINCT quarter_label FROM classified_lines")}
    with pytest.raises(TechspendError, match="1-12"):
        workspace.change_settings(store, reporting_currency="USD", fiscal_start_month=13)
    assert store.setting("reporting_currency") == "GBP"  # the currency did not change alone
    settings = workspace.change_settings(store, reporting_currency="usd", fiscal_start_month=4)
    assert (settings.reporting_currency, settings.fiscal_start_month) == ("USD", 4)
    moved = {r[0] for r in store.rows("SELECT DISTINCT quarter_label FROM classified_lines")}
    assert moved != labels  # every line now counted in the April-start calendar


def test_deleting_an_upload_takes_its_classification_with_it(tmp_path):
    store = workspace.open_workspace(tmp_path / "t.duckdb")
    result = workspace.load_file(store, "total_row.csv", (DATA / "total_row.csv").read_bytes())
    assert store.scalar("SELECT count(*) FROM classified_lines") == result.rows_loaded
    assert workspace.delete_upload(store, result.upload_id) is True
    assert store.scalar("SELECT count(*) FROM classified_lines") == 0
    assert workspace.delete_upload(store, result.upload_id) is False


def test_the_sample_company_loads_resets_and_leaves_in_one_transaction_each(tmp_path):
    store = workspace.open_workspace(tmp_path / "t.duckdb")
    version = store.version()
    assert workspace.ensure_sample_company(store) is True
    assert store.version() == version + 1
    assert store.scalar("SELECT count(*) FROM uploads") == 5
    assert store.scalar("SELECT count(*) FROM ledger_lines") == store.scalar(
        "SELECT count(*) FROM classified_lines") > 0
    assert workspace.ensure_sample_company(store) is False
    own = workspace.load_file(store, "total_row.csv", (DATA / "total_row.csv").read_bytes())
    assert workspace.remove_sample_company(store) == 5
    assert [r[0] for r in store.rows("SELECT upload_id FROM uploads")] == [own.upload_id]
    workspace.reset_to_sample(store)
    assert store.scalar("SELECT count(*) FROM uploads") == 5
    assert store.scalar("SELECT count(*) FROM uploads WHERE upload_id = ?", [own.upload_id]) == 0


def test_opening_a_whole_workspace_never_opens_the_file_read_write(tmp_path):
    """Every command and the dashboard open the workspace; when nothing needs healing the checks
    run read-only, so the file is never taken from another process (and not reopened twice)."""
    db = tmp_path / "t.duckdb"
    store = workspace.open_workspace(db)
    workspace.load_file(store, "total_row.csv", (DATA / "total_row.csv").read_bytes())
    close_store(db)
    store = workspace.open_workspace(db)
    assert store._db.opens == {"ro": 1, "rw": 0}
    assert store.scalar("SELECT count(*) FROM classified_lines") > 0
    close_store(db)
