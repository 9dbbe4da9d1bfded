"""What a column's values look like: money, dates, periods, codes, text (a column profile).

Business rule: when a heading is silent or vague, the values decide. Each distinct sample value
is classified once; the profile holds shares of the filled cells. Example: ['834.29', '1140.00']
is 100% money with decimals; ['202401', '202402'] is 100% periods; ['GBP', 'EUR'] currency codes.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ingest.mapping.direction import mark_share
from ingest.mapping.vocab import strip_accents, value_tokens, value_words, vocabulary

# ---- values ------------------------------------------------------------------------------------
# the marks a cell may carry beside its number (the SQL reader, migrations 006/019/020, knows
# the same): codes, '$' forms (HK$, S$), symbols, and the words and letters of markets that
# write them; a code is an ISO 4217 one, so 'INV7000' is a reference ('R 12 345,67' rand, 'RM' ringgit, 'Rp' rupiah, 'Rs.' rupee, 'S/.' sol, 'грн')
_CURRENCY_MARK = (r"(?:" + "|".join(sorted(vocabulary().currency_codes)) + r"|[A-Z]{1,3}\$|[£$€¥₹₩₺₽₪₦₱₫฿₴₵₸₼₾₡₲₮₭৳₨円원元]|人民币|Kč|zł|kr\.?|Fr\.?"
                  r"|TL|Ft|lei|kn|RM|Rp|Rs\.?|S/\.?|Ksh?s?|грн\.?|руб\.?|лв\.?|Dhs?\.?|R(?=\s|\d{1,3}[ ,.\u00a0\u202f\u2009]\d{3}))")
_NUMBER = re.compile(
    rf"^[(\-+−–‒﹣－]?\s*(?:{_CURRENCY_MARK}\s*)?[(\-+−–‒﹣－]?\s*"
    r"(\d{1,3}(?:[,.'\u00a0\u202f\u2009 ]\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}|\d+)([.,]\d+)?"
    rf"\s*(?:{_CURRENCY_MARK})?\s*\)?\s*[-−–‒﹣－]?\s*(?:CR|DR)?\.?$",
    re.I,
)
_SPACE_AFTER_SEPARATOR = re.compile(r"([0-9][./-])\s+([0-9])")
_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}.*)?$")
_NUM_DATE = re.compile(r"^(\d{1,2})[-/.] ?(\d{1,2})[-/.] ?(\d{2}|\d{4})\.?(?:[ T]\d{1,2}:\d{2}.*)?$")
_NAMED_DATE = re.compile(r"^(\d{1,2})[ .\-/]*([a-z]{3,12})\.?[ .\-/,]*(\d{2}|\d{4})$")
_NAMED_DATE_US = re.compile(r"^([a-z]{3,12})\.? (\d{1,2}),? (\d{4})$")
_MINGUO_DATE = re.compile(r"^1[0-2]\d[-/.](\d{1,2})[-/.](\d{1,2})$")     # Taiwan: 113/03/04
_COMPACT_DATE = re.compile(r"^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$")
_PERIOD_PATTERNS = (
    re.compile(r"^(19|20)\d{2}(0[1-9]|1[0-2])$"),                       # 202401
    re.compile(r"^(19|20)\d{2}[-/.](0?[1-9]|1[0-2])$"),                 # 2024-03
    re.compile(r"^(0?[1-9]|1[0-2])[-/.](19|20)\d{2}$"),                 # 03/2024
    re.compile(r"^(19|20)\d{2}(/\d{2}|/\d{4}|-\d{2})?$"),               # 2024, 2024/25
    re.compile(r"^q[1-4][ \-]*(fy)?[ \-]*\d{2,4}(/\d{2,4})?$"),         # Q1 2024/25
    re.compile(r"^(fy)?[ \-]*\d{4}(/\d{2,4})?[ \-]*q[1-4]$"),           # 2024 Q1
    re.compile(r"^fy[ \-]*'?\d{2}[ \-]*q[1-4]$"),                         # FY25 Q1
    re.compile(r"^(19|20)\d{2}[-/ ]?w(k|eek)?\s*(0?[1-9]|[1-4]\d|5[0-3])(-?[1-7])?$"),   # 2024-W05
    re.compile(r"^(w|wk|week|kw)\s*(0?[1-9]|[1-4]\d|5[0-3])[-/ ]+(19|20)\d{2}$"),        # KW 5 2024
    re.compile(r"^fy[ \-]*\d{2,4}(/\d{2,4})?$"),                        # FY2024
    re.compile(r"^((fy[ \-]*'?(\d{2})?\d{2}|\d{4})(/\d{2,4})?[ \-]*)?p(eriod)?[ \-]*\d{1,2}"
               r"([ \-]+\d{4}(/\d{2,4})?)?$"),                            # 2024 P03, FY25 P12
)
_MONTH_PERIOD = re.compile(r"^([a-z]{3,12})\.?[ \-/']*(\d{2}|\d{4})$")   # Mar 2024, Mar-24
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/\-]{0,19}$")
_CURRENCY_SYMBOLS = frozenset({"£", "$", "€", "¥", "₹", "R$", "US$", "Kč", "zł", "HK$", "S$", "NT$",
                               "₦", "₱", "₩", "₫", "฿", "₴", "₽", "₪", "₺", "人民币", "RM", "Rp",
                               "Rs", "Rs.", "S/", "S/.", "KSh", "грн", "грн.", "руб", "руб.", "лв",
                               "лв.", "kr", "kr.", "Kč", "Ft", "lei", "TL", "원", "円", "元",
                               "د.إ", "ر.س", "ج.م", "د.ك", "ر.ق", "درهم", "ريال"})


def is_currency_code(value: str) -> bool:
    """'GBP', 'eur', '€', 'R$' -> True; 'OCC' (not an ISO 4217 code) -> False."""
    v = value.strip()
    return v in _CURRENCY_SYMBOLS or v.upper() in vocabulary().currency_codes


def _month(word: str) -> bool:
    return strip_accents(word).casefold().rstrip(".") in vocabulary().months


_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
# full-width, Arabic-Indic and Persian digits and separators as ASCII (the SQL reader's
# other_digits, migration 021): '１２５，０００', '٢٬٥٠٠٫٠٠'
_OTHER_DIGITS = str.maketrans("０１２３４５６７８９٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹，．٬٫￥－／",
                              "012345678901234567890123456789,.,.¥-/")


def _plain(value: str) -> str:
    return _ZERO_WIDTH.sub("", value.translate(_OTHER_DIGITS))


def is_money(value: str) -> bool:
    """'1,234.56', '(45.00)', '12,50-', '£ 1 000.00', 'USD 99.00', '100.00 CR', '1.234,56 €'."""
    return bool(_NUMBER.match(_plain(value).strip().removeprefix("'").strip()))   # "'6,937.10": Excel's text mark


def _has_decimals(value: str) -> bool:
    m = _NUMBER.match(_plain(value).strip().removeprefix("'").strip())
    return bool(m and m.group(2) and len(m.group(2)) <= 3)


_ORDINAL_DAY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)


def is_date(value: str) -> bool:
    """A calendar date written any usual way (ISO, d/m/y, m/d/y, '14 Mar 2024', 'März 3, 2024',
    20240314). Month names come from ingest/vocabulary/months.csv."""
    v = _ORDINAL_DAY.sub(r"\1", _plain(value).strip())          # '1st March 2024' -> '1 March 2024'
    # as date_cells (migration 022) reads it: Hungarian '2024. 03. 10.' is '2024.03.10'
    v = _SPACE_AFTER_SEPARATOR.sub(r"\1\2", _SPACE_AFTER_SEPARATOR.sub(r"\1\2", v)).rstrip(".")
    m = _ISO_DATE.match(v)
    if m:
        return 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31
    m = _NUM_DATE.match(v)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        return 1 <= a <= 31 and 1 <= b <= 31 and (a <= 12 or b <= 12)
    if _COMPACT_DATE.match(v):
        return True
    m = _MINGUO_DATE.match(v)
    if m:
        return 1 <= int(m.group(1)) <= 12 and 1 <= int(m.group(2)) <= 31
    low = strip_accents(v).casefold()
    m = _NAMED_DATE.match(low)
    if m:
        return _month(m.group(2)) and 1 <= int(m.group(1)) <= 31
    m = _NAMED_DATE_US.match(low)
    return bool(m and _month(m.group(1)) and 1 <= int(m.group(2)) <= 31)


def _is_serial_date(value: str) -> bool:
    """An Excel serial day 1954..2099, with or without the time as a fraction ('45378.5833'),
    as parse_date reads it (migration 006)."""
    whole, _, fraction = value.strip().partition(".")
    return whole.isdigit() and len(whole) == 5 and 20000 <= int(whole) <= 73000 and \
        (fraction == "" and "." not in value or fraction.isdigit())


def is_period(value: str) -> bool:
    """A month, quarter or year rather than a day: 202401, 2024-03, Mar 2024, Q1 2024/25, 2024."""
    low = strip_accents(value.strip()).casefold()
    if any(p.match(low) for p in _PERIOD_PATTERNS):
        return True
    m = _MONTH_PERIOD.match(low)
    return bool(m and _month(m.group(1)))


@dataclass(frozen=True)
class ColumnProfile:
    """What a column's sample values look like (shares of the filled cells)."""

    rows: int
    filled: int
    money: float
    decimals: float
    integers: float
    leading_zero: float
    date: float
    serial: float
    period: float
    text: float
    code_like: float
    currency_code: float
    mcc: float
    distinct: float
    avg_length: float
    legal_form: float = 0.0     # names carrying a company's legal form ('ACME LTD', 'Bosch GmbH')
    unit_word: float = 0.0      # names with an organisational-unit word ('Corporate Resources')
    distinct_values: int = 0    # how many different values the sample holds
    marks: float = 0.0          # debit/credit marks ('D'/'C', 'S'/'H', 'Af'/'Bij': mapping.direction)

    @property
    def fill(self) -> float:
        return self.filled / self.rows if self.rows else 0.0

    @property
    def id_like(self) -> bool:
        """Integers without decimals that look like identifiers, not money."""
        return self.integers >= 0.95 and self.decimals == 0 and (
            self.leading_zero > 0.05 or self.avg_length >= 7)


_INTEGER = re.compile(r"-?\d+|-?\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+")  # "29 002 589 460": grouped, no decimals
_LEADING_ZERO = re.compile(r"0\d+")
_LETTER = re.compile(r"[^\W\d_]")
# a UUID or an IBAN (GB29NWBK60161331926819) identifies; it never names a vendor or a unit
_IDENTIFIER = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
                         r"|[A-Z]{2}[0-9]{2} ?(?:[A-Z0-9]{4} ?){2,7}[A-Z0-9]{1,4}")
_MCC = re.compile(r"\d{3,4}")


def has_legal_form(value: str) -> bool:
    """A company name: 'ACME LTD', 'Insight Direct (UK) Ltd', 'Siemens AG', 'Fiat S.p.A.',
    'Foo Sp. z o.o.'; 'Bring Me Flowers' and 'Adult Services' are not. A short form (words of up
    to two letters: AG, SA, AS, Co) counts only as the last word; a longer one (Ltd, GmbH,
    Limited) also one word before the end ('Acme Limited UK')."""
    tokens = value_tokens(value)
    forms = value_words().legal_forms
    n = len(tokens)
    if n < 2:
        return False
    for end in (n - 1, n - 2):
        for form in forms.get(tokens[end], ()):
            start = end + 1 - len(form)
            short = all(len(w) <= 2 for w in form)
            if start >= 1 and tokens[start:end + 1] == form and (end == n - 1 or not short):
                return True
    return False


def has_unit_word(value: str) -> bool:
    """An organisational unit's name: 'Adult & Community Services', 'Direction des finances',
    'Abteilung Personal' (unit words in ingest/vocabulary/values.csv)."""
    units = value_words().units
    return any(t in units or (len(t) > 4 and t.endswith("s") and t[:-1] in units)
               for t in value_tokens(value))


@functools.lru_cache(maxsize=65536)
def _classify(v: str) -> tuple[bool, ...]:
    """One distinct value: money, decimals, integer, leading zero, date, serial, period, text,
    code-like, currency code, mcc, legal form, unit word."""
    money = is_money(v)
    date = is_date(v)
    # a UUID ('66d00001-a1b2-...', Revolut's transaction ID) or an IBAN is a code, not a name
    text = bool(_LETTER.search(v)) and not money and not date and not _IDENTIFIER.fullmatch(v)
    return (money, money and _has_decimals(v), bool(_INTEGER.fullmatch(v)),
            bool(_LEADING_ZERO.fullmatch(v)), date, _is_serial_date(v), is_period(v),
            text, bool(_CODE.match(v)) and (any(c.isdigit() for c in v) or v.isupper()),
            is_currency_code(v), bool(_MCC.fullmatch(v)), text and has_legal_form(v),
            text and has_unit_word(v))


def profile_column(values) -> ColumnProfile:
    """Shares over the filled cells; each distinct value is classified once."""
    counts: dict[str, int] = {}
    for v in values:
        if v is not None:
            text = str(v).strip()
            if text:
                counts[text] = counts.get(text, 0) + 1
    n = sum(counts.values())
    shares = [0.0] * 13
    length = 0
    for text, count in counts.items():
        length += len(text) * count
        for i, flag in enumerate(_classify(text)):
            if flag:
                shares[i] += count
    if n:
        shares = [x / n for x in shares]
    money, decimals, integers, leading, date, serial, period, text_, code, cur, mcc, legal, unit = shares
    return ColumnProfile(
        rows=len(values), filled=n, money=money, decimals=decimals, integers=integers,
        leading_zero=leading, date=date, serial=serial, period=period, text=text_, code_like=code,
        currency_code=cur, mcc=mcc, distinct=len(counts) / n if n else 0.0,
        avg_length=length / n if n else 0.0, legal_form=legal, unit_word=unit,
        distinct_values=len(counts), marks=mark_share(counts),
    )
