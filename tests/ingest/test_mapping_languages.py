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


# Whole files' headings and first rows as ERPs in more countries write them (probe round 3):
# every column a person would name is mapped, the VAT-excluded amount included ('s/ IVA' is
# "without VAT"). Rows invented. Each case: the file's text, then the field each column must map
# to, in column order ('-': no field required).
FULL_HEADINGS = {
    "tr (Logo / Netsis)": (
        "Tarih;Fatura No;Tedarikçi;Açıklama;Masraf Merkezi;Masraf Merkezi Adı;Hesap Adı;Tutar (TL)\n"
        "05.01.2024;GIB2024000004417;Türk Telekomünikasyon A.Ş.;Ocak 2024 sabit hat;770.11;"
        "Bilgi İşlem Müdürlüğü;Haberleşme Giderleri;18.430,60\n"
        "01.01.2024;GIB2024000004451;Kuzey Gayrimenkul A.Ş.;Ocak ayı depo kirası;760.50;"
        "Lojistik ve Depo;Kira Giderleri;285.000,00\n",
        "date reference vendor description cost_centre cost_centre_name account_name amount"),
    "el (municipality)": (
        "Ημερομηνία;Αρ. Παραστατικού;Προμηθευτής;ΑΦΜ;Αιτιολογία;Υπηρεσία;ΚΑΕ;Ποσό (€)\n"
        "8/1/2024;ΤΔΑ-986;ΟΤΕ Α.Ε.;097589669;Τηλεφωνικά τέλη 01/2024;Τμήμα Πληροφορικής;"
        "10.6221 Ταχυδρομικά - τηλεφωνικά τέλη;3.420,50\n"
        "12/1/2024;ΤΔΑ-562;ΔΕΗ Α.Ε.;097812311;Ηλεκτρικό ρεύμα 01/2024;Διεύθυνση Τεχνικών Υπηρεσιών;"
        "20.6211 Αντίτιμο ηλεκτρικού ρεύματος;68.450,00\n",
        "date reference vendor - description department account_name amount"),
    "pt (Portuguese hospital)": (
        "Data Doc.;N.º Doc.;Fornecedor;NIF;Descrição;Centro de Custo;Designação CC;Rubrica;Valor s/ IVA (€)\n"
        "2024-01-04;FT 9916/24;MEO - Serviços de Comunicações e Multimédia, S.A.;531939071;"
        "Comunicações fixas janeiro;91210;Serviço de Sistemas e Tecnologias de Informação;"
        "62216 Comunicações;6.120,44\n"
        "2024-01-10;FT 8766/24;EDP Comercial, S.A.;581056775;Energia janeiro;91410;"
        "Serviço de Instalações e Equipamentos;62241 Electricidade;48.320,10\n",
        "date reference vendor - description cost_centre cost_centre_name account_name amount"),
    "en (Tally day book)": (
        "Date,Voucher Type,Voucher No.,Party Name,GSTIN/UIN,Narration,Cost Centre,Cost Centre Name,"
        "Ledger Name,Amount (INR)\n"
        "05-Jan-2024,Purchase,PUR/23-24/0101,Tata Communications Ltd,36AAACL7116E1Z3,ILL 500 Mbps "
        "links for Jan-24,CC-101,Internal IT,Telephone & Internet Charges,\"4,86,500.00\"\n"
        "01-Jan-2024,Purchase,PUR/23-24/0103,Embassy Office Parks REIT,36AAACL2324F1Z9,Office rent "
        "Jan-24,CC-601,Admin & Facilities,Rent,\"38,50,000.00\"\n",
        "date - - vendor - description cost_centre cost_centre_name account_name amount"),
}


@pytest.mark.parametrize("name", sorted(FULL_HEADINGS))
def test_whole_headings_of_more_countries_map_every_named_column(name):
    text, fields = FULL_HEADINGS[name]
    src = read_source("ledger.csv", text.encode("utf-8"))
    expected = {f: column for f, column in zip(fields.split(), src.columns) if f != "-"}
    assert len(fields.split()) == len(src.columns)
    got = detect_mapping(src.columns, src.sample)
    assert {f: got.column(f) for f in expected} == expected
