"""Two amount columns and one currency column: the amount is the one written in that currency.

Business rule: ERP registers print each line twice, once as entered (in the document's own
currency, the one the currency column names) and once converted to the company's base currency:
Oracle's 'Entered Amount' / 'Accounted Amount (USD)' beside 'Entered Currency', NetSuite's
'Amount (Foreign Currency)' / 'Amount' beside 'Currency'. Taking the base amount with the row's
currency code books USD 21,600 as EUR 21,600. The amount that goes with the currency column is:

* the amount column whose heading shares the currency column's qualifier word ('Entered',
  'Transaction', 'Document', 'Invoice', 'Foreign', 'Original'), when the chosen one does not;
* else, when one amount is marked foreign/original and the sample shows the two amounts equal
  exactly on the lines of one currency and different on the others (the base currency's lines
  are the same in both), the foreign one.

Worked example: NetSuite rows (USD, '12,345.67', '12,345.67') and (GBP, '8,000.00',
'10,168.80'): the columns agree only on USD lines, so 'Currency' describes 'Amount (Foreign
Currency)', which becomes the amount; the GBP line loads GBP 8,000.00, not GBP 10,168.80.
"""

from __future__ import annotations

from ingest.mapping.headings import analyse_heading

_GENERIC = {"currency", "curr", "cur", "ccy", "code", "amount", "amt", "value", "the", "in", "of"}
_QUALIFIERS = {"entered", "transaction", "trx", "txn", "trans", "document", "doc", "invoice",
               "inv", "foreign", "original", "orig", "fc", "source", "billing", "bill"}


def _qualifier_words(column: str) -> set[str]:
    return set(analyse_heading(column).tokens) & _QUALIFIERS


def _norm(value) -> str:
    return "".join(str(value or "").split())


def amount_in_row_currency(fields: dict[str, str], columns, amount_candidates, sample,
                           notes: list[str]) -> None:
    """Switch fields['amount'] to the amount written in the currency column's currency (see the
    module docstring); notes say so."""
    amount, currency = fields.get("amount"), fields.get("currency")
    if not amount or not currency:
        return
    others = [c for c in amount_candidates if c != amount and c not in fields.values()]
    if not others:
        return
    words = _qualifier_words(currency)
    if words and not (words & _qualifier_words(amount)):
        siblings = [c for c in others if words & _qualifier_words(c)]
        if siblings:
            _switch(fields, siblings[0], currency, notes)
            return
    foreign = [c for c in others if analyse_heading(c).secondary
               and not analyse_heading(amount).secondary]
    if not foreign:
        return
    index = {c: i for i, c in enumerate(columns)}
    ia, if_, ic = index[amount], index[foreign[0]], index[currency]
    same, differ = set(), set()
    for row in sample:
        if max(ia, if_, ic) >= len(row) or not _norm(row[ia]) or not _norm(row[if_]):
            continue
        (same if _norm(row[ia]) == _norm(row[if_]) else differ).add(_norm(row[ic]).upper())
    if differ and len(same) == 1 and not (same & differ):
        _switch(fields, foreign[0], currency, notes)


def _switch(fields: dict[str, str], column: str, currency: str, notes: list[str]) -> None:
    before = fields["amount"]
    fields["amount"] = column
    notes[:] = [n for n in notes if not n.startswith(("Amount taken from", "Original and billing"))]
    notes.append(f"Amount taken from '{column}', written in the currency '{currency}' names; "
                 f"'{before}' is the same line converted to another currency.")
