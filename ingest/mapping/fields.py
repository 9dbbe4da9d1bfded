"""The canonical fields a source column can feed, and their groups.

Every ledger line has at most one column per field: `date`, `vendor`, `department`... Money
fields (`amount`, or `debit` and `credit`) hold line money; text fields hold names. A cost
centre or an account is a *concept* with a code and a name (`CONCEPT_PAIRS`): the heading
names the concept, a name word or text values send the column to the name field.
"""

from __future__ import annotations

FIELDS = (
    "date", "vendor", "department", "cost_centre", "cost_centre_name", "account_code",
    "account_name", "description", "reference", "amount", "debit", "credit", "currency", "mcc", "period",
    "direction", "book_amount",
)
FIELD_LABELS = {
    "date": "Date", "vendor": "Vendor / supplier / merchant", "department": "Department",
    "cost_centre": "Cost centre code", "cost_centre_name": "Cost centre name",
    "account_code": "Account code", "account_name": "Account / expense type",
    "description": "Description / memo", "reference": "Reference / invoice no.",
    "amount": "Amount", "debit": "Debit", "credit": "Credit", "currency": "Currency",
    "mcc": "Merchant category code", "period": "Period (month / quarter, when there is no date)",
    "direction": "Debit / credit mark (D/C, S/H, Af/Bij: signs the amount)",
    "book_amount": "Amount in the company's currency (e.g. 'Amount (GBP)' beside the amount as entered)",
}
MONEY_FIELDS = ("amount", "debit", "credit")
TEXT_FIELDS = ("vendor", "department", "description", "account_name", "cost_centre_name")
# the vocabulary names the thing (cost centre, account); a name word or text values -> the name
CONCEPT_PAIRS = {"cost_centre": "cost_centre_name", "account_code": "account_name"}
