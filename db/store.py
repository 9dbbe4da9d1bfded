"""The one module that owns DuckDB.

Business rule: every reader and writer in techspend reaches the database through a `Store`.

* One DuckDB connection per database file per process, shared by every `Store` of that file
  (`open_store` caches the Store itself).
* A fresh cursor per call: DuckDB refuses concurrent calls on one connection, so each thread /
  query gets its own `.cursor()`.
* Writes go through `Store.transaction()`: `BEGIN`, and on any exception a `ROLLBACK`, so a failed
  load changes nothing. Every committed write bumps `meta.data_version`, the key pages use for
  `st.cache_data`, so a new load or a rule change shows at once.
* Every value is a bound parameter (`?`); SQL text never contains data.

The dashboard and the CLI side by side (several processes, one file). DuckDB lets any number of
processes hold a file READ-ONLY together, but a READ-WRITE open is exclusive: it is refused while
any other process holds the file at all. So a Store is read-only by default and becomes a writer
only for the length of a write:

1. Reads (`cursor`, `arrow`, `df`, `rows`, `scalar`) share one read-only connection, opened on
   first use.
2. A write (`transaction()` / `write_session()`) takes this process's writer lock (one writer at
   a time; new readers wait), waits for in-flight cursors, closes the read-only connection, opens
   the file read-write — retrying for up to `TECHSPEND_LOCK_TIMEOUT` seconds (default 10) while
   another process holds it — runs the transaction, CHECKPOINTs and closes. Readers of this
   process use the read-write connection meanwhile; the next read after the write reopens
   read-only.
3. A read-only connection nobody has used for `TECHSPEND_IDLE_RELEASE` seconds (default 2) is
   closed, so an idle dashboard lets a CLI load in. Writers are preferred: a write that finds the
   file locked leaves a marker file `<db>.write-wanted.<pid>` while it retries, and every other
   process then closes its read-only connection at the next gap between queries and holds new
   reads back until the marker goes (at most the lock timeout), so even a busy dashboard lets a
   load in within a query's length.
4. When the file stays locked past the timeout, `StoreLockedError` names the program holding it
   (from DuckDB's "Conflicting lock is held in ... (PID n)") and says what to do.

Migrations need a write: the first open creates or migrates the file (a write cycle), then reads
go read-only. An in-memory database (':memory:') is one read-write connection for its lifetime.

Worked example — the dashboard (process A) is open, idle, holding the file read-only::

    $ techspend summary            # B: opens read-only beside A -> works at once
    $ techspend ingest ledger.csv  # B: wants read-write; A releases its handle after 2 s idle,
                                   #    B loads, checkpoints, closes; A's next page view reopens
                                   #    read-only and shows the new upload (data_version + 1)

In code::

    store = open_store("data/techspend.duckdb")
    with store.transaction() as cur:
        cur.execute("INSERT INTO settings VALUES (?, ?)", ["reporting_currency", "GBP"])
    store.version()            # -> previous version + 1
    store.arrow("SELECT count(*) AS n FROM ledger_lines")

Measured (bench/bench_store_cycle.py, 1M lines, 2 busy cores): a read on the open read-only
connection 0.43 ms (a long-lived read-write connection: 0.36 ms); the first read after an idle
release (reopen) 36 ms; a write cycle's open/commit/CHECKPOINT/close ~100 ms on top of the write.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from importlib import resources
from pathlib import Path
from typing import Any, Iterator, Sequence

import duckdb
import pyarrow as pa

from db.connection import _attach, _detach
from db.errors import StoreError, StoreLockedError, TechspendError  # noqa: F401  (importable here)
from db.locking import (  # noqa: F401  (importable from db.store, as before)
    _holder,
    _locked_message,
    default_idle_release,
    default_lock_timeout,
)

DEFAULT_DB_PATH = Path("data") / "techspend.duckdb"


def default_db_path() -> Path:
    return Path(os.environ.get("TECHSPEND_DB") or DEFAULT_DB_PATH)


def _migration_files() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every db/migrations/NNN_name.sql, ascending."""
    found = []
    for entry in resources.files("db.migrations").iterdir():
        match = re.fullmatch(r"(\d{3})_(\w+)\.sql", entry.name)
        if match:
            found.append((int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    return sorted(found)


class Store:
    """A DuckDB database file (or ':memory:') with migrations applied.

    `lock_timeout`: seconds to wait for another process holding the file (default
    $TECHSPEND_LOCK_TIMEOUT or 10).
    """

    def __init__(self, path: str | os.PathLike[str] = ":memory:", *,
                 lock_timeout: float | None = None):
        self.path = str(path)
        self.lock_timeout = default_lock_timeout() if lock_timeout is None else lock_timeout
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.path = str(Path(self.path).resolve())
        self._db = _attach(self.path)
        self._closed = False
        try:
            self._migrate()
        except BaseException:
            self.close()
            raise

    # ---- reading -------------------------------------------------------------------------
    @contextlib.contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for reading (read-only connection unless a write is running)."""
        con = self._db.acquire_read(self.lock_timeout)
        try:
            cur = con.cursor()
            try:
                yield cur
            finally:
                cur.close()
        finally:
            self._db.release_read()

    def arrow(self, sql: str, params: Sequence[Any] | dict | None = None) -> pa.Table:
        """Run a query and return an Arrow table (fast; `.df()` is 10x slower at millions)."""
        with self.cursor() as cur:
            return cur.sql(sql, params=params or None).to_arrow_table()

    def df(self, sql: str, params: Sequence[Any] | dict | None = None):
        """Run a query and return a pandas DataFrame (via Arrow)."""
        return self.arrow(sql, params).to_pandas()

    def rows(self, sql: str, params: Sequence[Any] | dict | None = None) -> list[tuple]:
        with self.cursor() as cur:
            return cur.execute(sql, params or []).fetchall()

    def scalar(self, sql: str, params: Sequence[Any] | dict | None = None) -> Any:
        with self.cursor() as cur:
            row = cur.execute(sql, params or []).fetchone()
        return None if row is None else row[0]

    # ---- writing -------------------------------------------------------------------------
    @contextlib.contextmanager
    def _writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """This process's write lock and the read-write connection (see the module docstring)."""
        con = self._db.acquire_write(self.lock_timeout)
        try:
            yield con
        finally:
            self._db.release_write()

    @contextlib.contextmanager
    def write_session(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The write lock and one cursor, for scratch work (TEMP tables) that must happen before
        `transaction(cur)` opens on the same cursor: a failed scratch step then cannot abort it."""
        with self._writer() as con:
            cur = con.cursor()
            try:
                yield cur
            finally:
                cur.close()

    @contextlib.contextmanager
    def transaction(self, cur: duckdb.DuckDBPyConnection | None = None
                    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """One write transaction: all or nothing; bumps data_version on commit.

        `cur`: a cursor from `write_session()` to run the transaction on (its TEMP tables stay
        visible); otherwise a fresh cursor.
        """
        own = cur is None
        with self._writer() as con:
            cur = con.cursor() if own else cur
            try:
                cur.execute("BEGIN TRANSACTION")
                yield cur
                cur.execute("UPDATE meta SET data_version = data_version + 1")
                cur.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(Exception):
                    cur.execute("ROLLBACK")
                raise
            finally:
                if own:
                    cur.close()

    def execute(self, sql: str, params: Sequence[Any] | dict | None = None) -> None:
        """One statement in its own write transaction."""
        with self.transaction() as cur:
            cur.execute(sql, params or [])

    def version(self) -> int:
        """Changes on every committed write: the cache key for query results."""
        return int(self.scalar("SELECT data_version FROM meta"))

    # ---- settings ------------------------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        value = self.scalar("SELECT value FROM settings WHERE key = ?", [key])
        return default if value is None else value

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as cur:
            cur.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, str(value)]
            )

    # ---- schema --------------------------------------------------------------------------
    def schema_version(self) -> int:
        return int(self.scalar("SELECT coalesce(max(version), 0) FROM schema_migrations"))

    def _applied_migrations(self, cur: duckdb.DuckDBPyConnection) -> set[int] | None:
        """Versions in schema_migrations; None when the table does not exist yet."""
        try:
            return {r[0] for r in cur.execute("SELECT version FROM schema_migrations").fetchall()}
        except duckdb.CatalogException:
            return None

    def _migrate(self) -> None:
        """Create or migrate the file. Only a file with pending migrations opens read-write."""
        wanted = _migration_files()
        if self.path != ":memory:" and Path(self.path).exists():
            with self.cursor() as cur:
                done = self._applied_migrations(cur)
            if done is not None and {v for v, _, _ in wanted} <= done:
                return  # up to date: stay read-only
        with self._writer() as con, contextlib.closing(con.cursor()) as cur:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
            )
            done = self._applied_migrations(cur) or set()
            for version, name, sql in wanted:
                if version in done:
                    continue
                cur.execute("BEGIN TRANSACTION")
                try:
                    cur.execute(sql)
                    cur.execute(
                        "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                        [version, name],
                    )
                    cur.execute("COMMIT")
                except BaseException:
                    cur.execute("ROLLBACK")
                    raise

    # ---- lifecycle -----------------------------------------------------------------------
    def release(self) -> None:
        """Close this process's connection now if nobody is using it (it reopens on demand)."""
        self._db.release_if_idle(float("inf"))

    def connection_mode(self) -> str | None:
        """'ro', 'rw' or None (no connection open right now): for tests and diagnostics."""
        return self._db.mode

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            _detach(self._db)


_stores: dict[str, Store] = {}
_stores_lock = threading.Lock()


def open_store(path: str | os.PathLike[str] | None = None) -> Store:
    """The process-wide Store for a database file (created and migrated on first use)."""
    key = str(Path(path) if path is not None else default_db_path())
    if key == ":memory:":
        return Store(key)
    key = str(Path(key).resolve())
    with _stores_lock:
        store = _stores.get(key)
        if store is None:
            store = _stores[key] = Store(key)
        return store


def close_all_stores() -> None:
    """Close every process-wide Store (a process about to end: the file is left whole and free
    for other processes, nothing waits for the interpreter's teardown)."""
    with _stores_lock:
        stores = list(_stores.values())
        _stores.clear()
    for store in stores:
        store.close()


def close_store(path: str | os.PathLike[str]) -> None:
    key = str(Path(path).resolve())
    with _stores_lock:
        store = _stores.pop(key, None)
    if store is not None:
        store.close()
