"""A fiscal year column and a period-number column together date a line.

Business rule: ledgers of UK councils, Sage and many ERPs carry no line date but two columns, the
fiscal year (`2024/25`, `FY2025`, `2024`) and the period within it (`1`..`12`, or `13` for the
year-end adjustments). Either alone is not a month: period 1 of which year? `2024/25` is which
month? Together they are the period's month, as `P01 2024/25` is (the fiscal year start in
Settings places period 1). So when the file has no date column and has one column of each,
the period text of a line is `P<period> <year>`, read by period_start as any period label.

Worked example (fiscal year from April): Year `2024/25`, Period `3` -> `P3 2024/25` ->
2024-06-01; Year `2024/25`, Period `12` -> 2025-03-01.
"""

from __future__ import annotations

import re

from ingest.mapping.headings import heading_tokens

_YEAR_WORDS = {"year", "yr", "fy", "jahr", "geschaftsjahr", "annee", "exercice", "ano", "anno",
               "ejercicio", "jaar", "boekjaar", "ar", "vuosi", "rok"}
_PERIOD_WORDS = {"period", "periode", "per", "periodo", "month", "mth", "monat", "mois", "mes",
                 "maand", "manad", "kuukausi", "miesiac"}
_YEAR_VALUE = re.compile(r"^(FY ?)?(19|20)\d{2}([/-]\d{2}(\d{2})?)?$", re.IGNORECASE)
_PERIOD_VALUE = re.compile(r"^P?0?([1-9]|1[0-6])$", re.IGNORECASE)


def _column_of(src, words: set[str], values: re.Pattern, skip: set[int]) -> int | None:
    found = []
    for i, name in enumerate(src.columns):
        if i in skip or not set(heading_tokens(str(name or ""))) & words:
            continue
        cells = [row[i] for row in src.sample if i < len(row) and row[i]]
        if cells and all(values.match(str(c).strip()) for c in cells):
            found.append(i)
    return found[0] if len(found) == 1 else None


def year_and_period(src, mapping) -> tuple[str, str] | None:
    """(period SQL, the two headings) when the file dates its lines by a fiscal-year column and
    a period-number column (see the module docstring), else None. The SQL is made of column
    identifiers only."""
    if mapping.column("date") is not None:
        return None
    year = _column_of(src, _YEAR_WORDS, _YEAR_VALUE, set())
    if year is None:
        return None
    period = _column_of(src, _PERIOD_WORDS, _PERIOD_VALUE, {year})
    if period is None:
        return None
    y, p = f"nullif(trim(c{year}), '')", f"nullif(trim(c{period}), '')"
    sql = f"CASE WHEN {y} IS NOT NULL AND {p} IS NOT NULL THEN 'P' || ltrim(upper({p}), 'P') || ' ' || {y} END"
    return sql, f"{src.columns[year]}' and '{src.columns[period]}"
