"""Exports from markets and systems the earlier rounds had not tried, each cut down to a few rows
as its system prints it: South African, Malaysian, Hong Kong, Nigerian, Philippine, Indonesian
and Indian amounts with their own currency marks (and Indian lakh grouping), a Tally ledger with
its opening and closing balances, a report that repeats its header (after a form feed) above a
currency column, credit notes signed with a typographer's minus, and numbers carrying the
zero-width characters a copy from a web page leaves in them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest import IngestError
from ingest.mapping import detect_mapping
from ingest.mapping.guidance import missing_field_help

from export_helpers import load_text


_load = load_text


def _currencies(store) -> dict[str, Decimal]:
    return dict(store.rows("SELECT currency, sum(amount) FROM ledger_lines GROUP BY 1"))


@pytest.mark.parametrize("first, second, currency, total", [
    ('"R 12 345,67"', '"R 4 599,00"', "ZAR", "16944.67"),            # Sage Pastel (nbsp below)
    ('"R\u00a012\u00a0345,67"', '"R\u00a04\u00a0599,00"', "ZAR", "16944.67"),
    ('"RM 2,345.60"', '"RM 1,288.00"', "MYR", "3633.60"),            # AutoCount
    ('"HK$45,000.00"', '"HK$3,288.00"', "HKD", "48288.00"),
    ('"S$1,580.00"', '"S$899.90"', "SGD", "2479.90"),
    ('"₦1,250,000.00"', '"₦345,678.90"', "NGN", "1595678.90"),
    ('"₱25,600.00"', '"₱8,999.00"', "PHP", "34599.00"),
    ('"Rp 12.345.678"', '"Rp 4.500.000"', "IDR", "16845678"),
    ('"Rs. 4,500.00"', '"Rs. 1,23,456.78"', "INR", "127956.78"),
    ('"₹1,23,456.78"', '"₹12,34,567.89"', "INR", "1358024.67"),      # lakh grouping
])
def test_amounts_with_their_markets_currency_marks_load_in_that_currency(first, second,
                                                                         currency, total):
    text = ("Date,Supplier,Department,Amount\n"
            f"01/03/2024,Telkom SA SOC Ltd,IT,{first}\n"
            f"05/03/2024,Woolworths Food,Admin,{second}\n")
    result, store = _load(text)
    assert result.rows_loaded == 2 and result.rows_rejected == 0
    assert _currencies(store) == {currency: Decimal(total)}


TALLY_LEDGER = ("\ufeffAcme Fintech Pvt Ltd\n"
                "Ledger: Software Subscriptions\n"
                "1-Apr-2024 to 30-Apr-2024\n"
                "Date,Particulars,Vch Type,Vch No.,Cost Centre,Amount (₹)\n"
                '1-Apr-2024,Opening Balance,,,,"2,10,000.00 Dr"\n'
                '1-Apr-2024,Microsoft Corporation (India) Pvt Ltd,Purchase,1,IT,"12,500.00 Dr"\n'
                '7-Apr-2024,Salesforce.com India Pvt Ltd,Purchase,2,Sales,"2,45,000.00 Dr"\n'
                '15-Apr-2024,Microsoft Corporation (India) Pvt Ltd,Debit Note,3,IT,"1,500.00 Cr"\n'
                ',Closing Balance,,,,"4,65,000.00 Dr"\n')


def test_a_ledgers_opening_and_closing_balances_are_excluded_not_counted():
    result, store = _load(TALLY_LEDGER)
    assert (result.rows_loaded, result.rows_excluded, result.rows_rejected) == (3, 2, 0)
    assert _currencies(store) == {"INR": Decimal("256000.00")}
    reasons = [r for (r,) in store.rows("SELECT reason FROM row_issues ORDER BY source_row")]
    assert all(r.startswith("Balance row") for r in reasons), reasons
    assert any('"Opening Balance"' in r for r in reasons)


@pytest.mark.parametrize("balance", ["Balance b/f", "Saldovortrag", "Solde à nouveau",
                                     "Saldo anterior", "Сальдо на начало периода", "期初余额"])
def test_balance_rows_in_other_words_and_languages_are_excluded(balance):
    text = ("Date,Description,Amount\n"
            f"01/04/2024,{balance},1000.00\n"
            "02/04/2024,Adobe Creative Cloud,59.99\n")
    result, _ = _load(text)
    assert (result.rows_loaded, result.rows_excluded) == (1, 1)
    assert result.control_total == Decimal("59.99")


@pytest.mark.parametrize("repeat", ["Supplier,Date,Amount,Department,Description,Currency\n",
                                    "\fSupplier,Date,Amount,Department,Description,Currency\n"])
def test_a_header_repeated_above_a_currency_column_leaves_the_currency_column_found(repeat):
    text = ("Supplier,Date,Amount,Department,Description,Currency\n"
            "Microsoft Ltd,15/03/2024,1250.00,Marketing,Office,EUR\n"
            + repeat +
            "Zoom,19/03/2024,420.50,Finance,Zoom,EUR\n")
    result, store = _load(text)
    assert (result.rows_loaded, result.rows_excluded, result.rows_rejected) == (2, 1, 0)
    assert _currencies(store) == {"EUR": Decimal("1670.50")}
    assert not any("No currency found" in n for n in result.notes)


def test_credit_notes_signed_with_a_typographers_minus_are_negative():
    text = ("Date,Supplier,Amount\n"
            "01/03/2024,Dell,1000.00\n"
            "02/03/2024,Dell,\u2212100.00\n"      # minus sign
            "03/03/2024,Dell,\u2013200.00\n"      # en dash
            "04/03/2024,Dell,50.00\u2212\n"       # trailing, SAP-style
            "05/03/2024,Dell,\ufe6325.00\n")      # small hyphen-minus
    result, _ = _load(text)
    assert (result.rows_loaded, result.rows_rejected) == (5, 0)
    assert result.control_total == Decimal("625.00")


def test_zero_width_characters_inside_a_number_are_ignored():
    text = ("Datum;Lieferant;Betrag\n"
            "01.03.2024;SAP Deutschland SE;\u200b420,50\n"
            "02.03.2024;DATEV eG;\ufeff50,00\n"
            "03.03.2024;Telekom;1.000,00\n")
    result, _ = _load(text)
    assert (result.rows_loaded, result.rows_rejected) == (3, 0)
    assert result.control_total == Decimal("1470.50")


def test_a_column_of_references_is_never_offered_as_the_amount():
    columns = ("Date", "Supplier", "Reference", "Total")
    sample = (("2024/03/01", "Vodacom", "INV7000", "R 12 345,67"),
              ("2024/03/05", "Telkom", "INV7001", "R 4 599,00"))
    assert detect_mapping(columns, sample).fields.get("amount") == "Total"
    unknown = (("2024/03/01", "Vodacom", "INV7000", "twelve"),
               ("2024/03/05", "Telkom", "INV7001", "four"))
    help_text = missing_field_help("amount", columns, unknown)
    assert 'Try: --map amount="Reference"' not in help_text


@pytest.mark.parametrize("heading, currency", [
    ("Amount (S$)", "SGD"), ("Amount (RM)", "MYR"), ("Amount (THB)", "THB"),
    ("Сума, грн", "UAH"), ("المبلغ (ر.س)", "SAR"), ("Amount (₦)", "NGN"),
])
def test_a_currency_the_amount_heading_names_is_the_files(heading, currency):
    mapping = detect_mapping(("Date", "Supplier", heading),
                             (("01/03/2024", "Acme", "1,250.00"), ("02/03/2024", "Beta", "99.00")))
    assert mapping.fields.get("amount") == heading
    assert mapping.currency_hint == currency


def test_a_reference_column_alone_is_refused_with_help_not_loaded_as_money():
    text = ("Date,Supplier,Reference\n"
            "01/03/2024,Vodacom,INV7000\n"
            "05/03/2024,Telkom,INV7001\n")
    with pytest.raises(IngestError) as err:
        _load(text)
    assert "amount" in str(err.value).lower()


@pytest.mark.parametrize("columns, row, expected", [
    (("BUSINESS_UNIT", "VOUCHER_ID", "INVOICE_DT", "VENDOR_ID", "NAME1", "DEPTID", "GROSS_AMT",
      "TXN_CURRENCY_CD"),
     ("US001", "00012345", "2024-03-01", "0000012", "Microsoft Corp", "IT100", "1250.00", "USD"),
     {"vendor": "NAME1", "department": "DEPTID", "amount": "GROSS_AMT", "date": "INVOICE_DT"}),
    (("Filial", "Prefixo", "No. Titulo", "Fornecedor", "Loja", "Nome Fornece", "DT Emissao",
      "Vencimento", "Vlr.Titulo", "C Custo", "Desc C Custo", "Historico"),
     ("01", "NF", "000123", "F00001", "01", "TOTVS S/A", "01/03/2024", "31/03/2024", "1.234,56",
      "1001", "TECNOLOGIA", "Licença"),
     {"vendor": "Nome Fornece", "date": "DT Emissao", "amount": "Vlr.Titulo"}),
    (("Дата", "Контрагент", "ЄДРПОУ", "Підрозділ", "Призначення платежу", "Сума, грн"),
     ("05.03.2024", "ПрАТ Київстар", "21673832", "ІТ відділ", "Зв'язок", "4 500,00"),
     {"vendor": "Контрагент", "department": "Підрозділ", "amount": "Сума, грн"}),
    (("Nhà cung cấp", "Ngày", "Số tiền", "Phòng ban", "Diễn giải", "Tiền tệ"),
     ("FPT", "15/03/2024", "1.250.000", "Phòng CNTT", "Phần mềm", "VND"),
     {"vendor": "Nhà cung cấp", "department": "Phòng ban", "currency": "Tiền tệ"}),
])
def test_system_and_other_language_headings_map(columns, row, expected):
    fields = detect_mapping(columns, (row, row)).fields
    assert {f: fields.get(f) for f in expected} == expected


def test_a_credit_column_that_decides_nothing_alone_takes_the_files_decimal_mark():
    # Siigo (Colombia): pesos without decimals, '.' groups thousands in both columns
    text = ("Fecha;Tercero;Débito;Crédito\n"
            "03/06/2024;Claro Colombia S.A.;17.385.678;\n"
            "10/06/2024;Claro Colombia S.A.;;500.000\n")
    result, _ = _load(text, currency="COP")
    assert result.control_total == Decimal("16885678")


def test_a_document_marked_void_is_excluded_with_its_reason():
    text = ("Vendor Name,Document Type,Document Date,Document Amount,Void\n"
            "DELL MARKETING L.P.,Invoice,3/4/2024,\"15,600.00\",No\n"
            "VERIZON BUSINESS,Invoice,3/11/2024,890.12,No\n"
            "CINTAS CORPORATION,Invoice,3/25/2024,\"1,000.00\",Yes\n")
    result, store = _load(text)
    assert (result.rows_loaded, result.rows_excluded) == (2, 1)
    assert result.control_total == Decimal("16490.12")
    (reason,) = store.rows("SELECT reason FROM row_issues")[0]
    assert "Void" in reason and "cancelled" in reason


NETSUITE = ("Internal ID,Date,Type,Name,Department,Currency,Exchange Rate,"
            "Amount (Foreign Currency),Amount\n"
            '45000,03/02/2024,Vendor Bill,"Amazon Web Services, Inc.",Engineering,USD,1.0,'
            '"12,345.67","12,345.67"\n'
            "45001,03/05/2024,Vendor Bill,Salesforce UK Ltd,Sales,GBP,1.2711,\"8,000.00\","
            '"10,168.80"\n'
            "45002,03/09/2024,Vendor Bill,SAP SE,Finance,EUR,1.0912,\"15,000.00\",\"16,368.00\"\n")
ORACLE = ("Supplier,Invoice Number,Invoice Date,Entered Currency,Entered Amount,"
          "Accounted Amount (USD),Cost Center\n"
          "\"ServiceNow, Inc.\",INV-0,2024-04-03,USD,85000,85000,IT Operations\n"
          "SAP SE,INV-1,2024-04-10,EUR,20000,21600,Finance\n")


@pytest.mark.parametrize("text, expected", [
    (NETSUITE, {"USD": Decimal("12345.67"), "GBP": Decimal("8000.00"), "EUR": Decimal("15000.00")}),
    (ORACLE, {"USD": Decimal("85000"), "EUR": Decimal("20000")}),
])
def test_the_amount_is_the_one_written_in_the_rows_currency(text, expected):
    result, store = _load(text)
    assert _currencies(store) == expected
    assert any("converted to another currency" in n for n in result.notes)


def test_a_card_feeds_billing_amount_stays_the_amount_beside_an_original_one():
    text = ("Date,Description,Amount,Original Amount,Original Currency\n"
            "01/03/2024,ADOBE,59.99,69.99,EUR\n"
            "02/03/2024,SLACK,10.00,10.00,GBP\n")
    mapping = detect_mapping(tuple(text.splitlines()[0].split(",")),
                             tuple(tuple(line.split(",")) for line in text.splitlines()[1:]))
    assert mapping.fields["amount"] == "Amount"


def test_a_federal_award_file_sums_each_actions_obligation_not_the_running_total():
    text = ("award_id_piid,modification_number,action_date,federal_action_obligation,"
            "total_dollars_obligated,recipient_name\n"
            "47QTCA21D00AB,0,2024-01-15,1250000.00,3750000.00,MICROSOFT CORPORATION\n"
            "47QTCA21D00AB,P00001,2024-02-20,-125000.00,375000.00,MICROSOFT CORPORATION\n")
    result, _ = _load(text)
    assert result.control_total == Decimal("1125000.00")


@pytest.mark.parametrize("date_heading, dates, expected", [
    ("วันที่", ("05/03/2567", "12/03/2567"), ["2024-03-05", "2024-03-12"]),     # Thai Buddhist era
    ("日期", ("113/03/04", "113/03/13"), ["2024-03-04", "2024-03-13"]),          # Taiwan Minguo
    ("Tanggal", ("13 Agu 2024", "06 Des 2024"), ["2024-08-13", "2024-12-06"]),  # Indonesian
    ("Tarikh", ("5 Mac 2024", "9 Ogos 2024"), ["2024-03-05", "2024-08-09"]),    # Malay
])
def test_dates_of_other_calendars_and_month_names_read_as_their_days(date_heading, dates,
                                                                      expected):
    text = (f"{date_heading},Supplier,Amount\n"
            f"{dates[0]},Acme Co,100.00\n"
            f"{dates[1]},Beta Co,50.00\n")
    result, store = _load(text)
    assert (result.rows_loaded, result.rows_rejected) == (2, 0)
    got = [str(d) for (d,) in store.rows("SELECT txn_date FROM ledger_lines ORDER BY source_row")]
    assert got == expected


@pytest.mark.parametrize("amounts, currency_cells, expected", [
    (("１２５，０００", "￥４８０，０００"), ("JPY", "JPY"), {"JPY": Decimal("605000")}),
    (("١٢٬٥٠٠٫٠٠", "٤٥٬٦٧٨٫٩٠"), ("د.إ", "د.إ"), {"AED": Decimal("58178.90")}),
])
def test_full_width_and_arabic_indic_digits_are_numbers(amounts, currency_cells, expected):
    text = ("Date,Supplier,Amount,Currency\n"
            f"03/03/2024,Acme,\"{amounts[0]}\",{currency_cells[0]}\n"
            f"10/03/2024,Beta,\"{amounts[1]}\",{currency_cells[1]}\n")
    result, store = _load(text)
    assert (result.rows_loaded, result.rows_rejected) == (2, 0)
    assert _currencies(store) == expected
