"""Exports in shapes and languages the first builds had not seen, each cut down to a few rows as
its publisher prints it: an Australian agency's payments (ABN beside an 'Amount (AUD, incl.
GST)'), a Danish municipality's creditor payments ('I alt' footer), a UK NHS trust's "over
£25,000" file, Zoho Books bills (the bill total on every item row), Norwegian municipal
payments, double-entry journals from Sweden (Visma), Poland (Comarch, Wn/Ma) and Spain
(ContaPlus), and Sage 50's Nominal Activity report (its header repeated per account)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from db import Store
from ingest import load_file
from ingest.mapping import detect_mapping

from export_helpers import load_text


_load = load_text


AU = ('"Department of Education - Payments to suppliers over $10,000"\n'
      "Period: 1 January 2024 to 31 March 2024\n\n"
      'Supplier Name,ABN,Payment Date,Description,Business Unit,"Amount (AUD, incl. GST)"\n'
      'Microsoft Pty Ltd,29 002 589 460,03/01/2024,Microsoft 365 E3,Digital Services,"$184,250.00"\n'
      'Programmed Facility Management,61 054 742 264,10/01/2024,Cleaning,Facilities,"$22,410.50"\n')


def test_an_amount_heading_with_gst_is_the_amount_and_an_abn_never_is():
    result, store = _load(AU)
    assert result.control_total == Decimal("206660.50")
    assert store.rows("SELECT DISTINCT currency FROM ledger_lines") == [("AUD",)]
    for heading in ("Amount (excl GST)", "Amount excl GST", "Amount (GST exclusive)",
                    "Value (incl GST)"):
        mapping = detect_mapping(("Date", "Supplier", heading),
                                 (("03/01/2024", "Acme Pty Ltd", "1,100.00"),))
        assert mapping.fields.get("amount") == heading
    # a business number by its values alone (no heading says it): grouped digits, no decimals
    mapping = detect_mapping(("Date", "Supplier", "Zzz"),
                             (("03/01/2024", "Acme Pty Ltd", "29 002 589 460"),
                              ("04/01/2024", "Beta Pty Ltd", "61 054 742 264")))
    assert "amount" not in mapping.fields


@pytest.mark.parametrize("footer", ["I alt", "Totalt", "Totale registro", "Yhteensä"])
def test_a_footer_in_another_language_is_excluded_not_rejected(footer):
    text = ("Bogføringsdato;Kreditor;Tekst;Beløb\n"
            "05-01-2024;KMD A/S;Drift af lønsystem;125.430,00\n"
            "11-01-2024;ISS Facility Services A/S;Rengøring;48.900,50\n"
            f";{footer};;174.330,50\n")
    result, _ = _load(text)
    assert (result.rows_loaded, result.rows_excluded, result.rows_rejected) == (2, 1, 0)
    assert result.control_total == Decimal("174330.50")


def test_the_nhs_expense_area_is_the_department_not_the_department_family():
    mapping = detect_mapping(
        ("Department Family", "Entity", "Date", "Expense Type", "Expense Area", "Supplier",
         "Transaction Number", "Amount"),
        (("Department of Health", "RR8", "01/03/2024", "IT Software Licences", "Informatics",
          "Cerner Ltd", "5102334", "184300"),
         ("Department of Health", "RR8", "04/03/2024", "Cleaning", "Estates & Facilities",
          "Mitie", "5102398", "41220")))
    assert mapping.fields["department"] == "Expense Area"


def test_an_item_total_is_the_amount_not_the_bill_total_repeated_on_every_item():
    mapping = detect_mapping(
        ("Bill Date", "Vendor Name", "Description", "Item Total", "SubTotal", "Tax Amount", "Total"),
        (("2024-11-04", "Microsoft Corporation (India) Pvt Ltd", "Microsoft 365 E3", "45000.00",
          "49250.00", "8865.00", "58115.00"),
         ("2024-11-04", "Microsoft Corporation (India) Pvt Ltd", "Power BI Pro", "4250.00",
          "49250.00", "8865.00", "58115.00")))
    assert mapping.fields["amount"] == "Item Total"


def test_norwegian_responsibility_centre_and_cost_type():
    mapping = detect_mapping(
        ("Fakturadato", "Leverandør", "Ansvar", "Art", "Beskrivelse", "Beløp"),
        (("03.01.2024", "Evry Norge AS", "Utviklings- og kompetanseetaten", "11950",
          "Drift av fagsystemer", "345600"),
         ("09.01.2024", "ISS Facility Services AS", "Eiendomsetaten", "11900", "Renhold", "56780.5")))
    assert (mapping.fields["department"], mapping.fields["account_code"]) == ("Ansvar", "Art")


VISMA = ("Verifikationsnummer;Datum;Konto;Kontonamn;Debet;Kredit;Text\n"
         "A12;2024-06-03;5420;Programvaror;3 200,00;;Microsoft 365 juni\n"
         "A12;2024-06-03;2640;Ingående moms;800,00;;Microsoft 365 juni\n"
         "A12;2024-06-03;2440;Leverantörsskulder;;4 000,00;Microsoft 365 juni\n"
         "A13;2024-06-10;5010;Lokalhyra;18 500,00;;Hyra kontor juni\n"
         "A13;2024-06-10;2640;Ingående moms;4 625,00;;Hyra kontor juni\n"
         "A13;2024-06-10;2440;Leverantörsskulder;;23 125,00;Hyra kontor juni\n")
COMARCH = ("Lp.;Data księgowania;Dokument;Kontrahent;Opis;Konto;Nazwa konta;Wn;Ma\n"
           "1;2024-04-03;FZ 12/04;MICROSOFT IRELAND OPERATIONS LTD;Licencje;402-01;Usługi informatyczne;4 100,00;\n"
           "2;2024-04-03;FZ 12/04;MICROSOFT IRELAND OPERATIONS LTD;Licencje;202-01;Rozrachunki z dostawcami;;4 100,00\n"
           "3;2024-04-08;FZ 13/04;ORANGE POLSKA S.A.;Abonament;402-02;Usługi telekomunikacyjne;650,00;\n"
           "4;2024-04-08;FZ 13/04;ORANGE POLSKA S.A.;Abonament;221-01;VAT naliczony;149,50;\n"
           "5;2024-04-08;FZ 13/04;ORANGE POLSKA S.A.;Abonament;202-01;Rozrachunki z dostawcami;;799,50\n")
# the sub-account's description where a supplier would be, supplier sub-accounts (410...)
# named after the supplier, the VAT sub-account 472...
CONTAPLUS = ("Asiento;Fecha;Subcuenta;Descripción;Concepto;Debe;Haber\n"
             "101;04/03/2024;62900010;Software y licencias;Microsoft 365;1850,00;\n"
             "101;04/03/2024;41000010;MICROSOFT IRELAND OPERATIONS LTD;Microsoft 365;;1850,00\n"
             "103;12/03/2024;62900010;Software y licencias;licencias CRM;3200,00;\n"
             "103;12/03/2024;47200021;H.P. IVA soportado 21%;licencias CRM;672,00;\n"
             "103;12/03/2024;41000030;SALESFORCE.COM SPAIN SL;licencias CRM;;3872,00\n")


@pytest.mark.parametrize("text, encoding, lines, total", [
    (VISMA, "utf-8", 2, "21700.00"),
    (COMARCH, "cp1250", 2, "4750.00"),
    (CONTAPLUS, "cp1252", 2, "5050.00"),
], ids=["visma-sv", "comarch-pl", "contaplus-es"])
def test_a_balanced_journal_in_another_language_keeps_only_the_expense_side(text, encoding,
                                                                              lines, total):
    result, _ = _load(text, encoding=encoding)
    assert (result.rows_loaded, result.control_total) == (lines, Decimal(total))
    assert any("The file balances to zero" in n for n in result.notes)


def test_a_journal_that_does_not_balance_keeps_its_credited_accounts():
    text = ("Date,Account,Supplier,Amount\n"
            "2024-03-01,Software,Adobe,100.00\n2024-03-02,Refunds,Adobe,-20.00\n"
            "2024-03-03,Refunds,Zoom,-5.00\n")
    result, _ = _load(text)
    assert (result.rows_loaded, result.control_total) == (3, Decimal("75.00"))


SAGE_NOMINAL = """Date: 05/04/2024,,,,Northwind Trading Ltd,,,,,Page: 1
Time: 10:12:01,,,,Nominal Activity

N/C: 7502,,Name: Telephone and Internet,,,,,Account Balance:,710.50,DR
No,Type,Date,Account,Ref,Details,Dept,T/C,Value,Debit,Credit,V,B
3011,PI,04/03/2024,BTBUSINE,BT-88120,BT broadband Mar,0,T1,412.50,412.50,,N,-
3020,PI,19/03/2024,VODAFONE,VF-10233,Vodafone mobiles Mar,0,T1,298.00,298.00,,N,-
,,,,,,,Totals:,,710.50,0.00
,,,,,,,History Balance:,,710.50,

N/C: 7508,,Name: Computer Software,,,,,Account Balance:,"2,270.00",DR
No,Type,Date,Account,Ref,Details,Dept,T/C,Value,Debit,Credit,V,B
3012,PI,01/03/2024,MICROSOF,INV-E0071,Microsoft 365 E3 licences Mar,3,T1,2450.00,2450.00,,N,-
3016,PC,15/03/2024,MICROSOF,CN-E0012,Credit - 5 unused E3 seats,3,T1,180.00,,180.00,N,-
,,,,,,,Totals:,,"2,450.00",180.00
,,,,,,,History Balance:,,"2,270.00",
"""


def test_a_report_that_repeats_its_header_per_account_loses_no_line():
    result, store = _load(SAGE_NOMINAL)
    assert (result.rows_loaded, result.rows_rejected) == (4, 0)
    assert result.control_total == Decimal("2980.50")
    reasons = [r for (r,) in store.rows("SELECT reason FROM row_issues")]
    assert sum("column headings again" in r for r in reasons) == 1
    assert sum(r.startswith("Note row (\"N/C: 7508") for r in reasons) == 1
    # the last account's total is that account's, not the file's: no false "differs" note
    assert not any("differs from the file's total" in n for n in result.notes)


def test_a_mexican_contract_amount_heading_names_basis_and_currency():
    mapping = detect_mapping(
        ("Razón social del adjudicado", "Fecha del contrato",
         "Monto del contrato con impuestos incluidos (expresado en pesos mexicanos)"),
        (("Telmex S.A.B. de C.V.", "15/01/2024", "245000"),
         ("Microsoft México S. de R.L. de C.V.", "20/01/2024", "1200000.50")))
    amount = "Monto del contrato con impuestos incluidos (expresado en pesos mexicanos)"
    assert mapping.fields["amount"] == amount and mapping.currency_hint == "MXN"


def test_a_column_of_uuids_is_never_the_vendor():
    mapping = detect_mapping(
        ("Date", "ID", "Description", "Amount"),
        (("2024-09-02", "66d00001-a1b2-4c3d-9e8f-0123456789ab", "Slack", "-118.34"),
         ("2024-09-03", "66d00002-a1b2-4c3d-9e8f-0123456789ab", "Zoom", "-12.00")))
    assert mapping.fields.get("vendor") != "ID"


SAGE_TRANSACTIONS = ("No,Type,Account,Nominal,Dept,Details,Date,Ref,Net,Tax,T/C\n"
                     "3012,PI,MICROSOF,7508,3,Microsoft 365 E3 licences,01/03/2024,INV-E0071,2450.00,490.00,T1\n"
                     "3016,PC,MICROSOF,7508,3,Credit - 5 unused E3 seats,15/03/2024,CN-E0012,180.00,36.00,T1\n"
                     "3019,PI,ZOOMVIDE,7508,6,Zoom Business,22/03/2024,ZM-3310,1199.00,239.80,T1\n")


def test_credit_notes_printed_positive_beside_a_type_column_count_negative():
    result, store = _load(SAGE_TRANSACTIONS)
    assert result.control_total == Decimal("3469.00")          # 2,450 - 180 + 1,199
    assert store.rows("SELECT amount FROM ledger_lines WHERE source_row = 3") == [(Decimal("-180"),)]
    assert any("'PC' in 'Type'" in n and "count negative" in n for n in result.notes)


@pytest.mark.parametrize("change", [
    ("2450.00,490.00", "2450.00,490.00"),              # as printed: PC -180.00 below
    ("Type", "Kind"),                                    # any heading: the values decide
])
def test_credits_already_signed_or_types_mixed_with_other_words_are_left_alone(change):
    signed = SAGE_TRANSACTIONS.replace("180.00,36.00", "-180.00,-36.00").replace(*change)
    result, _ = _load(signed)
    assert result.control_total == Decimal("3469.00")
    assert not any("count negative" in n for n in result.notes)
    # a 'Type' column that is not document types (an expense type): nothing is flipped
    other = SAGE_TRANSACTIONS.replace(",PI,", ",Software,").replace(",PC,", ",Credit,")
    result, _ = _load(other)
    assert result.control_total == Decimal("3829.00")


DATEV = ('"EXTF";700;21;"Buchungsstapel";13;20240405101512345;;"RE";"";"";29098;55003;20240101;4;'
         '20240301;20240331;"Buchungen 03/2024";"WD";1;0;0;"EUR"\n'
         "Umsatz (ohne Soll/Haben-Kz);Soll/Haben-Kennzeichen;WKZ Umsatz;Konto;"
         "Gegenkonto (ohne BU-Schlüssel);Belegdatum;Belegfeld 1;Buchungstext;KOST1 - Kostenstelle\n"
         '2975,00;"S";"EUR";4964;70010;0103;"RE24-0311";"Microsoft 365 Business Premium";"IT"\n'
         '1547,00;"S";"EUR";4806;70020;0403;"RE24-0312";"Amazon Web Services Hosting";"IT"\n'
         '120,00;"H";"EUR";4964;70010;1503;"GS24-0007";"Gutschrift Microsoft";"IT"\n')


def test_a_datev_batch_is_dated_by_its_header_and_signed_by_its_marks():
    """DATEV's Buchungsstapel prints the day and month only (Belegdatum 0103); the batch's
    year is in its first line. Refused before ('no date column'); then every line was dated to
    the batch's first day; now each line keeps its own day."""
    date = __import__("datetime").date
    result, store = _load(DATEV, name="EXTF_Buchungsstapel.csv", encoding="cp1252")
    assert (result.rows_loaded, result.control_total) == (3, Decimal("4402.00"))
    assert store.rows("SELECT txn_date, currency FROM ledger_lines ORDER BY source_row") == [
        (date(2024, 3, 1), "EUR"), (date(2024, 3, 4), "EUR"), (date(2024, 3, 15), "EUR")]
    assert any("the year is the DATEV batch's" in n for n in result.notes)
    # a batch over the year end (December to January): January's documents are the next year's;
    # an unpadded '503' is 5 March
    over = DATEV.replace("20240301;20240331", "20231201;20240131").replace(";0103;", ";2812;") \
        .replace(";0403;", ";503;")
    _, store = _load(over, name="EXTF_Buchungsstapel.csv", encoding="cp1252")
    assert [d for (d,) in store.rows("SELECT txn_date FROM ledger_lines ORDER BY source_row")] == [
        date(2023, 12, 28), date(2024, 3, 5), date(2024, 3, 15)]


def test_a_title_row_gives_the_period_of_a_file_with_no_dates():
    text = ('"Expenditure over £25,000 - March 2024"\n'
            "Supplier,Expense Type,Amount\nCerner Ltd,IT Software,184300.00\nMitie,Cleaning,41220.00\n")
    result, store = _load(text, name="over25k.csv")
    assert store.rows("SELECT DISTINCT txn_date FROM ledger_lines") == [
        (__import__("datetime").date(2024, 3, 1),)]
    assert result.control_total == Decimal("225520.00")


REVOLUT = ("Date started (UTC),ID,Type,State,Description,Payer,Amount,Payment currency,Beneficiary IBAN,MCC\n"
           "2024-09-01 08:12:44,66d00000-a1b2-4c3d-9e8f-0123456789ab,TOPUP,COMPLETED,Money added from ACME LTD,,20000.00,GBP,,\n"
           "2024-09-02 10:01:03,66d00001-a1b2-4c3d-9e8f-0123456789ab,CARD_PAYMENT,COMPLETED,Slack,Tom Hill,-118.34,GBP,,5734\n"
           "2024-09-04 11:00:00,66d00002-a1b2-4c3d-9e8f-0123456789ab,TRANSFER,COMPLETED,To Atlassian Pty Ltd,,-1450.00,GBP,GB29NWBK60161331926819,\n"
           "2024-09-05 12:00:00,66d00003-a1b2-4c3d-9e8f-0123456789ab,CARD_PAYMENT,REVERTED,Adobe,Tom Hill,-59.99,GBP,,5734\n"
           "2024-09-06 13:00:00,66d00004-a1b2-4c3d-9e8f-0123456789ab,REFUND,COMPLETED,Slack,Tom Hill,39.45,GBP,,5734\n"
           "2024-09-07 14:00:00,66d00005-a1b2-4c3d-9e8f-0123456789ab,CARD_PAYMENT,COMPLETED,Zoom.us,Tom Hill,-118.26,GBP,,5734\n")


def test_a_business_account_feed_counts_only_what_left_it_as_spend():
    result, store = _load(REVOLUT)
    # 118.34 + 1,450.00 + 118.26 paid, 39.45 refunded; the top-up and the reverted payment are not spend
    assert (result.rows_loaded, result.rows_excluded) == (4, 2)
    assert result.control_total == Decimal("1647.15")
    assert store.rows("SELECT vendor, amount FROM ledger_lines ORDER BY source_row") == [
        ("Slack", Decimal("118.34")), ("To Atlassian Pty Ltd", Decimal("1450")),
        ("Slack", Decimal("-39.45")), ("Zoom.us", Decimal("118.26"))]
    reasons = " ".join(r for (r,) in store.rows("SELECT reason FROM row_issues"))
    assert "did not go through" in reasons and "money into the account" in reasons


def test_a_ledger_of_positive_spend_and_a_status_of_paid_are_left_as_they_are():
    text = ("Date,Supplier,Status,Amount\n2024-09-02,Slack,Paid,118.34\n"
            "2024-09-03,Zoom,Approved,-20.00\n2024-09-04,Adobe,Paid,59.99\n")
    result, _ = _load(text)
    assert (result.rows_loaded, result.control_total) == (3, Decimal("158.33"))
    # 3 in 4 lines negative but the sum positive: a ledger with many credit notes keeps its signs
    mixed = ("Date,Supplier,Amount\n2024-09-02,Slack,-10.00\n2024-09-03,Zoom,-20.00\n"
             "2024-09-04,Adobe,59.99\n2024-09-05,Canva,-5.00\n")
    result, _ = _load(mixed)
    assert result.control_total == Decimal("24.99")


def test_a_bare_dollar_sign_is_read_as_usd_and_says_it_may_be_another_dollar():
    text = "Date,Supplier,Amount\n2024-07-03,Dell Australia Pty Ltd,\"$5,998.00\"\n"
    result, store = _load(text)
    assert store.rows("SELECT DISTINCT currency FROM ledger_lines") == [("USD",)]
    assert any("also the sign of CAD, AUD" in n for n in result.notes)
    given, store = _load(text, currency="AUD")
    assert store.rows("SELECT DISTINCT currency FROM ledger_lines") == [("AUD",)]
    assert not any("also the sign of" in n for n in given.notes)


def test_a_central_european_export_is_read_as_windows_1250():
    result, store = _load(COMARCH, encoding="cp1250")
    assert "Read as Windows-1250 text." in result.notes
    assert ("Usługi informatyczne",) in store.rows("SELECT DISTINCT account_name FROM ledger_lines")
    # Windows-1252 text (ø, æ, ñ, ê are its own letters) stays Windows-1252
    result, _ = _load("Dato;Leverandør;Beløb\n05-01-2024;Søren Æble ApS;100,00\n", encoding="cp1252")
    assert "Read as Windows-1252 text." in result.notes


def test_business_centrals_dimension_1_is_the_department():
    mapping = detect_mapping(
        ("Posting Date", "Document No.", "G/L Account No.", "G/L Account Name", "Description",
         "Global Dimension 1 Code", "Global Dimension 2 Code", "Amount"),
        (("01/03/2024", "PI-1001", "6100", "Software", "Microsoft 365", "IT", "P100", "2450.00"),
         ("02/03/2024", "PI-1002", "6100", "Software", "HubSpot", "MARKETING", "P200", "890.00")))
    assert mapping.fields["department"] == "Global Dimension 1 Code"


@pytest.mark.parametrize("columns, row, expected", [
    (("日付", "仕入先", "部署", "金額"), ("2024/03/15", "日本マイクロソフト株式会社", "総務部", "1234000"),
     {"date": "日付", "vendor": "仕入先", "department": "部署", "amount": "金額"}),
    (("Ημερομηνία", "Προμηθευτής", "Τμήμα", "Ποσό"), ("15/03/2024", "ΟΤΕ Α.Ε.", "Τμήμα Προμηθειών", "1.234,50"),
     {"date": "Ημερομηνία", "vendor": "Προμηθευτής", "department": "Τμήμα", "amount": "Ποσό"}),
    (("일자", "거래처", "부서", "금액(원)"), ("2024-03-15", "KT", "총무팀", "1234000"),
     {"date": "일자", "vendor": "거래처", "department": "부서", "amount": "금액(원)"}),
    (("Dátum", "Szállító", "Szervezeti egység", "Összeg (Ft)"), ("2024-03-04", "Magyar Telekom Nyrt.", "Informatikai osztály", "125000"),
     {"date": "Dátum", "vendor": "Szállító", "department": "Szervezeti egység", "amount": "Összeg (Ft)"}),
    (("Tarih", "Tedarikçi", "Birim", "Tutar"), ("15.03.2024", "Turkcell A.Ş.", "Bilgi İşlem Müdürlüğü", "18.450,75"),
     {"date": "Tarih", "vendor": "Tedarikçi", "department": "Birim", "amount": "Tutar"}),
], ids=["ja", "el", "ko", "hu", "tr"])
def test_headings_in_other_scripts_and_languages_map(columns, row, expected):
    assert detect_mapping(columns, (row,)).fields == expected


THOUSANDS = "Date,Supplier,Spend (£000s)\n2024-03-01,Capita,223.0\n2024-03-02,Civica,482.6\n"


def test_amounts_in_thousands_are_scaled_as_the_heading_says():
    result, _ = _load(THOUSANDS)
    assert result.control_total == Decimal("705600.00")
    assert any("in thousands" in n for n in result.notes)
    plain, _ = _load(THOUSANDS.replace("Spend (£000s)", "Spend over £25,000"))
    assert plain.control_total == Decimal("705.60")


def test_text_marked_amounts_and_ordinal_dates_are_read():
    text = ("Date,Supplier,Amount\n1st March 2024,Adobe,\"'6,937.10\"\n22nd March 2024,Zoom,'120.00\n"
            "3rd March 2024,Dell,\"'1,000.00\"\n")
    result, store = _load(text)
    assert (result.rows_loaded, result.control_total) == (3, Decimal("8057.10"))
    assert [d for (d,) in store.rows("SELECT txn_date FROM ledger_lines ORDER BY source_row")] == [
        __import__("datetime").date(2024, 3, d) for d in (1, 22, 3)]


def test_label_rows_give_the_lines_below_them_their_department():
    text = ("Date,Merchant,Description,Amount\nEmployee: Jane Smith,,,\nDepartment: Marketing,,,\n"
            "2024-03-01,Dell,Latitude laptops,4078.64\n2024-03-04,Canva,Canva Pro,120.00\n"
            "2024-03-05,Pret,Team lunch,45.10\nDepartment: IT,,,\n"
            "2024-03-02,Zoom,Zoom Business,7978.33\n2024-03-06,AWS,Hosting,610.00\n"
            "2024-03-07,Dell,Monitors,880.00\n")
    result, store = _load(text)
    assert store.rows("SELECT department, count(*) FROM ledger_lines GROUP BY 1 ORDER BY 1") == [
        ("IT", 3), ("Marketing", 3)]
    # a file with a department column keeps its own values
    own = text.replace("Date,Merchant,Description,Amount", "Date,Merchant,Description,Amount,Dept")
    own = "\n".join(line + ",Sales" if line[:4] == "2024" else line for line in own.split("\n"))
    _, store = _load(own)
    assert {d for (d,) in store.rows("SELECT department FROM ledger_lines")} == {"Sales"}


def test_a_hidden_sheet_is_not_read_unless_asked_for(tmp_path):
    import io
    import openpyxl
    book = openpyxl.Workbook()
    old = book.active
    old.title = "Old_FY23"
    old.append(["Date", "Supplier", "Amount"])
    old.append(["2023-03-01", "Adobe", 999.0])
    old.sheet_state = "hidden"
    now = book.create_sheet("March 2024")
    now.append(["Date", "Supplier", "Amount"])
    now.append(["2024-03-01", "Adobe", 100.0])
    data = io.BytesIO()
    book.save(data)
    store = Store(":memory:")
    result = load_file(store, "book.xlsx", data.getvalue())
    assert result.control_total == Decimal("100.00")
    assert any("hidden in the workbook" in n for n in result.notes)
    asked = load_file(Store(":memory:"), "book.xlsx", data.getvalue(), sheet="Old_FY23")
    assert asked.control_total == Decimal("999.00")


def test_totals_rows_in_more_languages_are_excluded():
    for word in ("Kokku", "GENEL TOPLAM", "합계", "Ukupno"):
        text = f"Date,Supplier,Amount\n2024-03-01,Adobe,10.00\n2024-03-02,Zoom,5.00\n,{word},15.00\n"
        result, _ = _load(text)
        assert (result.rows_loaded, result.rows_excluded, result.rows_rejected) == (2, 1, 0), word


@pytest.mark.parametrize("text, currency, total", [
    ("Tarih;Tedarikçi;Tutar\n15.03.2024;Turkcell A.Ş.;18.450,75 TL\n16.03.2024;Türk Telekom;1.000,00 TL\n",
     "TRY", "19450.75"),
    ("일자,거래처,금액\n2024-03-15,KT,\"1,234,000원\"\n2024-03-16,SK Telecom,\"100,000원\"\n", "KRW", "1334000.00"),
    ("日付,仕入先,金額\n2024/03/15,日本マイクロソフト株式会社,\"1,234,000円\"\n2024/03/16,NTT,\"5,000円\"\n",
     "JPY", "1239000.00"),
    ("Datum;Dobavljač;Iznos\n01.02.2024.;Span d.d.;1.234,56 €\n15.02.2024.;HT d.d.;100,00 €\n", "EUR", "1334.56"),
    ("Datum;Dobavitelj;Znesek\n3. 6. 2024;Telekom Slovenije;1.000,00 €\n14. 6. 2024;Comtrade;250,00 €\n",
     "EUR", "1250.00"),
], ids=["tr-TL", "ko-won", "ja-yen", "hr-trailing-dot", "sl-spaced"])
def test_currency_words_and_national_date_forms_load(text, currency, total):
    result, store = _load(text)
    assert (result.rows_rejected, result.control_total) == (0, Decimal(total))
    assert store.rows("SELECT DISTINCT currency FROM ledger_lines") == [(currency,)]
