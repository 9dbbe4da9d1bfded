"""Bank and card feeds: payments that did not go through, money in, and spend printed negative.

Business rule: a business bank or card account's export (Revolut Business, Wise, Monzo, Brex,
Soldo...) lists every movement of the account, not only spend:
- a state column says whether a payment went through: `REVERTED`, `DECLINED`, `FAILED`,
  `CANCELLED`, `VOIDED` lines never left the account, so they are excluded with that reason;
- a type column says what the movement is: `TOPUP` ("Money added from ACME LTD"), `EXCHANGE`
  (between the account's own currencies), `DEPOSIT`, `INTEREST`, `CASHBACK` are money in or
  internal moves, not spend: excluded, each with its reason;
- payments are printed negative (money out). When, after those, nearly every loaded line is
  negative (3 in 4) and so is their sum, the file prints spend negative: every sign is turned,
  so payments count as spend and refunds against it, and a note says so.
- a yes/no column headed `Void`, `Cancelled`, `Storniert`, `Annulé`...: its "Yes" lines are
  cancelled documents (Dynamics GP prints them with the rest), excluded with that reason.
A column is a state or type column only when every sampled value is one of those words (in
English and the languages of the exports seen: `Storniert`, `Cancelada`, `Bezahlt`, `Offen`),
so a column of other words is never read as one; an AP register's `Status` of "Paid" /
"Cancelled" excludes its cancelled documents.

Worked example: Revolut's TOPUP +20,000.00 (excluded, money in), CARD_PAYMENT Slack -118.34,
REVERTED Adobe -59.99 (excluded, did not go through), REFUND Slack +39.45: the spend is 118.34
- 39.45 = 78.89, not 19,861.66.
"""

from __future__ import annotations

import re
import unicodedata

from ingest.mapping import Mapping
from ingest.readers import SourceTable

_NOT_THROUGH = {"reverted", "reversed", "declined", "decline", "failed", "fail", "failure", "error",
                "returned", "bounced", "cancelled", "canceled", "voided", "void", "rejected",
                "refused", "expired",
                # cancelled / refused documents in other languages (sevDesk's 'Storniert', a
                # Brazilian NF-e's 'Cancelada', 'Denegada')
                "storniert", "storno", "abgelehnt", "annule", "annulee", "refuse", "refusee",
                "cancelada", "cancelado", "anulada", "anulado", "denegada", "denegado", "rechazada",
                "rechazado", "recusada", "annullato", "annullata", "rifiutato", "geannuleerd",
                "gestorneerd", "afgewezen", "makulerad", "annulleret", "annullert", "mitatoity",
                "hylatty", "anulowana", "anulowany", "odrzucona", "stornovano", "stornovana",
                "zruseno", "iptal", "reddedildi"}
_STATES = _NOT_THROUGH | {
    "completed", "complete", "settled", "posted", "cleared", "clear", "pending", "approved",
    "authorised", "authorized", "processed", "succeeded", "success", "successful", "paid", "sent",
    "in progress", "processing", "scheduled", "hold", "on hold", "booked", "executed", "done",
    "open", "draft", "due", "overdue", "unpaid", "partially paid", "part paid",
    # the states of other languages' documents beside them
    "offen", "bezahlt", "gebucht", "entwurf", "teilbezahlt", "faellig", "uberfallig", "payee",
    "paye", "en attente", "validee", "valide", "brouillon", "pagado", "pagada", "pendiente",
    "pago", "paga", "autorizada", "autorizado", "emitida", "aprovada", "aprovado", "pagato",
    "pagata", "emessa", "betaald", "geboekt", "openstaand", "betald", "obetald", "betalt",
    "maksettu", "avoin", "zaplacona", "oplacona", "zaplaceno", "odeslano", "odendi", "normal"}
_MONEY_IN = {"topup", "top up", "deposit", "interest", "cashback", "exchange", "money added",
             "load", "funding", "card load", "incoming transfer", "transfer in",
             # the company's own money moved between its pots or accounts (Monzo, Starling)
             "pot transfer", "savings pot", "space transfer", "internal transfer",
             "own account transfer", "sweep", "bacs direct credit", "faster payment in"}
_TYPES = _MONEY_IN | {"card payment", "payment", "purchase", "fee", "fees", "charge", "transfer",
                      "refund", "card refund", "atm", "card credit", "card chargeback", "chargeback",
                      "tax", "outgoing transfer", "transfer out", "direct debit", "standing order",
                      "bill payment", "card", "debit", "credit", "card transaction", "withdrawal",
                      "faster payment", "bacs", "monzo to monzo", "direct debit payment"}
# a yes/no column that says a document was cancelled (Dynamics GP's 'Void', 'Storniert')
_VOID_HEADINGS = {"void", "voided", "is void", "void flag", "cancelled", "canceled", "is cancelled",
                  "reversed", "storniert", "storno", "annule", "annulee", "anulado", "anulada",
                  "annullato", "geannuleerd", "makulerad", "annulleret", "mitatoitu"}
_YES = {"yes", "y", "true", "1", "ja", "j", "oui", "si", "sim", "x"}
_NO = {"no", "n", "false", "0", "nein", "non", "nee", "nej", "nao", "ei", ""}
_SAMPLE, _WIDEST = 20000, 64
NEGATIVE_SHARE = 0.75


def _fold(text: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.casefold()).split())


def _word_columns(cur, src: SourceTable, mapping: Mapping) -> list[tuple[int, dict[str, str]]]:
    """(column index, {value: folded}) of the unmapped columns holding a few distinct words."""
    mapped = set(mapping.fields.values())
    candidates = [i for i, name in enumerate(src.columns[:_WIDEST]) if name not in mapped]
    if not candidates:
        return []
    distinct = cur.execute("SELECT " + ", ".join(f"approx_count_distinct(c{i})" for i in candidates)
                           + f" FROM (SELECT * FROM _src LIMIT {_SAMPLE})").fetchone()
    out = []
    for i, n in zip(candidates, distinct):
        if n and n <= 30:
            values = cur.execute(f"SELECT DISTINCT c{i} FROM (SELECT c{i} FROM _src LIMIT {_SAMPLE})"
                                 f" WHERE c{i} IS NOT NULL AND trim(c{i}) <> ''").fetchall()
            out.append((i, {v: _fold(v) for (v,) in values}))
    return out


# (words the column holds, the words that are not spend, why, the note's wording)
_RULES = (
    # a state column may say 'Refund' beside 'Clear' and 'Decline' (Divvy's Transaction Type)
    (_STATES | (_TYPES - _MONEY_IN), _NOT_THROUGH, "the payment did not go through (never left the account); not spend.",
     "says the payment did not go through"),
    (_TYPES, _MONEY_IN, "money into the account or between its own currencies; not spend.",
     "is money in, not spend"),
)


def _exclude(cur, column: int, heading: str, values: list[str], why: str) -> int:
    """Exclude the loaded lines whose cell in column c<column> is one of `values`; the heading and
    the reason are bound values, never SQL."""
    return cur.execute(
        "UPDATE _staged_rows l SET disposition = 'excluded', exclusion_kind = 'not spend',"
        f" reason = ? || s.c{column} || ? FROM _src s WHERE s.source_row = l.source_row"
        f" AND l.disposition = 'loaded' AND s.c{column} IN (SELECT unnest(?::VARCHAR[]))",
        [f"{heading} \"", f"\": {why}", values]).fetchone()[0]


def feed_rows(cur, src: SourceTable, mapping: Mapping) -> tuple[str, ...]:
    """In TEMP _staged_rows: exclude what did not go through and money in, then turn the signs of
    a feed that prints spend negative. Returns the notes."""
    notes = []
    for i, folded in _word_columns(cur, src, mapping):
        words = set(folded.values())
        if _fold(src.columns[i]) in _VOID_HEADINGS and words <= _YES | _NO and words & _YES:
            off = sorted(v for v, f in folded.items() if f in _YES)
            n = _exclude(cur, i, src.columns[i], off,
                         "the document was cancelled (void); not spend.")
            if n:
                notes.append(f"{n:,} line(s) marked '{src.columns[i]}' ({', '.join(off)}) were"
                             " excluded: cancelled documents.")
            continue
        for vocabulary, not_spend, why, says in _RULES:
            if words <= vocabulary and words & not_spend and words - not_spend:
                off = sorted(v for v, f in folded.items() if f in not_spend)
                n = _exclude(cur, i, src.columns[i], off, why)
                if n:
                    notes.append(f"{n:,} line(s) whose '{src.columns[i]}' {says} ({', '.join(off)})"
                                 " were excluded.")
                break
    if mapping.column("direction") or mapping.amount_mode != "amount":
        return tuple(notes)
    named = "nullif(trim(vendor), '') IS NOT NULL" if mapping.column("vendor") else "false"
    negative, lines, total, named_total = cur.execute(
        "SELECT count(*) FILTER (WHERE amount < 0), count(*), sum(amount),"
        f" sum(amount) FILTER (WHERE {named}) FROM _staged_rows WHERE disposition = 'loaded'"
    ).fetchone()
    # the merchants' lines decide when a large top-up with no merchant outweighs the spend
    if lines and negative >= NEGATIVE_SHARE * lines and (
            total is not None and total < 0 or named_total is not None and named_total < 0):
        if note := _unnamed_money_in(cur, mapping, lines):
            notes.append(note)
        cur.execute("UPDATE _staged_rows SET amount = -amount WHERE disposition = 'loaded'"
                    " OR exclusion_kind IN ('total', 'footer', 'subtotal')")  # the file's totals too
        notes.append(f"This file prints spend negative (money out of the account: {negative:,} of"
                     f" {lines:,} lines): every sign was turned, so payments count as spend and"
                     " refunds against it.")
    return tuple(notes)


def _unnamed_money_in(cur, mapping: Mapping, lines: int) -> str | None:
    """In a feed that prints spend negative and names a merchant on (nearly) every line, money
    in with no merchant (Wise's 'Received money from ACME LTD', a top-up) is not a refund: a
    refund names the merchant that paid it back. Such lines are excluded before the signs turn
    (turned, a 10,000.00 top-up would count as 10,000.00 less spend)."""
    if not mapping.column("vendor"):
        return None
    named = cur.execute("SELECT count(nullif(trim(vendor), '')) FROM _staged_rows"
                        " WHERE disposition = 'loaded'").fetchone()[0]
    if named < 0.8 * lines:
        return None
    n = cur.execute(
        "UPDATE _staged_rows SET disposition = 'excluded', exclusion_kind = 'not spend',"
        " reason = 'Money into the account with no merchant (' || coalesce(nullif(trim(description), ''),"
        " 'no description') || '): a top-up or transfer in, not a refund; not spend.'"
        " WHERE disposition = 'loaded' AND amount > 0 AND nullif(trim(vendor), '') IS NULL"
        ).fetchone()[0]
    # 'Converted 1,000.00 GBP to 1,168.20 EUR': money moved between the account's own currencies
    n += cur.execute(
        "UPDATE _staged_rows SET disposition = 'excluded', exclusion_kind = 'not spend',"
        " reason = 'Exchange between the account''s own currencies (' || trim(description) || '):"
        " not spend.' WHERE disposition = 'loaded' AND nullif(trim(vendor), '') IS NULL"
        " AND regexp_matches(lower(trim(description)),"
        " '^(converted|exchanged|conversion|currency exchange|fx exchange)\\b')").fetchone()[0]
    return (f"{n:,} line(s) of money in or exchanged between the account's own currencies, with"
            " no merchant (a top-up, a transfer in, a conversion; not a refund), were excluded."
            ) if n else None
