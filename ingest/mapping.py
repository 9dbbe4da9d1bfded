"""Column mapping: which source column feeds which canonical field, with no template.

Business rule: a CFO uploads whatever the ERP, AP system or card provider exported. We recognise
the columns by their headings across GL exports, AP registers, card feeds and public-sector spend
files, and confirm the guess with the values (a date column must hold dates, an amount column
money). A person can override any field; a confirmed mapping is remembered by the file's header
signature, so next month's export of the same shape maps itself.

Amount rules, in order:
1. Debit and Credit columns -> amount = debit - credit (credits reduce spend).
2. Net and gross (and tax) columns -> the net amount (VAT/sales tax is not spend on the vendor).
3. Original and billing amounts (card feeds) -> the billing amount with its own currency column.

Worked example: the Toronto purchase-card export has "Transaction Amt." + "Trx Currency" and
"Original Amount" + "Original Currency": amount = Transaction Amt., currency = Trx Currency.
Phoenix's "Invoice Net Amt" is the amount; "Check/Payment Date" the date; "Dept. Descrptn" the
department.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace

FIELDS = (
    "date", "vendor", "department", "cost_centre", "cost_centre_name", "account_code",
    "account_name", "description", "reference", "amount", "debit", "credit", "currency", "mcc", "period",
)
FIELD_LABELS = {
    "date": "Date", "vendor": "Vendor / supplier / merchant", "department": "Department",
    "cost_centre": "Cost centre code", "cost_centre_name": "Cost centre name",
    "account_code": "Account code", "account_name": "Account / expense type",
    "description": "Description / memo", "reference": "Reference / invoice no.",
    "amount": "Amount", "debit": "Debit", "credit": "Credit", "currency": "Currency",
    "mcc": "Merchant category code", "period": "Period (month / quarter, when there is no date)",
}

# (regex on the normalised heading, score). Normalised: lowercase, non-alphanumerics -> space.
_SYNONYMS: dict[str, list[tuple[str, float]]] = {
    "date": [
        (r"^(transaction|trans|txn|trx) (date|dt)$", 10), (r"^invoice date$", 9),
        (r"^(paid|payment|check|cheque|check payment|cheque payment) date$", 9),
        (r"^date paid$", 9), (r"^(posting|post|gl|journal|accounting|document|doc|value|effective|entry) date$", 8),
        (r"^date$", 8), (r"^(card )?posting dt$", 5), (r"\bdate\b", 4), (r"\bdt$", 3),
        (r"^(datum|buchungsdatum|rechnungsdatum|fecha|date de paiement|date facture|data)$", 7),
    ],
    "vendor": [
        (r"^(vendor|supplier|merchant|payee|creditor|beneficiary) name$", 10),
        (r"^(vendor|supplier|merchant|payee|creditor|beneficiary)$", 9),
        (r"^(paid to|pay to|company name|counterparty|trading name)$", 7),
        (r"^(lieferant|kreditor|fournisseur|proveedor|leverancier|fornitore)( name| nom| nombre)?$", 8),
        (r"^(vendor|supplier|merchant|payee)\b(?!.*\b(id|no|number|code|type|category|ref|account|site|city|state|country|postcode|zip)\b)", 6),
    ],
    "department": [
        (r"^(department|dept)( name| description| descrptn| desc)?$", 10),
        (r"^(directorate|division|service area|business unit|bu|service|portfolio|organisation|organization|org unit|organisational unit|team|function|service division|department division)( name| description)?$", 9),
        (r"^(dept|department|directorate|division)\b(?!.*\b(code|id|no|number)\b)", 7),
        (r"^(abteilung|bereich|departement|departamento|afdeling|reparto|service)$", 7),
    ],
    "cost_centre": [
        (r"^cost (centre|center)( code| no| number| id)?$", 9), (r"^cc( code)?$", 7),
        (r"^cost (centre|center)\b.*(wbs|order)(?!.*descr)", 8),
        (r"^(responsibility centre|responsibility center|rc)( code)?$", 6),
    ],
    "cost_centre_name": [
        (r"^cost (centre|center)\b.*\b(name|desc|description|descr)\b", 10),
        (r"^(responsibility centre|responsibility center) (name|description)$", 8),
        (r"^trans cac desc 2$", 6),
    ],
    "account_code": [
        (r"^(gl|g l|general ledger|nominal|expenditure|expense|account|acct|natural account|cost element)( account)? (code|no|number|id)$", 10),
        (r"^(gl|g l) account$", 9), (r"^(account|acct|gl|nominal)$", 7), (r"^trans cac code 1$", 6),
        (r"^commitment item$", 5),
    ],
    "account_name": [
        (r"^(gl|g l|general ledger|nominal)?( account)? (name|description|desc)$", 10),
        (r"^(account|acct) (name|description|desc|title)$", 10),
        (r"^(expense|expenditure|spend|cost|purchase) (type|category|class|description|group)$", 9),
        (r"^(commitmt|commitment) item( name| description)?$", 9),
        (r"^(subjective|category|expense category|nominal description|cost element name)( description| name)?$", 8),
        (r"^trans cac desc 1$", 8), (r"^(category|expense)$", 6),
    ],
    "description": [
        (r"^(description|memo|purpose|narrative|details|line description|item description|transaction description|comments?|notes?|reason|explanation|particulars)$", 9),
        (r"\b(description|memo|purpose|narrative)\b", 5),
    ],
    "reference": [
        (r"^(invoice|inv|trans|transaction|batch transaction|journal|document|doc|voucher|check|cheque|payment|receipt|po|purchase order)( no| number| num| id| ref| reference)$", 9),
        (r"^(reference|ref|transaction id|trans id|txn id|invoice|journal)$", 8),
    ],
    "amount": [
        (r"^(net|nett)( amount| amt| value| total)?$", 10), (r"\b(net|nett) (amount|amt|value)\b", 10),
        (r"^invoice net amt$", 10), (r"^billing (gross |net )?(amount|amt)$", 10),
        (r"^(transaction|trans|trx|txn) (amount|amt)$", 9),
        (r"^(amount|amt|value|spend|line amount|amount paid|paid amount|payment amount|total amount|amount gbp|amount usd|amount eur|amount cad|expenditure|sum)$", 8),
        (r"\b(amount|amt)\b", 5), (r"^gross( amount| amt| value)?$", 4),
        (r"^(betrag|nettobetrag|montant|montant ht|importe|bedrag|importo)$", 8),
        (r"\bgross\b", 3), (r"^total$", 3),
    ],
    "debit": [(r"^(debit|dr|debits)( amount| amt| value)?$", 10), (r"^debit\b", 7)],
    "credit": [(r"^(credit|cr|credits)( amount| amt| value)?$", 10), (r"^credit\b(?!.*card)", 7)],
    "currency": [
        (r"^(currency|curr|ccy|cur|currency code|iso currency|w[a]hrung|devise|moneda|valuta)$", 9),
        (r"\b(currency|curr|ccy|cur)( code)?$", 7), (r"\bcur code$", 7),
    ],
    "mcc": [
        (r"^(mcc|mcc code|merchant category code|merchant category|merchant type|merchant type code|sic|sic code)$", 9),
    ],
}
_SYNONYMS["period"] = [(r"^(period|accounting period|fiscal period|posting period|month|periode|periodo)$", 8)]
_COMPILED = {f: [(re.compile(p), s) for p, s in pats] for f, pats in _SYNONYMS.items()}

# headings that are never an amount or a vendor even when they contain the words
_NOT_AMOUNT = re.compile(r"\b(vat|tax|gst|hst|pst|rate|qty|quantity|count|units?|original|id|code|no|number)\b")
_NOT_TEXT_FIELD = re.compile(r"\b(id|no|number|code)\b")

_MONEY = re.compile(
    r"^\s*[(\-+]?\s*(?:[A-Z]{3}\s*)?[£$€¥₹]?\s*-?\s*\d[\d,.' ]*\s*(?:[A-Z]{3})?\)?\s*-?\s*(?:CR|DR)?\.?\s*$",
    re.I,
)
_DATEISH = re.compile(
    r"^\s*(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{1,2}[ \-][A-Za-z]{3,9}[ \-,]+\d{2,4}|"
    r"[A-Za-z]{3,9} \d{1,2},? \d{4}|\d{8}|[1-9]\d{4}(\.\d+)?)([ T].*)?$"
)


def normalise_heading(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^0-9a-z]+", " ", (text or "").lower())).strip()


def header_score(cells: list[str]) -> float:
    """How much a row looks like a header: known headings count, numbers and dates count against."""
    score = 0.0
    for cell in cells:
        norm = normalise_heading(cell)
        if not norm:
            continue
        if _DATEISH.match(cell) or _MONEY.match(cell):
            score -= 2.0
            continue
        if any(rx.search(norm) for pats in _COMPILED.values() for rx, _ in pats):
            score += 3.0
        elif len(cell) > 60:
            score -= 1.0
    return score


def _field_score(field: str, heading: str) -> float:
    norm = normalise_heading(heading)
    best = 0.0
    for rx, score in _COMPILED[field]:
        if rx.search(norm):
            best = max(best, score)
    if field in ("amount",) and best and _NOT_AMOUNT.search(norm):
        # 'Original Amount' is a fallback, VAT/tax never
        best = 2.0 if "original" in norm else 0.0
    if field in ("vendor", "department", "account_name", "description") and best < 9 and \
            _NOT_TEXT_FIELD.search(norm):
        best = 0.0
    return best


def _share(values: list[str], predicate) -> float:
    filled = [v for v in values if v]
    if not filled:
        return 0.0
    return sum(1 for v in filled if predicate(v)) / len(filled)


def _values_fit(field: str, values: list[str], score: float = 0.0) -> bool:
    """Confirm a heading guess by the column's sample values.

    A strong heading ("Amount", "Invoice Date") needs a majority of fitting values: the odd bad
    value becomes a rejected row with its reason, rather than unmapping the column. A weak
    heading ("Total", "... Dt") needs 80%.
    """
    filled = [v for v in values if v]
    if not filled:
        return field not in ("date", "amount")  # an empty column can't be the date or amount
    need = 0.5 if score >= 8 else 0.8
    if field == "date":
        return _share(filled, lambda v: bool(_DATEISH.match(v))) >= min(need, 0.6)
    if field in ("amount", "debit", "credit"):
        return _share(filled, lambda v: bool(_MONEY.match(v))) >= need
    if field == "currency":
        return _share(filled, lambda v: bool(re.fullmatch(r"[A-Za-z]{3}|[£$€]", v.strip()))) >= 0.8
    if field == "mcc":
        return _share(filled, lambda v: bool(re.fullmatch(r"\d{3,4}", v.strip()))) >= 0.8
    if field in ("vendor", "department", "account_name", "description"):
        return _share(filled, lambda v: not _MONEY.match(v) and not _DATEISH.match(v)) >= 0.5
    return True


@dataclass(frozen=True)
class Mapping:
    """Canonical field -> source column name, plus how to read the values."""

    fields: dict[str, str] = field(default_factory=dict)
    default_currency: str = "GBP"
    date_order: str | None = None          # 'dmy' | 'mdy' | None (decide from the values)
    notes: tuple[str, ...] = ()
    # evidence from the amount heading's qualifiers ('£ SPEND (EXCLUDING VAT)' -> 'GBP', 'net')
    currency_hint: str | None = None       # ISO code named by the amount heading, if any
    amount_basis: str | None = None        # 'net' | 'gross' | None, from the amount heading
    # per field: why this column was chosen (and the runner-up when close), for the UI and CLI
    explanations: tuple[tuple[str, str], ...] = ()

    @property
    def amount_mode(self) -> str:
        if "debit" in self.fields or "credit" in self.fields:
            return "debit_credit"
        return "amount"

    def column(self, name: str) -> str | None:
        return self.fields.get(name)

    def with_overrides(self, overrides: dict[str, str | None], columns: tuple[str, ...]) -> "Mapping":
        from ingest.errors import IngestError

        fields = dict(self.fields)
        for key, column in overrides.items():
            if key not in FIELDS:
                raise IngestError(
                    f"Unknown field '{key}' in the mapping. Fields: {', '.join(FIELDS)}."
                )
            if column in (None, ""):
                fields.pop(key, None)
                continue
            match = _match_column(column, columns)
            if match is None:
                raise IngestError(
                    f"There is no column '{column}' for {key}. Columns: {', '.join(columns)}."
                )
            # a column feeds one field: taking it away from another field
            for other, col in list(fields.items()):
                if col == match and other != key:
                    fields.pop(other)
            fields[key] = match
            if key == "amount":
                fields.pop("debit", None)
                fields.pop("credit", None)
            if key in ("debit", "credit"):
                fields.pop("amount", None)
        return replace(self, fields=fields)

    def to_json(self) -> str:
        return json.dumps({"fields": self.fields, "default_currency": self.default_currency,
                           "date_order": self.date_order}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Mapping":
        data = json.loads(text)
        return cls(fields=data.get("fields", {}), default_currency=data.get("default_currency", "GBP"),
                   date_order=data.get("date_order"))


def _match_column(name: str, columns: tuple[str, ...]) -> str | None:
    if name in columns:
        return name
    lowered = {c.strip().lower(): c for c in columns}
    return lowered.get(name.strip().lower())


def header_signature(columns: tuple[str, ...]) -> str:
    """Same headings (ignoring case, spacing and order-preserving) -> same signature."""
    norm = "|".join(normalise_heading(c) for c in columns)
    return hashlib.sha256(norm.encode()).hexdigest()[:32]


def detect_mapping(columns: tuple[str, ...], sample: tuple[tuple[str | None, ...], ...],
                   default_currency: str = "GBP") -> Mapping:
    """Best guess of the mapping from headings, confirmed by sample values."""
    values = {c: [row[i] for row in sample if i < len(row)] for i, c in enumerate(columns)}
    candidates: list[tuple[float, str, str]] = []
    for column in columns:
        for fld in FIELDS:
            score = _field_score(fld, column)
            if score > 0 and _values_fit(fld, values[column], score):
                candidates.append((score, fld, column))
    candidates.sort(key=lambda t: (-t[0], FIELDS.index(t[1]), columns.index(t[2])))
    fields: dict[str, str] = {}
    used: set[str] = set()
    for score, fld, column in candidates:
        if fld in fields or column in used:
            continue
        fields[fld] = column
        used.add(column)
    notes: list[str] = []
    # debit/credit beat a single amount only when both are there
    if "debit" in fields and "credit" in fields:
        fields.pop("amount", None)
        notes.append(f"Amount = '{fields['debit']}' - '{fields['credit']}'.")
    else:
        fields.pop("debit", None)
        fields.pop("credit", None)
    if "amount" in fields:
        norm = normalise_heading(fields["amount"])
        others = [c for c in columns if c != fields["amount"] and _field_score("amount", c) > 0
                  and _values_fit("amount", values[c])]
        gross = [c for c in columns if re.search(r"\bgross\b", normalise_heading(c))]
        if re.search(r"\b(net|nett)\b", norm) and gross:
            notes.append(f"Net and gross amounts found: using net '{fields['amount']}'.")
        elif re.search(r"\b(billing|transaction|trans|trx|txn)\b", norm) and any(
                "original" in normalise_heading(c) for c in columns):
            notes.append(f"Original and billing amounts found: using '{fields['amount']}' "
                         "(the amount billed) and its currency.")
        elif others:
            notes.append(f"Amount taken from '{fields['amount']}'.")
        # pick the currency column that belongs with the amount
        currency_cols = [c for c in columns if _field_score("currency", c) > 0
                         and _values_fit("currency", values[c])]
        if currency_cols:
            def affinity(c: str) -> float:
                n = normalise_heading(c)
                s = 0.0
                for token in ("billing", "trx", "transaction", "trans", "original", "net"):
                    if token in norm and token in n:
                        s += 5
                if "original" in n and "original" not in norm:
                    s -= 5
                return s + _field_score("currency", c) / 10
            best = max(currency_cols, key=affinity)
            if affinity(best) >= 0:
                fields["currency"] = best
            else:
                fields.pop("currency", None)
    if "department" not in fields and "cost_centre_name" in fields:
        notes.append(f"No department column: departments are the cost-centre names in "
                     f"'{fields['cost_centre_name']}'.")
    if "currency" not in fields:
        notes.append(f"No currency column: amounts are taken as {default_currency}. "
                     "Change the currency if that is wrong.")
    return Mapping(fields=fields, default_currency=default_currency, notes=tuple(notes))
