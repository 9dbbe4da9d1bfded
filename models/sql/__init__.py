"""The SQL of models: models/sql/<name>.sql through the one loader (db.sql_files), {{name}} includes.

Business rule: a definition written in SQL (what "technology spend outside IT" means, the lines
of a quarter) is written once, in one file, and included wherever it is needed, so two pages can
never disagree on a headline figure.

Worked example: a file containing ``WITH {{headline_measures}} SELECT ...`` is returned with
``{{headline_measures}}`` replaced by the text of models/sql/headline_measures.sql (includes may
include others). Values are never templated: every value is a bound parameter.
"""

from __future__ import annotations

from pathlib import Path

from db.sql_files import load_sql_file

SQL_DIR = Path(__file__).parent


def load_sql(name: str) -> str:
    """The text of models/sql/<name>.sql with every {{fragment}} included (db.sql_files)."""
    return load_sql_file(SQL_DIR, name)


load_sql.cache_clear = load_sql_file.cache_clear  # type: ignore[attr-defined]
