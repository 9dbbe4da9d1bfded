"""SQL of the ingest layer (stage.sql), read with the one loader (db.sql_files, {{include}})."""

from __future__ import annotations

from pathlib import Path

from db.sql_files import load_sql_file

SQL_DIR = Path(__file__).parent


def load_sql(name: str) -> str:
    """The text of ingest/sql/<name>.sql with every {{fragment}} included."""
    return load_sql_file(SQL_DIR, name)
