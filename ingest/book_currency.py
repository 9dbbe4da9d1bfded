"""The currency of a file's booked amounts, and their sign, once the rows are typed.

Business rule: the booked amount column (ingest.mapping.book_amount: 'Amount (GBP)' beside
'Amount' and 'Currency') is each line's amount in the company's ledger currency. Its currency is
the one its heading names; else the one currency whose lines show the same amount in both
columns (at least 95% of them: a sterling line is booked as written), when other currencies'
lines differ. A file that shows neither keeps no booked amount and says why. The booked amount
takes the sign the line ends with (a credit note signed negative, a debit/credit mark), so a
refund of USD 500 booked as '395.00' counts -395.00. A cell that is not a number leaves the line
without one (it still counts by exchange rate), said with a count; the cell's text is kept with
the row's other cells (ingest.load, source_rows).

Worked example: lines (GBP 1,200.00 | 1,200.00), (USD 2,000.00 | 1,580.00), (EUR 3,000.00 |
2,610.00) under 'Amount (rpt)': only GBP lines agree, so the booked amounts are GBP; the USD line
counts GBP 1,580.00 in a sterling report, however the exchange-rate table stands.
"""

from __future__ import annotations

from ingest.mapping import Mapping
from ingest.mapping.headings import analyse_heading

AGREEING_SHARE = 0.95


def _agreeing_currency(cur) -> str | None:
    rows = cur.execute(
        "SELECT currency_code, avg(CASE WHEN book_amount = amount THEN 1 ELSE 0 END) AS agree"
        " FROM _staged_rows WHERE disposition = 'loaded' AND book_amount IS NOT NULL AND amount <> 0"
        " GROUP BY currency_code").fetchall()
    agreeing = [code for code, share in rows if share >= AGREEING_SHARE]
    if len(agreeing) == 1 and len(rows) > 1:
        return agreeing[0]
    return None


def book_currency(cur, mapping: Mapping) -> str | None:
    """Give _staged_rows' booked amounts their currency and sign (module docstring); the note."""
    column = mapping.column("book_amount")
    if column is None:
        return None
    code = analyse_heading(column).currency or _agreeing_currency(cur)
    if not code:
        cur.execute("UPDATE _staged_rows SET book_amount = NULL WHERE book_amount IS NOT NULL")
        return (f"'{column}' looks like each line's amount in the company's currency, but neither "
                "its heading nor the lines say which currency it is: it is not used (lines in "
                "other currencies count by exchange rate). Name the currency in the heading, "
                "e.g. 'Amount (GBP)', to use it.")
    cur.execute(
        "UPDATE _staged_rows SET book_currency = $code, book_amount = CASE"
        " WHEN amount < 0 THEN -abs(book_amount) WHEN amount > 0 THEN abs(book_amount)"
        " ELSE book_amount END WHERE disposition = 'loaded' AND book_amount IS NOT NULL",
        {"code": code})
    foreign, booked, currencies = cur.execute(
        "SELECT count(*), count(book_amount), string_agg(DISTINCT currency_code, ', '"
        " ORDER BY currency_code) FROM _staged_rows"
        " WHERE disposition = 'loaded' AND currency_code IS DISTINCT FROM $code",
        {"code": code}).fetchall()[0]
    if not foreign:
        return None
    note = (f"Amounts in {code} taken from '{column}' for {booked:,} line(s) in other currencies "
            f"({currencies}): they count at the file's own conversion, with no exchange rate needed.")
    if booked < foreign:
        note += (f" {foreign - booked:,} line(s) have no number there and count by exchange rate "
                 "(the cell is kept with the row).")
    return note
