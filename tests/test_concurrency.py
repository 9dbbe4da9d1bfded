"""The dashboard and the CLI side by side, and concurrent loads (issue #9.7), with real processes.

DuckDB: any number of processes may hold a file read-only together; a read-write open is
exclusive. The Store reads read-only, writes read-write only for the length of a write, and
lets go of an idle connection (db/store.py). So:

* while a dashboard-like process holds the store open, `techspend summary`, `export`, `uploads`
  and `rejects` work at once, side by side;
* `techspend ingest` works as soon as the dashboard has been idle a moment, or — when the
  dashboard is kept busy — exits 2 with one line naming the holder and what to do;
* loads from several threads and processes at once all land, each reconciles
  (rows_read = loaded + excluded + rejected), nothing is corrupted, and data_version only grows.

Bounded: a handful of tiny generated files, every process with a timeout.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import textwrap
import time
from decimal import Decimal
from pathlib import Path

import pytest

from db.store import Store

ROOT = Path(__file__).resolve().parents[1]

# A dashboard stand-in: opens the store as pages/ui.py does (open_store), reads on a timer until
# the stop file appears and reports what it saw. idle_release comes from TECHSPEND_IDLE_RELEASE.
DASHBOARD = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from db import open_store
    store = open_store(sys.argv[1])
    every, stop = float(sys.argv[2]), Path(sys.argv[3])
    seen, errors = [], []
    store.version()
    print("ready", flush=True)
    end = time.monotonic() + 150
    while time.monotonic() < end and not stop.exists():
        try:
            seen.append((store.version(), store.scalar("SELECT count(*) FROM ledger_lines")))
        except Exception as exc:
            errors.append(type(exc).__name__ + ": " + str(exc))
        time.sleep(every)
    print(json.dumps({"seen": seen, "errors": errors}), flush=True)
""")

# A loader: loads its files one by one (ingest + classification, as `techspend ingest` does)
# from `threads` threads, and reports each load's reconciliation and the versions it saw.
LOADER = textwrap.dedent("""
    import json, sys, threading
    from pathlib import Path
    from db import open_store
    from ingest.load import load_file
    from models import classification
    store = open_store(sys.argv[1])
    files = [Path(p) for p in json.loads(sys.argv[2])]
    threads = int(sys.argv[3])
    results, errors = [], []
    def work(mine):
        for path in mine:
            try:
                r = load_file(store, path.name, path.read_bytes())
                v_load = store.version()
                classification.refresh(store, [r.upload_id])
                results.append({"file": path.name, "upload_id": r.upload_id, "status": r.status,
                                "read": r.rows_read, "loaded": r.rows_loaded,
                                "excluded": r.rows_excluded, "rejected": r.rows_rejected,
                                "total": str(r.control_total), "v_load": v_load,
                                "v_classified": store.version()})
            except Exception as exc:
                errors.append(path.name + ": " + type(exc).__name__ + ": " + str(exc))
    pool = [threading.Thread(target=work, args=(files[i::threads],)) for i in range(threads)]
    for t in pool: t.start()
    for t in pool: t.join()
    print(json.dumps({"results": results, "errors": errors}), flush=True)
""")


def _env(db: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "TECHSPEND_DB": str(db), "PYTHONPATH": str(ROOT), **extra}


def cli(*args: str, db: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True,
                          text=True, env=_env(db, **env), cwd=ROOT, timeout=180)


def start(script: str, *args: str, db: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env(db, **env), cwd=ROOT)


def ledger(path: Path, n: int, tag: str) -> Path:
    """n good lines (1.00, 2.00 ... n), one bad amount (rejected), one total row (excluded)."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Date", "Vendor", "Department", "Amount"])
        for i in range(1, n + 1):
            w.writerow([f"2025-{(i % 12) + 1:02d}-1{i % 9}", f"Vendor {tag} {i}", "Marketing",
                        f"{i}.00"])
        w.writerow(["2025-03-03", f"Broken {tag}", "IT", "abc"])
        w.writerow(["Total", "", "", f"{n * (n + 1) // 2}.00"])
    return path


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    p = tmp_path / "ts.duckdb"
    s = Store(p)
    s.close()
    done = cli("ingest", str(ledger(tmp_path / "first.csv", 5, "first")), db=p)
    assert done.returncode in (0, 1) and "rows read" in done.stdout, done.stderr
    return p


def finish(proc: subprocess.Popen, timeout: float = 120, stop: Path | None = None) -> dict:
    if stop is not None:
        stop.touch()
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


def test_cli_commands_work_while_a_busy_dashboard_holds_the_store(db, tmp_path):
    # a dashboard reading every 0.1 s that never lets go when idle (idle release off)
    stop = tmp_path / "stop"
    # (its reads wait up to 60 s for a load: on a loaded CI machine a load outlasts the 10 s default)
    dash = start(DASHBOARD, str(db), "0.1", str(stop), db=db, TECHSPEND_IDLE_RELEASE="3600",
                 TECHSPEND_LOCK_TIMEOUT="60")
    try:
        assert dash.stdout.readline().strip() == "ready"
        summary = cli("summary", db=db)
        assert summary.returncode == 0, summary.stderr
        out = tmp_path / "lines.csv"
        export = cli("export", "--out", str(out), db=db)
        assert export.returncode == 0, export.stderr
        with out.open(encoding="utf-8-sig") as fh:
            assert len(list(csv.DictReader(fh))) == 5
        uploads = cli("uploads", db=db)
        assert uploads.returncode == 0 and "first.csv" in uploads.stdout, uploads.stderr
        rejects = cli("rejects", db=db)
        assert rejects.returncode == 0 and "Broken first" in rejects.stdout, rejects.stderr
        # a load gets in too: the dashboard steps aside between two queries (writer preference)
        load = cli("ingest", str(ledger(tmp_path / "second.csv", 3, "second")), db=db,
                   TECHSPEND_LOCK_TIMEOUT="20")
        assert load.returncode in (0, 1) and "rows read" in load.stdout, load.stderr
        time.sleep(1)  # the dashboard looks again
    finally:
        report = finish(dash, stop=stop)
    assert not report["errors"], report["errors"]
    versions = [v for v, _ in report["seen"]]
    assert versions == sorted(versions)  # data_version never goes back
    assert report["seen"][0][1] == 5 and report["seen"][-1][1] == 8  # the new lines show up
    assert not list(tmp_path.glob("*.write-wanted.*"))  # the writer's marker is gone


def test_a_cli_load_gets_in_when_the_dashboard_is_idle_and_the_dashboard_sees_it(db, tmp_path):
    # the dashboard reads every 1.5 s and lets go after 0.3 s idle (default 2 s; shorter here)
    stop = tmp_path / "stop"
    dash = start(DASHBOARD, str(db), "1.5", str(stop), db=db, TECHSPEND_IDLE_RELEASE="0.3",
                 TECHSPEND_LOCK_TIMEOUT="60")
    try:
        assert dash.stdout.readline().strip() == "ready"
        load = cli("ingest", str(ledger(tmp_path / "second.csv", 3, "second")), db=db)
        assert load.returncode in (0, 1), load.stderr  # loaded (0, or 1: rejected rows listed)
        assert "rows read" in load.stdout
        time.sleep(2)  # one more look by the dashboard
    finally:
        report = finish(dash, stop=stop)
    assert not report["errors"], report["errors"]
    versions = [v for v, _ in report["seen"]]
    assert versions == sorted(versions)  # data_version never goes back
    assert report["seen"][0][1] == 5 and report["seen"][-1][1] == 8  # the new lines show up


def test_concurrent_loads_from_threads_and_processes_all_reconcile(db, tmp_path):
    processes, threads, per_thread = 2, 2, 1   # 4 loads: two processes, two threads each
    jobs, expected = [], {}
    for p in range(processes):
        files = []
        for i in range(threads * per_thread):
            tag = f"p{p}f{i}"
            files.append(str(ledger(tmp_path / f"{tag}.csv", 4 + i, tag)))
            expected[f"{tag}.csv"] = 4 + i
        jobs.append(files)
    stop = tmp_path / "stop"
    reader = start(DASHBOARD, str(db), "0.1", str(stop), db=db, TECHSPEND_IDLE_RELEASE="0.2")
    assert reader.stdout.readline().strip() == "ready"
    loaders = [start(LOADER, str(db), json.dumps(files), str(threads), db=db,
                     TECHSPEND_LOCK_TIMEOUT="60") for files in jobs]
    reports = [finish(proc, timeout=240) for proc in loaders]
    seen = finish(reader, timeout=60, stop=stop)

    for report in reports:
        assert not report["errors"], report["errors"]
    results = [r for report in reports for r in report["results"]]
    assert sorted(r["file"] for r in results) == sorted(expected)
    for r in results:
        n = expected[r["file"]]
        assert r["status"] == "loaded"
        assert (r["read"], r["loaded"], r["excluded"], r["rejected"]) == (n + 2, n, 1, 1)
        assert Decimal(r["total"]) == Decimal(n * (n + 1) // 2)
        assert r["v_classified"] > r["v_load"]
    # every commit got its own data_version; each process saw them only grow
    load_versions = [r["v_load"] for r in results]
    assert len(set(load_versions)) == len(load_versions)
    for report in reports:
        own = [r["v_load"] for r in report["results"]]
        assert len(own) == threads * per_thread
    reader_versions = [v for v, _ in seen["seen"]]
    assert reader_versions == sorted(reader_versions)
    assert all("StoreLockedError" in e for e in seen["errors"]), seen["errors"]

    # the file is whole: counts and amounts agree table by table, upload by upload
    s = Store(db)
    try:
        rows = s.rows(
            "SELECT u.file_name, u.rows_read, u.rows_loaded, u.rows_excluded, u.rows_rejected,"
            " u.control_total, (SELECT count(*) FROM ledger_lines l WHERE l.upload_id = u.upload_id),"
            " (SELECT coalesce(sum(amount), 0) FROM ledger_lines l WHERE l.upload_id = u.upload_id),"
            " (SELECT count(*) FROM row_issues i WHERE i.upload_id = u.upload_id),"
            " (SELECT count(*) FROM classified_lines c WHERE c.upload_id = u.upload_id)"
            " FROM uploads u WHERE u.dataset = 'ledger'")
        assert len(rows) == len(expected) + 1  # + first.csv of the fixture
        for name, read, loaded, excluded, rejected, total, lines, amount, issues, classified in rows:
            assert read == loaded + excluded + rejected, name
            assert lines == loaded == classified, name
            assert amount == total and issues == excluded + rejected, name
        # each load and each classification here commits once; first.csv came through the CLI,
        # whose load and classification are one commit (workspace)
        assert s.version() >= 2 * len(expected) + 1
        assert s.scalar("SELECT count(*) FROM ledger_lines") == 5 + sum(expected.values())
    finally:
        s.close()
