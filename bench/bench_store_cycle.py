"""Benchmark: what the read-only-by-default Store costs (issue #9.7, db/store.py).

The Store reads through a read-only connection and opens the file read-write only for the length
of a write, so a dashboard and CLI commands can share the file. That costs a connection open per
write and, after the idle release, per first read. Measured here on a file database with N
classified lines (default 1,000,000; the open cost depends on the file's metadata, not on rows):

  * read on the open read-only connection (the common case: a page's queries);
  * the same read on a plain, long-lived DuckDB connection (the previous design), for comparison;
  * first read after an idle release (reopen read-only + query);
  * a write cycle: one `set_setting` = wait for cursors, close read-only, open read-write,
    BEGIN .. COMMIT, CHECKPOINT, close (the next read reopens read-only, timed separately).

    .venv/bin/python bench/bench_store_cycle.py [--lines 1000000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb  # noqa: E402

from db.store import Store  # noqa: E402
from db.lines import insert_classified_sql  # noqa: E402


def timed(fn, repeat: int) -> float:
    """Median milliseconds of `repeat` calls."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp(prefix="bench-store-")) / "ts.duckdb"
    store = Store(path)
    with store.transaction() as cur:
        cur.execute(
            insert_classified_sql("SELECT i % 50, i, 'bench.csv', DATE '2024-01-01' + (i % 700)::INTEGER,"
            " 'v' || (i % 3000), 'v' || (i % 3000), 'V' || (i % 3000), 'Dept ' || (i % 40), NULL, NULL,"
            " 'Expenses', NULL, NULL, (i % 997)::DECIMAL(18,2), 'GBP', NULL, i % 3 = 0, 'SoR',"
            " 'Software', i % 5 = 0, false, 'catalog', 'bench', 1.0, 2024, 1, 20241, 'FY2024 Q1',"
            " (i % 997)::DECIMAL(18,2), false FROM range(?) t(i)"), [args.lines])
    query = "SELECT data_version FROM meta"
    heavy = "SELECT department, sum(amount_reporting) FROM classified_lines GROUP BY ALL"
    store.version()
    print(f"database: {path} ({path.stat().st_size / 1e6:.0f} MB, {args.lines:,} lines)")
    print(f"read, open read-only connection (version()):      {timed(store.version, 200):8.3f} ms")
    print(f"read, open read-only connection (GROUP BY dept):  {timed(lambda: store.rows(heavy), args.repeat):8.3f} ms")

    def reopen_and_read():
        store.release()
        store.version()

    print(f"first read after idle release (reopen + read):    {timed(reopen_and_read, args.repeat):8.3f} ms")
    counter = iter(range(10**9))
    print(f"write cycle (set_setting: rw open..CHECKPOINT..close): "
          f"{timed(lambda: store.set_setting('bench', str(next(counter))), args.repeat):8.3f} ms")

    def write_then_read():
        store.set_setting("bench", str(next(counter)))
        store.version()

    print(f"write cycle + next read (reopen read-only):       {timed(write_then_read, args.repeat):8.3f} ms")
    store.close()
    con = duckdb.connect(str(path))
    cur_read = lambda: con.cursor().execute(query).fetchone()  # noqa: E731
    print(f"previous design: read on a long-lived rw connection: {timed(cur_read, 200):8.3f} ms")
    con.close()


if __name__ == "__main__":
    main()
