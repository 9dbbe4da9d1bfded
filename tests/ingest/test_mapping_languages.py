"""One tiny hand-made export per vocabulary language: the reader finds the header under a title
row, and the mapping recognises date, vendor, department / cost centre and amount (with the
heading's net/gross and currency qualifiers). Values are invented; headings are what ERPs in that
language export."""

from __future__ import annotations

import pytest

from ingest import read_source
from ingest.mapping import detect_mapping, vocabulary

CASES = {
    "en": ("Date;Supplier Name;Employee Department;£ Spend (excluding VAT);VAT",
           {"date": "Date", "vendor": "Supplier Name", "department": "Employee Department",
            "amount": "£ Spend (excluding VAT)"}, "GBP", "net"),
    "de": ("Datum;Lieferant;Kostenstelle;Betrag",
           {"date": "Datum", "vendor": "Lieferant", "cost_centre": "Kostenstelle", "amount": "Betrag"},
           None, None),
    "fr": ("Date de paiement;Fournisseur;Service;Montant HT;TVA;Montant TTC",
           {"date": "Date de paiement", "vendor": "Fournisseur", "department": "Service",
            "amount": "Montant HT"}, None, "net"),
    "nl": ("Boekdatum;Leverancier;Afdeling;Bedrag excl. BTW;BTW",
           {"date": "Boekdatum", "vendor": "Leverancier", "department": "Afdeling",
            "amount": "Bedrag excl. BTW"}, None, "net"),
    "es": ("Fecha;Proveedor;Departamento;Importe sin IVA;IVA",
           {"date": "Fecha", "vendor": "Proveedor", "department": "Departamento",
            "amount": "Importe sin IVA"}, None, "net"),
    "pt": ("Data do lançamento;Nome do fornecedor;Centro de custo;Valor (R$)",
           {"date": "Data do lançamento", "vendor": "Nome do fornecedor", "cost_centre": "Centro de custo",
            "amount": "Valor (R$)"}, "BRL", None),
    "it": ("Data fattura;Fornitore;Reparto;Importo (EUR)",
           {"date": "Data fattura", "vendor": "Fornitore", "department": "Reparto",
            "amount": "Importo (EUR)"}, "EUR", None),
    "cs": ("Datum úhrady;Dodavatel;Středisko;Částka bez DPH;DPH",
           {"date": "Datum úhrady", "vendor": "Dodavatel", "cost_centre": "Středisko",
            "amount": "Částka bez DPH"}, None, "net"),
    "sk": ("Dátum úhrady;Dodávateľ;Oddelenie;Suma s DPH",
           {"date": "Dátum úhrady", "vendor": "Dodávateľ", "department": "Oddelenie",
            "amount": "Suma s DPH"}, None, "gross"),
    "pl": ("Data księgowania;Kontrahent;Dział;Kwota netto;VAT;Kwota brutto",
           {"date": "Data księgowania", "vendor": "Kontrahent", "department": "Dział",
            "amount": "Kwota netto"}, None, "net"),
    "sv": ("Bokföringsdatum;Leverantör;Avdelning;Belopp (SEK);Moms",
           {"date": "Bokföringsdatum", "vendor": "Leverantör", "department": "Avdelning",
            "amount": "Belopp (SEK)"}, "SEK", None),
    "da": ("Bogføringsdato;Leverandør;Afdeling;Beløb;Moms",
           {"date": "Bogføringsdato", "vendor": "Leverandør", "department": "Afdeling", "amount": "Beløb"},
           None, None),
    "no": ("Fakturadato;Leverandørnavn;Avdeling;Beløp ekskl. mva",
           {"date": "Fakturadato", "vendor": "Leverandørnavn", "department": "Avdeling",
            "amount": "Beløp ekskl. mva"}, None, "net"),
}
ROWS = [
    "15.01.2025;SAP SE;IT;1.234,56;234,57;1.469,13",
    "16.01.2025;Microsoft Ireland;Finanzen;99,50;18,91;118,41",
    "17.01.2025;Atlassian;IT;12,00;2,28;14,28",
]


def _table(lang: str):
    header = CASES[lang][0]
    width = header.count(";") + 1
    body = [";".join(r.split(";")[:width]) for r in ROWS]
    text = "\n".join([f"Export {lang} 2025", header, *body]) + "\n"
    return read_source(f"ledger_{lang}.csv", text.encode("utf-8"))


@pytest.mark.parametrize("lang", sorted(CASES))
def test_headings_in_each_language_are_mapped(lang):
    _, expected, currency, basis = CASES[lang]
    src = _table(lang)
    assert src.header_row == 2, "the header is found under the title row"
    got = detect_mapping(src.columns, src.sample)
    assert {f: got.column(f) for f in expected} == expected
    assert (got.currency_hint, got.amount_basis) == (currency, basis)


def test_every_promised_language_is_in_the_vocabulary():
    assert {"en", "fr", "de", "nl", "es", "pt", "it", "cs", "sk", "pl", "sv", "da", "no"} <= \
        vocabulary().languages


@pytest.mark.parametrize("word", ["Invoiced", "Realised", "Value", "Spend", "Montant total de la subvention",
                                  "Betrag", "Bedrag", "Importe", "Částka", "Kwota", "Belopp", "Beløb"])
def test_amount_words_the_issue_names_are_known(word):
    from ingest.mapping import analyse_heading
    assert analyse_heading(word).scores["amount"] >= 5


CORE = ("date", "vendor", "department", "cost_centre", "account_code", "account_name", "description",
        "reference", "amount", "debit", "credit", "currency", "period")


def test_each_language_has_words_for_every_core_field():
    import csv
    from importlib import resources

    text = resources.files("ingest.vocabulary").joinpath("fields.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#"))
    have: dict[str, set[str]] = {}
    for row in rows:
        have.setdefault(row["lang"], set()).add(row["field"])
    for lang in ("en", "fr", "de", "nl", "es", "pt", "it", "cs", "sk", "pl", "sv", "da", "no"):
        assert not set(CORE) - have[lang], (lang, sorted(set(CORE) - have[lang]))
