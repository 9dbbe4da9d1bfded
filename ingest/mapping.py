"""Column mapping: which source column feeds which canonical field, with no template.

Business rule: a CFO uploads whatever the ERP, AP system or card provider exported, in whatever
language. We read each heading as words, look the words up in a vocabulary kept as data
(ingest/vocabulary/*.csv, thirteen languages), profile each column's sample values (how many are
money, dates, periods, codes, text), score every (column, field) pair from both, and solve the
assignment for the whole table at once: one column per field, the best consistent whole. A
person can override any field; a confirmed mapping is remembered by the file's header signature,
so next month's export of the same shape maps itself.

Headings as words: `SumOfNet Amt` -> [net, amt] (camelCase split, pivot prefix `Sum of` dropped);
`FIN.NET TRANSACTION AMOUNT` -> [fin, net, transaction, amount]; `VALOR TRANSAÇÃO` ->
[valor, transacao] (accents stripped); German/Dutch/Scandinavian compounds are split on known
words (`Rechnungsbetrag` -> [rechnungs, betrag]). Qualifiers are evidence: a currency word or
symbol (`£`, `EUR`, `in €`, `(USD)`) gives `Mapping.currency_hint`; `net`, `excluding VAT`, `HT`,
`bez DPH`, `ohne MwSt`, `sin IVA` give `amount_basis='net'`; `gross`, `incl. VAT`, `TTC`, `brutto`
give 'gross'; net beats gross; a VAT, tax, quantity, rate or count heading is never the amount.

Amount rules, in order:
1. Debit and Credit columns -> amount = debit - credit (credits reduce spend).
2. Net and gross (and tax) columns -> the net amount (VAT/sales tax is not spend on the vendor).
3. Original and billing amounts (card feeds) -> the billing amount with its own currency column.
4. A line amount beats an invoice total repeated on each line (`Sub Amount` over `Invoice Amount`).
5. No amount heading at all -> the one column whose values are clearly line money (decimals,
   mostly filled, not an id, a count or a date).

Worked example: Devon's `PymtDate | SumOfNet Amt | SumOfVatAmt | SumOfGross Amt` maps date =
PymtDate, amount = 'SumOfNet Amt' (net beats gross, the VAT column is never the amount), and the
explanation reads "amount = 'SumOfNet Amt': heading strong ('net amt'), values 100% money".
Suffolk's `Sub Amount` (9) beats `Invoice Amount` (7, an invoice total) and the explanation names
the close runner-up. Bury's amount heading `Invoiced` is a weaker word, but its values are all
money, so amount = 'Invoiced'. A file whose amount column is headed `Zzz` still maps when
that is the one column of decimal money.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from importlib import resources

FIELDS = (
    "date", "vendor", "department", "cost_centre", "cost_centre_name", "account_code",
    "account_name", "description", "reference", "amount", "debit", "credit", "currency", "mcc", "period",
)
FIELD_LABELS = {
    "date": "Date", "vendor": "Vendor / supplier / merchant", "department": "Department",
    "cost_centre": "Cost centre code", "cost_centre_name": "Cost centre name",
    "account_code": "Account code", "account_name": "Account / expense type",
    "description": "Description / memo", "reference": "Reference / invoice no.",
    "amount": "Amount", "debit": "Debit", "credit": "Credit", "currency": "Currency",
    "mcc": "Merchant category code", "period": "Period (month / quarter, when there is no date)",
}
MONEY_FIELDS = ("amount", "debit", "credit")
TEXT_FIELDS = ("vendor", "department", "description", "account_name", "cost_centre_name")
# the vocabulary names the thing (cost centre, account); a name word or text values -> the name
CONCEPT_PAIRS = {"cost_centre": "cost_centre_name", "account_code": "account_name"}


# ---- headings as words -------------------------------------------------------------------------
_TRANSLIT = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "ł": "l", "Ł": "L",
                           "đ": "d", "Đ": "D", "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "–": "-",
                           "’": "'", "‘": "'"})
_SYMBOLS = "£€¥₹%#"
_TOKEN = re.compile(r"[a-z]{0,3}\$|[a-z0-9]+|[£€¥₹%#]")


def strip_accents(text: str) -> str:
    """'VALOR TRANSAÇÃO' -> 'VALOR TRANSACAO', 'Částka' -> 'Castka', 'Beløb' -> 'Belob'."""
    text = text or ""
    if text.isascii():
        return text
    text = text.translate(_TRANSLIT)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _raw_tokens(text: str) -> list[str]:
    t = strip_accents(text)
    t = re.sub(r"(?<![A-Za-z])([A-Za-z]{0,3})\$", lambda m: f" {m.group(1)}$ ", t)
    t = re.sub(f"([{_SYMBOLS}])", r" \1 ", t)
    t = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", t)               # NetAmount -> Net Amount
    t = re.sub(r"(?<=[A-Z])(?=[A-Z][a-z]{2})", " ", t)       # VATAmount -> VAT Amount
    t = re.sub(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", " ", t)  # 7CCN -> 7 CCN
    return _TOKEN.findall(t.casefold())


def normalise_heading(text: str) -> str:
    """Lowercase, non-alphanumerics -> space. Kept stable: header signatures are built on it."""
    return re.sub(r"\s+", " ", re.sub(r"[^0-9a-z]+", " ", (text or "").lower())).strip()


# ---- the vocabulary (data files) -----------------------------------------------------------------
@dataclass(frozen=True)
class Vocabulary:
    terms: dict[str, dict[tuple[str, ...], float]]       # field -> term tokens -> weight
    qualifiers: dict[str, dict[tuple[str, ...], str]]    # kind -> term tokens -> value
    months: dict[str, int]                                # month name / abbreviation -> 1..12
    currency_codes: frozenset[str]                        # ISO 4217 codes (currencies.csv)
    languages: frozenset[str]
    known_words: frozenset[str]                           # single-word terms, for compounds
    all_words: frozenset[str]                             # every word of every term

    def phrases(self, kind: str) -> dict[tuple[str, ...], str]:
        return self.qualifiers.get(kind, {})


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("ingest.vocabulary").joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


@functools.lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    terms: dict[str, dict[tuple[str, ...], float]] = {f: {} for f in FIELDS}
    languages: set[str] = set()
    for row in _rows("fields.csv"):
        if row["field"] not in terms:
            raise ValueError(f"ingest/vocabulary/fields.csv: unknown field {row['field']!r}")
        tokens = tuple(_raw_tokens(row["term"]))
        if tokens:
            weight = float(row["weight"])
            terms[row["field"]][tokens] = max(weight, terms[row["field"]].get(tokens, 0.0))
            languages.add(row["lang"])
    qualifiers: dict[str, dict[tuple[str, ...], str]] = {}
    for row in _rows("qualifiers.csv"):
        tokens = tuple(_raw_tokens(row["term"]))
        if tokens:
            qualifiers.setdefault(row["kind"], {})[tokens] = (row.get("value") or "").strip()
    months = {}
    for row in _rows("months.csv"):
        months["".join(_raw_tokens(row["name"]))] = int(row["month"])
    words = {t[0] for per in terms.values() for t in per if len(t) == 1}
    words |= {t[0] for kind, per in qualifiers.items() if kind != "stop" for t in per if len(t) == 1}
    codes = frozenset(row["code"].strip().upper() for row in _rows("currencies.csv"))
    every = {w for per in terms.values() for t in per for w in t}
    every |= {w for kind, per in qualifiers.items() if kind != "stop" for t in per for w in t}
    return Vocabulary(terms, qualifiers, months, codes, frozenset(languages),
                      frozenset(w for w in words if len(w) >= 4 and w.isalpha()), frozenset(every))


@functools.lru_cache(maxsize=4096)
def _split_compound(token: str) -> tuple[str, ...]:
    """'rechnungsbetrag' -> ('rechnungs', 'betrag'); 'lieferantenname' -> ('lieferant', 'name')."""
    known = vocabulary().known_words
    if token in known or len(token) < 8 or not token.isalpha():
        return (token,)
    for word in sorted((w for w in known if token.endswith(w)), key=len, reverse=True):
        prefix = token[: -len(word)]
        if len(prefix) < 4:
            continue
        for stem in (prefix, prefix[:-1], prefix[:-2]):
            if stem in known:
                return (stem, word)
        head = _split_compound(prefix)
        return (*head, word)
    return (token,)


@functools.lru_cache(maxsize=8192)
def heading_tokens(text: str) -> tuple[str, ...]:
    """A heading as words: 'SumOfNet Amt' -> ('sum', 'of', 'net', 'amt'),
    'MCH.MERCHANT NAME' -> ('mch', 'merchant', 'name'), 'Částka (Kč)' -> ('castka', 'kc')."""
    vocab = vocabulary()
    known = vocab.known_words
    raw = _raw_tokens(text)
    merged: list[str] = []
    for token in raw:                      # 'MwSt' split as Mw|St is one word again
        if merged and merged[-1] + token in vocab.all_words and not (
                merged[-1] in vocab.all_words and token in vocab.all_words):
            merged[-1] += token
        else:
            merged.append(token)
    out: list[str] = []
    for token in merged:
        if len(token) > 4 and token.endswith("s") and token not in known and token[:-1] in known:
            token = token[:-1]                                   # plurals: Amounts, Vendors
        out.extend(_split_compound(token))
    return tuple(out)


def _occurrences(tokens: tuple[str, ...], phrases) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, phrase) of every phrase found in the tokens, as whole words in order."""
    index = _first_word_index(id(phrases), phrases)
    found = []
    for i, token in enumerate(tokens):
        for phrase in index.get(token, ()):
            if tokens[i:i + len(phrase)] == phrase:
                found.append((i, i + len(phrase), phrase))
    return found


_INDEXES: dict[int, tuple[object, dict[str, list[tuple[str, ...]]]]] = {}


def _first_word_index(key: int, phrases) -> dict[str, list[tuple[str, ...]]]:
    cached = _INDEXES.get(key)
    if cached is not None and cached[0] is phrases:
        return cached[1]
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        index.setdefault(phrase[0], []).append(phrase)
    _INDEXES[key] = (phrases, index)
    return index


@dataclass(frozen=True)
class HeadingEvidence:
    """What a heading says: a score 0-10 per field, and its qualifiers."""

    heading: str
    tokens: tuple[str, ...]
    scores: dict[str, float]
    terms: dict[str, str]                 # field -> the vocabulary term that matched
    currency: str | None                  # ISO code named in the heading ('' = a currency, unnamed)
    basis: str | None                     # 'net' | 'gross' | None
    never_amount: bool                    # VAT, tax, quantity, rate, count...
    code_word: bool                       # id, no, code, Nummer...
    name_word: bool
    secondary: bool                       # 'original' (card feeds' foreign amount)


@functools.lru_cache(maxsize=8192)
def analyse_heading(heading: str) -> HeadingEvidence:
    """Score a heading for every field from the vocabulary. Example: 'FIN.TAX.TAX AMOUNT' scores
    0 for amount (tax), 'Employee Department' 10 for department, 'Invoice Amount' 7 for amount
    (an invoice total) while 'Sub Amount' scores 9 (a line amount)."""
    vocab = vocabulary()
    tokens = heading_tokens(heading)
    for pivot in sorted(vocab.phrases("pivot"), key=len, reverse=True):
        if tokens[: len(pivot)] == pivot and len(tokens) > len(pivot):
            tokens = tokens[len(pivot):]
            break
    qual = {kind: _occurrences(tokens, phrases) for kind, phrases in vocab.qualifiers.items()
            if kind != "stop"}
    stop = {t[0] for t in vocab.phrases("stop")}
    basis_spans = [(a, b) for kind in ("net", "gross") for a, b, _ in qual.get(kind, [])]
    net = bool(qual.get("net"))
    gross = bool(qual.get("gross"))
    basis = "net" if net else ("gross" if gross else None)    # net beats gross

    def inside(a: int, b: int, spans) -> bool:
        return any(x <= a and b <= y and (y - x) > (b - a) for x, y in spans)

    never = any(not inside(a, b, basis_spans) for a, b, _ in qual.get("not_amount", []))
    currency = None
    for a, b, phrase in qual.get("currency", []):
        value = vocab.phrases("currency")[phrase]
        if value or currency is None:
            currency = value
    code_spans = [(a, b) for a, b, _ in qual.get("code", [])]
    name_spans = [(a, b) for a, b, _ in qual.get("name", [])]
    secondary = bool(qual.get("secondary"))

    occurrences = []
    for fld in FIELDS:
        for a, b, phrase in _occurrences(tokens, vocab.terms[fld]):
            occurrences.append((fld, a, b, vocab.terms[fld][phrase], phrase))
    # a term inside a longer term of another field is that field's word ('invoice' in 'invoice date')
    kept = [o for o in occurrences
            if not any(p[0] != o[0] and p[1] <= o[1] and o[2] <= p[2] and (p[2] - p[1]) > (o[2] - o[1])
                       for p in occurrences)]
    qualifier_pos = {i for kind, occ in qual.items() for a, b, _ in occ for i in range(a, b)}
    content = [i for i, t in enumerate(tokens) if t not in stop and not t.isdigit()]
    scores: dict[str, float] = {f: 0.0 for f in FIELDS}
    terms: dict[str, str] = {}
    spans: dict[str, tuple[int, int]] = {}
    for fld in FIELDS:
        mine = [o for o in kept if o[0] == fld]
        if not mine:
            continue
        _, a, b, weight, phrase = max(mine, key=lambda o: (o[2] - o[1], o[3]))
        explained = set(range(a, b)) | qualifier_pos
        coverage = (sum(1 for i in content if i in explained) / len(content)) if content else 1.0
        scores[fld] = weight * (0.75 + 0.25 * coverage)
        terms[fld] = " ".join(phrase)
        spans[fld] = (a, b)

    def outside(word_spans, fld) -> bool:
        a, b = spans.get(fld, (0, 0))
        return any(not (a <= x and y <= b) for x, y in word_spans)

    for fld in MONEY_FIELDS:
        if scores[fld] and (never or code_spans and outside(code_spans, fld)):
            scores[fld] = 0.0
        elif scores[fld] and secondary:
            scores[fld] *= 0.4
    if scores["amount"]:
        if basis == "net":
            scores["amount"] += 1.0
        elif basis == "gross":
            scores["amount"] = max(1.0, scores["amount"] - 1.0)
    elif currency is not None and not never and not any(scores.values()):
        scores["amount"] = 5.0                   # a heading that is only '£' or 'EUR'
        terms["amount"] = "currency " + (currency or "symbol")
    for code_field, name_field in CONCEPT_PAIRS.items():
        base = scores[code_field]
        if not base:
            continue
        if name_spans and outside(name_spans, code_field):
            scores[name_field] = max(scores[name_field], base + 0.5)
            scores[code_field] = base * 0.4
        elif code_spans and outside(code_spans, code_field):
            scores[code_field] = base + 0.5
            scores[name_field] = max(scores[name_field], base * 0.4)
        else:
            scores[name_field] = max(scores[name_field], base * 0.85)
        terms.setdefault(name_field, terms[code_field])
    for fld in TEXT_FIELDS:
        if scores[fld] and code_spans and outside(code_spans, fld) and fld not in (
                CONCEPT_PAIRS.values()):
            scores[fld] *= 0.2
    if secondary:
        for fld in ("vendor", "currency", "date"):
            scores[fld] *= 0.8
    # a date heading over year/month values is the period ('Date ou période de versement': 2014)
    scores["period"] = max(scores["period"], 0.6 * scores["date"])
    if scores["period"] and "period" not in terms:
        terms["period"] = terms.get("date", "")
    return HeadingEvidence(heading, tokens, scores, terms, currency, basis, never,
                           bool(code_spans), bool(name_spans), secondary)


# ---- values ------------------------------------------------------------------------------------
_CURRENCY_MARK = r"(?:[A-Z]{3}|R\$|US\$|C\$|A\$|[£$€¥₹]|Kč|zł|kr\.?|Fr\.?)"
_NUMBER = re.compile(
    rf"^[(\-+−]?\s*(?:{_CURRENCY_MARK}\s*)?[(\-+−]?\s*"
    r"(\d{1,3}(?:[,.'\u00a0\u202f ]\d{3})+|\d+)([.,]\d+)?"
    rf"\s*(?:{_CURRENCY_MARK})?\s*\)?\s*[-−]?\s*(?:CR|DR)?\.?$",
    re.I,
)
_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}.*)?$")
_NUM_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:[ T]\d{1,2}:\d{2}.*)?$")
_NAMED_DATE = re.compile(r"^(\d{1,2})[ .\-/]*([a-z]{3,12})\.?[ .\-/,]*(\d{2}|\d{4})$")
_NAMED_DATE_US = re.compile(r"^([a-z]{3,12})\.? (\d{1,2}),? (\d{4})$")
_COMPACT_DATE = re.compile(r"^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$")
_PERIOD_PATTERNS = (
    re.compile(r"^(19|20)\d{2}(0[1-9]|1[0-2])$"),                       # 202401
    re.compile(r"^(19|20)\d{2}[-/.](0?[1-9]|1[0-2])$"),                 # 2024-03
    re.compile(r"^(0?[1-9]|1[0-2])[-/.](19|20)\d{2}$"),                 # 03/2024
    re.compile(r"^(19|20)\d{2}(/\d{2}|/\d{4}|-\d{2})?$"),               # 2024, 2024/25
    re.compile(r"^q[1-4][ \-]*(fy)?[ \-]*\d{2,4}(/\d{2,4})?$"),         # Q1 2024/25
    re.compile(r"^(fy)?[ \-]*\d{4}(/\d{2,4})?[ \-]*q[1-4]$"),           # 2024 Q1
    re.compile(r"^fy[ \-]*\d{2,4}(/\d{2,4})?$"),                        # FY2024
    re.compile(r"^(\d{4}(/\d{2,4})?[ \-]*)?p(eriod)?[ \-]*\d{1,2}([ \-]+\d{4}(/\d{2,4})?)?$"),
)
_MONTH_PERIOD = re.compile(r"^([a-z]{3,12})\.?[ \-/']*(\d{2}|\d{4})$")   # Mar 2024, Mar-24
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/\-]{0,19}$")
_CURRENCY_SYMBOLS = frozenset({"£", "$", "€", "¥", "₹", "R$", "US$", "Kč", "zł"})


def is_currency_code(value: str) -> bool:
    """'GBP', 'eur', '€', 'R$' -> True; 'OCC' (not an ISO 4217 code) -> False."""
    v = value.strip()
    return v in _CURRENCY_SYMBOLS or v.upper() in vocabulary().currency_codes


def _month(word: str) -> bool:
    return strip_accents(word).casefold().rstrip(".") in vocabulary().months


def is_money(value: str) -> bool:
    """'1,234.56', '(45.00)', '12,50-', '£ 1 000.00', 'USD 99.00', '100.00 CR', '1.234,56 €'."""
    return bool(_NUMBER.match(value.strip()))


def _has_decimals(value: str) -> bool:
    m = _NUMBER.match(value.strip())
    return bool(m and m.group(2) and len(m.group(2)) <= 3)


def is_date(value: str) -> bool:
    """A calendar date written any usual way (ISO, d/m/y, m/d/y, '14 Mar 2024', 'März 3, 2024',
    20240314). Month names come from ingest/vocabulary/months.csv."""
    v = value.strip()
    m = _ISO_DATE.match(v)
    if m:
        return 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31
    m = _NUM_DATE.match(v)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        return 1 <= a <= 31 and 1 <= b <= 31 and (a <= 12 or b <= 12)
    if _COMPACT_DATE.match(v):
        return True
    low = strip_accents(v).casefold()
    m = _NAMED_DATE.match(low)
    if m:
        return _month(m.group(2)) and 1 <= int(m.group(1)) <= 31
    m = _NAMED_DATE_US.match(low)
    return bool(m and _month(m.group(1)) and 1 <= int(m.group(2)) <= 31)


def _is_serial_date(value: str) -> bool:
    v = value.strip()
    return v.isdigit() and len(v) == 5 and 20000 <= int(v) <= 73000    # Excel serial 1954..2099


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

    @property
    def fill(self) -> float:
        return self.filled / self.rows if self.rows else 0.0

    @property
    def id_like(self) -> bool:
        """Integers without decimals that look like identifiers, not money."""
        return self.integers >= 0.95 and self.decimals == 0 and (
            self.leading_zero > 0.05 or self.avg_length >= 7)


_INTEGER = re.compile(r"-?\d+")
_LEADING_ZERO = re.compile(r"0\d+")
_LETTER = re.compile(r"[^\W\d_]")
_MCC = re.compile(r"\d{3,4}")


@functools.lru_cache(maxsize=65536)
def _classify(v: str) -> tuple[bool, ...]:
    """One distinct value: money, decimals, integer, leading zero, date, serial, period, text,
    code-like, currency code, mcc."""
    money = is_money(v)
    date = is_date(v)
    return (money, money and _has_decimals(v), bool(_INTEGER.fullmatch(v)),
            bool(_LEADING_ZERO.fullmatch(v)), date, _is_serial_date(v), is_period(v),
            bool(_LETTER.search(v)) and not money and not date,
            bool(_CODE.match(v)) and (any(c.isdigit() for c in v) or v.isupper()),
            is_currency_code(v), bool(_MCC.fullmatch(v)))


def profile_column(values) -> ColumnProfile:
    """Shares over the filled cells; each distinct value is classified once."""
    counts: dict[str, int] = {}
    for v in values:
        if v is not None:
            text = str(v).strip()
            if text:
                counts[text] = counts.get(text, 0) + 1
    n = sum(counts.values())
    shares = [0.0] * 11
    length = 0
    for text, count in counts.items():
        length += len(text) * count
        for i, flag in enumerate(_classify(text)):
            if flag:
                shares[i] += count
    if n:
        shares = [x / n for x in shares]
    money, decimals, integers, leading, date, serial, period, text_, code, cur, mcc = shares
    return ColumnProfile(
        rows=len(values), filled=n, money=money, decimals=decimals, integers=integers,
        leading_zero=leading, date=date, serial=serial, period=period, text=text_, code_like=code,
        currency_code=cur, mcc=mcc, distinct=len(counts) / n if n else 0.0,
        avg_length=length / n if n else 0.0,
    )


def _value_fit(fld: str, p: ColumnProfile, heading: float) -> float:
    """0..1: how well the values fit the field. 0 rules the pair out."""
    if p.filled == 0:
        return 0.0 if fld in ("date", "amount", "period", "currency", "mcc") else 0.5
    if fld in MONEY_FIELDS:
        need = 0.5 if heading >= 8 else 0.8
        if p.money < need or p.date >= 0.8 or p.serial >= 0.8 and heading < 8:
            return 0.0
        fit = p.money
        if p.id_like or p.period >= 0.8:
            fit *= 0.3
        if fld == "amount":
            fit *= 0.6 + 0.4 * p.fill             # the line amount is on (nearly) every line
        return fit
    if fld == "date":
        share = max(p.date, p.serial if heading >= 5 else 0.0)
        return share if share >= (0.5 if heading >= 8 else 0.6 if heading else 0.9) else 0.0
    if fld == "period":  # a strong heading needs a majority (the odd value is rejected, quoted)
        return p.period if p.period >= (0.5 if heading >= 8 else 0.8) and p.date < 0.5 else 0.0
    if fld == "currency":
        return p.currency_code if p.currency_code >= 0.8 else 0.0
    if fld == "mcc":
        return p.mcc if p.mcc >= 0.8 else 0.0
    if fld in ("cost_centre", "account_code"):
        return 0.3 + 0.7 * p.code_like if p.text < 0.9 or p.code_like > 0.5 else 0.25
    if fld in TEXT_FIELDS:
        if p.text < 0.5:
            return 0.0
        fit = p.text
        if fld in ("cost_centre_name", "account_name") and p.code_like > 0.8:
            fit *= 0.5
        if p.avg_length < 4:                      # 'VR', 'IT': codes more than names
            fit *= 0.6
        return fit
    return 1.0


def _value_only(fld: str, p: ColumnProfile) -> float:
    """Weight from the values alone (the heading says nothing): amount, date, period, currency."""
    if fld == "amount" and p.money >= 0.9 and p.date < 0.5 and p.period < 0.5 and not p.id_like \
            and p.serial < 0.5 and (p.decimals >= 0.2 or p.money > p.integers + 0.1):
        return 3.0 * p.money * (0.5 + 0.5 * p.fill)
    if fld == "date" and p.date >= 0.9:
        return 3.0 * p.date
    if fld == "period" and p.period >= 0.9 and p.date < 0.5 and p.money < 0.9:
        return 2.5 * p.period
    if fld == "currency" and p.currency_code >= 0.95 and p.distinct < 0.5:
        return 3.0
    return 0.0


def _value_words(fld: str, p: ColumnProfile) -> str:
    pct = {
        "amount": p.money, "debit": p.money, "credit": p.money, "date": max(p.date, p.serial),
        "period": p.period, "currency": p.currency_code, "mcc": p.mcc,
        "cost_centre": p.code_like, "account_code": p.code_like,
    }
    kind = {"amount": "money", "debit": "money", "credit": "money", "date": "dates",
            "period": "periods", "currency": "currency codes", "mcc": "category codes",
            "cost_centre": "codes", "account_code": "codes"}
    if p.filled == 0:
        return "values empty"
    if fld in pct:
        return f"values {pct[fld]:.0%} {kind[fld]}"
    if fld in TEXT_FIELDS:
        return f"values {p.text:.0%} text"
    return f"values {p.distinct:.0%} distinct"


def _strength(score: float) -> str:
    return "strong" if score >= 8 else "medium" if score >= 5.5 else "weak"


# ---- header rows -------------------------------------------------------------------------------
def header_score(cells: list[str]) -> float:
    """How much a row looks like a header: known headings (any vocabulary language) count,
    numbers and dates count against. ['Datum', 'Lieferant', 'Betrag'] -> 9.0."""
    score = 0.0
    for cell in cells:
        text = (cell or "").strip()
        if not text:
            continue
        if is_money(text) or is_date(text) or _is_serial_date(text) or is_period(text):
            score -= 2.0
            continue
        if text.isupper() and is_currency_code(text):  # 'USD' is a value, 'Currency' a heading
            score -= 1.0
            continue
        evidence = analyse_heading(text) if len(text) <= 80 else None
        if evidence is not None and max(evidence.scores.values()) >= 4.0:
            score += 3.0
        elif len(text) > 60:
            score -= 1.0
    return score


# ---- the mapping -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Mapping:
    """Canonical field -> source column name, plus how to read the values."""

    fields: dict[str, str] = field(default_factory=dict)
    default_currency: str = "GBP"
    date_order: str | None = None          # 'dmy' | 'mdy' | None (decide from the values)
    notes: tuple[str, ...] = ()
    # evidence from the amount heading's qualifiers ('£ SPEND (EXCLUDING VAT)' -> 'GBP', 'net')
    currency_hint: str | None = None       # ISO code named by the amount heading, if any
    amount_basis: str | None = None        # 'net' | 'gross' | None, from the amount heading
    # per field: why this column was chosen (and the runner-up when close), for the UI and CLI
    explanations: tuple[tuple[str, str], ...] = ()

    @property
    def amount_mode(self) -> str:
        if "debit" in self.fields or "credit" in self.fields:
            return "debit_credit"
        return "amount"

    def column(self, name: str) -> str | None:
        return self.fields.get(name)

    def explanation(self, name: str) -> str | None:
        return dict(self.explanations).get(name)

    def with_overrides(self, overrides: dict[str, str | None], columns: tuple[str, ...]) -> "Mapping":
        from ingest.errors import IngestError

        fields = dict(self.fields)
        why = dict(self.explanations)
        for key, column in overrides.items():
            if key not in FIELDS:
                raise IngestError(
                    f"Unknown field '{key}' in the mapping. Fields: {', '.join(FIELDS)}."
                )
            if column in (None, ""):
                fields.pop(key, None)
                why[key] = f"{key}: none (chosen by you)"
                continue
            match = _match_column(column, columns)
            if match is None:
                raise IngestError(
                    f"There is no column '{column}' for {key}. Columns: {', '.join(columns)}."
                )
            # a column feeds one field: taking it away from another field
            for other, col in list(fields.items()):
                if col == match and other != key:
                    fields.pop(other)
                    why.pop(other, None)
            fields[key] = match
            why[key] = f"{key} = '{match}': chosen by you"
            if key == "amount":
                fields.pop("debit", None)
                fields.pop("credit", None)
            if key in ("debit", "credit"):
                fields.pop("amount", None)
        hint, basis = self.currency_hint, self.amount_basis
        default = self.default_currency
        if "amount" in overrides:
            hint, basis = _amount_qualifiers(fields.get("amount"))
            if hint and "currency" not in fields:
                default = hint
        return replace(self, fields=fields, currency_hint=hint, amount_basis=basis, default_currency=default,
                       explanations=tuple((f, why[f]) for f in FIELDS if f in why))

    def to_json(self) -> str:
        return json.dumps({"fields": self.fields, "default_currency": self.default_currency,
                           "date_order": self.date_order, "currency_hint": self.currency_hint,
                           "amount_basis": self.amount_basis}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Mapping":
        data = json.loads(text)
        return cls(fields=data.get("fields", {}), default_currency=data.get("default_currency", "GBP"),
                   date_order=data.get("date_order"), currency_hint=data.get("currency_hint"),
                   amount_basis=data.get("amount_basis"))


def _match_column(name: str, columns: tuple[str, ...]) -> str | None:
    if name in columns:
        return name
    lowered = {c.strip().lower(): c for c in columns}
    return lowered.get(name.strip().lower())


def _amount_qualifiers(column: str | None) -> tuple[str | None, str | None]:
    if not column:
        return None, None
    evidence = analyse_heading(column)
    return (evidence.currency or None), evidence.basis


def header_signature(columns: tuple[str, ...]) -> str:
    """Same headings (ignoring case, spacing and order-preserving) -> same signature."""
    norm = "|".join(normalise_heading(c) for c in columns)
    return hashlib.sha256(norm.encode()).hexdigest()[:32]


# ---- scoring and assignment --------------------------------------------------------------------
@dataclass(frozen=True)
class _Pair:
    weight: float
    heading: float
    why: str


PROFILE_CELLS = 40_000     # cells profiled per table: a 2,000-column sheet is judged on 20 rows


def _column_values(columns, sample) -> dict[str, list[str | None]]:
    rows = max(20, PROFILE_CELLS // max(1, len(columns)))
    sample = sample[:rows]
    return {c: [row[i] if i < len(row) else None for row in sample] for i, c in enumerate(columns)}


def score_pairs(columns: tuple[str, ...], sample) -> dict[tuple[str, str], _Pair]:
    """(column, field) -> weight from the heading and the values together, with the reason."""
    values = _column_values(columns, sample)
    pairs: dict[tuple[str, str], _Pair] = {}
    for column in columns:
        evidence = analyse_heading(column)
        prof = profile_column(values[column])
        strongest_other = max(evidence.scores.values(), default=0.0)
        for fld in FIELDS:
            h = evidence.scores[fld]
            if h > 0:
                fit = _value_fit(fld, prof, h)
                if fit <= 0:
                    continue
                weight = h * (0.4 + 0.6 * fit)
                why = (f"heading {_strength(h)} ('{evidence.terms.get(fld, '')}'), "
                       f"{_value_words(fld, prof)}")
            else:
                if evidence.never_amount and fld in MONEY_FIELDS or strongest_other >= 5:
                    continue
                weight = _value_only(fld, prof)
                if weight <= 0:
                    continue
                why = f"heading not recognised, {_value_words(fld, prof)}"
            pairs[(column, fld)] = _Pair(weight, h, why)
    return pairs


def _assign(rows: int, cols: int, weight) -> list[int]:
    """Maximum-weight assignment of rows to distinct columns (Hungarian algorithm, rows <= cols).
    Returns the column of each row. weight(r, c) is the gain; callers add zero-gain columns so
    a row may stay unassigned."""
    inf = float("inf")
    u = [0.0] * (rows + 1)
    v = [0.0] * (cols + 1)
    p = [0] * (cols + 1)
    way = [0] * (cols + 1)
    for i in range(1, rows + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (cols + 1)
        used = [False] * (cols + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, cols + 1):
                if not used[j]:
                    cur = -weight(i0 - 1, j - 1) - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(cols + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    result = [-1] * rows
    for j in range(1, cols + 1):
        if p[j]:
            result[p[j] - 1] = j - 1
    return result


def _solve(columns: tuple[str, ...], pairs: dict[tuple[str, str], _Pair]) -> dict[str, str]:
    n = len(columns)

    def gain(r: int, c: int) -> float:
        if c >= n:
            return 0.0                                         # 'no column' for this field
        pair = pairs.get((columns[c], FIELDS[r]))
        if pair is None:
            return -1e6                                        # not allowed
        return pair.weight - 1e-4 * c - 1e-5 * r               # ties: the earlier column
    chosen = _assign(len(FIELDS), n + len(FIELDS), gain)
    return {FIELDS[r]: columns[c] for r, c in enumerate(chosen)
            if 0 <= c < n and (columns[c], FIELDS[r]) in pairs}


def detect_mapping(columns: tuple[str, ...], sample: tuple[tuple[str | None, ...], ...],
                   default_currency: str = "GBP") -> Mapping:
    """Best whole-table mapping from headings and sample values, with a reason per field."""
    columns = tuple(columns)
    pairs = score_pairs(columns, sample)
    fields = _solve(columns, pairs)
    notes: list[str] = []
    # debit/credit beat a single amount only when both are there
    if "debit" in fields and "credit" in fields:
        fields.pop("amount", None)
        notes.append(f"Amount = '{fields['debit']}' - '{fields['credit']}'.")
    else:
        fields.pop("debit", None)
        fields.pop("credit", None)
    currency_hint = amount_basis = None
    if "amount" in fields:
        amount = fields["amount"]
        evidence = analyse_heading(amount)
        currency_hint, amount_basis = _amount_qualifiers(amount)
        others = [c for c in columns if c != amount and (c, "amount") in pairs]
        gross = [c for c in others if analyse_heading(c).basis == "gross"]
        if amount_basis == "net" and gross:
            notes.append(f"Net and gross amounts found: using net '{amount}'.")
        elif not evidence.secondary and any(analyse_heading(c).secondary for c in others):
            notes.append(f"Original and billing amounts found: using '{amount}' "
                         "(the amount billed) and its currency.")
        elif others:
            notes.append(f"Amount taken from '{amount}'.")
        _pick_currency_column(fields, columns, pairs, amount)
    elif "debit" in fields:
        currency_hint, amount_basis = _amount_qualifiers(fields["debit"])   # 'Debit (GBP)'
    if "department" not in fields and "cost_centre_name" in fields:
        notes.append(f"No department column: departments are the cost-centre names in "
                     f"'{fields['cost_centre_name']}'.")
    if "currency" not in fields and currency_hint:
        # the heading is the file's own evidence: it beats the fallback currency
        source = fields.get("amount") or fields.get("debit")
        notes.append(f"No currency column: the heading '{source}' names the currency, so amounts "
                     f"are taken as {currency_hint}.")
        default_currency = currency_hint
    elif "currency" not in fields:
        notes.append(f"No currency column: amounts are taken as {default_currency}. "
                     "Change the currency if that is wrong.")
    return Mapping(fields=fields, default_currency=default_currency, notes=tuple(notes),
                   currency_hint=currency_hint, amount_basis=amount_basis,
                   explanations=_explain(fields, columns, pairs))


def _pick_currency_column(fields, columns, pairs, amount: str) -> None:
    """The currency column that belongs with the amount: 'Transaction Amt.' -> 'Trx Currency',
    not 'Original Currency'; an original-only currency column is no currency for a billing amount."""
    candidates = [c for c in columns if (c, "currency") in pairs and c not in (
        v for k, v in fields.items() if k != "currency")]
    if not candidates:
        return
    amount_tokens = set(analyse_heading(amount).tokens)
    amount_secondary = analyse_heading(amount).secondary
    synonyms = ({"billing"}, {"trx", "transaction", "trans", "txn"}, {"original", "orig"})

    def affinity(c: str) -> float:
        ev = analyse_heading(c)
        toks = set(ev.tokens)
        s = sum(5.0 for group in synonyms if group & toks and group & amount_tokens)
        if ev.secondary and not amount_secondary:
            s -= 5.0
        return s + pairs[(c, "currency")].weight / 10
    best = max(candidates, key=affinity)
    if affinity(best) >= 0:
        fields["currency"] = best
    else:
        fields.pop("currency", None)


def _explain(fields, columns, pairs) -> tuple[tuple[str, str], ...]:
    out = []
    for fld in FIELDS:
        column = fields.get(fld)
        if column is None:
            continue
        chosen = pairs.get((column, fld))
        text = f"{fld} = '{column}'"
        if chosen is not None:
            text += f": {chosen.why}"
            rivals = sorted(((pairs[(c, fld)].weight, c) for c in columns
                             if c != column and (c, fld) in pairs), reverse=True)
            if rivals and rivals[0][0] >= 0.75 * chosen.weight:
                text += f"; runner-up '{rivals[0][1]}' ({pairs[(rivals[0][1], fld)].why})"
        out.append((fld, text))
    return tuple(out)


def field_candidates(fld: str, columns: tuple[str, ...], sample,
                     limit: int = 3) -> list[tuple[str, float, str]]:
    """The likeliest columns for one field, best first: (column, weight, why). A missing field
    still gets guesses from its values, with no threshold ('Amount?' -> the most money-like)."""
    columns = tuple(columns)
    pairs = score_pairs(columns, sample)
    found = [(c, pairs[(c, fld)].weight, pairs[(c, fld)].why) for c in columns if (c, fld) in pairs]
    if len(found) < limit:
        values = _column_values(columns, sample)
        seen = {c for c, _, _ in found}
        for c in columns:
            if c in seen:
                continue
            prof = profile_column(values[c])
            share = {"date": max(prof.date, prof.serial), "period": prof.period}.get(
                fld, prof.money if fld in MONEY_FIELDS else prof.text)
            if share >= 0.5 and not (fld in MONEY_FIELDS and analyse_heading(c).never_amount):
                found.append((c, share, _value_words(fld, prof)))
    found.sort(key=lambda t: -t[1])
    return found[:limit]


def _samples(values: list[str | None], n: int = 3) -> list[str]:
    out: list[str] = []
    for v in values:
        if v is not None and str(v).strip() and str(v).strip() not in out:
            out.append(str(v).strip()[:40])
        if len(out) == n:
            break
    return out


def column_samples(columns: tuple[str, ...], sample, n: int = 3) -> dict[str, list[str]]:
    """Column -> up to n distinct sample values (for the mapping editor and messages)."""
    values = _column_values(tuple(columns), sample)
    return {c: _samples(values[c], n) for c in columns}


def missing_field_help(fld: str, columns: tuple[str, ...], sample) -> str:
    """What to do when a required field has no column: every column with sample values, the
    best guesses, and the exact CLI option to try. Example:

        No column was recognised as the amount. The columns, with sample values:
          'Client': OCC, OCC
          'Zzz': 834.29, 1140.00, 500.50   <- likely (heading not recognised, values 100% money)
        Try: --map amount="Zzz"
    """
    columns = tuple(columns)
    label = FIELD_LABELS.get(fld, fld).lower()
    guesses = field_candidates(fld, columns, sample)
    likely = {c: why for c, _, why in guesses}
    lines = [f"No column was recognised as the {label}. The columns, with sample values:"]
    for column, values in column_samples(columns, sample).items():
        line = f"  '{column}': " + (", ".join(values) if values else "(empty)")
        if column in likely:
            line += f"   <- likely ({likely[column]})"
        lines.append(line)
    target = guesses[0][0] if guesses else "COLUMN"
    lines.append(f"Try: --map {fld}=\"{target}\"")
    if fld == "amount":
        lines.append('Or debit and credit columns: --map debit="DEBIT COLUMN" --map credit="CREDIT COLUMN"')
    if fld == "date":
        lines.append("Or, when the file has no line dates, give its period: --period 2024-03")
    return "\n".join(lines)
