"""Credit notes printed positive: a document-type column says which lines are credits.

Business rule: many AP registers and transaction lists print every amount unsigned and say in a
type column what the document is: Sage's `PI` (purchase invoice) and `PC` (purchase credit),
`Invoice` / `Credit Note`, `Vendor Bill` / `Vendor Credit`, `Rechnung` / `Gutschrift`,
`Facture` / `Avoir`. Summed as printed, a credit note adds to the spend. So when a column holds
only document types (every sampled cell is an invoice, credit or payment type, both invoices and
credits among them) and NO credit line is already negative (a signed file is left alone), the
credit lines count negative, and a note says how many. In such a column, payments of invoices
(Sage's `PP`, `PA`, `Bill Payment`) and the sales side or money in (`SI`, `SR`, `BR`...) are
excluded with their reason: the invoices they pay are the spend. Direct payments with no invoice
behind them (`BP` bank, `CP` cash) and journals load as printed.

Worked example: `PI 2,450.00` and `PC 180.00` (5 unused seats credited) load as 2,450.00 and
-180.00, and `PP 2,270.00` (paying them) is excluded: the spend is 2,270.00, not 4,900.00.
"""

from __future__ import annotations

import re
import unicodedata

from ingest.mapping import Mapping
from ingest.readers import SourceTable

_INVOICE = {"pi", "invoice", "invoices", "bill", "vendor bill", "purchase invoice", "supplier invoice",
            "inv", "ap invoice", "rechnung", "eingangsrechnung", "facture", "factura", "fattura",
            "faktura", "factuur", "lasku", "fatura", "standard", "si",
            "purchase order", "vendor invoice", "purchase", "purch inv", "invoice journal"}
_CREDIT = {"pc", "credit", "credit note", "credit memo", "vendor credit", "bill credit",
           "supplier credit", "purchase credit", "cn", "crn", "credit invoice", "ap credit memo",
           "gutschrift", "avoir", "nota de credito", "nota di credito", "creditnota", "kreditnota",
           "kreditfaktura", "hyvityslasku", "faktura korygujaca"}
# a payment of invoices (listed, or listed elsewhere): never spend again
_PAYMENT = {"pp", "pa", "pd", "payment", "bill payment", "payment on account", "zahlung", "reglement",
            "pago", "pagamento", "betaling", "supplier payment", "vendor payment", "bill pmt"}
# Sage 50's sales side and money in (sales invoice, credit, receipt, on account, discount; bank,
# cash and VAT receipts): not spend
_NOT_SPEND = {"si", "sc", "sr", "sa", "sd", "br", "vr"}
# Sage 50's direct payments (bank, cash, VAT; no invoice behind them) and journals: lines as
# printed, so a column of them is still a type column
# ('CR', Sage's cash receipt, is also a credit elsewhere: left as printed, never guessed)
_AS_PRINTED = {"bp", "cp", "vp", "jd", "jc", "cr"}
_SAMPLE = 20000
_WIDEST = 64      # a type column sits among the first columns; a 5,000-column file is not scanned


def _fold(text: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.casefold()).split())


def sign_credit_notes(cur, src: SourceTable, mapping: Mapping) -> str | None:
    """In TEMP _staged_rows: negate the loaded credit-note lines of a file that prints them
    positive beside a document-type column. Returns the note, or None."""
    if mapping.column("direction") or mapping.amount_mode != "amount":
        return None   # marks or debit/credit columns sign the lines already
    mapped = set(mapping.fields.values())
    candidates = [i for i, name in enumerate(src.columns[:_WIDEST]) if name not in mapped]
    if not candidates:
        return None
    distinct = cur.execute("SELECT " + ", ".join(f"approx_count_distinct(c{i})" for i in candidates)
                           + f" FROM (SELECT * FROM _src LIMIT {_SAMPLE})").fetchone()
    for i, n in zip(candidates, distinct):
        if not n or n > 30:
            continue
        name = src.columns[i]
        values = cur.execute(f"SELECT c{i}, count(*) FROM (SELECT c{i} FROM _src LIMIT {_SAMPLE})"
                             f" WHERE c{i} IS NOT NULL AND trim(c{i}) <> '' GROUP BY 1"
                             " LIMIT 40").fetchall()
        if not values or len(values) >= 40:
            continue
        folded = {v: _fold(v) for v, _ in values}
        if not all(f in _INVOICE | _CREDIT | _PAYMENT | _NOT_SPEND | _AS_PRINTED
                   for f in folded.values()):
            continue
        if not any(f in _INVOICE for f in folded.values()):
            continue
        notes = [note for note in (_sign_credits(cur, i, name, folded),
                                   _exclude_payments(cur, i, name, folded)) if note]
        if notes:
            return " ".join(notes)
    return None


def _exclude_payments(cur, i: int, name: str, folded: dict[str, str]) -> str | None:
    """Exclude the payment and sales/money-in lines of a type column that lists invoices too:
    Sage's PP pays a PI already summed (its amount would count the spend twice)."""
    counts = []
    for kinds, why in ((_PAYMENT, "a payment of invoices, which are the spend; not summed again"),
                       (_NOT_SPEND, "sales or money in (a receipt), not spend")):
        values = sorted(v for v, f in folded.items() if f in kinds)
        if values:
            n = cur.execute(
                "UPDATE _staged_rows l SET disposition = 'excluded', exclusion_kind = 'not spend',"
                f" reason = ? || s.c{i} || ? FROM _src s WHERE s.source_row = l.source_row"
                f" AND l.disposition = 'loaded' AND s.c{i} IN (SELECT unnest(?::VARCHAR[]))",
                [f"{name} \"", f"\": {why}.", values]).fetchone()[0]
            if n:
                counts.append(f"{n:,} line(s) typed {', '.join(repr(v) for v in values)} in "
                              f"'{name}' ({why})")
    return ("Excluded: " + "; ".join(counts) + ".") if counts else None


def _sign_credits(cur, i: int, name: str, folded: dict[str, str]) -> str | None:
    """Negate the credit-note lines of type column c<i> when none is already negative."""
    credits = [v for v, f in folded.items() if f in _CREDIT]
    if credits:
        negative, positive = cur.execute(
            f"SELECT count(*) FILTER (WHERE l.amount < 0), count(*) FILTER (WHERE l.amount > 0)"
            f" FROM _staged_rows l JOIN _src s USING (source_row) WHERE l.disposition = 'loaded'"
            f" AND s.c{i} IN (SELECT unnest(?::VARCHAR[]))", [credits]).fetchone()
        if negative or not positive:
            return None   # credits already signed, or none loaded: nothing to do
        cur.execute(f"UPDATE _staged_rows l SET amount = -l.amount FROM _src s"
                    f" WHERE s.source_row = l.source_row AND l.disposition = 'loaded'"
                    f" AND l.amount > 0 AND s.c{i} IN (SELECT unnest(?::VARCHAR[]))", [credits])
        shown = ", ".join(f"'{c}'" for c in sorted(credits))
        return (f"{positive:,} credit note line(s) ({shown} in '{name}') are printed positive:"
                " they count negative, against the spend.")
    return None
