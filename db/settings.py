"""Typed settings, read one way: the reporting currency and the fiscal year start month.

Business rule: every figure is shown in ONE reporting currency (default GBP) and every quarter is
counted from ONE fiscal start month (default 1 = January; the fiscal year is named by the calendar
year it ends in). Pages, the CLI, classification, budgets and the board pack all read them here,
so a setting can never mean two things in two places. A bad stored value is a clear error, never
a silent default.

Worked example::

    read_settings(store)                         -> Settings(reporting_currency='GBP', fiscal_start_month=1)
    write_settings(cur, reporting_currency="usd", fiscal_start_month=4)
                                                 -> Settings(reporting_currency='USD', fiscal_start_month=4)
    write_settings(cur, fiscal_start_month=13)   -> SettingsError: ... a month number 1-12 ...

`source` may be a Store, a workspace Session (anything with `.setting(key)`) or a DuckDB cursor.
Writers take a cursor inside the caller's transaction (workspace.change_settings reclassifies in
the same transaction).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from db.store import TechspendError
from db.values import parse_currency

REPORTING_CURRENCY = "reporting_currency"
# set when a person (or the first own ledger, workspace.first_currency) chose the currency: the
# GBP every new database is created with (migration 001) is only a default
REPORTING_CURRENCY_CHOSEN = "reporting_currency_chosen"
FISCAL_START_MONTH = "fiscal_year_start_month"
DEFAULT_CURRENCY = "GBP"


class SettingsError(TechspendError):
    """A stored or typed setting that cannot be used."""


@dataclass(frozen=True)
class Settings:
    reporting_currency: str
    fiscal_start_month: int


def _raw(source: Any, key: str) -> str | None:
    if hasattr(source, "setting"):
        return source.setting(key)
    row = source.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return None if row is None else row[0]


def reporting_currency(source: Any) -> str:
    """The currency every figure is shown in (upper case; default GBP)."""
    return (str(_raw(source, REPORTING_CURRENCY) or DEFAULT_CURRENCY)).strip().upper()


def reporting_currency_chosen(source: Any) -> bool:
    """Whether the reporting currency was chosen (a person set it, or a first ledger did), not
    left at the default. A currency other than the default counts as chosen (databases older
    than the marker)."""
    return (_raw(source, REPORTING_CURRENCY_CHOSEN) is not None
            or reporting_currency(source) != DEFAULT_CURRENCY)


def _month(raw: Any) -> int:
    try:
        month = int(str(raw).strip())
    except ValueError:
        month = 0
    if not 1 <= month <= 12:
        raise SettingsError(
            f"The fiscal year start month setting is '{raw}'; set it to a month number 1-12 "
            "on the Settings page."
        )
    return month


def fiscal_start_month(source: Any) -> int:
    """The calendar month (1..12) the fiscal year starts in; a clear error if the setting is bad."""
    raw = _raw(source, FISCAL_START_MONTH)
    return 1 if raw is None else _month(raw)


def read_settings(source: Any) -> Settings:
    return Settings(reporting_currency(source), fiscal_start_month(source))


def write_settings(cur, *, reporting_currency: str | None = None,
                   fiscal_start_month: int | None = None) -> Settings:
    """Store the given settings on an open transaction `cur`; returns the settings now in force."""
    if reporting_currency is not None:
        try:
            code = parse_currency(reporting_currency)
        except ValueError as exc:
            raise SettingsError(f"Reporting currency not saved: {exc}.") from None
        cur.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                    [REPORTING_CURRENCY, code])
        cur.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, 'yes')",
                    [REPORTING_CURRENCY_CHOSEN])
    if fiscal_start_month is not None:
        cur.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                    [FISCAL_START_MONTH, str(_month(fiscal_start_month))])
    return read_settings(cur)
