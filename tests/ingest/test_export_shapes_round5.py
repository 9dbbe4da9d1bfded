"""Export shapes a fifth probe round found read wrongly (files written as the software writes
them; values invented). Each test states what a CFO relies on."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import ingest
from db import Store


def _load(text: str, name: str = "ledger.csv", encoding: str = "utf-8"):
    store = Store(":memory:")
    result = ingest.load_file(store, name, text.encode(encoding))
    assert result.reconciles
    return result, store


@pytest.mark.parametrize(("headings", "currency"), [
    ("Dato;Kreditor;Afdeling;Beløb", "DKK"),      # e-conomic (Denmark)
    ("Dato;Leverandør;Avdeling;Beløp", "NOK"),     # Tripletex / Visma (Norway)
    ("Datum;Leverantör;Avdelning;Belopp", "SEK"),  # Fortnox (Sweden)
    ("Date;Supplier;Department;Amount", "SEK"),    # nothing says which krone: as before
])
def test_kroner_are_the_currency_the_headings_language_names(headings, currency):
    """'kr.' is written by Denmark, Norway, Sweden and Iceland: a Danish ledger's 'kr. 16.185,60'
    in Swedish kronor misstates every figure by a third (before: always SEK)."""
    text = (headings + "\n12-03-2024;Microsoft;Marketing;kr. 16.185,60\n"
            "04-03-2024;Zoom;Marketing;kr. 2.807,95\n")
    _, store = _load(text)
    assert store.rows("SELECT DISTINCT currency FROM ledger_lines") == [(currency,)]


@pytest.mark.parametrize("null", ["NULL", "\\N", "(null)"])
def test_a_sql_tool_s_null_is_an_empty_cell_not_a_department_called_null(null):
    """SSMS 'Save results as', mysqldump and Oracle write an empty value as NULL, \\N or (null):
    the CIO's department list must not show a unit called 'NULL' (before: it did)."""
    text = ("InvoiceDate,VendorName,Department,CostCentre,Amount\n"
            f"2024-03-28 00:00:00.000,Workday Ltd,{null},{null},9439.6900\n"
            f"2024-03-25 00:00:00.000,Cisco Systems,Sales,{null},23982.5200\n")
    result, store = _load(text)
    assert store.rows("SELECT vendor, department, cost_centre FROM ledger_lines ORDER BY source_row") \
        == [("Workday Ltd", None, None), ("Cisco Systems", "Sales", None)]
    assert any("Cells reading NULL" in n for n in result.notes)


def test_a_supplier_whose_name_merely_contains_null_keeps_it():
    _, store = _load("Date,Supplier,Amount\n2024-03-01,Null Island Ltd,10.00\n2024-03-02,NULLSOFT,5.00\n")
    assert [v for (v,) in store.rows("SELECT vendor FROM ledger_lines ORDER BY source_row")] \
        == ["Null Island Ltd", "NULLSOFT"]


def test_a_czech_windows_1250_export_whose_only_czech_letters_are_headings_and_kc_reads():
    """Pohoda's received-invoices export: Windows-1250, Czech only in a few headings and the
    'Kč' after each amount (before: read as Windows-1252, 'Celkem' unreadable as an amount and
    the file refused)."""
    text = ("Číslo;Datum;Dodavatel;IČ;Středisko;Text;Celkem\r\n"
            "FP0;08.03.2024;Cisco Systems;12345678;Finance;faktura;444,81 Kč\r\n"
            "FP1;14.03.2024;Slack Technologies;12345678;HR;faktura;1 265,51 Kč\r\n")
    result, store = _load(text, encoding="cp1250")
    assert store.rows("SELECT vendor, department, amount, currency FROM ledger_lines ORDER BY source_row") \
        == [("Cisco Systems", "Finance", Decimal("444.81"), "CZK"),
            ("Slack Technologies", "HR", Decimal("1265.51"), "CZK")]


def test_hungarian_dates_and_cost_centres_read():
    """Hungarian software writes '2024. 03. 10.' and heads the cost centre 'Költséghely' (before:
    every line dated 1 March as if the column held periods, and no cost centre)."""
    text = ("Teljesítés dátuma;Szállító;Költséghely;Összeg;Pénznem\n"
            "2024. 03. 10.;Salesforce UK Ltd;CC140;813 269 Ft;HUF\n"
            "2024. 03. 25.;Workday Ltd;CC110;141 404 Ft;HUF\n")
    _, store = _load(text)
    assert store.rows("SELECT txn_date, cost_centre, amount FROM ledger_lines ORDER BY source_row") \
        == [(dt.date(2024, 3, 10), "CC140", Decimal("813269")), (dt.date(2024, 3, 25), "CC110", Decimal("141404"))]


def test_a_posted_column_of_excel_serials_with_times_is_the_date():
    """A workbook's posting timestamps saved as CSV under 'Posted' are Excel serials with the time
    as a fraction (before: refused, no date column)."""
    text = ("Posted,Vendor,Department,Amount\n45378.5833333333,Cisco Systems,HR,9479.97\n"
            "45372.5833333333,Amazon Web Services EMEA,Sales,9694.70\n")
    _, store = _load(text)
    assert [d for (d,) in store.rows("SELECT txn_date FROM ledger_lines ORDER BY source_row")] \
        == [dt.date(2024, 3, 27), dt.date(2024, 3, 21)]   # serial 45292 is 1 January 2024


# ---- a sixth probe round: 51 more exports ---------------------------------------------------
def _lines(store, columns="vendor, amount"):
    return store.rows(f"SELECT {columns} FROM ledger_lines ORDER BY source_row")


def test_chinese_month_and_year_to_date_totals_carry_a_date_and_are_not_lines():
    """Kingdee's ledger detail closes each month with 本月合计 and 本年累计 rows dated like lines:
    summing them tripled the spend (before)."""
    text = ("日期,凭证字号,摘要,借方,贷方\n"
            "2024-03-02,记-1,华为技术有限公司服务费,\"69,119.28\",\n"
            "2024-03-10,记-2,金蝶软件服务费,\"1,000.00\",\n"
            "2024-03-31,,本月合计,\"70,119.28\",\n"
            "2024-03-31,,本年累计,\"170,119.28\",\n")
    result, store = _load(text)
    assert sum(a for _, a in _lines(store)) == Decimal("70119.28")
    assert result.rows_excluded == 2


def test_a_1c_export_in_roubles_with_its_itogo_footer():
    """1C writes 'руб.' in its currency column and closes with 'Итого' (before: every line
    rejected, 'руб.' is not a currency code; the total rejected as a bad date)."""
    text = ("Период;Контрагент;Содержание;Сумма;Валюта\n"
            "01.03.2024 0:00:00;ПАО \"МТС\";Услуги связи;148 786,46;руб.\n"
            "08.03.2024 0:00:00;ООО \"Яндекс\";Услуги связи;1 000,00;руб.\n"
            + "".join(f"{d:02d}.03.2024 0:00:00;ООО \"Комус\";Канцтовары;500,00;руб.\n" for d in range(10, 18))
            + "Итого;;;153 786,46;\n")
    result, store = _load(text, encoding="cp1251")
    assert _lines(store, "amount, currency")[:2] == [(Decimal("148786.46"), "RUB"), (Decimal("1000.00"), "RUB")]
    assert result.rows_rejected == 0 and result.rows_excluded == 1


def test_thousands_grouped_by_a_thin_space_are_money():
    """French accounting software (Cegid) groups thousands with U+2009 (before: 'no amount')."""
    _, store = _load("Date;Fournisseur;Montant\n01/03/2024;Orange;7\u2009454,68\n02/03/2024;SFR;12,00\n")
    assert [a for _, a in _lines(store)] == [Decimal("7454.68"), Decimal("12.00")]


def test_norwegian_input_vat_is_the_other_side_of_a_journal():
    """Tripletex's general ledger writes 'Inngående merverdiavgift' in full (before: the VAT
    line loaded as spend, 25% too much)."""
    text = ("Bilag;Dato;Konto;Kontonavn;Leverandør;Beløp\n"
            "100;01.03.2024;6540;Inventar;Kontorspar AS;22 435,42\n"
            "100;01.03.2024;2710;Inngående merverdiavgift, høy sats;;5 608,86\n"
            "100;01.03.2024;2400;Leverandørgjeld;Kontorspar AS;-28 044,28\n")
    _, store = _load(text)
    assert [a for _, a in _lines(store)] == [Decimal("22435.42")]


def test_an_outstanding_amount_is_never_the_amount():
    """Dynamics GP's SmartList prints 'Current Trx Amount' (what is still unpaid: 0.00 once
    paid) beside 'Document Amount' (before: every paid invoice loaded at 0.00)."""
    text = ("Vendor Name,Document Type,Document Date,Document Amount,Current Trx Amount\n"
            "Adobe,Invoice,02/06/2024,\"$3,110.26\",$0.00\nSlack,Invoice,02/14/2024,$135.51,$35.51\n")
    result, store = _load(text)
    assert [a for _, a in _lines(store)] == [Decimal("3110.26"), Decimal("135.51")]
    assert not any("Current Trx Amount" in n for n in result.notes)


@pytest.mark.parametrize(("heading", "states", "kept"), [
    ("Transaction Type", ("Clear", "Decline", "Refund"), 2),    # Divvy / BILL Spend
    ("Payment Status", ("Success", "Failed", "Success"), 2),    # India PFMS
    ("Status", ("Bezahlt", "Storniert", "Offen"), 2),           # sevDesk
    ("Situação", ("Autorizada", "Cancelada", "Autorizada"), 2),  # Brazilian NF-e register
    ("Status", ("Sent", "Failed", "Sent"), 2),                  # Mercury
    ("Type", ("Card payment", "Pot transfer", "Direct Debit"), 2),  # Monzo: own money moved
])
def test_payments_that_did_not_go_through_and_own_money_moved_are_not_spend(heading, states, kept):
    rows = "".join(f"2024-03-0{i + 1},Vendor {i},card spend,{state},{100 * (i + 1)}.00\n"
                   for i, state in enumerate(states))
    result, store = _load(f"Date,Merchant,Memo,{heading},Amount\n" + rows)
    assert len(_lines(store)) == kept
    assert result.rows_excluded == 3 - kept


def test_a_d365_vendor_ledger_prints_invoices_negative_and_its_payments_are_not_spend_again():
    """Dynamics 365 Finance's vendor transactions: 'Purchase order' invoices negative, 'Payment'
    positive (before: signs turned, but the payments then counted against the spend)."""
    text = ("Voucher,Date,Transaction type,Name,Description,Amount in transaction currency,Currency\n"
            "APINV1,3/3/2024,Purchase order,Adobe,Vendor invoice,-4944.35,GBP\n"
            "APINV2,3/7/2024,Purchase order,Slack,Vendor invoice,-971.80,GBP\n"
            "APPAY2,3/10/2024,Payment,Slack,Vendor payment,971.80,GBP\n"
            "APINV3,3/11/2024,Purchase order,Atlassian,Vendor invoice,-777.73,GBP\n")
    result, store = _load(text)
    assert _lines(store) == [("Adobe", Decimal("4944.35")), ("Slack", Decimal("971.80")),
                             ("Atlassian", Decimal("777.73"))]
    assert result.rows_excluded == 1


def test_a_card_feed_with_the_cards_last_digits_names_the_merchant_in_its_description():
    """Mercury's export has no merchant column: 'Description' is the payee (before: no vendor
    on any line, so nothing classified by supplier)."""
    text = ("Date (UTC),Description,Amount,Status,Last Four Digits,Name On Card,Category\n"
            "03-05-2024,Google Workspace,-1584.93,Sent,5678,Alex Kim,Software\n"
            "03-06-2024,Amazon Web Services,-945.68,Sent,5678,Alex Kim,Software\n")
    _, store = _load(text)
    assert [v for v, _ in _lines(store)] == ["Google Workspace", "Amazon Web Services"]


@pytest.mark.parametrize(("fy_start", "first", "last"), [
    (4, dt.date(2024, 4, 1), dt.date(2025, 3, 1)),    # FY2025 = April 2024 .. March 2025
    (1, dt.date(2025, 1, 1), dt.date(2025, 12, 1)),
])
def test_fiscal_period_labels_are_the_fiscal_year_named_as_the_dashboard_names_it(
        tmp_path, fy_start, first, last):
    """'FY2025 P01' is period 1 of the fiscal year the dashboard calls FY2025 (named by the year
    it ends in). Before: refused (no date column), and with an April year it read April 2025,
    a year late, so the lines landed in FY2026."""
    from db.settings import write_settings
    store = Store(tmp_path / "t.duckdb")
    with store.transaction() as cur:
        write_settings(cur, fiscal_start_month=fy_start)
    text = ("Period,Supplier,Description,Amount\nFY2025 P01,Amazon Web Services,Subscription,1042.98\n"
            "FY2025 P12,Canon UK Ltd,Subscription,3514.10\nFY2025 P06,Zoom,Subscription,10.00\n")
    assert ingest.load_file(store, "gl.csv", text.encode()).reconciles
    dates = [d for (d,) in store.rows("SELECT txn_date FROM ledger_lines ORDER BY source_row")]
    assert (dates[0], dates[1]) == (first, last)
    quarters = store.rows("SELECT DISTINCT fiscal_quarter FROM classified_lines ORDER BY 1")
    assert all(q.startswith("FY2025") for (q,) in quarters)


def test_a_summary_table_under_the_ledger_is_excluded_not_rejected():
    """A sheet's 'Summary by department' below the invoices: its rows are not ledger lines, and
    rejecting them asked the CFO to fix rows that are not wrong (before: 6 rejected)."""
    lines = "".join(f"2024-03-0{d},Dell,Finance,100.00\n" for d in range(1, 7))
    text = ("Date,Supplier,Department,Net\n" + lines +
            ",,,\nSummary by department,,,\nDepartment,Net,Invoices,\nFinance,600.00,6,\nIT,0.00,0,\n")
    result, store = _load(text)
    assert (result.rows_loaded, result.rows_rejected, result.control_total) == (6, 0, Decimal("600.00"))
    reasons = [r for (r,) in store.rows("SELECT reason FROM row_issues WHERE source_row >= 11")]
    assert reasons == ["Another table below the ledger (its header 'Department | Net | Invoices' on"
                       " row 10): not a ledger line."] * 2


def test_rows_after_a_blank_row_that_are_lines_gone_wrong_stay_rejected():
    """A ledger that goes on after a blank row keeps its bad rows rejected, so they get fixed."""
    lines = "".join(f"2024-03-0{d},Dell,Finance,100.00\n" for d in range(1, 7))
    text = "Date,Supplier,Department,Net\n" + lines + ",,,\n2024-03-32,Microsoft,IT,8396.00\n"
    result, _ = _load(text)
    assert result.rows_rejected == 1


@pytest.mark.parametrize(("week", "monday"), [("2024-W05", dt.date(2024, 1, 29)),
                                              ("W05 2024", dt.date(2024, 1, 29)),
                                              ("KW 1 2021", dt.date(2021, 1, 4)),
                                              ("2020-W53", dt.date(2020, 12, 28))])
def test_iso_week_periods_date_lines_to_the_weeks_monday(week, monday):
    """Cloud cost reports (AWS Cost Explorer by week) and German KW columns: before, refused."""
    text = "Week,Service,Cost (USD)\n" + "".join(f"{week},Amazon EC2,{n}.00\n" for n in range(1, 4))
    _, store = _load(text)
    assert store.rows("SELECT DISTINCT txn_date, date_basis FROM ledger_lines") == [(monday, "period column")]


def test_a_year_column_alone_dates_a_yearly_register():
    """The EU Financial Transparency System publishes one year per row (before: refused)."""
    text = "Year,Name of beneficiary,Amount (EUR)\n2023,Capgemini Nederland BV,282872.31\n2023,Atos Spain SA,888607.13\n"
    _, store = _load(text)
    assert store.rows("SELECT DISTINCT txn_date FROM ledger_lines") == [(dt.date(2023, 1, 1),)]


def test_a_wise_statement_s_top_up_and_conversion_are_not_spend_but_a_refund_is():
    """Wise prints the kind of movement only in its description: a top-up turned into -10,000.00
    of spend (before); a refund still names its merchant and counts against the spend."""
    text = ("TransferWise ID,Date,Amount,Currency,Description,Merchant\n"
            + "".join(f"CARD-{n},0{n}-03-2024,-{n}00.00,GBP,Card transaction issued by ATLASSIAN,ATLASSIAN\n"
                      for n in range(1, 10))
            + "TRANSFER-1,07-03-2024,10000.00,GBP,Received money from ACME LTD with reference TOPUP,\n"
            "BALANCE-1,08-03-2024,-1000.00,GBP,\"Converted 1,000.00 GBP to 1,168.20 EUR\",\n"
            "CARD-9,09-03-2024,50.00,GBP,Refund from ATLASSIAN,ATLASSIAN\n")
    result, store = _load(text)
    assert sum(a for _, a in _lines(store)) == Decimal("4450.00")     # 4,500.00 spent, 50.00 back
    assert result.rows_excluded == 2


def test_a_quickbooks_desktop_iif_loads_its_expense_splits_once():
    """IIF: each bill's payables side (TRNS) and its expense splits (SPL) balance; the '!SPL'
    layout row is a header (before: both sides loaded, total 0.00, and '!SPL' rejected)."""
    text = ("!TRNS\tTRNSID\tTRNSTYPE\tDATE\tACCNT\tNAME\tCLASS\tAMOUNT\tDOCNUM\tMEMO\n"
            "!SPL\tSPLID\tTRNSTYPE\tDATE\tACCNT\tNAME\tCLASS\tAMOUNT\tDOCNUM\tMEMO\n!ENDTRNS\n"
            + "".join(f"TRNS\t30{n}\tBILL\t03/1{n}/2024\tAccounts Payable\tStaples UK\t\t-300.00\t500{n}\t\n"
                      f"SPL\t90{n}\tBILL\t03/1{n}/2024\tComputer and Internet Expenses\tStaples UK\tIT\t200.00\t500{n}\tlicences\n"
                      f"SPL\t91{n}\tBILL\t03/1{n}/2024\tTelephone Expense\tStaples UK\tIT\t100.00\t500{n}\tsupport\n"
                      "ENDTRNS\n" for n in range(1, 4)))
    result, store = _load(text, name="bills.iif")
    assert (result.rows_loaded, result.rows_rejected) == (6, 0)
    assert sum(a for _, a in _lines(store)) == Decimal("900.00")
