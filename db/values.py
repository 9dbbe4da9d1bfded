"""Single values people write, read one way everywhere: months, currency codes, FX rates (the
settings that hold such values are read in db.settings).

Business rule: a month typed in a budget or FX file (ingest) and a month typed in the rate editor
or `techspend fx set` (models.fx) must mean the same month, and a rate must pass the same checks,
so both layers parse with these functions. They live in db/ because ingest and models may both
import db but not each other. Pure functions; each raises ValueError with a reason a person can
act on (callers add the file and row).

Worked example::

    parse_month("Apr-25")         -> date(2025, 4, 1)
    parse_month("2025-04-17")     -> date(2025, 4, 1)
    parse_month("03/04/2025")     -> ValueError (day/month or month/day?) unless slash_order given
    parse_currency(" usd ")       -> "USD"
    parse_rate("0,80")            -> Decimal("0.80000000")
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Iterable

_MONTHS = {
    name: index
    for index, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


def slash_date_order(values: Iterable[str]) -> str | None:
    """'dmy' or 'mdy' for a column of d/m/y-looking dates, decided from all its values.

    A part > 12 decides; otherwise a column whose first parts are all 1 is day-first (first of
    the month, the usual way to write a month), whose second parts are all 1 month-first."""
    pairs = []
    for value in values:
        match = re.match(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})\b", str(value))
        if match:
            pairs.append((int(match.group(1)), int(match.group(2))))
    if not pairs:
        return None
    if any(a > 12 for a, _ in pairs):
        return "dmy"
    if any(b > 12 for _, b in pairs):
        return "mdy"
    if all(a == 1 for a, _ in pairs):
        return "dmy"
    if all(b == 1 for _, b in pairs):
        return "mdy"
    return None


def parse_month(text: str, slash_order: str | None = None) -> date:
    """A month or a date -> first day of its month. Raises ValueError with a reason."""
    raw = str(text).strip()
    value = raw.lower()
    match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:[ t]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?", value)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        day = int(match.group(3) or 1)
        return _checked(raw, year, month, day)
    match = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})(?: \d{1,2}:\d{2}(:\d{2})?)?", value)
    if match:
        a, b, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        year = year + 2000 if year < 100 else year
        order = slash_order or ("dmy" if a > 12 else "mdy" if b > 12 else None)
        if order is None:
            raise ValueError(
                f"date '{raw}' could be day/month or month/day; write the month as YYYY-MM"
            )
        day, month = (a, b) if order == "dmy" else (b, a)
        return _checked(raw, year, month, day)
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{4})", value)  # 04/2025
    if match:
        return _checked(raw, int(match.group(2)), int(match.group(1)), 1)
    match = re.fullmatch(r"(?:(\d{1,2})[ -])?([a-z]+)\.?[ \-/,]*'?(\d{2}|\d{4})", value)  # Apr 2025, Apr-25, 1 Apr 2025
    if match and match.group(2) in _MONTHS:
        year = int(match.group(3))
        year = year + 2000 if year < 100 else year
        return _checked(raw, year, _MONTHS[match.group(2)], int(match.group(1) or 1))
    raise ValueError(f"'{raw}' is not a month or a date (write it as YYYY-MM, e.g. 2025-04)")


def _checked(raw: str, year: int, month: int, day: int) -> date:
    try:
        date(year, month, day)
    except ValueError:
        raise ValueError(f"date '{raw}' does not exist") from None
    if not 1900 <= year <= 2200:
        raise ValueError(f"date '{raw}' has an implausible year")
    return date(year, month, 1)


def parse_rate(text: str) -> Decimal:
    """An FX rate (units of the 'to' currency for one 'from') -> Decimal, 8 places."""
    raw = str(text).strip()
    value = raw.replace(" ", "")
    if re.fullmatch(r"\d+,\d+", value):
        value = value.replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d+)?|\.\d+", value):
        raise ValueError(f"rate '{raw}' is not a positive number")
    try:
        rate = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"rate '{raw}' is not a number") from exc
    if rate <= 0:
        raise ValueError(f"rate '{raw}' must be greater than zero")
    if rate >= Decimal("1e10"):
        raise ValueError(f"rate '{raw}' is too large")
    return rate.quantize(Decimal("0.00000001"))


def parse_currency(text: str) -> str:
    """A 3-letter ISO currency code, upper case."""
    code = str(text).strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise ValueError(f"currency '{text}' is not a 3-letter ISO code such as USD")
    return code
