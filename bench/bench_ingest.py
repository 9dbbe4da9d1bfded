"""Benchmark: `techspend ingest` of a ledger CSV vs DuckDB's bare read_csv into a table, and of an
XLSX workbook vs bare python-calamine, each a separate process on the same file in one run.

Prints, for each of --lines (default 1M; `--lines 1000000,10000000` for both, on a quiet
machine; generated ledgers are kept in the temp folder): bare read_csv
CTAS, `techspend ingest --no-classify`, `techspend ingest` (with classification), the ratios to
bare and each process's own peak RSS (os.wait4's ru_maxrss of that child); then XLSX --xlsx-rows
(default 100k) `techspend ingest --no-classify` vs reading the sheet with calamine alone.
Each ingest runs twice: into a new database (created, migrated, the 13,000-name vendor catalog
keyed and loaded: once per workspace) and into a workspace that has already loaded one small
file (what a user's every later file finds).
Targets (issue #13): 1M ingest+classify <= 1.5x bare; 10M <= 2x bare and <= 2.5 GiB;
XLSX <= 1.3x calamine.

    .venv/bin/python bench/bench_ingest.py [--lines 1000000,10000000] [--xlsx-rows 100000] [--keep]
    .venv/bin/python bench/bench_ingest.py --lines 0        # the XLSX part only

The generated ledger looks like a GL export: ISO dates, 3,000 distinct supplier names (2,337
vendor keys after normalising), each paid mostly by one of 40 departments, accounts,
descriptions, one signed amount column with thousands separators (quoted) on 10% of rows, and a
currency column.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


# the generated files' shape; a new one is written (and cached) when this changes
LEDGER_SHAPE = "v3"


def bench_vendors(rng: random.Random) -> list[str]:
    """3,000 distinct supplier names as ledgers print them (catalog names with processor
    prefixes, legal suffixes, store numbers and references, and unknown local suppliers: the
    names of bench_classify), so the classification keys and matches thousands of vendors.
    (Until v2 the names were 'Vendor 0001 Ltd'..., which all key to one vendor, VENDOR.)"""
    from bench.bench_classify import vendor_strings

    return vendor_strings(3000, rng)


def vendor_and_department(rng: random.Random, vendors: int = 3000, departments: int = 40):
    """(vendor index, department index) of one line: a supplier is paid mostly by its own
    department (4 lines in 5), sometimes by any other, as in a real AP ledger, so the page
    aggregates (department x vendor x month) are far fewer than the lines."""
    v = rng.randrange(vendors)
    return v, (v * 7919 % departments if rng.random() < 0.8 else rng.randrange(departments))


def _csv_cell(text: str) -> str:
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(c in text for c in ',"\n') else text


def generate(path: Path, lines: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    vendors = [_csv_cell(v) for v in bench_vendors(rng)]
    depts = [f"Department {i:02d}" for i in range(40)]
    accounts = ["Software Subscriptions", "Travel", "Cloud Hosting", "Office Supplies", "Telecom",
                "Consultancy", "Rent", "Hardware"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("Posting Date,Journal No,Account Name,Department,Vendor,Description,Amount,Currency\n")
        chunk = []
        for i in range(lines):
            amount = rng.randint(-50_000, 5_000_000) / 100
            text = f'"{amount:,.2f}"' if i % 10 == 0 else f"{amount:.2f}"
            v, d = vendor_and_department(rng)
            chunk.append(
                f"2025-{1 + i % 12:02d}-{1 + i % 28:02d},JNL{i:08d},{accounts[i % 8]},"
                f"{depts[d]},{vendors[v]},Line {i} of the ledger,{text},GBP\n")
            if len(chunk) == 50_000:
                fh.write("".join(chunk))
                chunk.clear()
        fh.write("".join(chunk))


def timed(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """(seconds, peak RSS MB) of one child process: its own ru_maxrss, from os.wait4."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{' '.join(cmd[:4])}... failed with exit code {child.returncode}")
    return seconds, usage.ru_maxrss / 1024


BARE = """
import sys, duckdb
con = duckdb.connect(sys.argv[2])
con.execute("SET enable_progress_bar = false")
con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [sys.argv[1]])
"""

BARE_CALAMINE = """
import sys
from python_calamine import CalamineWorkbook
rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
assert len(rows) > 1
"""


def generate_xlsx(path: Path, rows: int, seed: int = 1) -> None:
    """A 10-column ledger sheet (write-only openpyxl: ~10 s per 100k rows, so it is cached)."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    vendors = bench_vendors(rng)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Ledger")
    ws.append(["Posting Date", "Journal No", "Account Name", "Department", "Vendor",
               "Description", "Cost Centre", "Reference", "Amount", "Currency"])
    for i in range(rows):
        v, d = vendor_and_department(rng)
        ws.append([f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", f"JNL{i:08d}", f"Account {i % 8}",
                   f"Department {d:02d}", vendors[v],
                   f"Line {i} of the ledger", f"CC{i % 60:03d}", f"INV{i:07d}",
                   rng.randint(-50_000, 5_000_000) / 100, "GBP"])
    wb.save(path)


def ingest_cmd(path: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "cli", "ingest", str(path), *extra]


def cached_ledger(lines: int) -> Path:
    """The generated ledger of `lines` lines, kept in the temp folder between runs (10M lines take
    a minute to write)."""
    path = Path(tempfile.gettempdir()) / f"techspend-bench-{LEDGER_SHAPE}-{lines}.csv"
    if not path.exists():
        partial = path.with_suffix(".partial")
        generate(partial, lines)
        partial.rename(path)
    return path


def existing_workspace(work: Path) -> Path:
    """A workspace that has loaded one small file (100 lines of the same shape, another seed):
    migrated, catalog loaded, the file's mapping remembered. Each run loads into a copy."""
    base = work / "existing-base.duckdb"
    if not base.exists():
        first = work / "first.csv"
        generate(first, 100, seed=2)
        timed(ingest_cmd(first), {**os.environ, "TECHSPEND_DB": str(base)})
    return base


def into_existing(work: Path, name: str) -> dict:
    """The environment of an ingest into a fresh copy of existing_workspace()."""
    db = work / name
    shutil.copy(existing_workspace(work), db)
    return {**os.environ, "TECHSPEND_DB": str(db)}


def csv_part(lines: int, work: Path) -> None:
    """One size: bare read_csv, ingest without and with classification, each its own process."""
    csv_path = cached_ledger(lines)
    size_mb = csv_path.stat().st_size / 1e6
    print(f"{lines:,} lines ({size_mb:.0f} MB, {csv_path}); load average {os.getloadavg()[0]:.1f}")

    def env(name: str) -> dict:
        return {**os.environ, "TECHSPEND_DB": str(work / f"{lines}-{name}")}

    bare_s, bare_mb = timed([sys.executable, "-c", BARE, str(csv_path),
                             str(work / f"{lines}-bare.duckdb")])
    ingest_s, ingest_mb = timed(ingest_cmd(csv_path, "--no-classify"), env("ingest.duckdb"))
    full_s, full_mb = timed(ingest_cmd(csv_path), env("ingest_classify.duckdb"))
    again_s, again_mb = timed(ingest_cmd(csv_path), into_existing(work, f"{lines}-existing.duckdb"))
    target = "<= 1.5" if lines <= 1_000_000 else "<= 2, peak <= 2.5 GiB"
    print(f"  bare read_csv CTAS          : {bare_s:6.2f} s   peak {bare_mb:6.0f} MB")
    print(f"  techspend ingest            : {ingest_s:6.2f} s   peak {ingest_mb:6.0f} MB"
          "   (read + parse + validate + lines + issues + unmapped cells, one transaction)")
    print(f"  techspend ingest + classify : {full_s:6.2f} s   peak {full_mb:6.0f} MB")
    print(f"  ratio ingest / bare         : {ingest_s / bare_s:6.2f}")
    print(f"  ratio with classification   : {full_s / bare_s:6.2f}   (target {target})")
    print(f"  into an existing workspace  : {again_s:6.2f} s   peak {again_mb:6.0f} MB"
          f"   ratio {again_s / bare_s:5.2f}   (ingest + classify)")


def bench_xlsx(rows: int, work: Path) -> None:
    """`techspend ingest --no-classify` of a `rows`-row XLSX vs bare calamine reading every cell
    of the same file, each its own process (cached generated file: openpyxl writes slowly)."""
    xlsx = Path(tempfile.gettempdir()) / f"techspend-bench-{LEDGER_SHAPE}-{rows}.xlsx"
    if not xlsx.exists():
        generate_xlsx(xlsx, rows)
    print(f"XLSX {rows:,} rows ({xlsx.stat().st_size / 1e6:.1f} MB) {xlsx}; "
          f"load average {os.getloadavg()[0]:.1f}")
    cal_s, cal_mb = timed([sys.executable, "-c", BARE_CALAMINE, str(xlsx)])
    x_s, x_mb = timed(ingest_cmd(xlsx, "--no-classify"),
                      {**os.environ, "TECHSPEND_DB": str(work / "xlsx.duckdb")})
    print(f"bare calamine {rows:,} rows  : {cal_s:6.2f} s   peak {cal_mb:6.0f} MB")
    print(f"techspend ingest XLSX       : {x_s:6.2f} s   peak {x_mb:6.0f} MB")
    print(f"ratio XLSX / calamine       : {x_s / cal_s:6.2f}   (target <= 1.3)")
    again_s, again_mb = timed(ingest_cmd(xlsx, "--no-classify"), into_existing(work, "xlsx-existing.duckdb"))
    print(f"into an existing workspace  : {again_s:6.2f} s   peak {again_mb:6.0f} MB"
          f"   ratio {again_s / cal_s:5.2f}")


def warm_bytecode() -> None:
    """Compile the product's modules once, as Python itself does on a first import, so each
    timed command reads bytecode instead of compiling ~110 modules (0.3 s of every command) where
    PYTHONDONTWRITEBYTECODE is set (containers, this team's machines) and nothing writes it."""
    packages = [str(ROOT / p) for p in ("access", "cli", "db", "ingest", "models", "workspace",
                                         "sample_data")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *packages], check=True,
                   stdout=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", default="1000000",
                        help="CSV sizes, comma-separated (e.g. 1000000,10000000); 0: skip")
    parser.add_argument("--xlsx-rows", type=int, default=100_000, help="0: skip the XLSX part")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="techspend-bench-"))
    warm_bytecode()
    for lines in (int(n) for n in args.lines.split(",") if int(n)):
        csv_part(lines, work)
    if args.xlsx_rows:
        bench_xlsx(args.xlsx_rows, work)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
