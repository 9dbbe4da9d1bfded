"""Profile one ledger load statement by statement: where do the seconds of `load_file` go?

Every `execute` on the load's cursor is timed (its fetch included) and the slowest statements
are printed with their first characters, so a regression (a macro that costs a second to bind,
a detection pass over the whole file) shows by name.

    .venv/bin/python bench/profile_ingest.py [--lines 1000000] [--file ledger.csv] [--top 25]
                                             [--classify]

Without --file the bench ledger of bench/bench_ingest.py is generated (same seed).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_ingest import generate  # noqa: E402
from db import Store  # noqa: E402


def print_operators(plan: Path, top: int = 25) -> None:
    """The slowest operators of a JSON profile, with their row counts and first detail."""
    import json
    found: list[tuple[float, str]] = []

    def walk(node, depth=0):
        extra = node.get("extra_info", {}) or {}
        detail = " ".join(f"{k}={str(v)[:80]}" for k, v in list(extra.items())[:3])
        found.append((node.get("timing", 0) or 0,
                      f"{'  ' * min(depth, 12)}{node.get('name', '?')} "
                      f"rows={node.get('intermediate_rows', '?')} {detail}"))
        for child in node.get("children", []):
            walk(child, depth + 1)
    profile = json.loads(plan.read_text())
    print(f"  cpu {profile['query']['cpu_time']:.3f} s")
    for root in profile["operator"]:
        walk(root)
    for seconds, text in sorted(found, reverse=True)[:top]:
        print(f"  {seconds:7.3f} s {text[:220]}")


class TimedCursor:
    """A cursor that records (seconds, sql) for every statement it runs."""

    def __init__(self, cur, log: list):
        self._cur, self._log = cur, log
        self._pending: tuple[float, str] | None = None

    def _close_pending(self) -> None:
        if self._pending is not None:
            started, sql = self._pending
            self._log.append((time.perf_counter() - started, sql))
            self._pending = None

    explain: str | None = None     # statements containing this text are run as EXPLAIN ANALYZE

    def execute(self, sql, *args, **kwargs):
        self._close_pending()
        self._pending = (time.perf_counter(), " ".join(str(sql).split()))
        if self.explain and self.explain in str(sql):
            self._cur.execute("SET enable_profiling = 'json'")
            self._cur.execute("SET profiling_output = '/tmp/techspend-plan.json'")
            self._cur.execute(sql, *args, **kwargs)
            self._cur.execute("SET enable_profiling = 'no_output'")
            print_operators(Path("/tmp/techspend-plan.json"))
            return self
        self._cur.execute(sql, *args, **kwargs)
        return self

    def sql(self, sql, *args, **kwargs):
        self._close_pending()
        self._pending = (time.perf_counter(), " ".join(str(sql).split()))
        return self._cur.sql(sql, *args, **kwargs)

    def fetchall(self):
        try:
            return self._cur.fetchall()
        finally:
            self._close_pending()

    def fetchone(self):
        try:
            return self._cur.fetchone()
        finally:
            self._close_pending()

    def __getattr__(self, name):
        return getattr(self._cur, name)


def profiled(store: Store, log: list) -> None:
    """Wrap the cursors `store` hands to writers and readers."""
    def timed(opener):
        @contextlib.contextmanager
        def timed_opener():
            with opener() as cur:
                wrapped = TimedCursor(cur, log)
                yield wrapped
                wrapped._close_pending()
        return timed_opener

    store.write_session, store.cursor = timed(store.write_session), timed(store.cursor)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--file")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--classify", action="store_true")
    parser.add_argument("--explain", metavar="TEXT",
                        help="print the EXPLAIN ANALYZE plan of statements containing TEXT")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="techspend-profile-"))
    path = Path(args.file) if args.file else work / "ledger.csv"
    if not args.file:
        generate(path, args.lines)
    store = Store(work / "profile.duckdb")
    log: list[tuple[float, str]] = []
    TimedCursor.explain = args.explain
    profiled(store, log)
    import workspace

    started = time.perf_counter()
    # as the CLI loads a file: named by its path, read in place (not its bytes in memory)
    result = workspace.load_file(store, path.name, None, source_path=str(path),
                                 classify=args.classify)
    total = time.perf_counter() - started
    in_sql = sum(s for s, _ in log)
    print(f"{result.rows_read:,} rows read, {result.rows_loaded:,} loaded in {total:.2f} s "
          f"({in_sql:.2f} s in {len(log)} statements, {total - in_sql:.2f} s outside SQL)")
    for seconds, sql in sorted(log, reverse=True)[:args.top]:
        print(f"{seconds:7.3f} s  {sql[:150]}")
    store.close()
    for p in work.iterdir():
        p.unlink()
    work.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
