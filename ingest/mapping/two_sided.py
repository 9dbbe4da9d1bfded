"""A journal row that carries both sides of its entry: the debit side is the line.

Business rule: Japanese and Korean journal exports (仕訳帳: Money Forward, freee, Yayoi; 전표)
print each entry on one row, the debit side and the credit side each with its own account and
amount: 借方勘定科目 支払手数料 | 借方金額 330,765 | 貸方勘定科目 未払金 | 貸方金額 330,765. Read
as debit minus credit every line is 0. When both sides' amounts are filled and equal on most
rows of the sample (EQUAL_SHARE), the row is a whole entry: its amount is the debit amount (the
expense), and the credit side (the payable or bank it was booked against) is its counter-entry,
kept with the row's other cells.

Worked example: rows (330765 | 330765), (2386234 | 2386234): amount = '借方金額(円)', 330,765
and 2,386,234; a file of single-sided rows (7914842 | 0) stays debit minus credit.
"""

from __future__ import annotations

EQUAL_SHARE = 0.8


def _cell(row, i) -> str:
    return "".join(str(row[i] or "").split()) if i < len(row) else ""


def both_sides_on_every_row(debit: str, credit: str, columns, sample) -> bool:
    """True when the sample's rows fill the debit and credit amounts alike (module docstring)."""
    i, j = columns.index(debit), columns.index(credit)
    filled = [(_cell(r, i), _cell(r, j)) for r in sample if _cell(r, i) or _cell(r, j)]
    if len(filled) < 2:
        return False
    equal = sum(1 for d, c in filled if d == c and d.strip("0.,-") != "")
    return equal >= EQUAL_SHARE * len(filled)
