"""Debit/credit marks: the column that says which side of the ledger an unsigned amount is on.

Business rule: many exports print every amount as a positive number and say in a column of its
own which side it is on: SAP's Soll/Haben-Kennzeichen ('S' / 'H'), 'Dr/Cr', 'D/C', a Dutch
bank's 'Af Bij' (money out / in), Spanish D/H (debe / haber), Italian D/A (dare / avere), Polish
Wn/Ma. Left unread, a credit note or a refund adds to the spend instead of reducing it.

A column is such a mark (field `direction`) when its heading names it (ingest/vocabulary/
fields.csv: 'Dr/Cr', 'Debit/Credit indicator', 'Soll/Haben', 'S/H', 'Af Bij', 'Sens', 'SHKZG'...)
AND nearly every filled cell of the sample is a mark below (`mark_share`), so a 'Debit/Credit'
column of signed numbers stays an amount. Which side is spend depends on whose books the export
is from: an expense account's lines are debits, a supplier account's invoices are credits, a
bank account's payments are 'Af'. So the side carrying the larger part of the money is the
spend (`spend_side`), the other side counts negative, and a note says which it was. A line's
amount is |amount| on the spend side and -|amount| on the other (an amount already signed is
not flipped twice); a line whose mark is neither, or empty, is rejected with the mark quoted.

Worked example: 'Af Bij' with 'Af' 12,10 / 'Af' 45,30 / 'Bij' 5,00: 'Af' holds 57.40 of 62.40,
so the lines are 12.10, 45.30 and -5.00, a total of 52.40.
"""

from __future__ import annotations

import unicodedata

DEBIT_MARKS = frozenset({
    "d", "dr", "db", "deb", "debit", "debet", "debito", "debe", "dare", "s", "soll", "af",
    "wn", "winien", "md", "ma dati", "cargo", "+",
})
CREDIT_MARKS = frozenset({
    "c", "cr", "cred", "credit", "credito", "h", "haben", "haber", "a", "avere", "bij", "ma",
    "dal", "abono", "-",
})


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace(".", " ").split())


def mark_of(text: str | None) -> str | None:
    """'debit', 'credit' or None for one cell: 'Cr.' -> 'credit', 'S' -> 'debit', 'X' -> None."""
    if text is None:
        return None
    folded = _fold(str(text))
    if folded in DEBIT_MARKS:
        return "debit"
    if folded in CREDIT_MARKS:
        return "credit"
    return None


def mark_share(counts: dict[str, int]) -> float:
    """The share of the filled cells (distinct text -> count) that are debit or credit marks,
    when they are few distinct values (a mark column holds two, maybe a spelling or two more)."""
    n = sum(counts.values())
    if not n or len(counts) > 6:
        return 0.0
    return sum(c for text, c in counts.items() if mark_of(text) is not None) / n


def spend_side(debit_total, credit_total) -> str:
    """The side whose lines hold more of the money ('debit' on a tie)."""
    return "credit" if credit_total > debit_total else "debit"
