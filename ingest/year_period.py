"""A fiscal year column and a period-number column together date a line.

Business rule: ledgers of UK councils, Sage and many ERPs carry no line date but two columns, the
fiscal year (`2024/25`, `FY2025`, `2024`) and the period within it (`1`..`12`, or `13` for the
year-end adjustments). Either alone is not a month: period 1 of which year? `2024/25` is which
month? Together they are the period's month, as `P01 2024/25` is (the fiscal year start in
Settings places period 1). So when the file has no date column and has one column of each,
the period text of a line is `P<period> <year>`, read by period_start as any period label.

Worked example (fiscal year from April): Year `2024/25`, Period `3` -> `P3 2024/25` ->
2024-06-01; Year `2024/25`, Period `12` -> 2025-03-01.

A column headed as a *month* ('Month', 'Monat', 'Mois') beside a calendar year (`2024`, not
`2024/25` or `FY2025`) is the calendar month, in numbers or names ('March', 'mars', 'Mär'):
`2024` + `3` is March 2024 whatever the fiscal year, and with a day column ('Day', 'Tag',
'Jour') the three make the line's date: `2024` + `3` + `14` -> 2024-03-14.
"""

from __future__ import annotations

import re

from ingest.mapping.headings import heading_tokens
from ingest.mapping.vocab import _raw_tokens, vocabulary

_YEAR_WORDS = {"year", "yr", "fy", "jahr", "geschaftsjahr", "annee", "exercice", "ano", "anno",
               "ejercicio", "jaar", "boekjaar", "ar", "vuosi", "rok"}
_PERIOD_WORDS = {"period", "periode", "per", "periodo", "month", "mth", "monat", "mois", "mes",
                 "maand", "manad", "kuukausi", "miesiac"}
_MONTH_WORDS = {"month", "mth", "monat", "mois", "mes", "mese", "maand", "manad", "kuukausi",
                "miesiac", "mesic", "ay"}
_DAY_WORDS = {"day", "tag", "jour", "dia", "giorno", "dag", "dzien", "den", "paiva", "gun"}
_YEAR_VALUE = re.compile(r"^(FY ?)?(19|20)\d{2}([/-]\d{2}(\d{2})?)?$", re.IGNORECASE)
_CALENDAR_YEAR = re.compile(r"^(19|20)\d{2}$")
_PERIOD_VALUE = re.compile(r"^P?0?([1-9]|1[0-6])$", re.IGNORECASE)
_MONTH_NUMBER = re.compile(r"^0?([1-9]|1[0-2])$")
_DAY_VALUE = re.compile(r"^0?([1-9]|[12][0-9]|3[01])$")


class _MonthValue:
    """A calendar month cell: 1..12, or a month name of months.csv ('March', 'mars', 'Mär.')."""

    def match(self, text: str) -> bool:
        return bool(_MONTH_NUMBER.match(text)) or "".join(_raw_tokens(text)) in vocabulary().months


def _month_sql(cell: str) -> str:
    """SQL: the month number of a month cell (a number, or a name: a literal of our own list)."""
    names = ", ".join(f"'{name}': {month}" for name, month in sorted(vocabulary().months.items())
                      if name.isalnum() and "'" not in name)
    return (f"coalesce(TRY_CAST({cell} AS INTEGER), MAP {{{names}}}"
            f"[regexp_replace(lower(strip_accents({cell})), '[^[:alnum:]]', '', 'g')])")


def _column_of(src, words: set[str], values: re.Pattern, skip: set[int]) -> int | None:
    found = []
    for i, name in enumerate(src.columns):
        if i in skip or not set(heading_tokens(str(name or ""))) & words:
            continue
        cells = [row[i] for row in src.sample if i < len(row) and row[i]]
        if cells and all(values.match(str(c).strip()) for c in cells):
            found.append(i)
    return found[0] if len(found) == 1 else None


def year_and_period(src, mapping) -> tuple[str, str, str] | None:
    """('period' | 'date', its SQL, the headings) when the file dates its lines by a fiscal-year column and
    a period-number column (see the module docstring), else None. The SQL is made of column
    identifiers only."""
    if mapping.column("date") is not None:
        return None
    year = _column_of(src, _YEAR_WORDS, _YEAR_VALUE, set())
    if year is None:
        return None
    y = f"nullif(trim(c{year}), '')"
    calendar = _column_of(src, {"year", "jahr", "annee", "ano", "anno", "jaar", "ar", "vuosi", "rok", "yil"},
                          _CALENDAR_YEAR, set()) == year
    month = _column_of(src, _MONTH_WORDS, _MonthValue(), {year}) if calendar else None
    if month is not None and not set(heading_tokens(str(src.columns[month]))) & {"period", "periode", "per", "periodo"}:
        m = f"nullif(trim(c{month}), '')"
        month_text = f"lpad(CAST({_month_sql(m)} AS VARCHAR), 2, '0')"
        day = _column_of(src, _DAY_WORDS, _DAY_VALUE, {year, month})
        if day is None:   # the calendar month, as 'YYYY-MM' (a period: the first of the month)
            sql = f"CASE WHEN {y} IS NOT NULL AND {m} IS NOT NULL THEN {y} || '-' || {month_text} END"
            return "period", sql, f"{src.columns[year]}' and '{src.columns[month]}"
        d = f"nullif(trim(c{day}), '')"
        sql = (f"CASE WHEN {y} IS NOT NULL AND {m} IS NOT NULL AND {d} IS NOT NULL THEN {y} || '-' || "
               f"{month_text} || '-' || lpad({d}, 2, '0') END")
        return "date", sql, f"{src.columns[year]}', '{src.columns[month]}' and '{src.columns[day]}"
    period = _column_of(src, _PERIOD_WORDS, _PERIOD_VALUE, {year})
    if period is None:
        return None
    p = f"nullif(trim(c{period}), '')"
    sql = f"CASE WHEN {y} IS NOT NULL AND {p} IS NOT NULL THEN 'P' || ltrim(upper({p}), 'P') || ' ' || {y} END"
    return "period", sql, f"{src.columns[year]}' and '{src.columns[period]}"
