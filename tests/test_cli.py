"""The `techspend` command end to end, as a person runs it (a real subprocess)."""

from __future__ import annotations

import csv
import json
import os
import re
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
    """Another process is writing (a long load holds the file read-write): a CLI load waits
    TECHSPEND_LOCK_TIMEOUT seconds, then says who holds it and what to do — never a crash, never
    a half write. (An idle dashboard holds it read-only and lets go: tests/test_concurrency.py.)"""
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from db import open_store; s = open_store(sys.argv[1])\n"
         "with s.transaction():\n    print('ready', flush=True); time.sleep(60)", str(db)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        env = {**os.environ, "TECHSPEND_DB": str(db), "TECHSPEND_LOCK_TIMEOUT": "1"}
        done = subprocess.run([sys.executable, "-m", "cli", "ingest",
                               str(DATA / "total_row.csv")], capture_output=True, text=True,
                              env=env, cwd=ROOT, timeout=120)
        assert done.returncode == 2
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
        assert f"PID {holder.pid}" in done.stderr and str(db) in done.stderr  # who and which file
        assert "again" in done.stderr and "TECHSPEND_LOCK_TIMEOUT" in done.stderr  # what to do
    finally:
        holder.kill()
        holder.wait()
    done = run("ingest", str(DATA / "total_row.csv"), db=db)  # works once it is free
    assert done.returncode == 0, done.stderr


def _many_bad_rows(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Date,Vendor,Amount\n")
        for i in range(rows):
            fh.write(f"2025-01-{i % 28 + 1:02d},Vendor {i},not-a-number-{i}\n")
    return path


def test_rejects_piped_into_head_is_quiet(db, tmp_path):
    """`techspend rejects | head` stops reading early: no BrokenPipeError traceback."""
    bad = _many_bad_rows(tmp_path / "bad.csv", 5000)  # ~0.5 MB of rejects, more than a pipe holds
    assert run("ingest", str(bad), "--map", "amount=Amount", db=db).returncode == 0
    env = {**os.environ, "TECHSPEND_DB": str(db)}
    done = subprocess.run(f'"{sys.executable}" -m cli rejects | head -3', shell=True, cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.stdout.count("\n") == 3
    assert done.stderr == "", done.stderr


def test_formula_like_file_names_and_cells_are_neutralised_in_rejects(db, tmp_path):
    bad = tmp_path / "=HYPERLINK(x).csv"
    bad.write_text("Date,Vendor,Amount\n2025-01-02, @SUM(A1),abc\n", encoding="utf-8")
    assert run("ingest", str(bad), "--map", "amount=Amount", db=db).returncode == 0
    rows = list(csv.DictReader(run("rejects", db=db).stdout.splitlines()))
    assert rows and all(r["file_name"] == "'=HYPERLINK(x).csv" for r in rows)
    assert all(r["raw"].startswith("'") or not r["raw"].lstrip().startswith(("=", "+", "-", "@"))
               for r in rows)


def test_an_unwritable_export_path_is_one_line_naming_it(db, tmp_path):
    run("ingest", str(DATA / "total_row.csv"), db=db)
    target = tmp_path / "a-file"
    target.write_text("x")
    done = run("export", "--out", str(target / "lines.csv"), db=db)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and str(target / "lines.csv") in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_an_unexpected_error_is_one_line_with_the_log_and_debug_shows_the_traceback(
        tmp_path, monkeypatch, capsys):
    import cli
    from cli import ingest_commands

    def bug(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    log = tmp_path / "error.log"
    monkeypatch.setenv("TECHSPEND_LOG", str(log))
    monkeypatch.setattr(ingest_commands.ingest, "list_uploads", bug)
    db = str(tmp_path / "t.duckdb")
    assert cli.main(["uploads", "--db", db]) == cli.EXIT_BUG
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "unexpected error (ZeroDivisionError: a bug)" in err and str(log) in err
    assert "Traceback" in log.read_text() and "ZeroDivisionError" in log.read_text()
    with pytest.raises(ZeroDivisionError):
        cli.main(["uploads", "--db", db, "--debug"])


# ---- a CLI that fits the shell (issue 12 item 6) --------------------------------------------------
def main(capsys, *argv: str) -> tuple[int, str, str]:
    import cli

    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture()
def loaded(tmp_path: Path, capsys) -> str:
    """A database with one GBP ledger, an FX table and a budget without layers."""
    db = str(tmp_path / "loaded.duckdb")
    fx_file = tmp_path / "rates.csv"
    fx_file.write_text("Month,From,To,Rate\n2025-01,USD,GBP,0.79\n2025-02,USD,GBP,0.80\n"
                       "2025-01,EUR,GBP,0.85\n")
    budget_file = tmp_path / "budget.csv"
    budget_file.write_text("Department,Period,Amount\nIT,FY2025,4000\nMarketing,FY2025,400\n")
    assert main(capsys, "ingest", str(DATA / "total_row.csv"), "--currency", "GBP", "--db", db)[0] == 0
    assert main(capsys, "fx", "load", str(fx_file), "--db", db)[0] == 0
    assert main(capsys, "budget", "load", str(budget_file), "--db", db)[0] == 0
    return db


def test_global_options_go_before_or_after_the_subcommand(loaded, capsys):
    before = main(capsys, "--db", loaded, "uploads")
    after = main(capsys, "uploads", "--db", loaded)
    assert before[0] == after[0] == 0 and before[1] == after[1] and "total_row.csv" in before[1]
    assert main(capsys, "--db", loaded, "budget", "list")[1] == main(capsys, "budget", "list", "--db", loaded)[1]
    assert main(capsys, "budget", "--db", loaded, "list")[1] == main(capsys, "budget", "list", "--db", loaded)[1]
    code, out, _ = main(capsys, "--json", "--db", loaded, "departments", "list")
    assert code == 0 and {r["department"] for r in json.loads(out)} >= {"IT", "Marketing"}
    # --json where there is no table: one clear line, not silently ignored
    code, _, err = main(capsys, "--json", "--db", loaded, "classify")
    assert code == 2 and "no JSON output" in err


def test_every_option_and_argument_has_a_help_text():
    import argparse

    import cli

    missing = []

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    walk(child, f"{path} {name}")
            elif not isinstance(action, argparse._HelpAction) and not action.help:
                missing.append(f"{path} {'/'.join(action.option_strings) or action.dest}")

    walk(cli.build_parser(), "techspend")
    assert not missing, missing


def test_tables_read_as_text_no_nan_no_microseconds(loaded, capsys):
    assert main(capsys, "rules", "add", "--db", loaded, "--vendor", "Dell", "--tech",
                "--by", "cfo")[0] == 0  # no layer, no category, no why: empty cells
    for argv in (["rules", "list"], ["departments", "list"], ["fx", "list"], ["budget", "list"],
                 ["uploads"], ["budget", "show", "--quarter", "FY2025 Q1"]):
        code, out, err = main(capsys, *argv, "--db", loaded)
        assert code == 0, (argv, err)
        assert not re.search(r"\bNaN\b|\bNone\b|\bNaT\b|<NA>", out), (argv, out)
        assert not re.search(r"\d\d:\d\d:\d\d\.\d+", out), (argv, out)  # no microsecond timestamps
    code, out, _ = main(capsys, "rules", "list", "--db", loaded)
    assert "Dell" in out and "—" in out  # a missing layer is a dash
    rules = json.loads(main(capsys, "rules", "list", "--json", "--db", loaded)[1])
    assert rules[0]["layer"] is None and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", rules[0]["created_at"])


def test_uploads_say_what_each_kind_of_file_holds(loaded, capsys):
    code, out, _ = main(capsys, "uploads", "--db", loaded)
    lines = {line.split()[1]: line for line in out.splitlines()}
    assert "control total 1,150.25" in lines["ledger"]
    assert "3 rates" in lines["fx"] and "control total" not in lines["fx"]  # not 2.44 (sum of rates)
    assert "2 budget lines" in lines["budget"] and "total budget 4,400.00" in lines["budget"]
    data = json.loads(main(capsys, "uploads", "--json", "--db", loaded)[1])
    assert [u["dataset"] for u in data] == ["ledger", "fx", "budget"]
    assert data[1]["control_total"] is None and data[0]["control_total"] == 1150.25


def test_budget_show_prints_a_layer_comparison_only_for_a_budget_with_layers(loaded, capsys, tmp_path):
    code, out, _ = main(capsys, "budget", "show", "--quarter", "FY2025 Q1", "--db", loaded)
    assert code == 0 and "\nDepartment\n" in out and "\nLayer\n" not in out
    assert "no layers" in out
    layered = tmp_path / "layered.csv"
    layered.write_text("Department,Period,Amount,Layer\nIT,FY2025,4000,SoR\nMarketing,FY2025,400,SoE\n")
    assert main(capsys, "budget", "load", str(layered), "--db", loaded)[0] == 0
    code, out, _ = main(capsys, "budget", "show", "--quarter", "FY2025 Q1", "--db", loaded)
    assert "\nLayer\n" in out and "SoR" in out
    shown = json.loads(main(capsys, "budget", "show", "--quarter", "FY2025 Q1", "--json", "--db", loaded)[1])
    assert shown["has_layers"] is True and "Layer" in shown


def test_settings_from_the_shell_reconvert_every_line(tmp_path, capsys):
    """A USD ledger loaded from the CLI into a workspace that reports in GBP (chosen, so the first
    ledger does not set it): setting the reporting currency to USD from the CLI makes every line
    count (no 'left out for a missing FX rate', no total spend 0.00)."""
    db = str(tmp_path / "usd.duckdb")
    assert main(capsys, "--db", db, "settings", "set", "reporting-currency", "GBP")[0] == 0
    assert main(capsys, "ingest", str(DATA / "us_card.csv"), "--currency", "USD", "--db", db)[0] == 0
    before = json.loads(main(capsys, "summary", "--json", "--db", db)[1])
    assert before["fx_missing_lines"] == 3
    code, out, err = main(capsys, "--db", db, "settings", "set", "reporting-currency", "usd")
    assert code == 0 and "Reporting currency is USD" in out, err
    after = json.loads(main(capsys, "summary", "--json", "--db", db)[1])
    assert after["fx_missing_lines"] == 0 and after["reporting_currency"] == "USD"
    assert after["overall"]["total_spend"] == pytest.approx(1234.56 - 45.00 + 20.00)
    # fiscal year from April: August 2025 is FY2026 Q2 (by month name or number)
    assert main(capsys, "settings", "set", "fiscal-year-start", "April", "--db", db)[0] == 0
    quarters = [q["quarter"] for q in json.loads(main(capsys, "summary", "--json", "--db", db)[1])["by_quarter"]]
    assert quarters[0] == "FY2026 Q2"
    shown = json.loads(main(capsys, "settings", "show", "--json", "--db", db)[1])
    assert shown == {"reporting_currency": "USD", "fiscal_year_start": 4, "currency_months_without_rate": 0}
    code, _, err = main(capsys, "settings", "set", "fiscal-year-start", "13", "--db", db)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "1-12" in err
    code, _, err = main(capsys, "settings", "set", "reporting-currency", "dollars", "--db", db)
    assert code == 2 and "Traceback" not in err and "currency" in err.lower()


def test_a_text_ledger_loads_and_classifies_without_importing_pandas(db):
    """pandas costs half a second to import, on every command that touches it: a CSV load (read,
    stage, classify, page aggregates) and a fresh database's catalog need none of it. Arrow built
    from Python lists imports it (pyarrow's pandas shim), so does a chunked array's to_numpy."""
    script = ("import sys, cli\n"
              f"code = cli.main(['--db', {str(db)!r}, 'ingest', {str(DATA / 'us_card.csv')!r},"
              " '--currency', 'USD'])\n"
              "print('pandas imported:', 'pandas' in sys.modules, 'exit:', code)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)
    assert "upload #1" in done.stdout, done.stderr
    assert "pandas imported: False exit: 0" in done.stdout, done.stderr


def test_a_file_with_no_currency_says_so_once_with_the_count_and_what_to_do(tmp_path, capsys):
    """No currency column, symbol or code: one warning with the line count and the command to
    fix it, not three messages (the mapping's, staging's and the CLI's) saying the same."""
    db = str(tmp_path / "cur.duckdb")
    code, out, err = main(capsys, "ingest", str(DATA / "ambiguous_dates.csv"), "--db", db)
    assert code == 0
    assert err.count("warning:") == 1 and "line(s)" in err and "--currency CODE" in err
    assert "No currency" not in out and "taken as GBP" not in out
    # a file whose cells name the currency: no warning at all
    code, out, err = main(capsys, "ingest", str(DATA / "currency_cells.csv"), "--db", db)
    assert code == 0 and "warning" not in err and "taken as" not in out
