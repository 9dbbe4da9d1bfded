"""The whole-table assignment: every (column, field) pair scored, the best consistent whole.

Business rule: one column per field, chosen for the table at once (Hungarian algorithm), so a
column that is clearly the vendor is not also the description, and a weak heading loses to a
strong one elsewhere. Then the amount rules: debit and credit together beat one amount; net
beats gross; the billing amount takes its own currency column. Every field says why.
"""

from __future__ import annotations

import re

from dataclasses import dataclass

from ingest.mapping.evidence import (
    _strength,
    _value_fit,
    _value_only,
    _value_words,
    name_evidence,
    name_words,
)
from ingest.mapping.fields import FIELDS, MONEY_FIELDS
from ingest.mapping.headings import analyse_heading
from ingest.mapping.model import Mapping, _amount_qualifiers
from ingest.mapping.book_amount import pick_book_amount
from ingest.mapping.row_currency import amount_in_row_currency
from ingest.mapping.two_sided import both_sides_on_every_row
from ingest.mapping.values import profile_column

NAME_FIELDS = ("vendor", "department")   # fields the names themselves can show


# ---- scoring and assignment --------------------------------------------------------------------
@dataclass(frozen=True)
class _Pair:
    weight: float
    heading: float
    why: str


PROFILE_CELLS = 40_000     # cells profiled per table: a 2,000-column sheet is judged on 20 rows

# the columns of a card feed: the card's last digits or its holder
_CARD_COLUMN = re.compile(r"(?i)\b(last (4|four)( digits)?|card last|card (number|no)|masked (pan|card)"
                          r"|name on card|cardholder|card holder|card member)\b")


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
        said = max(FIELDS, key=lambda f: evidence.scores[f]) if strongest_other >= 5 else None
        for fld in FIELDS:
            h = evidence.scores[fld]
            names = name_evidence(fld, prof) if fld in NAME_FIELDS else 0.0
            if h > 0:
                fit = _value_fit(fld, prof, h)
                if fit <= 0:
                    continue
                weight = h * (0.4 + 0.6 * fit)
                why = (f"heading {_strength(h)} ('{evidence.terms.get(fld, '')}'), "
                       f"{name_words(fld, prof) if names and h < 5 else _value_words(fld, prof)}")
                if names and h < 5:   # a weak heading ('entity name', 'ap ar'): the names
                    weight = max(weight, names) + 0.25 * min(weight, names)   # decide, it adds
            elif names and said in (None, "description"):
                # a code or system name ('ENEntity Name'), or a generic 'Description' heading
                # over names that say what they are
                weight = names
                why = (f"heading {'says description' if said else 'not recognised'}, "
                       f"{name_words(fld, prof)}")
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


def _cell_key(value) -> str:
    return "".join(ch for ch in str(value or "") if ch.isprintable()).strip().casefold()


def without_header_rows(columns: tuple[str, ...], sample) -> tuple:
    """The sample without the header repeated among its rows (a report repeats it per page or
    section, sometimes after a form feed): 'Currency' among 'EUR', 'EUR' is the heading again,
    not a value, and must not make the column look less like currencies."""
    header = tuple(_cell_key(c) for c in columns)
    def is_header(row) -> bool:
        cells = tuple(_cell_key(v) for v in row)
        return cells[:len(header)] == header[:len(cells)] and any(cells)
    return tuple(row for row in sample if not is_header(row))


def detect_mapping(columns: tuple[str, ...], sample: tuple[tuple[str | None, ...], ...],
                   default_currency: str = "GBP") -> Mapping:
    """Best whole-table mapping from headings and sample values, with a reason per field."""
    columns = tuple(columns)
    sample = without_header_rows(columns, sample)
    pairs = score_pairs(columns, sample)
    fields = _solve(columns, pairs)
    notes: list[str] = []
    # debit/credit beat a single amount only when both are there
    if "debit" in fields and "credit" in fields and both_sides_on_every_row(
            fields["debit"], fields["credit"], columns, sample):
        fields["amount"] = fields.pop("debit")
        notes.append(f"Each row is a whole journal entry ('{fields['amount']}' and "
                     f"'{fields.pop('credit')}' alike): the debit side is the line, its amount "
                     f"'{fields['amount']}'; the credit side is the counter-entry.")
    elif "debit" in fields and "credit" in fields:
        fields.pop("amount", None)
        notes.append(f"Amount = '{fields['debit']}' - '{fields['credit']}'.")
    else:
        fields.pop("debit", None)
        fields.pop("credit", None)
    if "amount" not in fields:   # a debit/credit mark signs a single amount column only
        fields.pop("direction", None)
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
        amount_in_row_currency(fields, columns, others, sample, notes)
        pick_book_amount(fields, columns, others + [amount],
                         before=amount if fields["amount"] != amount else None)
        if fields["amount"] != amount:   # the heading's qualifiers are the new column's
            currency_hint, amount_basis = _amount_qualifiers(fields["amount"])
    elif "debit" in fields:
        currency_hint, amount_basis = _amount_qualifiers(fields["debit"])   # 'Debit (GBP)'
    _bare_name_as_vendor(fields, columns, sample, notes)
    card = next((c for c in columns if _CARD_COLUMN.search(c or "")), None)
    if "vendor" not in fields and ("mcc" in fields or card) and "description" in fields:
        # a card feed (it carries merchant category codes, or the card's last digits: Mercury,
        # Divvy) describes each charge by its merchant
        fields["vendor"] = fields.pop("description")
        why = "it has merchant category codes" if "mcc" in fields else f"its '{card}' column"
        notes.append(f"No merchant column: '{fields['vendor']}' of this card feed ({why}) names "
                     "the merchant, taken as the vendor.")
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


# A heading that is only the word "name": in accounting packages' transaction reports
# (QuickBooks, Xero, NetSuite: Date, Type, Num, Name, Memo, Account, Amount) it is the party paid.
BARE_NAME_HEADINGS = frozenset({("name",), ("nom",), ("nombre",), ("naam",), ("nome",)})


def _bare_name_as_vendor(fields: dict[str, str], columns, sample, notes: list[str]) -> None:
    """No vendor column, and a column headed just 'Name' (in another language too) holding
    text that no field took: it is the vendor, and a note says so. Only the bare word: 'Employee
    Name' or 'Cardholder Name' is a person, not a supplier."""
    if "vendor" in fields:
        return
    taken = set(fields.values())
    values = _column_values(columns, sample)
    for column in columns:
        if column in taken or tuple(analyse_heading(column).tokens) not in BARE_NAME_HEADINGS:
            continue
        if profile_column(values[column]).text >= 0.5:
            fields["vendor"] = column
            notes.append(f"No supplier column: the names in '{column}' are taken as the vendor "
                         "(as accounting packages' transaction reports print the payee).")
            return


def _pick_currency_column(fields, columns, pairs, amount: str) -> None:
    """The currency column that belongs with the amount: 'Transaction Amt.' -> 'Trx Currency',
    not 'Original Currency'; an original-only currency column is no currency for a billing amount."""
    # a column taken as the description or reference by a weaker word ('Transaction Currency':
    # 'transaction' is a weak description word) is still a candidate: currency is what it names
    def weaker_elsewhere(c: str) -> bool:
        held = [k for k, v in fields.items() if v == c and k != "currency"]
        return all(k in ("description", "reference") and (c, k) in pairs
                   and pairs[(c, k)].weight < pairs[(c, "currency")].weight for k in held)
    candidates = [c for c in columns if (c, "currency") in pairs and weaker_elsewhere(c)]
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
        for k in [k for k, v in fields.items() if v == best and k != "currency"]:
            fields.pop(k)       # it names the currency, not the description
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
        if fld == "book_amount":
            text += (": a second amount, its heading naming a currency or the company's own "
                     f"(base, local, reporting), beside the amount as entered '{fields.get('amount')}'")
        elif chosen is not None:
            text += f": {chosen.why}"
            rivals = sorted(((pairs[(c, fld)].weight, c) for c in columns
                             if c != column and (c, fld) in pairs), reverse=True)
            if rivals and rivals[0][0] >= 0.75 * chosen.weight:
                text += f"; runner-up '{rivals[0][1]}' ({pairs[(rivals[0][1], fld)].why})"
        out.append((fld, text))
    return tuple(out)
