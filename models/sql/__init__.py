"""The one SQL loader for models: models/sql/<name>.sql, fragments included with {{name}}.

Business rule: a definition written in SQL (what "technology spend outside IT" means, the lines
of a quarter) is written once, in one file, and included wherever it is needed, so two pages can
never disagree on a headline figure.

Worked example: a file containing ``WITH {{headline_measures}} SELECT ...`` is returned with
``{{headline_measures}}`` replaced by the text of models/sql/headline_measures.sql (includes may
include others). Values are never templated: every value is a bound parameter.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

SQL_DIR = Path(__file__).parent
_INCLUDE = re.compile(r"\{\{(\w+)\}\}")


@lru_cache(maxsize=None)
def load_sql(name: str) -> str:
    """The text of models/sql/<name>.sql with every {{fragment}} included."""
    text = (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
    return _INCLUDE.sub(lambda m: load_sql(m.group(1)), text)
