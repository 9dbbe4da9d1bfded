"""What a report's title and parameter rows say about every amount under them.

Business rule: a report printed from a ledger often states its currency and its scale once,
above the header, not in a column: a parameter block `Currency: EUR`, or a title
`IT cost report - March 2024 (£'000)`. Those rows are skipped as preamble, but what they say
holds for every line: the currency stated there is the file's currency (after one the user
gives and one the amount heading names; a line's own currency cell or symbol still wins), and
a scale stated there multiplies the amounts when the amount heading names none. A threshold in
a title (`Spend over £25,000`, `payments above 5 thousand`) is not a scale. Weaker still, after
any symbol in the amount cells: a ledger written in a script of one currency's country
(Japanese kana, Korean, Thai, Hebrew, Vietnamese, Greek ...) is in that currency, not the
workspace's default, and the note says why; so is one headed in a language of one currency's
countries (Dutch, Danish, Polish ...: ingest.heading_language).

Worked example: rows `Company:, 200 - Northgate GmbH` / `Period:, Mar-24` / `Currency:, EUR`
above `Posting Date | Vendor | Amount` load every line in EUR, with a note naming the row;
`IT cost report - March 2024 (£'000)` above `Cost Centre | Supplier | Month Actual` loads
1.235 as 1,235.00.
"""

from __future__ import annotations

import re

from ingest.heading_language import heading_language_currency
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


def stated_currency(src) -> tuple[str, str, str] | None:
    """(code, the note to show, 'title' | 'script'): the currency a title or parameter row
    names, else the one the file's script implies (weaker than a symbol in the amount cells)."""
    found = _title_currency(src.preamble)
    if found:
        return found[0], f"Currency {found[0]}, as the row above the header says: '{found[1]}'.", \
            "title"
    script = script_currency(src.sample)
    if script:
        return script[0], (f"Currency {script[0]}, as the file is written in {script[1]} and "
                           "no currency column, heading or symbol says otherwise. If that is "
                           "wrong, load it again with --replace --currency CODE."), "script"
    language = heading_language_currency(src.columns)
    if language:
        return language[0], (f"Currency {language[0]}, as the headings are {language[1]} and "
                             "no currency column, heading or symbol says otherwise. If that is "
                             "wrong, load it again with --replace --currency CODE."), "script"
    return None


# scripts used by one currency's country: a ledger written in them is in that currency
SCRIPT_CURRENCIES = (
    (re.compile(r"[\u3040-\u30ff]"), "JPY", "Japanese"),      # kana: Japanese, never Chinese
    (re.compile(r"[\uac00-\ud7af]"), "KRW", "Korean"),
    (re.compile(r"[\u0e00-\u0e7f]"), "THB", "Thai"),
    (re.compile(r"[\u0590-\u05ff]"), "ILS", "Hebrew"),
    (re.compile(r"[\u10a0-\u10ff]"), "GEL", "Georgian"),
    (re.compile(r"[\u0530-\u058f]"), "AMD", "Armenian"),
    (re.compile(r"[\u0370-\u03ff]"), "EUR", "Greek"),        # Greece and Cyprus: both euro
    (re.compile(r"[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđĐ]"), "VND", "Vietnamese"),
)


def script_currency(sample) -> tuple[str, str] | None:
    """(code, language) when a fifth or more of the sample rows hold text in a script of one
    currency's country (kana for yen, Hangul for won, Thai, Hebrew ...). Chinese characters
    alone (yuan, Hong Kong or Taiwan dollars), Cyrillic and Arabic say no one currency."""
    rows = [" ".join(c for c in row if c) for row in sample or ()]
    if not rows:
        return None
    for pattern, code, language in SCRIPT_CURRENCIES:
        if sum(1 for text in rows if pattern.search(text)) * 5 >= len(rows):
            return code, language
    return None


def _title_currency(preamble) -> tuple[str, str] | None:
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
        if text and not THRESHOLD.search(text) and (scale := scale_of(text)) > 1:   # never cents from a title ('pounds and pence')
            return scale, text.strip()
    return None
