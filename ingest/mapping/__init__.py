"""Column mapping: which source column feeds which canonical field, with no template.

Business rule: a CFO uploads whatever the ERP, AP system or card provider exported, in whatever
language. We read each heading as words, look the words up in a vocabulary kept as data
(ingest/vocabulary/*.csv, thirteen languages), profile each column's sample values (how many are
money, dates, periods, codes, text), score every (column, field) pair from both, and solve the
assignment for the whole table at once: one column per field, the best consistent whole. A
person can override any field; a confirmed mapping is remembered by the file's header signature,
so next month's export of the same shape maps itself.

Headings as words: `SumOfNet Amt` -> [net, amt] (camelCase split, pivot prefix `Sum of` dropped);
`FIN.NET TRANSACTION AMOUNT` -> [fin, net, transaction, amount]; `VALOR TRANSAÇÃO` ->
[valor, transacao] (accents stripped); German/Dutch/Scandinavian compounds are split on known
words (`Rechnungsbetrag` -> [rechnungs, betrag]). Qualifiers are evidence: a currency word or
symbol (`£`, `EUR`, `in €`, `(USD)`) gives `Mapping.currency_hint`; `net`, `excluding VAT`, `HT`,
`bez DPH`, `ohne MwSt`, `sin IVA` give `amount_basis='net'`; `gross`, `incl. VAT`, `TTC`, `brutto`
give 'gross'; net beats gross; a VAT, tax, quantity, rate or count heading is never the amount.

Names by what they look like: when a heading is a code or a system name, the values decide
vendor and department (ingest/mapping/evidence.py): many distinct names with a company's legal
form (Ltd, GmbH, SARL, Ltda...) are the vendor; a few repeated unit names (Services, Directorate,
Abteilung, Direction...) are the department, even under a generic 'Description' heading.

Amount rules, in order:
1. Debit and Credit columns -> amount = debit - credit (credits reduce spend).
2. Net and gross (and tax) columns -> the net amount (VAT/sales tax is not spend on the vendor).
3. Original and billing amounts (card feeds) -> the billing amount with its own currency column.
4. A line amount beats an invoice total repeated on each line (`Sub Amount` over `Invoice Amount`).
5. No amount heading at all -> the one column whose values are clearly line money (decimals,
   mostly filled, not an id, a count or a date).

Worked example: Devon's `PymtDate | SumOfNet Amt | SumOfVatAmt | SumOfGross Amt` maps date =
PymtDate, amount = 'SumOfNet Amt' (net beats gross, the VAT column is never the amount), and the
explanation reads "amount = 'SumOfNet Amt': heading strong ('net amt'), values 100% money".
Suffolk's `Sub Amount` (9) beats `Invoice Amount` (7, an invoice total) and the explanation names
the close runner-up. Bury's amount heading `Invoiced` is a weaker word, but its values are all
money, so amount = 'Invoiced'. A file whose amount column is headed `Zzz` still maps when
that is the one column of decimal money. Devon's supplier column `ENEntity Name` ("1ST CALL
HOMECARE LTD", ...) is the vendor ("heading weak ('entity name'), values 18% company names"),
and its `Description` column, four directorates repeated, the department.

Modules: fields (the canonical fields), vocab (the data files, headings as raw words), headings
(what a heading says), values (column profiles), evidence (values against fields), model (the
Mapping and its overrides), assign (the whole-table assignment), guidance (help when a field is
missing).
"""


from __future__ import annotations

from ingest.mapping.assign import detect_mapping, score_pairs
from ingest.mapping.fields import CONCEPT_PAIRS, FIELD_LABELS, FIELDS, MONEY_FIELDS, TEXT_FIELDS
from ingest.mapping.guidance import column_samples, field_candidates, missing_field_help
from ingest.mapping.headings import HeadingEvidence, analyse_heading, header_score, heading_tokens
from ingest.mapping.model import Mapping, header_signature
from ingest.mapping.values import (
    ColumnProfile,
    is_currency_code,
    is_date,
    is_money,
    is_period,
    profile_column,
)
from ingest.mapping.vocab import Vocabulary, normalise_heading, strip_accents, vocabulary

__all__ = [
    "CONCEPT_PAIRS", "FIELDS", "FIELD_LABELS", "MONEY_FIELDS", "TEXT_FIELDS", "ColumnProfile",
    "HeadingEvidence", "Mapping", "Vocabulary", "analyse_heading", "column_samples",
    "detect_mapping", "field_candidates", "header_score", "header_signature", "heading_tokens",
    "is_currency_code", "is_date", "is_money", "is_period", "missing_field_help",
    "normalise_heading", "profile_column", "score_pairs", "strip_accents", "vocabulary",
]
