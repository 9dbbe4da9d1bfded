"""The one module that owns DuckDB.

Business rule: every reader and writer in techspend reaches the database through a `Store`.

* One DuckDB connection per database file per process (`open_store` caches it).
* A fresh cursor per call: DuckDB refuses concurrent calls on one connection, so each thread /
  query gets its own `.cursor()`.
* Writes go through `Store.transaction()`: a process-wide lock, `BEGIN`, and on any exception a
  `ROLLBACK`, so a failed load changes nothing. Every committed write bumps `meta.data_version`,
  the key pages use for `st.cache_data`, so a new load or a rule change shows at once.
* Every value is a bound parameter (`?`); SQL text never contains data.

Worked example::

    store = open_store("data/techspend.duckdb")
    with store.transaction() as cur:
        cur.execute("INSERT INTO settings VALUES (?, ?)", ["reporting_currency", "GBP"])
    store.version()            # -> previous version + 1
    store.arrow("SELECT count(*) AS n FROM ledger_lines")

A second *process* cannot open a file another process has open for writing (DuckDB takes a file
lock). That case raises `StoreLockedError` with a message saying which file and what to do.
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

DEFAULT_DB_PATH = Path("data") / "techspend.duckdb"


class TechspendError(Exception):
    """Base of every domain error: its message is written for a person and shown as-is.

    The CLI and the pages catch this one type; anything else is a bug.
    """


class StoreError(TechspendError):
    """A database problem a person can act on."""


class StoreLockedError(StoreError):
    pass


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
    """A DuckDB database file (or ':memory:') with migrations applied."""

    def __init__(self, path: str | os.PathLike[str] = ":memory:"):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(self.path)
        except duckdb.IOException as exc:  # file lock held by another process
            if "lock" in str(exc).lower():
                raise StoreLockedError(
                    f"The database {self.path} is open in another program (probably the running "
                    "dashboard). Load the file through the dashboard's Upload page, or stop the "
                    "dashboard and run the command again."
                ) from exc
            raise StoreError(f"Cannot open the database {self.path}: {exc}") from exc
        self._con.execute("SET enable_progress_bar = false")
        self._write_lock = threading.RLock()
        self._migrate()

    # ---- reading -------------------------------------------------------------------------
    @contextlib.contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cur = self._con.cursor()
        try:
            yield cur
        finally:
            cur.close()

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
    def write_session(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The write lock and one cursor, for scratch work (TEMP tables) that must happen before
        `transaction(cur)` opens on the same cursor: a failed scratch step then cannot abort it."""
        with self._write_lock:
            cur = self._con.cursor()
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
        with self._write_lock:
            cur = self._con.cursor() if own else cur
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

    def _migrate(self) -> None:
        with self._write_lock, self.cursor() as cur:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
            )
            done = {r[0] for r in cur.execute("SELECT version FROM schema_migrations").fetchall()}
            for version, name, sql in _migration_files():
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

    def close(self) -> None:
        self._con.close()


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


def close_store(path: str | os.PathLike[str]) -> None:
    key = str(Path(path).resolve())
    with _stores_lock:
        store = _stores.pop(key, None)
    if store is not None:
        store.close()
