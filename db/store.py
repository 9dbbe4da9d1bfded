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
import time
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


def _env_seconds(name: str, default: float) -> float:
    try:
        return max(0.0, float(os.environ.get(name, default)))
    except ValueError:
        return default


def default_lock_timeout() -> float:
    """Seconds a read or a write waits for another process to let go of the file."""
    return _env_seconds("TECHSPEND_LOCK_TIMEOUT", 10.0)


def default_idle_release() -> float:
    """Seconds after which an unused read-only connection is closed (lets other writers in)."""
    return _env_seconds("TECHSPEND_IDLE_RELEASE", 2.0)


_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (.*?) \(PID (\d+)\)")


def _holder(message: str) -> tuple[str, int | None]:
    """('the techspend dashboard (PID 123: streamlit run app.py)', 123) from DuckDB's message."""
    match = _LOCK_HOLDER.search(message)
    if not match:
        return "another program", None
    program, pid = match.group(1), int(match.group(2))
    command = program
    with contextlib.suppress(OSError):
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        args = [a for a in raw.decode("utf-8", "replace").split("\0") if a]
        if args:
            command = " ".join(Path(args[0]).name if i == 0 else a for i, a in enumerate(args))
    command = " ".join(command.split())  # one line, whatever the arguments hold
    if len(command) > 120:
        command = command[:117] + "..."
    if "streamlit" in command:
        return f"the techspend dashboard (PID {pid}: {command})", pid
    return f"another program (PID {pid}: {command})", pid


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return isinstance(exc, duckdb.IOException) and "lock" in text


def _locked_message(path: str, exc: Exception, waited: float, *, write: bool) -> str:
    who, _ = _holder(str(exc))
    if write:
        if who.startswith("the techspend dashboard"):
            advice = (
                "The dashboard lets go of the database after a few seconds without use: run the "
                "command again when nobody is clicking in it, or load the file on the dashboard's "
                "Upload page, or stop the dashboard"
            )
        else:
            advice = (
                "If it is another techspend command (a load or a rule change), run this one again "
                "when it has finished"
            )
        return (
            f"The database {path} is in use by {who} and was not free within {waited:.0f} s, so "
            f"nothing was written. {advice}. To wait longer, set TECHSPEND_LOCK_TIMEOUT=60."
        )
    return (
        f"The database {path} is being changed by {who} (a load or a rule change) and could not be "
        f"read within {waited:.0f} s. Try again when it has finished; to wait longer, set "
        "TECHSPEND_LOCK_TIMEOUT=60."
    )


_WRITE_WANTED = ".write-wanted."


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _Database:
    """One database file in this process: its single connection and who is using it.

    State (guarded by `cond`): `con` is None, a read-only or a read-write connection (`mode`);
    `readers` counts in-flight cursors; `writer` is the thread running a write (`depth` nested
    write scopes); `switching` is set while the connection is being closed or (re)opened.
    Readers wait while a writer is switching to read-write; a writer waits for in-flight
    readers before closing the read-only connection, and again before closing the read-write one.
    """

    def __init__(self, path: str):
        self.path = path
        self.memory = path == ":memory:"
        self.cond = threading.Condition()
        self.con: duckdb.DuckDBPyConnection | None = None
        self.mode: str | None = None
        self.readers = 0
        self.writer: int | None = None
        self.depth = 0
        self.switching = False
        self.last_used = time.monotonic()
        self.refs = 0
        self.closed = False
        self.idle_release = default_idle_release()
        self.local = threading.local()  # per-thread read depth (a write inside a read: error)
        self.opens = {"ro": 0, "rw": 0}  # how often each mode was opened (tests, bench)
        self._wanted, self._wanted_checked = False, -1.0
        if self.memory:
            self.con, self.mode = self._connect("rw", 0.0), "rw"

    # -- connections (called with cond held, except _connect) --------------------------------
    def _connect(self, mode: str, timeout: float) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + timeout
        delay = 0.02
        started = time.monotonic()
        intent: Path | None = None
        try:
            while True:
                try:
                    con = duckdb.connect(self.path, read_only=(mode == "ro"))
                    break
                except duckdb.Error as exc:
                    if not _is_lock_error(exc):
                        raise StoreError(f"Cannot open the database {self.path}: {exc}") from exc
                    if time.monotonic() >= deadline:
                        raise StoreLockedError(_locked_message(
                            self.path, exc, time.monotonic() - started, write=(mode == "rw"))
                        ) from exc
                    if mode == "rw" and intent is None:
                        intent = self._announce_write()  # other processes' readers step aside
                    time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
                    delay = min(delay * 1.5, 0.1)
        finally:
            if intent is not None:
                with contextlib.suppress(OSError):
                    intent.unlink()
        con.execute("SET enable_progress_bar = false")
        self.opens[mode] += 1
        return con

    # -- writer preference across processes ----------------------------------------------------
    # A busy dashboard reads all the time; without help a CLI load would never find the file
    # free. A writer that finds the file locked leaves a marker `<db>.write-wanted.<pid>` while it
    # retries; every other process's Store then lets go of its read-only connection at the next
    # gap between queries and holds new reads back (up to the lock timeout) until the marker
    # goes. A marker of a process that no longer runs is ignored and removed.
    def _announce_write(self) -> Path | None:
        marker = Path(f"{self.path}{_WRITE_WANTED}{os.getpid()}")
        try:
            marker.write_text(str(os.getpid()), encoding="ascii")
        except OSError:
            return None
        return marker

    def others_want_to_write(self) -> bool:
        """True when another live process waits for the file read-write (cached for 50 ms)."""
        if self.memory:
            return False
        now = time.monotonic()
        if now - self._wanted_checked < 0.05:
            return self._wanted
        wanted = False
        folder, prefix = Path(self.path).parent, Path(self.path).name + _WRITE_WANTED
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            for entry in entries:
                if not entry.name.startswith(prefix):
                    continue
                try:
                    pid = int(entry.name[len(prefix):])
                except ValueError:
                    continue
                if pid == os.getpid():
                    continue
                if _alive(pid):
                    wanted = True
                    break
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)  # left by a process that died waiting
        self._wanted, self._wanted_checked = wanted, now
        return wanted

    def _switch(self, mode: str | None, timeout: float) -> None:
        """Close the current connection and open one in `mode` (None: stay closed).

        Called with cond held; released while connecting (retries may take seconds)."""
        self.switching = True
        try:
            if self.con is not None:
                if self.mode == "rw":
                    with contextlib.suppress(duckdb.Error):
                        self.con.execute("CHECKPOINT")
                with contextlib.suppress(duckdb.Error):
                    self.con.close()
                self.con, self.mode = None, None
            if mode is not None:
                self.cond.release()
                try:
                    con = self._connect(mode, timeout)
                finally:
                    self.cond.acquire()
                self.con, self.mode = con, mode
        finally:
            self.switching = False
            self.last_used = time.monotonic()
            self.cond.notify_all()

    def _check_open(self) -> None:
        if self.closed:
            raise StoreError(f"The database {self.path} was closed.")

    # -- readers --------------------------------------------------------------------------------
    def acquire_read(self, timeout: float) -> duckdb.DuckDBPyConnection:
        me = threading.get_ident()
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                self._check_open()
                if self.writer == me or (self.mode == "rw" and not self.switching):
                    break  # inside our own write, or read beside a write on its connection
                if self.switching or self.writer is not None:
                    self.cond.wait()
                    continue
                if self.others_want_to_write() and time.monotonic() < deadline:
                    # writer preference: step aside at the next gap, hold new reads back
                    if self.con is not None and not self.readers:
                        self._switch(None, 0.0)
                    self.cond.wait(0.05)
                    continue
                if self.con is None:
                    self._switch("ro", max(0.0, deadline - time.monotonic()))
                    continue
                break
            self.readers += 1
            self.local.depth = getattr(self.local, "depth", 0) + 1
            return self.con

    def release_read(self) -> None:
        with self.cond:
            self.readers -= 1
            self.local.depth -= 1
            self.last_used = time.monotonic()
            self.cond.notify_all()

    # -- the writer -----------------------------------------------------------------------------
    def acquire_write(self, timeout: float) -> duckdb.DuckDBPyConnection:
        me = threading.get_ident()
        with self.cond:
            self._check_open()
            if self.writer == me:
                self.depth += 1
                return self.con
            if getattr(self.local, "depth", 0) and self.mode != "rw":
                raise RuntimeError("A write was started inside an open read cursor of the same "
                                   "thread; close the cursor first.")
            while self.writer is not None:
                self.cond.wait()
                self._check_open()
            self.writer, self.depth = me, 1
            try:
                if self.mode != "rw":
                    while self.readers or self.switching:
                        self.cond.wait()  # in-flight cursors finish; new readers wait for us
                    self._switch("rw", timeout)
            except BaseException:
                self.writer, self.depth = None, 0
                self.cond.notify_all()
                raise
            return self.con

    def release_write(self) -> None:
        with self.cond:
            self.depth -= 1
            if self.depth:
                return
            try:
                if not self.memory:
                    self.switching = True  # no new readers on the read-write connection
                    while self.readers:
                        self.cond.wait()
                    self._switch(None, 0.0)  # CHECKPOINT + close: the file is free again
            finally:
                self.writer = None
                self.cond.notify_all()

    # -- idle release and close -----------------------------------------------------------------
    def release_if_idle(self, now: float) -> bool:
        with self.cond:
            if (self.memory or self.con is None or self.mode != "ro" or self.readers
                    or self.writer is not None or self.switching):
                return False
            if now - self.last_used < self.idle_release and not self.others_want_to_write():
                return False
            self._switch(None, 0.0)
            return True

    def close(self) -> None:
        with self.cond:
            while self.readers or self.writer is not None or self.switching:
                self.cond.wait()
            self.closed = True
            if self.con is not None:
                with contextlib.suppress(duckdb.Error):
                    if self.mode == "rw" and not self.memory:
                        self.con.execute("CHECKPOINT")
                    self.con.close()
            self.con, self.mode = None, None
            self.cond.notify_all()


_databases: dict[str, _Database] = {}
_databases_lock = threading.Lock()
_reaper: threading.Thread | None = None


def _reap_idle() -> None:
    while True:
        time.sleep(0.1)
        with _databases_lock:
            databases = list(_databases.values())
        now = time.monotonic()
        for database in databases:
            with contextlib.suppress(Exception):
                database.release_if_idle(now)


def _attach(path: str) -> _Database:
    """The shared _Database of a file (a new private one for ':memory:')."""
    global _reaper
    if path == ":memory:":
        database = _Database(path)
        database.refs = 1
        return database
    with _databases_lock:
        database = _databases.get(path)
        if database is None or database.closed:
            database = _databases[path] = _Database(path)
        database.refs += 1
        if _reaper is None:
            _reaper = threading.Thread(target=_reap_idle, name="techspend-store-idle", daemon=True)
            _reaper.start()
        return database


def _detach(database: _Database) -> None:
    if database.memory:
        database.close()
        return
    with _databases_lock:
        database.refs -= 1
        if database.refs > 0:
            return
        if _databases.get(database.path) is database:
            del _databases[database.path]
    database.close()


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


def close_store(path: str | os.PathLike[str]) -> None:
    key = str(Path(path).resolve())
    with _stores_lock:
        store = _stores.pop(key, None)
    if store is not None:
        store.close()
