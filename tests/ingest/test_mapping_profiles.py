"""Vendor and department recognised from what the names look like, when the heading is a code
or a system name ('ENEntity Name', 'Ap/Ar ID(T)', 'F07', 'ZTIERS'): company names with a legal
form (Ltd, GmbH, SARL, Ltda...) in many distinct values are the vendor; a few repeated unit names
(Services, Abteilung, Direction...) are the department. Tiny hand-made tables in several
languages and shapes; none of them is one of the real ledgers."""

from __future__ import annotations

import pytest

from ingest.mapping import analyse_heading, detect_mapping
from ingest.mapping.values import has_legal_form, has_unit_word


def mapped(columns, rows):
    return detect_mapping(tuple(columns), tuple(tuple(r) for r in rows))


def cycle(values, n):
    return [values[i % len(values)] for i in range(n)]


@pytest.mark.parametrize("name", [
    "ACME LTD", "Insight Direct (UK) Ltd", "Robiquity Limited", "Oracle Corporation UK Limited",
    "Siemens AG", "Bosch GMBH", "Dupont SARL", "Orange SA", "Philips N.V.", "Telefónica S.L.",
    "Papelaria Silva Ltda", "Fiat S.p.A.", "Alza.cz a.s.", "Foo Sp. z o.o.", "Novo Nordisk A/S",
    "Nokia Oyj", "Volvo AB", "Smith & Co",
])
def test_company_names_carry_a_legal_form(name):
    assert has_legal_form(name)


@pytest.mark.parametrize("name", [
    "Adult Services", "Training Fees", "Bring Me Flowers", "Limited", "Co Durham",
    "As agreed", "SA", "Corporate Resources",
])
def test_other_text_does_not(name):
    assert not has_legal_form(name)


def test_unit_names_in_several_languages():
    for name in ("Adult & Community Services", "Corporate Resources", "Direction des finances",
                 "Abteilung Personal", "Secretaria de Saúde", "Odbor informatiky", "Wydział IT"):
        assert has_unit_word(name), name
    assert not has_unit_word("Acme Widgets")


SUPPLIERS_EN = ["Northwind Traders Ltd", "Contoso plc", "Fabrikam Inc", "Litware Limited",
                "Adventure Works LLP", "Tailspin Toys Ltd", "Wide World Importers",
                "Proseware Inc", "Coho Winery Ltd", "Lucerne Publishing", "Margie's Travel Ltd",
                "Wingtip Toys plc"]


def test_system_headings_english_ap_extract():
    """An AP extract whose headings are field codes: the names say which is which."""
    n = 36
    rows = list(zip(cycle(["2024-01-%02d" % d for d in range(1, 29)], n),
                    cycle(SUPPLIERS_EN, n),
                    cycle(["Children's Services", "Corporate Resources", "Highways Directorate"], n),
                    cycle(["Stationery", "Agency staff", "Road salt", "Software", "Fuel"], n),
                    cycle(["120.50", "99.00", "1,250.00", "18.20"], n)))
    m = mapped(["TRX_DT", "ENT_NM", "LVL2_TXT", "ELEMENT", "NET_AMT"], rows)
    assert m.column("vendor") == "ENT_NM"
    assert m.column("department") == "LVL2_TXT"
    assert m.column("amount") == "NET_AMT"
    assert "company names" in m.explanation("vendor")
    assert "unit names" in m.explanation("department")


def test_german_ledger_with_numbered_fields():
    n = 30
    rows = list(zip(cycle(["03.01.2024", "17.01.2024", "02.02.2024"], n),
                    cycle(["Müller GmbH", "Siemens AG", "Schmidt & Co. KG", "Bürobedarf Weber",
                           "SAP SE", "Telekom Deutschland GmbH", "Elektro Huber e.K.",
                           "Datev eG", "Lieferdienst Kaya"], n),
                    cycle(["Abteilung Personal", "Amt für Finanzen", "Referat IT"], n),
                    cycle(["1.234,56", "99,00", "12,50"], n)))
    m = mapped(["Datum", "F07", "F09", "Betrag"], rows)
    assert (m.column("vendor"), m.column("department")) == ("F07", "F09")


def test_french_export_with_system_names():
    n = 30
    rows = list(zip(cycle(["05/01/2024", "12/02/2024"], n),
                    cycle(["Dupont SARL", "Orange SA", "Capgemini SAS", "Boulangerie Martin",
                           "Bureau Vallée SAS", "Sopra Steria Group SA", "Imprimerie Lenoir"], n),
                    cycle(["Direction des finances", "Service informatique", "Pôle culture"], n),
                    cycle(["1 234,56", "99,00"], n)))
    m = mapped(["Date", "ZTIERS", "ZSERV", "Montant"], rows)
    assert (m.column("vendor"), m.column("department")) == ("ZTIERS", "ZSERV")


def test_a_generic_description_heading_over_directorates_is_the_department():
    """The heading says 'Description' but the values are four directorates repeated; the
    second description column keeps the description."""
    n = 40
    rows = list(zip(cycle(["2010-06-01"], n),
                    cycle(["Adult & Community Services", "Children & Young People",
                           "Corporate Resources", "Environment, Economy & Culture"], n),
                    [f"Element {i % 17}" for i in range(n)],
                    cycle(SUPPLIERS_EN, n),
                    cycle(["10.00", "20.00", "35.50"], n)))
    m = mapped(["PayDate", "Description", "Element Description", "Entity Name", "Net Amt"], rows)
    assert m.column("department") == "Description"
    assert m.column("description") == "Element Description"
    assert m.column("vendor") == "Entity Name"


def test_a_code_column_under_a_party_heading_is_not_the_vendor():
    n = 30
    rows = list(zip(cycle(["2024-01-05"], n), cycle(["87025", "234677", "168316"], n),
                    cycle(SUPPLIERS_EN, n), cycle(["10.00", "20.00"], n)))
    m = mapped(["Date", "Entity", "Entity Name", "Amount"], rows)
    assert m.column("vendor") == "Entity Name"


def test_free_text_without_company_names_is_not_taken_for_the_vendor():
    n = 30
    rows = list(zip(cycle(["2024-01-05"], n),
                    cycle(["Printer toner for office", "Annual licence renewal", "Train fare",
                           "Hotel for conference", "Catering for event"], n),
                    cycle(["10.00", "20.00"], n)))
    m = mapped(["Date", "Z1", "Amount"], rows)
    assert m.column("vendor") is None


def test_a_rare_company_name_is_not_enough():
    """One name in 30 with a legal form is not a supplier column."""
    n = 30
    texts = [f"Item {i}" for i in range(n - 1)] + ["Acme Ltd"]
    rows = list(zip(cycle(["2024-01-05"], n), texts, cycle(["10.00"], n)))
    assert mapped(["Date", "Z1", "Amount"], rows).column("vendor") is None


def test_a_constant_column_is_not_a_department():
    n = 30
    rows = list(zip(cycle(["2024-01-05"], n), cycle(["Finance Department"], n),
                    cycle(SUPPLIERS_EN, n), cycle(["10.00"], n)))
    m = mapped(["Date", "Z1", "Z2", "Amount"], rows)
    assert m.column("department") is None and m.column("vendor") == "Z2"


def test_a_named_vendor_heading_still_wins_over_names_elsewhere():
    """Card feeds: merchant names rarely carry a legal form; the heading decides, and a memo
    that mentions companies does not take the vendor."""
    n = 30
    rows = list(zip(cycle(["2024-01-05"], n),
                    cycle(["AMAZON MKTPLACE", "TESCO STORES 3012", "TRAINLINE", "ZOOM.US"], n),
                    cycle(SUPPLIERS_EN, n), cycle(["10.00"], n)))
    m = mapped(["Date", "Merchant Name", "Memo", "Amount"], rows)
    assert m.column("vendor") == "Merchant Name"


def test_a_name_word_after_a_code_word_names_the_party():
    """'Supplier No' holds codes (weak for the vendor); 'Supplier No Name' and 'Ap/Ar ID(T)'
    hold the coded party's name."""
    assert analyse_heading("Supplier No").scores["vendor"] < 3
    assert analyse_heading("Supplier No Name").scores["vendor"] >= 8
    assert analyse_heading("Ap/Ar ID(T)").scores["vendor"] > 0
    assert analyse_heading("Ap/Ar ID").scores["vendor"] < analyse_heading("Ap/Ar ID(T)").scores["vendor"]


def test_ap_ar_heading_over_supplier_names_is_the_vendor():
    n = 24
    rows = list(zip(cycle(["202411"], n), cycle(["1800", "4000", "8201"], n),
                    cycle(["Training Fees", "General Equipment", "Fixtures and fittings"], n),
                    cycle(["675.00", "19384.00", "7617.00"], n),
                    cycle(["Lime Culture Community Interest Company", "UTASS Ltd",
                           "Robiquity Limited", "Durham Events", "[Redacted]",
                           "Weiss Technik UK Limited"], n)))
    m = mapped(["Period", "Account", "Account(T)", "Amount", "Ap/Ar ID(T)"], rows)
    assert m.column("vendor") == "Ap/Ar ID(T)"
    assert m.column("account_name") == "Account(T)"
