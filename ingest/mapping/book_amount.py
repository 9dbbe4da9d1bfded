"""The file's own amount in the company's currency, beside the amount as entered.

Business rule: an export with a currency column often prints each line twice, as entered (in the
line's own currency) and as booked in the company's ledger currency: 'Amount' / 'Currency' /
'Amount (GBP)', Concur's 'Transaction Amount' / 'Approved Amount (rpt)', SAP's 'Amount in DC' /
'Amount in LC', Oracle's 'Entered' / 'Accounted Amount (USD)'. The amount as entered stays the
line's amount (what the invoice says); the booked one is kept beside it (`book_amount`), so a
line in dollars of a sterling company counts in sterling at the rate the finance system used,
with no exchange-rate table to upload (models.sql.classify_mart_lines).

The booked amount is another amount column, not taken by any field, whose heading names a
currency the line amount's heading does not ('Amount (GBP)', 'Betrag EUR') or says it is the
company's ('base', 'functional', 'accounted', 'local', 'reporting', 'rpt', 'converted',
'Hauswährung', 'devise société'...). Never a foreign or original amount, never VAT. Its currency
is the heading's; else staging finds it in the lines (ingest.book_amounts: the one currency
whose lines show the same amount in both columns).

Worked example: Date, Supplier, Amount, Currency, Amount (GBP) with (USD, 2,000.00, 1,580.00):
the amount is USD 2,000.00 and the book amount GBP 1,580.00; a GBP-reporting company counts
1,580.00 for the line.
"""

from __future__ import annotations

from ingest.mapping.headings import analyse_heading

BOOK_WORDS = frozenset({
    "base", "functional", "accounted", "acctd", "local", "lc", "reporting", "rpt", "converted",
    "company", "home", "group", "book", "ledger", "haus", "hw", "societe", "locale", "lokal",
    "lokale", "basis", "functioneel",
})


def _is_book_heading(column: str, amount: str) -> bool:
    evidence, line = analyse_heading(column), analyse_heading(amount)
    if evidence.never_amount or evidence.secondary:
        return False
    if evidence.currency and evidence.currency != line.currency:
        return True
    return bool(set(evidence.tokens) & BOOK_WORDS) and not set(line.tokens) & BOOK_WORDS


def pick_book_amount(fields: dict[str, str], columns, amount_candidates,
                     before: str | None = None) -> None:
    """Set fields['book_amount'] to the booked amount column (module docstring), when the file
    has a currency column and such a column is free. `before` is the amount column the
    row-currency rule left (the same line converted): the first candidate."""
    amount = fields.get("amount")
    if not amount or not fields.get("currency") or "book_amount" in fields:
        return
    taken = set(fields.values())
    free = [c for c in columns if c in amount_candidates and c not in taken]
    if before in free:
        free.remove(before)
        free.insert(0, before)
    for column in free:
        if column == before or _is_book_heading(column, amount):
            fields["book_amount"] = column   # staging says what it found there
            return
