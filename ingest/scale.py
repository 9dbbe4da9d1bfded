"""Amounts in thousands or millions: the heading says so, every amount is scaled.

Business rule: finance summaries and some public files print money in thousands, and say so in
the heading only: `Spend (£000s)`, `Amount (GBP thousands)`, `Betrag in TEUR`, `Montant (k€)`,
`Value £m`. Read as written, 223.0 would be £223 instead of £223,000: the control total off by a
factor of 1,000 with nothing to show for it. So when the amount heading (or both debit and credit
headings) names a scale, every loaded amount, and the file's own totals, are multiplied by it,
and a note says so.

Worked example: 'Spend (£000s)' 223.0 and 482.6 load as 223,000.00 and 482,600.00. A heading in
the minor unit ('amount_cents', 'Amount (pence)') divides by 100: 201436 loads as 2,014.36.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ingest.mapping import Mapping

THOUSANDS = re.compile(
    r"(?:[£$€]\s?|(?<![\w,.]))'?000s?\b|\bthousands?\b|\(\s*k\s*\)|[£$€]\s?k\b|\bk\s?[£$€]"
    r"|\b(?:teur|keur|tsd|tausend|milliers|miles)\b|\bt€|\bk€", re.IGNORECASE)
MILLIONS = re.compile(r"[£$€]\s?m\b|\bmillions?\b|\(\s*m\s*\)|\b(?:mio|meur|mln)\b", re.IGNORECASE)
# API and payment exports (Stripe, Ramp, Adyen) write money in the currency's minor unit:
# 'amount_cents' 201436 is 2,014.36
MINOR_UNITS = re.compile(r"(?:^|[^a-z])(?:cents?|pence|minor[ _]?units?|centimes?|centavos?|"
                         r"centesimi|cts|in[ _]minor)(?:$|[^a-z])", re.IGNORECASE)
HUNDREDTH = Decimal("0.01")


def scale_of(heading: str | None) -> int | Decimal:
    """1000 for 'Spend (£000s)', 1,000,000 for 'Value £m', 0.01 for 'amount_cents', else 1."""
    if not heading:
        return 1
    if MILLIONS.search(heading):
        return 1_000_000
    if MINOR_UNITS.search(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", heading)):   # 'AmountInCents'
        return HUNDREDTH
    return 1000 if THOUSANDS.search(heading) else 1


def scale_amounts(cur, mapping: Mapping, preamble=()) -> str | None:
    """In TEMP _staged_rows: multiply the amounts by the scale the amount heading names, or
    else the scale a title row above the header states (ingest.preamble: `(£'000)`)."""
    from ingest.preamble import stated_scale

    headings = ([mapping.column("amount")] if mapping.amount_mode == "amount"
                else [mapping.column("debit"), mapping.column("credit")])
    scales = {scale_of(h) for h in headings}
    title = stated_scale(preamble) if scales == {1} else None
    if title:
        scales = {title[0]}
    if len(scales) != 1 or (scale := scales.pop()) == 1:
        return None
    cur.execute("UPDATE _staged_rows SET amount = amount * ? WHERE disposition = 'loaded'"
                " OR exclusion_kind IN ('total', 'footer', 'subtotal')", [scale])
    if scale == HUNDREDTH:
        return (f"Amounts in '{' / '.join(h for h in headings if h)}' are in the currency's "
                "minor unit (cents, pence), as the heading says: each is divided by 100.")
    word = "thousands" if scale == 1000 else "millions"
    if title:
        return (f"Amounts are in {word}, as the title above the header says ('{title[1]}'): "
                f"each is multiplied by {scale:,}.")
    return (f"Amounts in '{' / '.join(h for h in headings if h)}' are in {word}, as the heading says:"
            f" each is multiplied by {scale:,}.")
