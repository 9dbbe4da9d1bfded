"""Column mapping: headings read as words, qualifiers as evidence, values decide when headings
are silent, one consistent assignment for the whole table, and a reason per field."""

from __future__ import annotations

import pytest

from ingest.errors import IngestError
from ingest.mapping import (
    Mapping,
    analyse_heading,
    detect_mapping,
    field_candidates,
    header_score,
    heading_tokens,
    is_date,
    is_money,
    is_period,
    missing_field_help,
)


def mapped(columns, rows):
    return detect_mapping(tuple(columns), tuple(tuple(r) for r in rows))


ROWS3 = [
    ("2025-01-02", "Slack", "IT", "100.00"),
    ("2025-01-03", "Zoom", "Sales", "50.25"),
    ("2025-01-04", "Atlassian", "IT", "1,234.56"),
]


@pytest.mark.parametrize("heading, tokens", [
    ("NetAmount", ("net", "amount")),
    ("PymtDate", ("pymt", "date")),
    ("InvoiceAmount", ("invoice", "amount")),
    ("SumOfNet Amt", ("sum", "of", "net", "amt")),
    ("supplier_name", ("supplier", "name")),
    ("MCH.MERCHANT NAME", ("mch", "merchant", "name")),
    ("FIN.NET TRANSACTION AMOUNT", ("fin", "net", "transaction", "amount")),
    ("Cost-Centre", ("cost", "centre")),
    ("7CCN - Level 7 Cost Centre Name", ("7", "ccn", "level", "7", "cost", "centre", "name")),
    ("VALOR TRANSAÇÃO", ("valor", "transacao")),
    ("Částka", ("castka",)),
    ("Beløb", ("belob",)),
    ("VATAmount", ("vat", "amount")),
    ("£ SPEND (EXCLUDING VAT)", ("£", "spend", "excluding", "vat")),
    ("Auszahlungsbetrag", ("auszahlungs", "betrag")),
    ("Kreditorname", ("kreditor", "name")),
])
def test_headings_are_read_as_words(heading, tokens):
    assert heading_tokens(heading) == tokens


@pytest.mark.parametrize("heading", [
    "NetAmount", "SumOfNet Amt", "InvoiceAmount", "FIN.NET TRANSACTION AMOUNT", "£ SPEND (EXCLUDING VAT)",
    "Sum (EURO)", "Amount in €", "Invoiced", "Realised", "Value", "Spend", "Montant total de la subvention",
    "Betrag", "Bedrag", "Importe", "Částka", "Kwota", "Belopp", "Beløb", "VALOR TRANSAÇÃO", "Total (USD)",
])
def test_amount_headings_in_many_shapes_are_recognised(heading):
    got = mapped(["Date", "Vendor", heading], [("2025-01-02", "Slack", "10.00"),
                                              ("2025-01-03", "Zoom", "20.50")])
    assert got.column("amount") == heading


@pytest.mark.parametrize("heading", [
    "VAT Amount", "SumOfVatAmt", "FIN.TAX.TAX AMOUNT", "Tax", "Quantity", "Count", "VAT Rate",
    "MwSt-Betrag", "Steuerbetrag", "BTW bedrag", "IVA", "DPH", "Moms", "Units",
])
def test_vat_tax_quantity_and_count_columns_are_never_the_amount(heading):
    assert analyse_heading(heading).scores["amount"] == 0
    got = mapped(["Date", "Vendor", heading], [("2025-01-02", "Slack", "10.00"),
                                              ("2025-01-03", "Zoom", "20.50")])
    assert got.column("amount") is None


@pytest.mark.parametrize("heading, currency, basis", [
    ("£ SPEND (EXCLUDING VAT)", "GBP", "net"),
    ("Sum (EURO)", "EUR", None),
    ("Amount in €", "EUR", None),
    ("Amount (USD)", "USD", None),
    ("Montant HT", None, "net"),
    ("Montant TTC", None, "gross"),
    ("Betrag ohne MwSt", None, "net"),
    ("Bruttobetrag", None, "gross"),
    ("Importe sin IVA", None, "net"),
    ("Částka bez DPH (Kč)", "CZK", "net"),
    ("Amount incl. VAT", None, "gross"),
    ("Gross Amount", None, "gross"),
    ("Net", None, "net"),
    ("Valor (R$)", "BRL", None),
])
def test_heading_qualifiers_give_the_currency_and_the_basis(heading, currency, basis):
    got = mapped(["Date", "Vendor", heading], [("2025-01-02", "Slack", "10.00"),
                                              ("2025-01-03", "Zoom", "20.50")])
    assert got.column("amount") == heading
    assert (got.currency_hint, got.amount_basis) == (currency, basis)


def test_net_beats_gross_and_vat_whatever_the_column_order():
    cols = ["PymtDate", "SumOfGross Amt", "SumOfVatAmt", "SumOfNet Amt"]
    rows = [("2010-06-01", "120.00", "20.00", "100.00"), ("2010-06-02", "60.00", "10.00", "50.00")]
    got = mapped(cols, rows)
    assert got.column("amount") == "SumOfNet Amt" and got.amount_basis == "net"
    assert got.column("date") == "PymtDate"
    assert any("Net and gross" in n for n in got.notes)
    assert got.explanation("amount").startswith("amount = 'SumOfNet Amt': heading strong ('net amt')")


def test_a_line_amount_beats_the_invoice_total_repeated_on_each_line():
    cols = ["Payment Date", "Invoice Amount", "Sub Amount", "Supplier Name"]
    rows = [("26/04/2023", "900.00", "567.00", "A"), ("26/04/2023", "900.00", "333.00", "A"),
            ("27/04/2023", "50.00", "50.00", "B")]
    got = mapped(cols, rows)
    assert got.column("amount") == "Sub Amount"
    assert "runner-up 'Invoice Amount'" in got.explanation("amount")       # close: said
    # alone, an invoice amount is the amount
    assert mapped(["Date", "InvoiceAmount"], [("2025-01-01", "10.00")]).column("amount") == "InvoiceAmount"


def test_values_decide_when_the_amount_heading_is_unknown():
    cols = ["Txn", "Zzz", "Supplier", "Ref"]
    rows = [("2025-01-02", "834.29", "Slack", "100234"), ("2025-01-03", "1,140.00", "Zoom", "100235"),
            ("2025-01-04", "500.50", "Atlassian", "100236"), ("2025-01-05", "-20.00", "Slack", "100237")]
    got = mapped(cols, rows)
    assert got.column("amount") == "Zzz"
    assert got.column("date") == "Txn"          # values: every cell is a date
    assert got.column("vendor") == "Supplier"
    assert got.explanation("amount") == "amount = 'Zzz': heading not recognised, values 100% money"


def test_id_numbers_and_counts_are_not_money():
    cols = ["Date", "Supplier", "Document", "Lines", "Amount?"]
    rows = [("2025-01-02", "Slack", "40001234", "3", "10.00"),
            ("2025-01-03", "Zoom", "40001235", "1", "20.50"),
            ("2025-01-04", "Okta", "40001236", "2", "7.25")]
    assert mapped(cols, rows).column("amount") == "Amount?"
    no_money = mapped(cols[:4], [r[:4] for r in rows])
    assert no_money.column("amount") is None


def test_an_amount_heading_over_values_that_are_not_money_is_not_the_amount():
    got = mapped(["Date", "Vendor", "Amount", "Paid"],
                 [("2025-01-02", "Slack", "n/a", "10.00"), ("2025-01-03", "Zoom", "see note", "20.00")])
    assert got.column("amount") == "Paid"


def test_explanations_say_why_for_every_mapped_field():
    got = mapped(["Date", "Vendor", "Department", "Invoiced"], ROWS3)
    why = dict(got.explanations)
    assert set(why) == set(got.fields)
    assert why["amount"] == "amount = 'Invoiced': heading medium ('invoiced'), values 100% money"
    assert why["date"].startswith("date = 'Date': heading strong")


def test_the_whole_table_is_assigned_one_column_per_field():
    # 'Account Code' twice (as Craven exports it): the codes are the code, the names the name
    cols = ["Payment Date", "Account Code", "Account Code (2)", "Amount"]
    rows = [("06/03/2017", "2280", "Miscellaneous", "1,000.00"),
            ("24/03/2017", "1740", "Chlorination and Purification", "696.06")]
    got = mapped(cols, rows)
    assert got.column("account_code") == "Account Code"
    assert got.column("account_name") == "Account Code (2)"
    assert len(set(got.fields.values())) == len(got.fields)


def test_debit_and_credit_columns_make_the_amount():
    got = mapped(["Posting Date", "Vendor", "Debit", "Credit"],
                 [("2025-04-01", "Atlassian", "500.00", ""), ("2025-04-02", "Atlassian", "", "120.00")])
    assert got.amount_mode == "debit_credit"
    assert (got.column("debit"), got.column("credit")) == ("Debit", "Credit")


def test_card_feed_billing_amount_and_its_currency():
    cols = ["Transaction Date", "Merchant Name", "Transaction Amt.", "Trx Currency", "Original Amount",
            "Original Currency"]
    rows = [("2017-11-06", "ESSO", "100", "CAD", "75", "USD"), ("2017-11-13", "SHELL", "99", "CAD", "99", "CAD")]
    got = mapped(cols, rows)
    assert (got.column("amount"), got.column("currency")) == ("Transaction Amt.", "Trx Currency")


def test_a_text_column_of_three_letters_is_not_a_currency_column():
    got = mapped(["Client", "Date", "Amount"], [("OCC", "2025-01-02", "10.00"), ("OCC", "2025-01-03", "5.00")])
    assert got.column("currency") is None
    assert mapped(["Cur", "Date", "Amount"], [("EUR", "2025-01-02", "10.00")]).column("currency") == "Cur"


def test_prefixes_and_qualifiers_around_known_words():
    got = mapped(["Employee Department", "MCH.MERCHANT NAME", "FIN.TRANSACTION DATE",
                  "FIN.NET TRANSACTION AMOUNT", "FIN.TAX.TAX AMOUNT"],
                 [("Highways", "AMAZON", "04/01/2024", "9.99", "0"), ("Parks", "B&M", "04/02/2024", "34.21", "4.98")])
    assert got.fields == {"department": "Employee Department", "vendor": "MCH.MERCHANT NAME",
                          "date": "FIN.TRANSACTION DATE", "amount": "FIN.NET TRANSACTION AMOUNT"}


def test_period_column_when_there_is_no_date():
    got = mapped(["Period", "Supplier", "Amount"], [("202409", "Durham CC", "570"), ("202410", "Graham", "745.09")])
    assert got.column("period") == "Period" and got.column("date") is None
    assert got.column("amount") == "Amount"


@pytest.mark.parametrize("value", ["202401", "2024-03", "Mar 2024", "Q1 2024/25", "2024/25", "März 2024",
                                   "FY2024", "P03 2024", "mars-24"])
def test_period_values(value):
    assert is_period(value)


@pytest.mark.parametrize("value, expected", [
    ("2024-03-14", True), ("14/03/2024", True), ("3/6/2018", True), ("14 Mar 2024", True),
    ("14. März 2024", True), ("14-févr-2024", True), ("20240314", True), ("202403", False),
    ("13/13/2024", False), ("Slack", False), ("1,234.56", False),
])
def test_date_values(value, expected):
    assert is_date(value) is expected


@pytest.mark.parametrize("value, expected", [
    ("1,234.56", True), ("(45.00)", True), ("12,50-", True), ("£ 1 000.00", True), ("USD 99.00", True),
    ("100.00 CR", True), ("1.234,56 €", True), ("R$ 1.234,56", True), ("1'234.56", True), ("abc", False),
    ("2024-03-14", False),
])
def test_money_values(value, expected):
    assert is_money(value) is expected


def test_overrides_recompute_the_amount_qualifiers_and_say_so():
    cols = ("Date", "Vendor", "Amount (EUR)", "Gross £")
    got = detect_mapping(cols, (("2025-01-02", "Slack", "10.00", "12.00"),))
    assert got.currency_hint == "EUR"
    changed = got.with_overrides({"amount": "Gross £"}, cols)
    assert (changed.column("amount"), changed.currency_hint, changed.amount_basis) == ("Gross £", "GBP", "gross")
    assert changed.explanation("amount") == "amount = 'Gross £': chosen by you"
    with pytest.raises(IngestError, match="no column 'Nope'"):
        got.with_overrides({"amount": "Nope"}, cols)


def test_remembered_mapping_keeps_the_amount_qualifiers():
    m = Mapping(fields={"amount": "X"}, currency_hint="EUR", amount_basis="net")
    back = Mapping.from_json(m.to_json())
    assert (back.fields, back.currency_hint, back.amount_basis) == ({"amount": "X"}, "EUR", "net")


def test_missing_field_help_lists_every_column_with_samples_and_the_cli_line():
    cols = ("Client", "Paid", "Value in pence?", "Who")
    rows = (("OCC", "2025-01-02", "834.29", "Slack"), ("OCC", "2025-01-03", "1140.00", "Zoom"),
            ("OCC", "2025-01-04", "500.50", "Okta"))
    text = missing_field_help("amount", cols, rows)
    for col in cols:
        assert f"'{col}':" in text
    assert "'Who': Slack, Zoom, Okta" in text
    assert "'Client': OCC\n" in text or "'Client': OCC " in text
    assert 'Try: --map amount="Value in pence?"' in text
    assert field_candidates("amount", cols, rows)[0][0] == "Value in pence?"
    assert "--period" in missing_field_help("date", ("A", "B"), (("x", "1.00"),))


def test_header_score_recognises_headings_in_every_language_and_shape():
    data = header_score(["2025-01-02", "Slack", "IT", "100.00"])
    for header in (["Date", "Vendor", "Department", "Amount"], ["Datum", "Lieferant", "Kostenstelle", "Betrag"],
                   ["Date", "Fournisseur", "Service", "Montant HT"], ["DATA TRANSAÇÃO", "NOME FAVORECIDO",
                                                                      "VALOR TRANSAÇÃO"],
                   ["PymtDate", "SumOfNet Amt", "SumOfVatAmt"], ["Datum", "Dodavatel", "Částka"],
                   ["Data", "Kontrahent", "Kwota"], ["Datum", "Leverantör", "Belopp"]):
        assert header_score(header) > data + 6, header


@pytest.mark.parametrize("columns, rows, expected", [
    # Business Central vendor ledger: 'Vendor No.' is a code, 'Vendor Name' the vendor
    (["Posting Date", "Document No.", "Vendor No.", "Vendor Name", "G/L Account No.", "Amount (LCY)"],
     [("2025-01-02", "D1", "V100", "Slack Ltd", "6100", "10.50"), ("2025-01-03", "D2", "V101", "Zoom", "6100", "20.00")],
     {"vendor": "Vendor Name", "account_code": "G/L Account No.", "amount": "Amount (LCY)", "reference": "Document No."}),
    # DATEV-style German journal: creditor number vs creditor name, compounds
    (["Belegdatum", "Kreditor", "Kreditorname", "Kostenstelle", "Sachkonto", "Buchungstext", "Betrag (EUR)"],
     [("02.01.2025", "70001", "SAP SE", "4711", "6800", "Lizenz", "1.234,56"),
      ("03.01.2025", "70002", "Telekom", "4712", "6805", "Telefon", "99,00")],
     {"date": "Belegdatum", "vendor": "Kreditorname", "cost_centre": "Kostenstelle", "account_code": "Sachkonto",
      "description": "Buchungstext", "amount": "Betrag (EUR)"}),
    # Polish invoice register: net beats gross, VAT never, NIP (tax id) is no vendor
    (["Data wystawienia", "Numer faktury", "Kontrahent", "NIP", "Wartość netto", "VAT", "Wartość brutto"],
     [("2025-01-02", "FV/1", "Comarch", "5260250995", "100,00", "23,00", "123,00"),
      ("2025-01-03", "FV/2", "Asseco", "5220000000", "50,00", "11,50", "61,50")],
     {"vendor": "Kontrahent", "amount": "Wartość netto", "reference": "Numer faktury"}),
])
def test_common_erp_exports(columns, rows, expected):
    got = mapped(columns, rows)
    assert {f: got.column(f) for f in expected} == expected


def test_debit_and_credit_headings_carry_the_currency_hint():
    got = mapped(["Date", "Description", "Debit (GBP)", "Credit (GBP)", "Net (GBP)", "VAT (GBP)"],
                 [("02 Jan 2025", "Slack", "100.00", "", "100.00", "20.00"),
                  ("03 Jan 2025", "Zoom", "", "50.00", "-50.00", "-10.00")])
    assert got.amount_mode == "debit_credit" and got.currency_hint == "GBP"


def test_a_currency_named_by_the_amount_heading_is_the_files_currency():
    got = detect_mapping(("Date", "Vendor", "Sum (EURO)"), (("2025-01-02", "Slack", "10.00"),),
                         default_currency="GBP")
    assert (got.currency_hint, got.default_currency) == ("EUR", "EUR")
    assert any("names the currency" in n and "EUR" in n for n in got.notes)
    # a currency column still decides per line
    with_column = detect_mapping(("Date", "Amount (EUR)", "Currency"), (("2025-01-02", "10.00", "USD"),),
                                 default_currency="GBP")
    assert (with_column.column("currency"), with_column.default_currency) == ("Currency", "GBP")


def test_through_the_load_an_unnamed_money_column_and_a_qualified_heading_load_exactly():
    from decimal import Decimal

    from db import Store
    from ingest import load_file

    store = Store(":memory:")
    unnamed = load_file(store, "unnamed.csv", b"When,Who,Zzz\n2025-01-02,Slack,834.29\n"
                                              b"2025-01-03,Zoom,\"1,140.00\"\n2025-01-04,Okta,-20.50\n")
    assert unnamed.mapping["amount"] == "Zzz" and unnamed.control_total == Decimal("1953.79")
    spend = load_file(store, "spend.csv", "Date;Supplier;VAT;£ SPEND (EXCLUDING VAT)\n"
                                          "02/01/2025;Civica;20,00;100,00\n03/01/2025;Capita;2,00;10,50\n"
                      .encode("utf-8"))
    assert spend.mapping["amount"] == "£ SPEND (EXCLUDING VAT)"
    assert spend.totals_by_currency == {"GBP": Decimal("110.50")}


@pytest.mark.parametrize("heading", ["ProClass", "Procurement Category", "Procurement Classification",
                                     "Commodity Description"])
def test_a_procurement_classification_is_the_lines_account(heading):
    """UK councils publish spend with a ProClass (procurement classification) column, others a
    procurement or commodity category: what was bought, so classification reads it as the
    account ('ICT', 'Art & Leisure Services')."""
    got = mapped(["Date", "Supplier", heading, "Department", "Amount"],
                 [("13/09/2023", "Softcat plc", "ICT", "Corporate Core", "1,250.00"),
                  ("14/09/2023", "Fairways Lodge", "Art & Leisure Services", "Operations", "500.00")])
    assert got.column("account_name") == heading
    assert got.column("vendor") == "Supplier"
