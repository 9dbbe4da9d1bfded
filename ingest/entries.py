"""Double-entry journals: the other side of each entry is not spend.

Business rule: a general-ledger export that holds whole entries (France's FEC, a journal listing
with both legs) balances: each purchase is an expense line and, on the other side, a supplier
(payables) line, often a VAT line, later a bank line. Summed as they are, the spend is zero, and
a catalogued supplier's technology spend cancels itself. So when the loaded lines of a file add
up to zero (within half a per cent of their absolute sum) and some of them are on payables, VAT,
bank or cash accounts (by name, `OTHER_SIDE`, in several languages) or on accounts whose lines
are mostly credits (an expense account is debited; Spain's supplier sub-accounts 410xxxxx are
named after the supplier), those lines are excluded, each with its reason,
and the expense lines carry the spend; an expense line with no supplier takes the one its
entry's payables line names (same reference). A file that does not balance (a spend file, an
AP register, a card feed) is never touched.

Worked example: 'Microsoft 365' 3,400.00 on "Redevances... logiciels" and -3,400.00 on
"Fournisseurs" add up to 0.00: the Fournisseurs line is excluded ("the other side of a
double-entry journal"), the control total is 3,400.00.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from ingest.mapping import Mapping

# account names (accents folded, lower case) of the sides of an entry that are not the expense
OTHER_SIDE = re.compile(
    r"^(\d+\s*)?("
    r"fournisseurs?|accounts? payables?|trade (payables|creditors)|creditors( control)?( account)?"
    r"|purchase ledger( control)?|payables|kreditoren|verbindlichkeiten( aus lieferungen"
    r"( und leistungen)?)?|proveedores|acreedores|fornitori|debiti verso fornitori|crediteuren"
    r"|leveranciers|leverantorsskulder|leverandorgjeld|leverandorer|kreditorer|dostawcy"
    r"|rozrachunki z dostawcami|zobowiazania wobec dostawcow|ostovelat|dodavatele|szallitok"
    r"|fornecedores"
    r")\b.*$"
    # VAT named anywhere ('H.P. IVA soportado 21%', 'Ingaende moms', '221-01 VAT naliczony'),
    # except VAT that cannot be recovered, which is a cost
    r"|^(?!.*\b(irrecoverable|non recoverable|unrecoverable|nicht abziehbar|no deducible)\b)"
    r"(.* )?(tva|vat|iva|moms|mva|merverdiavgift|mervardesskatt|arvonlisavero|btw|mwst|vorsteuer|umsatzsteuer|gst|hst|alv|dph|afa|input tax"
    r"|taxe sur la valeur ajoutee)( .*)?$"
    r"|^(\d+\s*)?(bank|banks|banque|banques|banco|bancos|banca|caisse|cash|kasse|petty cash"
    r"|bankkonto|foretagskonto|bankgiro|plusgiro|kassa|kasa|caja|rachunek bankowy|pankki"
    r"|bankinnskudd)"
    r"( (account|current account|compte courant|courant|\d+))?$")
BALANCED_SHARE = "0.005"     # |sum| within half a per cent of the sum of |amounts|


def _fold(text: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.casefold()).split())


def exclude_other_side(cur, mapping: Mapping) -> str | None:
    """In TEMP table _staged_rows: when the loaded lines balance, exclude those on the other
    side of each entry (payables, VAT, bank, cash accounts). Returns the note, or None."""
    if not (mapping.column("account_name") or mapping.column("account_code")):
        return None
    total, absolute, lines = cur.execute(
        "SELECT sum(amount), sum(abs(amount)), count(*) FROM _staged_rows"
        " WHERE disposition = 'loaded'").fetchone()
    if not lines or lines < 2 or not absolute or abs(total) > Decimal(BALANCED_SHARE) * absolute:
        return None
    names = [n for (n,) in cur.execute(
        "SELECT DISTINCT coalesce(account_name, account_code) FROM _staged_rows"
        " WHERE disposition = 'loaded' AND coalesce(account_name, account_code) IS NOT NULL"
    ).fetchall()]
    other = sorted(n for n in names if OTHER_SIDE.match(_fold(n)))
    # credit-natured accounts: in a balanced journal an expense account is debited (positive);
    # an account whose lines are mostly credits is a payable, bank or income account, whatever
    # it is called (Spain's 410 sub-accounts are named after the supplier: "MICROSOFT IRELAND")
    credited = [n for (n,) in cur.execute(
        "SELECT coalesce(account_name, account_code) AS account FROM _staged_rows"
        " WHERE disposition = 'loaded' AND coalesce(account_name, account_code) IS NOT NULL"
        " GROUP BY 1 HAVING count(*) FILTER (WHERE amount < 0) > count(*) FILTER (WHERE amount > 0)"
    ).fetchall()]
    # no account-name column: an export that prints the account's description where a supplier
    # or a description would be (ContaPlus 'Descripción': "H.P. IVA soportado 21%" on
    # sub-account 47200021): a code every line of which says so
    described = [code for code, texts in cur.execute(
        "SELECT account_code, list(DISTINCT coalesce(vendor, description, '')) FROM _staged_rows"
        " WHERE disposition = 'loaded' AND account_name IS NULL AND account_code IS NOT NULL"
        " GROUP BY 1").fetchall() if all(OTHER_SIDE.match(_fold(t)) for t in texts)]
    other = sorted(set(other) | set(credited) | set(described))
    if not other:
        return None
    # the supplier is often named only on its own (payables) line: the entry's other lines
    # (same reference) take it, when the entry names one supplier
    if mapping.column("vendor") and mapping.column("reference"):
        cur.execute(
            "UPDATE _staged_rows l SET vendor = o.vendor FROM ("
            "  SELECT reference, min(vendor) AS vendor FROM _staged_rows"
            "  WHERE disposition = 'loaded' AND vendor IS NOT NULL AND reference IS NOT NULL"
            "    AND coalesce(account_name, account_code) IN (SELECT unnest(?::VARCHAR[]))"
            "  GROUP BY reference HAVING count(DISTINCT vendor) = 1) o"
            " WHERE l.disposition = 'loaded' AND l.vendor IS NULL AND l.reference = o.reference",
            [other])
    excluded = cur.execute(
        "UPDATE _staged_rows SET disposition = 'excluded', exclusion_kind = 'other side',"
        " reason = 'The other side of a double-entry journal (account \"'"
        " || coalesce(account_name, account_code) || '\"): the file balances to zero, and the"
        " expense lines carry the spend.'"
        " WHERE disposition = 'loaded'"
        " AND coalesce(account_name, account_code) IN (SELECT unnest(?::VARCHAR[]))",
        [other]).fetchone()[0]
    shown = ", ".join(f"'{n}'" for n in other[:3]) + (" ..." if len(other) > 3 else "")
    return (f"The file balances to zero (a double-entry journal, both sides of each entry): "
            f"{excluded:,} line(s) on payables, VAT, bank, cash or other credited accounts"
            f" ({shown}) are the other side and were excluded; the expense lines carry the spend.")
