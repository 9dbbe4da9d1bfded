"""One DuckDB connection per database file per process, and who may use it when.

Business rule (see db.store for the whole story): reads share one read-only connection; a write
takes this process's writer lock, waits for in-flight cursors, reopens the file read-write
(retrying while another process holds it), and closes it again after CHECKPOINT, so other
processes (the dashboard, the CLI) get the file back. An idle read-only connection is released
by a reaper thread; a writer that finds the file locked leaves a marker file so other processes
step aside. Every new connection gets the engine settings of db.engine (memory, threads, spill).

Example: `_attach(path)` returns the process's `_Database` for `path` (reference counted);
`acquire_read()` / `release_read()` bracket a read, `acquire_write()` / `release_write()` a write.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

import duckdb

from db.engine import EngineSettingError, configure
from db.errors import StoreError, StoreLockedError
from db.locking import _WRITE_WANTED, _alive, _is_lock_error, _locked_message, default_idle_release


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
        try:
            configure(con, self.path)
        except EngineSettingError as exc:
            con.close()
            raise StoreError(str(exc)) from None
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


def first_invalid_regex(patterns: list[str], ignore_case: bool = False) -> tuple[int, str] | None:
    """(index, DuckDB's message) of the first of `patterns` that DuckDB's regex engine (RE2)
    refuses, else None. Checked on a scratch in-memory connection, so a bad pattern never aborts
    the caller's transaction: one query compiles them all, and only when it fails are they tried
    one by one to name the bad one.

    >>> first_invalid_regex(["^ACME", "(unclosed"])
    (1, 'Invalid Input Error: missing ): (unclosed')
    """
    check = ("SELECT count(*) FROM unnest($p) t(p) WHERE regexp_matches('', p"
             + (", 'i')" if ignore_case else ")"))
    with duckdb.connect(":memory:") as scratch:
        try:
            scratch.execute(check, {"p": list(patterns)}).fetchall()
            return None
        except duckdb.Error:
            pass
        for index, pattern in enumerate(patterns):
            try:
                scratch.execute(check, {"p": [pattern]}).fetchall()
            except duckdb.Error as exc:
                return index, str(exc).splitlines()[0]
    return None
