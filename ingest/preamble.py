"""What a report's title and parameter rows say about every amount under them.

Business rule: a report printed from a ledger often states its currency and its scale once,
above the header, not in a column: a parameter block `Currency: EUR`, or a title
`IT cost report - March 2024 (£'000)`. Those rows are skipped as preamble, but what they say
holds for every line: the currency stated there is the file's currency (after one the user
gives and one the amount heading names; a line's own currency cell or symbol still wins), and
a scale stated there multiplies the amounts when the amount heading names none. A threshold in
a title (`Spend over £25,000`, `payments above 5 thousand`) is not a scale.

Worked example: rows `Company:, 200 - Northgate GmbH` / `Period:, Mar-24` / `Currency:, EUR`
above `Posting Date | Vendor | Amount` load every line in EUR, with a note naming the row;
`IT cost report - March 2024 (£'000)` above `Cost Centre | Supplier | Month Actual` loads
1.235 as 1,235.00.
"""

from __future__ import annotations

import re

from ingest.mapping.values import is_currency_code
from ingest.scale import scale_of

CURRENCY_LABEL = re.compile(
    r"^\s*(?:reporting |report |transaction |ledger |company |functional |base )?"
    r"(?:currency|curr\.?|ccy|w[äa]hrung|devise|moneda|divisa|valuta|valuuta|val[uū]ta|waluta"
    r"|m[ěe]na|moeda|para birimi|валюта|通貨|币种|貨幣|通货)\s*(?:code)?\s*[:=]?\s*,?\s*"
    r"(?P<code>[A-Za-z]{3}(?![A-Za-z])|[£€$¥])", re.IGNORECASE)
AMOUNTS_IN = re.compile(r"\b(?:amounts?|figures|values?|all amounts) (?:are )?(?:in|expressed in)"
                        r"\s+(?P<code>[A-Z]{3})\b")
THRESHOLD = re.compile(r"\b(?:over|above|exceed\w*|more than|greater than|threshold|at least"
                       r"|über|plus de|más de|oltre|boven|powyżej)\b", re.IGNORECASE)


def stated_currency(preamble) -> tuple[str, str] | None:
    """(code, the row as written) when a title or parameter row names the file's currency."""
    symbols = {"£": "GBP", "€": "EUR", "¥": "JPY"}
    for _, text in preamble:
        found = CURRENCY_LABEL.match(text or "") or AMOUNTS_IN.search(text or "")
        if not found:
            continue
        code = found.group("code")
        code = symbols.get(code, code.upper())
        if code != "$" and is_currency_code(code):
            return code, text.strip()
    return None


def stated_scale(preamble) -> tuple[int, str] | None:
    """(1000 or 1,000,000, the row) when a title row says the amounts are in thousands/millions."""
    for _, text in preamble:
        if text and not THRESHOLD.search(text) and (scale := scale_of(text)) != 1:
            return scale, text.strip()
    return None
