"""Transaction reports of accounting packages and card issuers, in the shapes they print.

QuickBooks' "Transaction Detail by Account" and NetSuite's saved searches head the payee just
"Name" and print US dates (3/9/2025) with dollar amounts; Amex's CSV names the merchant
"Appears On Your Statement As"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from db import Store
from ingest import load_file
from ingest.mapping import detect_mapping


def _load(text: str, name: str = "report.csv", **options):
    store = Store(":memory:")
    result = load_file(store, name, text.encode("utf-8"), **options)
    assert result.reconciles
    rows = store.rows("SELECT txn_date, vendor, amount FROM ledger_lines ORDER BY source_row")
    return result, rows


NETSUITE = ("Internal ID,Date,Type,Document Number,Name,Account,Memo,Amount,Department\n"
            '5001,3/1/2025,Vendor Bill,VB-1001,Zendesk Inc,6100 Software,Support Q1,"$3,600.00",CS\n'
            '5002,3/4/2025,Vendor Bill,VB-1002,WeWork,6500 Rent,Office March,"$8,000.00",G&A\n'
            '5003,3/9/2025,Vendor Credit,VC-1003,Zendesk Inc,6100 Software,Credit,"($400.00)",CS\n')


def test_a_bare_name_heading_is_the_payee_and_us_dollar_dates_are_month_first():
    result, rows = _load(NETSUITE)
    assert rows == [(dt.date(2025, 3, 1), "Zendesk Inc", Decimal("3600")),
                    (dt.date(2025, 3, 4), "WeWork", Decimal("8000")),
                    (dt.date(2025, 3, 9), "Zendesk Inc", Decimal("-400"))]
    assert any("names in 'Name' are taken as the vendor" in n for n in result.notes)
    assert any("read as month/day/year, as in US-dollar files" in n for n in result.notes)


def test_the_same_dates_in_pounds_stay_day_first_and_a_choice_wins():
    gbp = NETSUITE.replace("$", "£")
    _, rows = _load(gbp)
    assert [r[0] for r in rows] == [dt.date(2025, 1, 3), dt.date(2025, 4, 3), dt.date(2025, 9, 3)]
    _, chosen = _load(NETSUITE, date_order="dmy")
    assert [r[0] for r in chosen] == [dt.date(2025, 1, 3), dt.date(2025, 4, 3), dt.date(2025, 9, 3)]


def test_dotted_dates_stay_day_first_even_in_dollars():
    _, rows = _load("Date,Supplier,Amount\n03.01.2025,Acme Ltd,$10.00\n04.02.2025,Acme Ltd,$5.00\n")
    assert [r[0] for r in rows] == [dt.date(2025, 1, 3), dt.date(2025, 2, 4)]


def test_a_person_name_heading_is_never_taken_as_the_vendor():
    mapping = detect_mapping(("Date", "Employee Name", "Amount"),
                             (("2025-01-02", "Jane Doe", "10.00"), ("2025-01-03", "John Roe", "5.00")))
    assert "vendor" not in mapping.fields
    named = detect_mapping(("Date", "Merchant", "Name", "Amount"),
                           (("2025-01-02", "ADOBE *CC", "Jane Doe", "10.00"),
                            ("2025-01-03", "ZOOM.US", "John Roe", "5.00")))
    assert named.fields["vendor"] == "Merchant"     # a supplier column is there: Name is not it


def test_amex_statement_names_the_merchant():
    _, rows = _load(
        "Date,Description,Card Member,Account #,Amount,Appears On Your Statement As,Category\n"
        "2025-03-02,ADOBE  *CREATIVE CLD,JANE DOE,-41005,59.99,ADOBE  *CREATIVE CLD,Business Services-Software\n"
        "2025-03-03,UBER   *TRIP,JANE DOE,-41005,23.10,UBER   *TRIP,Travel-Ground Transportation\n")
    assert [r[1] for r in rows] == ["ADOBE  *CREATIVE CLD", "UBER   *TRIP"]


# ---- reports grouped by account: the section row above the lines is their account ----------
QUICKBOOKS = (
    "Acme Corp\nTransaction Detail by Account\nJanuary - March 2025\n\n"
    ",Date,Transaction Type,Num,Name,Memo/Description,Amount,Balance\n"
    "Expenses,,,,,,,\n"
    "Software Subscriptions,,,,,,,\n"
    ",01/05/2025,Expense,1001,Slack Technologies,Slack Pro monthly,120.00,120.00\n"
    ",01/12/2025,Bill,1002,Atlassian,Jira annual,2400.00,2520.00\n"
    "Total for Software Subscriptions,,,,,,$2520.00,\n"
    ",01/20/2025,Expense,1004,Staples,Paper,30.00,30.00\n"
    "Total for Expenses,,,,,,$2550.00,\n"
    "Travel,,,,,,,\n"
    ",02/03/2025,Expense,1003,Delta Air Lines,Flight NYC,450.00,450.00\n"
    "Total for Travel,,,,,,$450.00,\n"
    "TOTAL,,,,,,$3000.00,\n")


def _accounts(text: str):
    store = Store(":memory:")
    result = load_file(store, "report.csv", text.encode("utf-8"))
    assert result.reconciles
    return result, store.rows("SELECT vendor, account_name FROM ledger_lines ORDER BY source_row"), \
        dict(store.rows("SELECT source_row, reason FROM row_issues"))


def test_a_grouped_report_gives_each_line_its_innermost_section_as_account():
    result, lines, issues = _accounts(QUICKBOOKS)
    assert lines == [("Slack Technologies", "Software Subscriptions"),
                     ("Atlassian", "Software Subscriptions"), ("Staples", "Expenses"),
                     ("Delta Air Lines", "Travel")]
    assert result.rows_read == result.rows_loaded + result.rows_excluded == 11
    assert issues[7] == ('Section row ("Software Subscriptions"): the account of the lines under '
                         'it, not a line.')
    assert any("4 line(s) take their account from the section rows" in n for n in result.notes)
    assert any("The control total matches the file's own total 3,000.00" in n for n in result.notes)


def test_xero_sections_in_the_date_column_and_no_file_total_taken_from_a_section():
    rows = "".join(f"{d:02d} Jan 2025,Payable Invoice,Atlassian,INV-{d},{d}.00,,\n" for d in range(1, 9))
    result, lines, _ = _accounts(
        "Account Transactions\nDemo Company (UK)\n\n"
        "Date,Source,Description,Reference,Debit,Credit,Running Balance\n"
        "Computer Software (463)\n" + rows + "Total Computer Software (463),,,,36.00,0.00,\n")
    assert {a for _, a in lines} == {"Computer Software (463)"} and len(lines) == 8
    assert any("The sections' own totals (36.00) match their lines." in n for n in result.notes)
    assert not any("file's total" in n or "file's own total" in n for n in result.notes)


def test_a_text_row_no_total_closes_stays_a_note_and_an_account_column_wins():
    _, lines, issues = _accounts(
        "Date,Supplier,Amount\nPrepared by finance\n2025-01-02,Acme Ltd,10.00\n2025-01-03,Beta Ltd,5.00\n")
    assert lines == [("Acme Ltd", None), ("Beta Ltd", None)]
    assert issues[2].startswith("Note row")
    rows = "".join(f"2025-01-{d:02d},Acme Ltd,Travel,10.00\n" for d in range(1, 7))
    _, lines, _ = _accounts(
        "Date,Supplier,Account,Amount\nSoftware\n" + rows + "Total for Software,,,60.00\n")
    assert {a for _, a in lines} == {"Travel"} and len(lines) == 6


# ---- double-entry journals (France's FEC): the other side of each entry is not spend ---------
FEC = ("JournalCode|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxLib|PieceRef|EcritureLib"
       "|Debit|Credit|Idevise\n"
       "HA|HA1|20250115|62610000|Frais postaux et télécommunications|ORANGE BUSINESS SERVICES"
       "|FA-1|Orange fibre janvier|1250,00|0,00|EUR\n"
       "HA|HA1|20250115|40100000|Fournisseurs|ORANGE BUSINESS SERVICES|FA-1|Orange fibre janvier"
       "|0,00|1250,00|EUR\n"
       "HA|HA2|20250203|65110000|Redevances pour licences, logiciels|MICROSOFT FRANCE|FA-2"
       "|Licences Microsoft 365|3400,00|0,00|EUR\n"
       "HA|HA2|20250203|44566000|TVA déductible sur ABS|MICROSOFT FRANCE|FA-2|Licences"
       "|680,00|0,00|EUR\n"
       "HA|HA2|20250203|40100000|Fournisseurs|MICROSOFT FRANCE|FA-2|Licences Microsoft 365"
       "|0,00|4080,00|EUR\n")


def test_a_balanced_journal_keeps_the_expense_side_of_each_entry():
    store = Store(":memory:")
    result = load_file(store, "FEC_123456789_20251231.txt", FEC.encode("utf-8"))
    assert result.reconciles and result.rows_loaded == 2 and result.rows_excluded == 3
    assert result.control_total == Decimal("4650.00")
    assert store.rows("SELECT vendor, account_name, description, amount, currency FROM ledger_lines"
                      " ORDER BY source_row") == [
        ("ORANGE BUSINESS SERVICES", "Frais postaux et télécommunications", "Orange fibre janvier",
         Decimal("1250"), "EUR"),
        ("MICROSOFT FRANCE", "Redevances pour licences, logiciels", "Licences Microsoft 365",
         Decimal("3400"), "EUR")]
    reasons = [r for (r,) in store.rows("SELECT reason FROM row_issues ORDER BY source_row")]
    assert reasons[0].startswith('The other side of a double-entry journal (account "Fournisseurs")')
    assert 'account "TVA déductible sur ABS"' in reasons[1]
    assert any("The file balances to zero" in n for n in result.notes)


def test_a_file_that_does_not_balance_keeps_every_line():
    store = Store(":memory:")
    result = load_file(store, "spend.csv", (
        "Date,Supplier,Account,Amount\n2025-01-02,Barclays,Bank charges,12.00\n"
        "2025-01-03,HMRC,VAT,20.00\n2025-01-04,Acme Ltd,Creditors,-5.00\n").encode())
    assert result.rows_loaded == 3 and result.control_total == Decimal("27.00")


def test_the_expense_lines_take_the_supplier_their_entry_names_on_its_payables_line():
    """As most FECs print it: the supplier (CompAuxLib) only on the third-party line."""
    fec = FEC.replace("Frais postaux et télécommunications|ORANGE BUSINESS SERVICES",
                      "Frais postaux et télécommunications|")
    fec = fec.replace("TVA déductible sur ABS|MICROSOFT FRANCE", "TVA déductible sur ABS|")
    fec = fec.replace("Redevances pour licences, logiciels|MICROSOFT FRANCE",
                      "Redevances pour licences, logiciels|")
    store = Store(":memory:")
    result = load_file(store, "FEC_123456789_20251231.txt", fec.encode("utf-8"))
    assert result.reconciles and result.control_total == Decimal("4650.00")
    assert store.rows("SELECT vendor FROM ledger_lines ORDER BY source_row") == [
        ("ORANGE BUSINESS SERVICES",), ("MICROSOFT FRANCE",)]
