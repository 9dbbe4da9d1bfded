"""FX rates: the stored rate table, typed edits to it, and the rates that lines still need.

Business rule: a line in a currency other than the reporting currency (settings.reporting_currency)
is converted with the rate for the MONTH of its date: `amount_reporting = amount * rate` where the
rate is the number of units of the reporting currency that one unit of the line's currency buys
that month. A stored rate also converts the opposite direction by its inverse (view
`fx_rate_lookup`, db/migrations/004_budget_fx.sql). A line whose month has no rate is flagged
`fx_missing`, left out of every sum and counted — never dropped, never converted at 1.0. The
conversion itself happens in models.classification.refresh(); this module owns the rates once
stored. Rate FILES are read by ingest.fx. The writers here (`replace_rates`, `write_rate`) run on
a cursor the caller's transaction owns and never reclassify: workspace.save_rates / set_rate
do the write and the reclassification in one transaction.

Worked example, reporting currency GBP::

    Month,From,To,Rate
    2025-04,USD,GBP,0.80        -> a USD 100.00 line dated 2025-04-17 is GBP 80.00
    2025-05,GBP,EUR,1.20        -> a EUR 60.00 line dated 2025-05-02 is GBP 50.00 (inverse)
    (no June USD rate)          -> a USD line dated 2025-06-03 is flagged; `missing()` lists
                                   (USD, 2025-06) with its line count and amount

Typed rates (the rate editor and `techspend fx set`) follow the same month, currency and rate
rules as files (db.values).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where it is used: the CLI starts without it
    import pandas as pd

from db import TechspendError
from db.settings import reporting_currency  # noqa: F401  (re-exported for the CLI and pages)
from db.values import parse_currency, parse_month, parse_rate  # noqa: F401


class FxRateError(TechspendError):
    """Rates typed or edited by a person that cannot be saved; nothing was changed."""


# ---- reading and editing rates -------------------------------------------------------------------
RATE_COLUMNS = ["month", "from_currency", "to_currency", "rate", "source"]


def rates(store) -> pd.DataFrame:
    """Every stored rate. Columns: month (first day, date), from_currency, to_currency,
    rate (float), source ('typed' or the file name it came from)."""
    return store.df(
        "SELECT r.month, r.from_currency, r.to_currency, r.rate::DOUBLE AS rate, "
        "coalesce(u.file_name, 'typed') AS source "
        "FROM fx_rates r LEFT JOIN uploads u USING (upload_id) "
        "ORDER BY r.month, r.from_currency, r.to_currency"
    )


def replace_rates(cur, edited: pd.DataFrame) -> int:
    """Replace the whole rate table with an edited copy (what st.data_editor returns), on an
    open transaction `cur` (workspace.save_rates reclassifies in the same transaction).

    All or nothing: every problem is listed in one FxRateError and nothing changes. A row whose
    (month, from, to, rate) is unchanged keeps its source file; changed or new rows become
    'typed'. Returns the number of rates stored."""
    import pandas as pd
    problems: list[str] = []
    wanted: dict[tuple[date, str, str], Decimal] = {}
    for position, row in enumerate(edited.to_dict("records"), start=1):
        cells = [row.get(c) for c in ("month", "from_currency", "to_currency", "rate")]
        if all(c is None or (isinstance(c, float) and pd.isna(c)) or str(c).strip() == "" for c in cells):
            continue  # an empty row the editor added
        try:
            month_value = row.get("month")
            if isinstance(month_value, (pd.Timestamp,)):
                month_value = month_value.date()
            month = (
                date(month_value.year, month_value.month, 1)
                if isinstance(month_value, date)
                else parse_month(str(month_value))
            )
            from_ccy = parse_currency(row.get("from_currency") or "")
            to_ccy = parse_currency(row.get("to_currency") or "")
            rate = parse_rate(_plain_number(row.get("rate")))
            if from_ccy == to_ccy:
                raise ValueError(f"{from_ccy} to {to_ccy} is the same currency")
        except ValueError as exc:
            problems.append(f"row {position}: {exc}")
            continue
        key = (month, from_ccy, to_ccy)
        if key in wanted and wanted[key] != rate:
            problems.append(f"row {position}: {from_ccy}->{to_ccy} for {month:%Y-%m} appears twice")
            continue
        wanted[key] = rate
    if problems:
        raise FxRateError("Rates not saved: " + "; ".join(problems) + ".")
    current = {
        (m, f, t): (Decimal(str(r)), u)
        for m, f, t, r, u in cur.execute(
            "SELECT month, from_currency, to_currency, rate, upload_id FROM fx_rates").fetchall()
    }
    cur.execute("DELETE FROM fx_rates")
    for key, rate in wanted.items():
        old = current.get(key)
        upload_id = old[1] if old is not None and old[0] == rate else None
        cur.execute(
            "INSERT INTO fx_rates (month, from_currency, to_currency, rate, upload_id) "
            "VALUES (?, ?, ?, ?, ?)",
            [key[0], key[1], key[2], rate, upload_id],
        )
    return len(wanted)


def _plain_number(value) -> str:
    import pandas as pd
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    return str(value)


def write_rate(cur, month: date | str, from_currency: str, to_currency: str, rate) -> None:
    """Store one typed rate (replacing any rate for the same month and currencies), on an open
    transaction `cur` (workspace.set_rate reclassifies in the same transaction)."""
    try:
        first = (
            date(month.year, month.month, 1) if isinstance(month, date) else parse_month(month)
        )
        from_ccy, to_ccy = parse_currency(from_currency), parse_currency(to_currency)
        value = parse_rate(_plain_number(rate))
    except ValueError as exc:
        raise FxRateError(f"Rate not saved: {exc}.") from None
    if from_ccy == to_ccy:
        raise FxRateError(f"Rate not saved: {from_ccy} to {to_ccy} is the same currency.")
    cur.execute(
        "DELETE FROM fx_rates WHERE month = ? AND from_currency = ? AND to_currency = ?",
        [first, from_ccy, to_ccy],
    )
    cur.execute(
        "INSERT INTO fx_rates (month, from_currency, to_currency, rate, upload_id) VALUES (?, ?, ?, ?, NULL)",
        [first, from_ccy, to_ccy, value],
    )


# ---- what is missing -------------------------------------------------------------------------------
MISSING_SQL = """
-- Grain: one row per (line currency, month) used by ledger lines that cannot be converted to the
-- reporting currency: no rate in fx_rate_lookup (stored or inverse), OR the classified lines of
-- that pair are flagged fx_missing (what the figures actually left out), so this list never
-- says "nothing missing" while figures leave lines out.
WITH lines AS (
    SELECT upper(trim(currency)) AS currency, date_trunc('month', txn_date)::DATE AS month, amount
    FROM ledger_lines
),
needing AS (
    SELECT currency, month, count(*) AS lines, sum(amount) AS amount
    FROM lines
    WHERE currency <> upper(?)
    GROUP BY currency, month
),
flagged AS (
    SELECT DISTINCT upper(trim(currency)) AS currency, date_trunc('month', txn_date)::DATE AS month
    FROM classified_lines
    WHERE fx_missing
)
SELECT n.currency, n.month, upper(?) AS to_currency, n.lines, n.amount
FROM needing AS n
WHERE NOT EXISTS (
        SELECT 1 FROM fx_rate_lookup AS f
        WHERE f.month = n.month AND f.from_currency = n.currency AND f.to_currency = upper(?))
   OR EXISTS (SELECT 1 FROM flagged AS g WHERE g.currency = n.currency AND g.month = n.month)
ORDER BY n.currency, n.month
"""


def missing(store) -> pd.DataFrame:
    """(currency, month) pairs that ledger lines use but no rate converts to the reporting
    currency. Columns: currency, month (first day), to_currency, lines, amount (in `currency`).
    Empty when every line can be converted."""
    ccy = reporting_currency(store)
    return store.df(MISSING_SQL, [ccy, ccy, ccy])


@dataclass(frozen=True)
class FxFlagged:
    """Lines the classified data flags as missing a rate (what the figures leave out)."""

    lines: int
    pairs: int  # distinct (currency, month)


def flagged(store, quarter_key: int | None = None) -> FxFlagged:
    """Count of classified lines with fx_missing, optionally for one quarter."""
    row = store.rows(
        "SELECT count(*), count(DISTINCT (currency, date_trunc('month', txn_date))) "
        "FROM classified_lines WHERE fx_missing AND (?::INTEGER IS NULL OR quarter_key = ?::INTEGER)",
        [quarter_key, quarter_key],
    )[0]
    return FxFlagged(int(row[0]), int(row[1]))
