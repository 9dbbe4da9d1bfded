"""How much of the machine DuckDB may use: memory, threads and where it spills.

Business rule: a load of any size runs in bounded memory. DuckDB keeps its working set under
`memory_limit` and writes what does not fit to `temp_directory` (sorts, joins, TEMP tables of a
10M-line file), so the peak memory of a load is DuckDB's buffer plus a small constant, not the
size of the file. The defaults suit the team's machines (2 cores, 24 GiB, shared with the
dashboard); each can be set by an environment variable, read when a connection opens:

    TECHSPEND_DUCKDB_MEMORY_LIMIT   DuckDB's buffer, e.g. '1536MB' (default), '4GB'
    TECHSPEND_DUCKDB_THREADS        worker threads (default: the CPU count, at most 8)
    TECHSPEND_DUCKDB_TEMP_DIR       where it spills (default: `<database>.tmp` next to the file,
                                    or the system temp folder for an in-memory database)

Worked example: `TECHSPEND_DUCKDB_MEMORY_LIMIT=800MB techspend ingest big.csv` loads a 10M-line
file with DuckDB holding at most 800 MB in memory and the rest in big's spill folder.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

DEFAULT_MEMORY_LIMIT = "1536MB"
MAX_DEFAULT_THREADS = 8
_SIZE = re.compile(r"\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*", re.I)


class EngineSettingError(ValueError):
    pass


def memory_limit() -> str:
    text = os.environ.get("TECHSPEND_DUCKDB_MEMORY_LIMIT") or DEFAULT_MEMORY_LIMIT
    if not _SIZE.fullmatch(text):
        raise EngineSettingError(
            f"The setting TECHSPEND_DUCKDB_MEMORY_LIMIT={text!r} is not a size; write it like "
            "1536MB or 4GB, or unset it.")
    return text.strip()


def threads() -> int:
    text = os.environ.get("TECHSPEND_DUCKDB_THREADS")
    if not text:
        return max(1, min(os.cpu_count() or 1, MAX_DEFAULT_THREADS))
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise EngineSettingError(f"The setting TECHSPEND_DUCKDB_THREADS={text!r} is not a whole "
                                 "number of threads (1 or more); set it or unset it.")
    return value


def temp_directory(database_path: str) -> str:
    text = os.environ.get("TECHSPEND_DUCKDB_TEMP_DIR")
    if text:
        return text
    if database_path == ":memory:":
        return str(Path(tempfile.gettempdir()) / "techspend-duckdb-spill")
    return f"{database_path}.tmp"


def configure(con, database_path: str) -> None:
    """Apply the settings to a new connection (SET, so every connection of one file agrees)."""
    con.execute("SET enable_progress_bar = false")
    con.execute(f"SET memory_limit = '{memory_limit()}'")
    con.execute(f"SET threads = {threads()}")
    con.execute("SET temp_directory = ?", [temp_directory(database_path)])
