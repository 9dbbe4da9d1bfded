"""Benchmark: `techspend ingest` of a 1M-line CSV vs DuckDB's bare read_csv into a table.

Both run as separate processes on the same file in the same run; the ratio is ingest / bare.
Target: ratio <= 1.5. Peak memory is each child's max RSS.

    .venv/bin/python bench/bench_ingest.py [--lines 1000000] [--keep]

The generated ledger looks like a GL export: ISO dates, 3,000 vendors, 40 departments, accounts,
descriptions, debit/credit... no: one signed amount column with thousands separators on 10% of
rows, and a currency column.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def generate(path: Path, lines: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    vendors = [f"Vendor {i:04d} Ltd" for i in range(3000)]
    depts = [f"Department {i:02d}" for i in range(40)]
    accounts = ["Software Subscriptions", "Travel", "Cloud Hosting", "Office Supplies", "Telecom",
                "Consultancy", "Rent", "Hardware"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("Posting Date,Journal No,Account Name,Department,Vendor,Description,Amount,Currency\n")
        chunk = []
        for i in range(lines):
            amount = rng.randint(-50_000, 5_000_000) / 100
            text = f'"{amount:,.2f}"' if i % 10 == 0 else f"{amount:.2f}"
            chunk.append(
                f"2025-{1 + i % 12:02d}-{1 + i % 28:02d},JNL{i:08d},{accounts[i % 8]},"
                f"{depts[i % 40]},{vendors[rng.randrange(3000)]},Line {i} of the ledger,{text},GBP\n")
            if len(chunk) == 50_000:
                fh.write("".join(chunk))
                chunk.clear()
        fh.write("".join(chunk))


def timed(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """(seconds, peak RSS MB) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


BARE = """
import sys, duckdb
con = duckdb.connect(sys.argv[2])
con.execute("SET enable_progress_bar = false")
con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [sys.argv[1]])
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="techspend-bench-"))
    csv_path = work / "ledger.csv"
    generate(csv_path, args.lines)
    size_mb = csv_path.stat().st_size / 1e6
    print(f"generated {args.lines:,} lines ({size_mb:.0f} MB) in {csv_path}")

    bare_s, bare_mb = timed([sys.executable, "-c", BARE, str(csv_path), str(work / "bare.duckdb")])
    env = {**os.environ, "TECHSPEND_DB": str(work / "ingest.duckdb")}
    ingest_s, ingest_mb = timed([sys.executable, "-m", "cli", "ingest", str(csv_path),
                                 "--no-classify"], env)
    env = {**os.environ, "TECHSPEND_DB": str(work / "ingest_classify.duckdb")}
    full_s, full_mb = timed([sys.executable, "-m", "cli", "ingest", str(csv_path)], env)
    print(f"bare read_csv CTAS          : {bare_s:6.2f} s   peak {bare_mb:6.0f} MB")
    print(f"techspend ingest            : {ingest_s:6.2f} s   peak {ingest_mb:6.0f} MB"
          "   (read + parse + validate + lines + issues + unmapped cells, one transaction)")
    print(f"techspend ingest + classify : {full_s:6.2f} s   peak {full_mb:6.0f} MB")
    print(f"ratio ingest / bare         : {ingest_s / bare_s:6.2f}   (target <= 1.5)")
    print(f"ratio with classification   : {full_s / bare_s:6.2f}")
    if not args.keep:
        for p in work.iterdir():
            p.unlink()
        work.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
