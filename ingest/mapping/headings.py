"""What a heading says: a score per field from the vocabulary, and its qualifiers.

Business rule: a heading is read as words. The longest vocabulary term wins ('invoice date' is a
date, not an invoice); qualifiers are evidence ('£' gives the currency, 'net' the basis, 'VAT'
means never the amount, 'id' means a code, 'name' / '(T)' means the name of the thing). Example:
'FIN.TAX.TAX AMOUNT' scores 0 for amount, 'Employee Department' 10 for department, 'Sub Amount'
9 and 'Invoice Amount' 7 for amount. `header_score` says how much a row looks like a header.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ingest.mapping.fields import CONCEPT_PAIRS, FIELDS, MONEY_FIELDS, TEXT_FIELDS
from ingest.mapping.values import _is_serial_date, is_currency_code, is_date, is_money, is_period
from ingest.mapping.vocab import _raw_tokens, _split_compound, vocabulary


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
        if token[:2] in _CJK_SIDES and len(token) > 2 and token not in known:
            out.extend((token[:2], token[2:]))                   # 借方勘定科目 -> 借方 | 勘定科目
            continue
        out.extend(_split_compound(token))
    return tuple(out)


# A journal row that carries both sides of the entry names each side's columns by a side word:
# 借方勘定科目 / 貸方勘定科目 (Japanese), 차변 / 대변 (Korean), 'Debit Account' / 'Credit Account'.
# In a ledger of spend the debit side is the line (the expense account, its supplier and unit);
# the credit side is its counter-entry (accounts payable, the bank), so its names score low.
_CJK_SIDES = frozenset({"借方", "貸方", "贷方", "차변", "대변"})
_DEBIT_SIDE = frozenset({"借方", "차변", "debit", "dr", "debet", "soll"})
_CREDIT_SIDE = frozenset({"貸方", "贷方", "대변", "credit", "cr", "kredit", "haben"})
_PARTY_FIELDS = ("vendor", "department", "cost_centre", "cost_centre_name", "account_code", "account_name")


def _side_of_named_column(tokens, scores, spans) -> None:
    """'Debit Account', '貸方部門': a side word before a name or code field's term. The money
    fields lose the heading (it names the account, not an amount); on the credit side the
    name fields score low (the counter-entry). Scores are changed in place."""
    if len(tokens) < 2 or tokens[0] not in _DEBIT_SIDE | _CREDIT_SIDE:
        return
    named = [f for f in _PARTY_FIELDS if scores[f] and spans.get(f, (0, 0))[0] >= 1]
    if not named:
        return
    for fld in MONEY_FIELDS:
        scores[fld] = 0.0
    if tokens[0] in _CREDIT_SIDE:
        for fld in named:
            scores[fld] *= 0.3


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
        spans.setdefault(name_field, spans[code_field])
    # 'Ap/Ar ID(T)', 'Supplier No Name': a name word after the code word names the coded party
    # or unit (a coded account or cost centre is its concept's name field, above)
    names_the_code = bool(name_spans and code_spans) and max(name_spans)[0] > max(code_spans)[0]
    for fld in TEXT_FIELDS:
        if names_the_code and fld in ("vendor", "department"):
            continue
        if scores[fld] and code_spans and outside(code_spans, fld) and \
                fld not in CONCEPT_PAIRS.values():
            scores[fld] *= 0.2
    if secondary:
        for fld in ("vendor", "currency", "date"):
            scores[fld] *= 0.8
    _side_of_named_column(tokens, scores, spans)
    # a date heading over year/month values is the period ('Date ou période de versement': 2014)
    scores["period"] = max(scores["period"], 0.6 * scores["date"])
    if scores["period"] and "period" not in terms:
        terms["period"] = terms.get("date", "")
    return HeadingEvidence(heading, tokens, scores, terms, currency, basis, never,
                           bool(code_spans), bool(name_spans), secondary)


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
