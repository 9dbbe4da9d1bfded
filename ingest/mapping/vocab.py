"""The heading vocabulary (data files in ingest/vocabulary/) and headings split into raw words.

Business rule: what a heading means lives in data, not code, so a new language is a few CSV
rows. Terms are tokenised exactly like headings: `Částka`, `castka` and `CÁSTKA` are one term;
`NetAmount` is [net, amount]; `Rechnungsbetrag` is [rechnungs, betrag] (compounds split on
known words).
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

from ingest.mapping.fields import FIELDS

# ---- headings as words -------------------------------------------------------------------------
_TRANSLIT = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "ł": "l", "Ł": "L",
                           "đ": "d", "Đ": "D", "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "–": "-",
                           "’": "'", "‘": "'"})
_SYMBOLS = "£€¥₹%#"
# ASCII words, symbols, and words of other scripts (Greek Ποσό, Japanese 金額, Korean 금액)
_TOKEN = re.compile(r"[a-z]{0,3}\$|[a-z0-9]+|[£€¥₹₦₱₩₫฿₴₽₪₺₵₸₼₾₡₲₮₭৳%#]|[^\W\da-z_]+")


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


@dataclass(frozen=True)
class ValueWords:
    """Words that show what a column's values are (ingest/vocabulary/values.csv)."""

    legal_forms: dict[str, tuple[tuple[str, ...], ...]]   # last word -> legal forms ending with it
    units: frozenset[str]                                  # organisational unit / function words


def value_tokens(text: str) -> tuple[str, ...]:
    """A cell value as words, casefolded first (so 'GMBH' and 'GmbH' are one word):
    'Insight Direct (UK) Ltd' -> ('insight', 'direct', 'uk', 'ltd'), 'S.p.A.' -> ('s', 'p', 'a')."""
    return tuple(_raw_tokens((text or "").casefold()))


@functools.lru_cache(maxsize=1)
def value_words() -> ValueWords:
    forms: dict[str, list[tuple[str, ...]]] = {}
    units: set[str] = set()
    for row in _rows("values.csv"):
        tokens = value_tokens(row["term"])
        if not tokens:
            continue
        if row["kind"] == "legal_form":
            forms.setdefault(tokens[-1], []).append(tokens)
        elif row["kind"] == "unit":
            units.update(tokens)
        else:
            raise ValueError(f"ingest/vocabulary/values.csv: unknown kind {row['kind']!r}")
    return ValueWords({k: tuple(v) for k, v in forms.items()}, frozenset(units))
