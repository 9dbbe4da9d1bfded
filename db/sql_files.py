"""The one SQL loader: <folder>/<name>.sql with fragments included as {{name}}.

Business rule: a definition written in SQL is written once, in one file, and included wherever it
is needed; values are never templated (every value is a bound parameter), so the only thing a
file's text can pull in is another file of the same folder.

Worked example: models/sql/analytics_overview.sql containing ``WITH {{headline_measures}} SELECT``
comes back with ``{{headline_measures}}`` replaced by models/sql/headline_measures.sql (includes
may include others). `models.sql.load_sql` and `ingest.sql.load_sql` are this loader bound to
their folder.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_INCLUDE = re.compile(r"\{\{(\w+)\}\}")


@lru_cache(maxsize=None)
def load_sql_file(folder: Path, name: str) -> str:
    """The text of folder/<name>.sql with every {{fragment}} (folder/fragment.sql) included."""
    text = (Path(folder) / f"{name}.sql").read_text(encoding="utf-8")
    return _INCLUDE.sub(lambda m: load_sql_file(folder, m.group(1)), text)
