"""A report with one amount column per month is not a ledger of lines: say so, never load one month.

Business rule: a budget or spend report laid out by month (`Vendor | Jan | Feb | ... | Dec`,
`2024-01 | 2024-02 ...`, `Q1 | Q2 | Q3 | Q4`) has no line per transaction. Mapped as a ledger, its
first month column became the amount and every other month's spend was silently left in the
file's unmapped cells: a year's spend read as January's. So when the amount column the mapping
chose is one of three or more columns headed by periods, or their total beside them (`Total`,
`FY Total`, `YTD`: a year's spend dated on one day), the load is refused with the columns
named and what to do: export the transaction detail, or load one month on purpose by naming its
column (`--map amount="Mar"`; a column the person chose is never refused).

Worked example: `Supplier | Cost Centre | Jan-24 | Feb-24 | Mar-24 | Total`: the mapping picks
`Jan-24` as the amount; the load is refused naming Jan-24, Feb-24, Mar-24 (before, 7,597.63 of
63,808.13 loaded with no warning). `Supplier | Budget | Actual | Variance` is not refused.
"""

from __future__ import annotations

import re

from ingest.errors import IngestError
from ingest.mapping.model import Mapping
from ingest.mapping.values import _month

_NUMBERED = re.compile(
    r"(q[1-4]|p(?:eriod)?\s*0?[1-9]|p(?:eriod)?\s*1[0-6]|m(?:onth)?\s*(?:0?[1-9]|1[0-2]))"
    r"(\s*[-/ ']?\s*(fy\s*)?\d{2,4}(/\d{2})?)?"
    r"|\d{4}\s*[-/.]?\s*(0[1-9]|1[0-2])|(0?[1-9]|1[0-2])\s*[-/.]\s*\d{4}"
    r"|(fy\s*)?\d{4}\s*[-/ ]?\s*q[1-4]|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}")
# a month column of a budget-vs-actual report: 'Jan 2024 Actual', 'Feb 2024 Budget'
_MEASURE = re.compile(r"\s+(actuals?|budget|forecast|spend|plan|outturn|ist|soll|r[ée]el|real|var(iance)?)$")
_TOTAL = re.compile(r"((fy|full year|year|annual|grand|row)\s*)?(total|ytd|year to date|sum|gesamt"
                    r"|totale?|summe)(\s*(actuals?|spend|\(?[£$€]\)?|\d{4}))?")
_WORD = re.compile(r"([^\W\d_]+)\.?(\s*[-/ ']?\s*\d{2,4})?")


def is_period_heading(heading: str | None) -> bool:
    """'Jan', 'January 2024', 'Jan-24', '2024-01', '202401', 'Q1', 'Q1 2024', 'P04', 'M03',
    '2024-01-01', 'Jan 2024 Actual'."""
    text = _MEASURE.sub("", " ".join((heading or "").lower().split()))
    if not text:
        return False
    if _NUMBERED.fullmatch(text):
        return True
    word = _WORD.fullmatch(text)
    return bool(word) and _month(word.group(1))


def refuse_month_columns(src, mapping: Mapping, overrides: dict) -> Mapping:
    """The mapping, unless its amount is one of three or more month columns (see the module)."""
    amount = mapping.column("amount")
    if amount is None or "amount" in overrides:
        return mapping
    # the month columns' own total ('Total', 'FY Total', 'YTD') would date a year on one day
    if not (is_period_heading(amount) or _TOTAL.fullmatch(" ".join(amount.lower().split()))):
        return mapping
    months = [c for c in src.columns if is_period_heading(c)]
    if len(months) < 3:
        return mapping
    shown = ", ".join(months[:12]) + (" ..." if len(months) > 12 else "")
    raise IngestError(
        f"{src.file_name}: the columns {shown} hold an amount per period (a report laid out by "
        "month or quarter), not one line per transaction; loaded as a ledger, only one of them "
        "would count and the other periods' spend would be lost. Export the transaction detail "
        "(one row per invoice, payment or card transaction) instead, or, to load one period (or "
        f"the total, dated by --period) on purpose, name its column: --map amount=\"{months[0]}\".")
