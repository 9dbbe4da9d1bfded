"""Read an uploaded file in a child process with a memory ceiling and a time limit.

Business rule: one user's bad file must never take the dashboard down for everyone else. The
reader is bounded (see `ingest.readers`), but some failures cannot be caught in-process: a native
library that aborts on a huge allocation (python-calamine on a grid of 512 GB: a Rust abort, not
an exception), or a file whose parsing is simply too slow. So the Upload page runs the reading
in a child process: its address space is capped with `resource.setrlimit(RLIMIT_AS)` and the
parent waits at most `timeout_s`. Whatever happens in the child — an IngestError, any other
exception, running out of memory, an abort, a hang — the parent gets either the result or one
IngestError naming the file and what to do, and keeps serving every other session.

Worked example::

    table = read_source_isolated("far.xlsx", data)          # -> SourceTable, or IngestError:
    # "far.xlsx: reading the file needed more memory than the 4.0 GB allowed (setting
    #  TECHSPEND_READER_MEMORY_BYTES) and was stopped. ..."

Children come from a `forkserver` (never a plain fork of the multi-threaded Streamlit server)
with the ingest modules preloaded, so starting one costs tens of milliseconds, not an import.
Limits: TECHSPEND_READER_MEMORY_BYTES (default 4 GiB), TECHSPEND_READER_TIMEOUT_S (default 300).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import tempfile
import traceback
from typing import Any, Callable

from ingest.errors import IngestError

DEFAULT_MEMORY_BYTES = 4 * 1024 ** 3
DEFAULT_TIMEOUT_S = 300.0
_PRELOAD = ["ingest.readers", "ingest.read_csv", "ingest.read_excel", "ingest.load",
            "python_calamine", "pyarrow", "duckdb"]
_context = None


def _ctx():
    global _context
    if _context is None:
        method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
        _context = mp.get_context(method)
        if method == "forkserver":
            _context.set_forkserver_preload(_PRELOAD)
    return _context


def _setting(name: str, default: float) -> float:
    text = os.environ.get(name)
    if not text:
        return default
    try:
        return float(text)
    except ValueError:
        raise IngestError(f"The setting {name}={text!r} is not a number; set it to a number or "
                          "unset it.") from None


def _child(conn, memory_bytes: int, func: Callable, args: tuple, kwargs: dict) -> None:
    try:
        import resource

        if memory_bytes:
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        result = func(*args, **kwargs)
        conn.send(("ok", result))
    except IngestError as exc:
        conn.send(("ingest", str(exc)))
    except MemoryError:
        conn.send(("memory", ""))
    except BaseException as exc:  # anything else, including a pyo3 PanicException
        try:
            conn.send(("error", f"{type(exc).__name__}: {exc}",
                       traceback.format_exc(limit=5)))
        except BaseException:
            pass
    finally:
        conn.close()


def run_isolated(func: Callable, *args, file_name: str, memory_bytes: int | None = None,
                 timeout_s: float | None = None, **kwargs) -> Any:
    """func(*args, **kwargs) in a child process; its result, or IngestError naming `file_name`.

    `func` and its arguments and result must pickle (module-level function, bytes, dataclasses,
    Arrow tables, DataFrames do). Limits default to TECHSPEND_READER_MEMORY_BYTES and
    TECHSPEND_READER_TIMEOUT_S."""
    memory = int(memory_bytes if memory_bytes is not None
                 else _setting("TECHSPEND_READER_MEMORY_BYTES", DEFAULT_MEMORY_BYTES))
    timeout = float(timeout_s if timeout_s is not None
                    else _setting("TECHSPEND_READER_TIMEOUT_S", DEFAULT_TIMEOUT_S))
    ctx = _ctx()
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, memory, func, args, kwargs), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise IngestError(
                f"{file_name}: reading the file took longer than {timeout:,.0f} seconds and was "
                "stopped (setting TECHSPEND_READER_TIMEOUT_S). Split the export into smaller "
                "files, or save it as CSV and try again.")
        try:
            message = parent.recv()
        except (EOFError, OSError):
            proc.join(5)
            raise _died(file_name, proc.exitcode, memory) from None
    finally:
        parent.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)
    kind = message[0]
    if kind == "ok":
        return message[1]
    if kind == "ingest":
        raise IngestError(message[1])
    if kind == "memory":
        raise _died(file_name, None, memory)
    raise IngestError(
        f"{file_name}: the file could not be read ({message[1]}). Open it in Excel or a text "
        "editor, save it again as .xlsx or .csv, and upload the new file; if it still fails, "
        "please report it with the file.")


def _died(file_name: str, exitcode: int | None, memory: int) -> IngestError:
    if exitcode in (None, -signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV, -signal.SIGBUS) \
            or (exitcode is not None and exitcode > 0):
        return IngestError(
            f"{file_name}: reading the file needed more memory than the "
            f"{memory / 1024 ** 3:,.1f} GB allowed (setting TECHSPEND_READER_MEMORY_BYTES) and "
            "was stopped. The workbook may declare a huge empty area: delete the empty rows and "
            "columns after your data in Excel (Ctrl+End shows the last cell), or export as CSV.")
    return IngestError(f"{file_name}: reading the file stopped unexpectedly (exit {exitcode}). "
                       "Save it again as .xlsx or .csv and upload the new file.")


def read_source_isolated(file_name: str, data: bytes, *, memory_bytes: int | None = None,
                         timeout_s: float | None = None, workdir: str | None = None,
                         **read_kwargs):
    """`ingest.readers.read_source` in a bounded child process -> SourceTable.

    A CSV read on the fast path leaves its normalised copy in `workdir` (created here when not
    given; the caller removes it)."""
    from ingest.readers import read_source

    workdir = workdir or tempfile.mkdtemp(prefix="techspend-")
    return run_isolated(read_source, file_name, data, file_name=file_name,
                        memory_bytes=memory_bytes, timeout_s=timeout_s, workdir=workdir,
                        **read_kwargs)


def preview_file_isolated(file_name: str, data: bytes, *, memory_bytes: int | None = None,
                          timeout_s: float | None = None, **preview_kwargs):
    """`ingest.load.preview_file` (read + map + stage in a scratch database) in a bounded child
    -> Preview. The store cannot cross processes: pass what it would give as arguments
    (`overrides` for a remembered mapping, `currency` for the reporting currency)."""
    from ingest.load import preview_file

    if preview_kwargs.get("store") is not None:
        raise TypeError("preview_file_isolated cannot take a store; pass overrides/currency")
    preview_kwargs.pop("store", None)
    return run_isolated(preview_file, file_name, data, file_name=file_name,
                        memory_bytes=memory_bytes, timeout_s=timeout_s, **preview_kwargs)


def warm_up() -> None:
    """Start the forkserver now (about 2 s: it preloads the ingest modules once), so the first
    upload does not wait for it. Safe to call more than once."""
    run_isolated(os.getpid, file_name="warm-up", timeout_s=60)
