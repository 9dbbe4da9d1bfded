"""The Store: read-only by default, read-write only for the length of a write (issue #9.7).

A dashboard and CLI commands share one DuckDB file. DuckDB allows any number of read-only
processes together but one read-write process alone, so the Store reads through a read-only
connection, switches to read-write for a write and back, and lets go of an idle connection.
These tests check that behaviour inside one process; tests/test_concurrency.py runs real
processes side by side.
"""

from __future__ import annotations

import os
import threading
import time

import duckdb
import pytest

from db import store as store_module
from db.store import Store, StoreError, StoreLockedError, open_store, close_store


@pytest.fixture()
def path(tmp_path):
    p = tmp_path / "ts.duckdb"
    Store(p).close()  # create and migrate
    return p


def test_a_new_file_is_created_and_migrated_then_read_only(tmp_path):
    p = tmp_path / "new" / "ts.duckdb"
    s = Store(p)
    try:
        assert p.exists() and s.schema_version() >= 1
        assert s._db.opens == {"rw": 1, "ro": 1}  # one write cycle to migrate, then reads
        assert s.connection_mode() == "ro"
    finally:
        s.close()


def test_a_migrated_file_opens_read_only_and_never_writes(path):
    before = path.stat().st_mtime_ns
    s = Store(path)
    try:
        assert s.version() == 0 and s.setting("nothing") is None
        assert s._db.opens == {"ro": 1, "rw": 0}
    finally:
        s.close()
    assert path.stat().st_mtime_ns == before


def test_a_write_opens_read_write_then_lets_go(path):
    s = Store(path)
    try:
        v0 = s.version()
        with s.transaction() as cur:
            assert s.connection_mode() == "rw"
            cur.execute("INSERT INTO settings VALUES ('a', '1')")
            assert s.setting("a") is None  # a read beside the open transaction: not committed yet
        assert s.connection_mode() is None  # checkpointed and closed: the file is free
        assert s.version() == v0 + 1 and s.setting("a") == "1"
        assert s.connection_mode() == "ro"
        # another process may now open it read-write: nothing of ours holds a write lock
        other = duckdb.connect(str(path), read_only=True)
        other.close()
    finally:
        s.close()


def test_a_failed_write_changes_nothing_and_returns_to_read_only(path):
    s = Store(path)
    try:
        v0 = s.version()
        with pytest.raises(RuntimeError):
            with s.transaction() as cur:
                cur.execute("INSERT INTO settings VALUES ('b', '1')")
                raise RuntimeError("boom")
        assert s.version() == v0 and s.setting("b") is None
        assert s.connection_mode() == "ro"
    finally:
        s.close()


def test_write_session_temp_tables_reach_the_transaction(path):
    s = Store(path)
    try:
        with s.write_session() as scratch:
            scratch.execute("CREATE TEMP TABLE _x AS SELECT 'k' AS key, 'v' AS value")
            with s.transaction(scratch) as cur:
                cur.execute("INSERT INTO settings SELECT * FROM _x")
                assert s.scalar("SELECT 1") == 1  # reads inside our own write do not deadlock
            assert s.connection_mode() == "rw"  # still inside the session
        assert s.setting("k") == "v"
    finally:
        s.close()


def test_a_write_inside_an_open_read_cursor_is_an_error_not_a_deadlock(path):
    s = Store(path)
    try:
        with s.cursor():
            with pytest.raises(RuntimeError, match="inside an open read cursor"):
                with s.transaction():
                    pass
        s.set_setting("after", "ok")  # the store is still usable
        assert s.setting("after") == "ok"
    finally:
        s.close()


def test_two_stores_of_one_file_share_the_connection(path):
    a, b = Store(path), open_store(path)
    try:
        assert a.setting("x") is None  # a holds the read-only connection
        b.set_setting("x", "1")  # b's write does not clash with a ("different configuration")
        assert a.setting("x") == "1" and a._db is b._db
    finally:
        a.close()
        close_store(path)


def test_an_idle_read_only_connection_is_released(path, monkeypatch):
    s = Store(path)
    try:
        s._db.idle_release = 0.2
        s.version()
        assert s.connection_mode() == "ro"
        deadline = time.monotonic() + 5
        while s.connection_mode() is not None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert s.connection_mode() is None  # released by the idle reaper
        assert s.version() == 0  # and reopened on demand
    finally:
        s.close()


def test_readers_in_many_threads_while_another_thread_writes(path):
    """The dashboard's sessions keep reading while a load commits; every reader sees a
    consistent, never-decreasing data_version and every write lands."""
    s = Store(path)
    writes, errors, seen = 25, [], {}

    def reader(n: int) -> None:
        last = -1
        try:
            for _ in range(60):
                v = s.version()
                assert v >= last, (v, last)
                rows = s.scalar("SELECT count(*) FROM settings WHERE key LIKE 'w%'")
                assert rows <= writes
                last = v
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        seen[n] = last

    def writer() -> None:
        try:
            for i in range(writes):
                s.set_setting(f"w{i}", str(i))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(4)]
    threads.append(threading.Thread(target=writer))
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not errors, errors
        assert s.version() == writes
        assert s.scalar("SELECT count(*) FROM settings WHERE key LIKE 'w%'") == writes
    finally:
        s.close()


def test_concurrent_writers_in_threads_are_serialised(path):
    s = Store(path)
    errors = []

    def work(n: int) -> None:
        try:
            for i in range(8):
                with s.transaction() as cur:
                    cur.execute("INSERT INTO settings VALUES (?, ?)", [f"t{n}-{i}", "x"])
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not errors, errors
        assert s.version() == 32
        assert s.scalar("SELECT count(*) FROM settings WHERE key LIKE 't%'") == 32
    finally:
        s.close()


def test_memory_store_keeps_its_data_and_is_private():
    a, b = Store(":memory:"), Store(":memory:")
    try:
        a.set_setting("m", "1")
        assert a.setting("m") == "1" and b.setting("m") is None
        assert a.connection_mode() == "rw"
    finally:
        a.close()
        b.close()


def test_a_closed_store_says_so(path):
    s = Store(path)
    s.close()
    other = Store(path)  # a new Store of the file works as before
    try:
        assert other.version() == 0
    finally:
        other.close()


def test_lock_message_names_the_holder_and_what_to_do(path):
    text = (f'IO Error: Could not set lock on file "{path}": Conflicting lock is held in '
            f"/usr/bin/python3 (PID {os.getpid()}). See also https://duckdb.org/docs")
    who, pid = store_module._holder(text)
    assert pid == os.getpid() and f"PID {pid}" in who
    exc = duckdb.IOException(text)
    write = store_module._locked_message(str(path), exc, 10, write=True)
    assert str(path) in write and "nothing was written" in write
    assert "TECHSPEND_LOCK_TIMEOUT" in write
    read = store_module._locked_message(str(path), exc, 10, write=False)
    assert "Try again" in read


def test_a_write_waits_then_says_who_holds_the_file(path, monkeypatch):
    """Another process holds the file: the write retries for lock_timeout, then a clear
    StoreLockedError (a TechspendError: the pages and the CLI show its message)."""
    import subprocess
    import sys

    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True);"
         " print('ready', flush=True); time.sleep(60)", str(path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        s = Store(path, lock_timeout=0.5)
        try:
            assert s.version() == 0  # reading beside another reader works
            started = time.monotonic()
            with pytest.raises(StoreLockedError) as info:
                s.set_setting("x", "1")
            assert 0.4 <= time.monotonic() - started < 10
            assert f"PID {holder.pid}" in str(info.value)
            assert isinstance(info.value, StoreError)
            assert s.setting("x") is None and s.version() == 0  # nothing was written
        finally:
            s.close()
    finally:
        holder.kill()
        holder.wait()
    s = Store(path, lock_timeout=5)
    try:
        s.set_setting("x", "1")  # free again: the write goes through
        assert s.version() == 1
    finally:
        s.close()
