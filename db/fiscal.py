"""The fiscal calendar: one definition of "which quarter is this" for every page, export and command.

Business rule: the fiscal year starts on the first day of `settings.fiscal_year_start_month`
(default 1 = January) and is NAMED BY THE CALENDAR YEAR IN WHICH IT ENDS. Quarters are three
months each, counted from the start month, and labelled ``FY<year> Q<n>``.

Worked example, fiscal year starting in April (start_month = 4)::

    2025-04-01 -> FY2026 Q1   (FY2026 runs 2025-04-01 .. 2026-03-31)
    2025-12-31 -> FY2026 Q3
    2026-03-31 -> FY2026 Q4
    quarter_of(date(2025, 4, 1), 4).previous()        -> FY2025 Q4 (2025-01-01 .. 2025-03-31)
    quarter_of(date(2025, 4, 1), 4).year_earlier()    -> FY2025 Q1 (2024-04-01 .. 2024-06-30)

With the default January start, FY2026 is calendar 2026 and FY2026 Q1 is January-March 2026.

Set-based work (millions of ledger lines) uses the SQL macros of db/migrations/001_core.sql
(`fiscal_year`, `fiscal_quarter`, `fiscal_quarter_key`, `fiscal_quarter_label`); this module is the
Python side for single values (parsing a label a person typed, a quarter's date range, the previous
quarter). tests/models/test_fiscal.py checks both sides agree for every day of several years and
every start month.

It sits in db/, beside those macros, because both ingest (budget periods such as 'FY2026 Q1') and
models (every quarterly figure) need it and neither may import the other. models.fiscal re-exports
it and adds the lookups that read classified data (quarters_with_data, as_quarter...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from db.settings import FISCAL_START_MONTH, fiscal_start_month
from db.store import TechspendError

SETTING_START_MONTH = FISCAL_START_MONTH


class FiscalError(TechspendError):
    """A quarter label or fiscal setting a person typed that cannot be understood."""


@dataclass(frozen=True, order=True)
class Quarter:
    """One fiscal quarter. Orders chronologically (fiscal_year, then quarter)."""

    fiscal_year: int
    quarter: int  # 1..4
    start_month: int = 1  # calendar month the fiscal year starts in

    def __post_init__(self) -> None:
        if not 1 <= self.quarter <= 4:
            raise FiscalError(f"A fiscal quarter is 1 to 4, not {self.quarter}.")
        if not 1 <= self.start_month <= 12:
            raise FiscalError(f"The fiscal year start month is 1 to 12, not {self.start_month}.")

    @property
    def label(self) -> str:
        """'FY2026 Q1' — the same text as the SQL macro fiscal_quarter_label()."""
        return f"FY{self.fiscal_year} Q{self.quarter}"

    @property
    def key(self) -> int:
        """fiscal_year * 10 + quarter — the same number as classified_lines.quarter_key."""
        return self.fiscal_year * 10 + self.quarter

    @property
    def start(self) -> date:
        """First day of the quarter."""
        first_year = fiscal_year_start(self.fiscal_year, self.start_month)
        months = first_year.month - 1 + (self.quarter - 1) * 3
        return date(first_year.year + months // 12, months % 12 + 1, 1)

    @property
    def end(self) -> date:
        """Last day of the quarter (inclusive)."""
        return add_months(self.start, 3) - timedelta(days=1)

    def shifted(self, quarters: int) -> "Quarter":
        index = self.fiscal_year * 4 + (self.quarter - 1) + quarters
        return Quarter(index // 4, index % 4 + 1, self.start_month)

    def previous(self) -> "Quarter":
        return self.shifted(-1)

    def next(self) -> "Quarter":
        return self.shifted(1)

    def year_earlier(self) -> "Quarter":
        """The same quarter of the previous fiscal year."""
        return self.shifted(-4)

    def fiscal_year_start(self) -> date:
        return fiscal_year_start(self.fiscal_year, self.start_month)

    def fiscal_year_end(self) -> date:
        return Quarter(self.fiscal_year, 4, self.start_month).end

    def __str__(self) -> str:
        return self.label


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after day's month (day-of-month is dropped)."""
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def fiscal_year_start(fiscal_year: int, start_month: int = 1) -> date:
    """First day of a fiscal year: FY2026 starting April begins 2025-04-01."""
    return date(fiscal_year - (1 if start_month > 1 else 0), start_month, 1)


def fiscal_year_of(day: date, start_month: int = 1) -> int:
    """Mirror of the SQL macro fiscal_year(d, start_month)."""
    return day.year + (1 if start_month > 1 and day.month >= start_month else 0)


def quarter_of(day: date, start_month: int = 1) -> Quarter:
    """The fiscal quarter a date falls in (mirror of the SQL macros)."""
    quarter = ((day.month - start_month + 12) % 12) // 3 + 1
    return Quarter(fiscal_year_of(day, start_month), quarter, start_month)


def quarters_between(first: Quarter, last: Quarter) -> list[Quarter]:
    """Every quarter from first to last inclusive, oldest first."""
    out: list[Quarter] = []
    current = first
    while current <= last:
        out.append(current)
        current = current.next()
    return out


_LABEL_PATTERNS = [
    # FY2026 Q1, FY 2026 Q1, FY2026-Q1, FY26 Q1, fy2026q1
    re.compile(r"^FY\s*(?P<year>\d{2}|\d{4})\s*[-/ ]?\s*Q\s*(?P<q>[1-4])$"),
    # 2026-Q1, 2026 Q1, 2026Q1, 2026/Q1
    re.compile(r"^(?P<year>\d{4})\s*[-/ ]?\s*Q\s*(?P<q>[1-4])$"),
    # Q1 FY2026, Q1 2026, Q1-FY26
    re.compile(r"^Q\s*(?P<q>[1-4])\s*[-/ ]?\s*(?:FY\s*)?(?P<year>\d{2}|\d{4})$"),
]


def parse_quarter(text: str, start_month: int = 1) -> Quarter:
    """A quarter label as people write it -> Quarter. Years are FISCAL years.

    Accepts 'FY2026 Q1', 'FY26 Q1', '2026-Q1', '2026Q1', 'Q1 FY2026', 'Q1 2026' (any case).
    Two-digit years mean 20xx.
    """
    cleaned = re.sub(r"\s+", " ", str(text or "").strip().upper())
    for pattern in _LABEL_PATTERNS:
        match = pattern.match(cleaned)
        if match:
            year = int(match.group("year"))
            if year < 100:
                year += 2000
            return Quarter(year, int(match.group("q")), start_month)
    raise FiscalError(
        f"'{text}' is not a quarter I can read. Write it like 'FY2026 Q1' or '2026-Q1' "
        "(the year is the fiscal year, named by the calendar year it ends in)."
    )


def start_month_of(store) -> int:
    """The fiscal year start month from settings (1..12); a clear error if the setting is bad.
    (db.settings.fiscal_start_month: the one reader of the setting.)"""
    return fiscal_start_month(store)
