"""Who holds the database file, how long to wait for it, and the message when it stays locked.

Business rule: when another process holds the file (the dashboard, another CLI command), a
reader or writer waits up to TECHSPEND_LOCK_TIMEOUT seconds (default 10); an unused read-only
connection is let go after TECHSPEND_IDLE_RELEASE seconds (default 2). When the wait runs out the
message names the program holding the file, from DuckDB's "Conflicting lock is held in ...
(PID n)", and what to do: e.g. "The database data/t.duckdb is in use by the techspend dashboard
(PID 123: streamlit run app.py) and was not free within 10 s, so nothing was written. ...".
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

import duckdb


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
