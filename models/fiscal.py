"""The fiscal calendar for models: the calendar itself (db.fiscal) plus lookups over classified data.

Business rule (db/fiscal.py has it in full, with the worked example): the fiscal year starts on the
first day of `settings.fiscal_year_start_month` and is NAMED BY THE CALENDAR YEAR IN WHICH IT ENDS;
quarters are labelled ``FY<year> Q<n>``. With an April start, 2025-04-01 is FY2026 Q1 and
`quarter_from_label(store, "FY2026 Q1").previous()` is FY2025 Q4 (2025-01-01 .. 2025-03-31).

The pure calendar (Quarter, parse_quarter, quarter_of, ...) lives in db/fiscal.py because ingest
needs it too (budget periods); it is re-exported here so models and pages write `fiscal.Quarter`.
"""

from __future__ import annotations

from datetime import date

from db.fiscal import (  # noqa: F401  (re-exported: the calendar models and pages use)
    SETTING_START_MONTH,
    FiscalError,
    Quarter,
    add_months,
    fiscal_year_of,
    fiscal_year_start,
    parse_quarter,
    quarter_of,
    quarters_between,
    start_month_of,
)


def current_quarter(store, today: date | None = None) -> Quarter:
    return quarter_of(today or date.today(), start_month_of(store))


def quarter_from_label(store, label: str) -> Quarter:
    """parse_quarter() with the store's fiscal start month."""
    return parse_quarter(label, start_month_of(store))


def quarter_from_key(store, key: int) -> Quarter:
    """20261 (classified_lines.quarter_key) -> FY2026 Q1 with the store's fiscal start month."""
    year, quarter = divmod(int(key), 10)
    return Quarter(year, quarter, start_month_of(store))


def as_quarter(store, quarter: "Quarter | str | int") -> Quarter:
    """A Quarter, a label ('FY2026 Q1') or a quarter key (20261) -> Quarter."""
    if isinstance(quarter, Quarter):
        return quarter
    if isinstance(quarter, int) or (hasattr(quarter, "item") and not isinstance(quarter, str)):
        return quarter_from_key(store, int(quarter))
    return quarter_from_label(store, str(quarter))


# Quarters the calendar can work with (typed labels have four-digit years; Python dates end at
# 9999-12-31, so FY9999 Q4 has no end date). DuckDB stores any date, and a line dated 0000-01-01
# or 9999-12-31 keeps its quarter on the analytics pages, but is never a budget or pack quarter.
CALENDAR_YEARS = (1000, 9998)


def quarters_with_data(store) -> list[Quarter]:
    """Quarters that have at least one classified line, oldest first (years in CALENDAR_YEARS)."""
    start_month = start_month_of(store)
    rows = store.rows(
        "SELECT DISTINCT fiscal_year, fiscal_quarter FROM classified_lines "
        "WHERE fiscal_year BETWEEN ? AND ? ORDER BY fiscal_year, fiscal_quarter",
        list(CALENDAR_YEARS),
    )
    return [Quarter(int(y), int(q), start_month) for y, q in rows]


def latest_quarter_with_data(store) -> Quarter | None:
    quarters = quarters_with_data(store)
    return quarters[-1] if quarters else None
