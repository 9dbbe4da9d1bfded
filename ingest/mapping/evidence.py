"""How well a column's values fit a field, and the words that explain it.

Business rule: a heading's score is weighed by its values (`value_fit`: 'Amount' over text is
ruled out), and the values alone can carry a field the heading does not name (`value_only`:
the one column of decimal money is the amount). Example: a column 'Zzz' of 834.29, 1140.00
gets amount 3.0 from its values: 'heading not recognised, values 100% money'.

Names by what they look like (`name_evidence`), for headings that are codes or system names:
* vendor: many distinct names, a share of them carrying a company's legal form (Ltd, Limited,
  plc, Inc, GmbH, SA, S.p.A., s.r.o., A/S... ingest/vocabulary/values.csv). Measured on the 15
  real ledgers (200-row samples): every supplier column of an AP or spend file has 16-71% such
  names, card feeds' merchant columns 1-16%, and no other text column more than 1%. Weight
  3 + 4 x min(1, share / 0.5): 'ENEntity Name' (18%) 4.4, 'Ap/Ar ID(T)' (53%) 7.0.
* department: few distinct names (2 to 40 in the sample, a quarter of the rows or fewer) that
  are mostly unit or function names (Services, Directorate, Resources, Direction, Abteilung,
  Secretaria...) and never company names. Weight 2 + 3 x unit share: Devon's 'Description'
  column (4 directorates, 100% unit names) 5.0, more than its value as a second description.
"""

from __future__ import annotations

from ingest.mapping.fields import MONEY_FIELDS, TEXT_FIELDS
from ingest.mapping.values import ColumnProfile


def _value_fit(fld: str, p: ColumnProfile, heading: float) -> float:
    """0..1: how well the values fit the field. 0 rules the pair out."""
    if p.filled == 0:   # an empty column under a weak vendor heading ('Beneficiary IBAN') is not it
        if fld in ("date", "amount", "period", "currency", "mcc") or fld == "vendor" and heading < 8:
            return 0.0
        return 0.5
    if fld in MONEY_FIELDS:
        need = 0.5 if heading >= 8 else 0.8
        if p.money < need or p.date >= 0.8 or p.serial >= 0.8 and heading < 8:
            return 0.0
        fit = p.money
        if p.id_like or p.period >= 0.8:
            fit *= 0.3
        if fld == "amount":
            fit *= 0.6 + 0.4 * p.fill             # the line amount is on (nearly) every line
        return fit
    if fld == "date":
        share = max(p.date, p.serial if heading >= 5 else 0.0)
        return share if share >= (0.5 if heading >= 8 else 0.6 if heading else 0.9) else 0.0
    if fld == "period":  # a strong heading needs a majority (the odd value is rejected, quoted)
        return p.period if p.period >= (0.5 if heading >= 8 else 0.8) and p.date < 0.5 else 0.0
    if fld == "currency":
        return p.currency_code if p.currency_code >= 0.8 else 0.0
    if fld == "mcc":
        return p.mcc if p.mcc >= 0.8 else 0.0
    if fld == "direction":  # marks only: a 'Debit/Credit' column of signed numbers is an amount
        return 1.0 if p.marks >= (0.8 if heading >= 9 else 0.95) else 0.0
    if fld in ("cost_centre", "account_code"):
        return 0.3 + 0.7 * p.code_like if p.text < 0.9 or p.code_like > 0.5 else 0.25
    if fld in TEXT_FIELDS:
        if p.text < 0.5:
            return 0.0
        fit = p.text
        if fld in ("cost_centre_name", "account_name") and p.code_like > 0.8:
            fit *= 0.5
        if p.avg_length < 4:                      # 'VR', 'IT': codes more than names
            fit *= 0.6
        return fit
    return 1.0


def _value_only(fld: str, p: ColumnProfile) -> float:
    """Weight from the values alone (the heading says nothing): amount, date, period, currency."""
    if fld == "amount" and p.money >= 0.9 and p.date < 0.5 and p.period < 0.5 and not p.id_like \
            and p.serial < 0.5 and (p.decimals >= 0.2 or p.money > p.integers + 0.1):
        return 3.0 * p.money * (0.5 + 0.5 * p.fill)
    if fld == "date" and p.date >= 0.9:
        return 3.0 * p.date
    if fld == "period" and p.period >= 0.9 and p.date < 0.5 and p.money < 0.9:
        return 2.5 * p.period
    if fld == "currency" and p.currency_code >= 0.95 and p.distinct < 0.5:
        return 3.0
    return 0.0


def _value_words(fld: str, p: ColumnProfile) -> str:
    pct = {
        "amount": p.money, "debit": p.money, "credit": p.money, "date": max(p.date, p.serial),
        "period": p.period, "currency": p.currency_code, "mcc": p.mcc,
        "cost_centre": p.code_like, "account_code": p.code_like, "direction": p.marks,
    }
    kind = {"amount": "money", "debit": "money", "credit": "money", "date": "dates",
            "period": "periods", "currency": "currency codes", "mcc": "category codes",
            "cost_centre": "codes", "account_code": "codes", "direction": "debit/credit marks"}
    if p.filled == 0:
        return "values empty"
    if fld in pct:
        return f"values {pct[fld]:.0%} {kind[fld]}"
    if fld in TEXT_FIELDS:
        return f"values {p.text:.0%} text"
    return f"values {p.distinct:.0%} distinct"


def _strength(score: float) -> str:
    return "strong" if score >= 8 else "medium" if score >= 5.5 else "weak"


VENDOR_LEGAL_SHARE = 0.15   # company-name share from which a column of names is vendor evidence
UNIT_SHARE = 0.5            # unit-name share from which a column of few names is a department
DEPARTMENT_MAX_NAMES = 40   # a department column repeats a few names


def name_evidence(fld: str, p: ColumnProfile) -> float:
    """Weight for vendor / department from what the names look like (0: no evidence)."""
    if p.filled == 0 or p.text < 0.8 or p.avg_length < 4:
        return 0.0
    if fld == "vendor":
        if p.legal_form < VENDOR_LEGAL_SHARE or p.distinct_values < 5 or p.code_like > 0.5:
            return 0.0
        return 3.0 + 4.0 * min(1.0, p.legal_form / 0.5)
    if fld == "department":
        if (p.unit_word < UNIT_SHARE or p.legal_form > 0.05 or p.code_like > 0.3
                or not 2 <= p.distinct_values <= DEPARTMENT_MAX_NAMES or p.distinct > 0.25 or p.text < 0.9):
            return 0.0
        return 2.0 + 3.0 * p.unit_word
    return 0.0


def name_words(fld: str, p: ColumnProfile) -> str:
    """'values 53% company names (Ltd, GmbH...), 30 distinct' / 'values 4 distinct names, 100%
    unit names'."""
    if fld == "vendor":
        return (f"values {p.legal_form:.0%} company names (Ltd, GmbH, SA...), "
                f"{p.distinct_values} distinct")
    return f"values {p.distinct_values} distinct names, {p.unit_word:.0%} unit names"
