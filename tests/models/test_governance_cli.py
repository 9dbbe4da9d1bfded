"""`techspend standards | subscriptions | duplicates` end to end, as a person runs them (a real
subprocess over the hand-made fixtures in tests/data/governance/)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "governance"


def run(*args: str, db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "TECHSPEND_DB": str(db), "TECHSPEND_USER": "cli-tester"}
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)


def test_standards_load_list_set(tmp_path):
    db = tmp_path / "cli.duckdb"
    assert run("ingest", str(DATA / "subscriptions_card.csv"), "--currency", "GBP", db=db).returncode == 0
    done = run("standards", "load", str(DATA / "register.csv"), db=db)
    assert done.returncode == 1, done.stderr                      # one row rejected: exit 1
    assert "6 rows read, 3 loaded, 2 excluded, 1 rejected" in done.stdout
    assert "register.csv row 6: status 'maybe'" in done.stdout
    done = run("standards", "set", "Canva", "--status", "not approved", "--customer-data", "yes",
               db=db)
    assert done.returncode == 0, done.stderr
    assert "Canva: Not approved" in done.stdout and "customer data yes" in done.stdout
    bad = run("standards", "set", "Canva", "--reviewed", "someday", db=db)
    assert bad.returncode == 2 and "not a date" in bad.stderr and "Traceback" not in bad.stderr
    listed = json.loads(run("standards", "list", "--json", db=db).stdout)
    canva = next(r for r in listed if r["vendor"] == "Canva")
    assert (canva["status"], canva["customer_data"], canva["updated_by"]) == ("not_approved", True, "cli-tester")


def test_subscriptions_and_duplicates_json_and_a_confirmation(tmp_path):
    db = tmp_path / "cli2.duckdb"
    files = [str(DATA / n) for n in ("subscriptions_card.csv", "ap_march.csv", "ap_april.csv")]
    assert run("ingest", *files, "--currency", "GBP", db=db).returncode == 0
    subs = json.loads(run("subscriptions", "--outside-it", "--json", db=db).stdout)
    hub = next(r for r in subs if (r["vendor"], r["department"]) == ("HubSpot", "Marketing"))
    assert (hub["cadence"], hub["annual_run_rate"], hub["next_expected"]) == ("monthly", 9600.0, "2026-07-05")
    assert not any(r["vendor"] == "Slack" for r in subs)         # IT's own
    pairs = json.loads(run("duplicates", "--json", db=db).stdout)
    assert len(pairs) == 1 and pairs[0]["decision"] == "open"
    p = pairs[0]
    assert (p["first_file"], p["first_row_in_file"], p["second_file"], p["second_row_in_file"]) == (
        "ap_march.csv", 2, "ap_april.csv", 2)
    done = run("duplicates", "--confirm", f"{p['first_upload']}:{p['first_row']}",
               f"{p['second_upload']}:{p['second_row']}", "--why", "paid twice", db=db)
    assert done.returncode == 0, done.stderr
    again = json.loads(run("duplicates", "--json", db=db).stdout)[0]
    assert (again["decision"], again["decided_by"]) == ("confirmed", "cli-tester")
    table = run("duplicates", db=db).stdout
    assert "confirmed duplicates 1,200.00" in table and "control totals unchanged" in table
    wrong = run("duplicates", "--confirm", "x", "1:2", db=db)
    assert wrong.returncode == 2 and "UPLOAD:ROW" in wrong.stderr
