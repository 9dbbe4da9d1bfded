"""Export shapes a third probe round found loading wrong figures (files written as the software
writes them; values invented). Each test states what a CFO relies on for that shape."""

from __future__ import annotations

from decimal import Decimal

import pytest

import ingest
from db import Store


def _load(tmp_path, text: str | bytes, name: str = "ledger.csv"):
    store = Store(tmp_path / "t.duckdb")
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return ingest.load_file(store, name, data), store


@pytest.mark.parametrize("credit", [" $ (4,865.33)", "$(4,865.33)", "£(4,865.33)", "(£4,865.33)",
                                    "(4,865.33) USD"])
def test_a_credit_in_brackets_after_a_currency_mark_is_negative(tmp_path, credit):
    """Excel's Accounting format saved as CSV writes ' $ (45.00)': a credit note, never spend."""
    text = ('Date,Vendor,Amount\n1/7/2024,Oracle,"1,000.00"\n'
            f'1/8/2024,HubSpot,"{credit}"\n')
    result, _ = _load(tmp_path, text)
    assert result.control_total == Decimal("1000.00") - Decimal("4865.33")


def test_a_semicolon_export_with_line_breaks_inside_cells_is_read_by_its_records(tmp_path):
    """Excel in a German locale writes ';' and a decimal comma, and a cell typed with Alt+Enter
    as a quoted two-line text: the halves are not rows (before: read as comma-separated and
    refused, a junk column offered as the amount)."""
    text = ('Datum;Lieferant;Kostenstelle;Buchungstext;Betrag\n'
            '03.01.2024;Cisco Systems Ltd;IT;"Rechnung 0\nLizenzen Q1";2.559,19\n'
            '04.01.2024;HubSpot Ireland Ltd;Marketing;Rechnung 1;711,76\n'
            '07.01.2024;Slack Technologies Ltd;Finance;"Rechnung 2\nLizenzen Q1";7.434,32\n'
            '07.01.2024;Oracle Corporation UK Ltd;IT;Rechnung 3;2.156,98\n')
    result, store = _load(tmp_path, text)
    assert (result.rows_loaded, result.control_total) == (4, Decimal("12862.25"))
    assert store.scalar("SELECT description FROM ledger_lines WHERE source_row = 2") == \
        "Rechnung 0\nLizenzen Q1"


@pytest.mark.parametrize("payment", ["PAYMENT RECEIVED - THANK YOU", "AUTOPAY PAYMENT - THANK YOU",
                                     "Online payment, thank you", "DIRECT DEBIT PAYMENT RECEIVED"])
def test_paying_the_card_off_is_not_a_refund(tmp_path, payment):
    """A card statement lists the company's payment to the card (-25,000.00) among the charges:
    it settles them, so it is excluded with a reason, not netted against the spend."""
    text = ("Date,Description,Amount\n03/03/2024,ZOOM.US 888-799-9666,149.84\n"
            f"03/14/2024,\"{payment}\",-25000.00\n03/25/2024,GITHUB INC,731.60\n")
    result, store = _load(tmp_path, text)
    assert (result.rows_loaded, result.rows_excluded) == (2, 1)
    assert result.control_total == Decimal("881.44")
    reason = store.scalar("SELECT reason FROM row_issues WHERE upload_id = ?", [result.upload_id])
    assert "Payment to the card account" in reason


@pytest.mark.parametrize("vendor", ["Payment Systems Ltd", "Paymentsense", "Bill payment fee"])
def test_suppliers_with_payment_in_their_names_are_lines(tmp_path, vendor):
    text = f"Date,Vendor,Amount\n03/03/2024,{vendor},49.00\n03/04/2024,Slack,10.00\n"
    result, _ = _load(tmp_path, text)
    assert result.rows_loaded == 2


SAGE_AUDIT = ("No,Type,Account,Nominal,Details,Date,Net\n"
              "1,PI,MICRO01,7502,Microsoft licences,01/03/2024,2450.00\n"
              "2,PC,MICRO01,7502,Credit - unused seats,05/03/2024,180.00\n"
              "3,PP,MICRO01,1200,Payment,20/03/2024,2270.00\n"
              "4,BP,BANK01,7100,Office rent direct debit,21/03/2024,1500.00\n"
              "5,SI,CUST01,4000,Consulting income,22/03/2024,900.00\n")


def test_a_sage_audit_trail_counts_invoices_less_credits_and_direct_payments_once(tmp_path):
    """PP pays the PI already summed and SI is a sale: both excluded with their reason; BP (a
    bank payment with no invoice) is spend (before: 7,300.00 instead of 3,770.00)."""
    result, store = _load(tmp_path, SAGE_AUDIT)
    assert result.control_total == Decimal("2450.00") - Decimal("180.00") + Decimal("1500.00")
    assert (result.rows_loaded, result.rows_excluded) == (3, 2)
    reasons = dict(store.rows("SELECT source_row, reason FROM row_issues WHERE upload_id = ?",
                              [result.upload_id]))
    assert "payment of invoices" in reasons[4] and "not spend" in reasons[6]


@pytest.mark.parametrize("memo", ["Storage", '"Storage\nboxes"'])   # fast reader, exact reader
def test_excel_text_formula_cells_are_read_as_their_values(tmp_path, memo):
    """Exports that keep Excel from reformatting a value write ="1122.06" and ="06/01/2024":
    the value is inside the quotes (before: no amount column was recognised)."""
    text = ('Document Number,Date,Vendor,Memo,Amount\n'
            f'"=""000000""","=""06/01/2024""",Iron Mountain UK Ltd,{memo},"=""1122.06"""\n'
            '"=""000001""","=""09/01/2024""",Adobe Systems Software Ireland Ltd,Licences,"=""7951.88"""\n')
    result, store = _load(tmp_path, text)
    assert result.control_total == Decimal("9073.94")
    assert store.rows("SELECT reference, txn_date::VARCHAR FROM ledger_lines ORDER BY source_row") == \
        [("000000", "2024-01-06"), ("000001", "2024-01-09")]


@pytest.mark.parametrize("heading, currency", [("金額(新台幣)", "TWD"), ("金額(港幣)", "HKD"),
                                               ("金额(人民币)", "CNY")])
def test_a_chinese_amount_heading_names_its_currency(tmp_path, heading, currency):
    text = f"日期,廠商名稱,{heading}\n2024/01/07,Microsoft股份有限公司,\"5,560\"\n"
    result, _ = _load(tmp_path, text)
    assert set(result.totals_by_currency) == {currency}


def test_sap_short_labels_map_the_cost_centre(tmp_path):
    text = ("Doc. Date;Vendor;Cost Ctr;Amount in LC\n13.02.2024;SAP SE;CC1000;3.503,62\n"
            "14.02.2024;Microsoft;CC4100;8.211,57-\n")
    result, store = _load(tmp_path, text)
    assert result.mapping.get("cost_centre") == "Cost Ctr"
    assert store.rows("SELECT cost_centre FROM ledger_lines ORDER BY source_row") == [("CC1000",), ("CC4100",)]


def test_zero_bytes_padding_the_end_of_a_text_export_are_not_binary_data(tmp_path):
    data = b"Date,Vendor,Amount\n02/01/2024,Slack,100.00\n03/01/2024,Zoom,50.00\n" + b"\x00" * 4096
    result, _ = _load(tmp_path, data)
    assert (result.rows_loaded, result.control_total) == (2, Decimal("150.00"))
    assert result.reconciles


def _workbook(rows) -> bytes:
    import io

    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_dates_typed_as_text_among_a_workbooks_real_dates_are_read(tmp_path):
    """A column of real Excel dates where someone pasted a few as text ('13/01/2024',
    '2024/01/29'): each is read in its own way (before: those rows were rejected), and a value
    the column's format reads keeps that reading."""
    import datetime as dt
    data = _workbook([("Date", "Vendor", "Amount"),
                      (dt.date(2024, 1, 3), "Slack", 100.0),
                      ("13/01/2024", "Zoom", 50.0),
                      (dt.date(2024, 1, 20), "Adobe", 25.0),
                      ("29 Jan 2024", "Canva", 10.0),
                      (dt.date(2024, 2, 1), "Miro", 5.0)])
    result, store = _load(tmp_path, data, "ledger.xlsx")
    assert (result.rows_loaded, result.rows_rejected) == (5, 0)
    assert [d for (d,) in store.rows("SELECT txn_date::VARCHAR FROM ledger_lines ORDER BY source_row")] == \
        ["2024-01-03", "2024-01-13", "2024-01-20", "2024-01-29", "2024-02-01"]


def test_a_value_no_format_reads_is_still_rejected_with_it_quoted(tmp_path):
    text = "Date,Vendor,Amount\n2024-01-03,Slack,100\n2024-02-30,Zoom,50\n13/01/2024,Adobe,25\n"
    result, store = _load(tmp_path, text)
    assert (result.rows_loaded, result.rows_rejected) == (2, 1)
    assert "2024-02-30" in store.scalar("SELECT reason FROM row_issues WHERE disposition = 'rejected'")


def test_a_line_of_hundreds_of_megabytes_is_refused_with_what_to_check(tmp_path, monkeypatch):
    """(Before: DuckDB ran out of memory while classifying, 'unexpected error ... report it'.)
    The limit is an environment setting; here 1 MB stands for the default 64 MB."""
    monkeypatch.setenv("TECHSPEND_MAX_LINE_BYTES", str(1024 ** 2))
    text = "Date,Vendor,Description,Amount\n2024-01-02,Slack,x,1.00\n" \
           f"2024-01-03,Zoom,{'y' * (2 * 1024 ** 2)},2.00\n"
    with pytest.raises(ingest.IngestError) as err:
        _load(tmp_path, text)
    assert "one line is 2 MB long" in str(err.value) and "TECHSPEND_MAX_LINE_BYTES" in str(err.value)


@pytest.mark.parametrize("year", ["2024/25", "2024"])
def test_a_fiscal_year_column_and_a_period_column_date_the_lines_together(tmp_path, year):
    """No line date, but 'Year' and 'Period' (1..12): with the fiscal year from April, period 3
    is June (before: every line dated 1 April from the year alone, or the file refused)."""
    text = ("Year,Period,Supplier,Amount\n"
            f"{year},1,Staples,10.00\n{year},3,Zoom,20.00\n{year},12,Adobe,30.00\n")
    from db.settings import write_settings
    store = Store(tmp_path / "t.duckdb")
    with store.transaction() as cur:
        write_settings(cur, fiscal_start_month=4)
    result = ingest.load_file(store, "ledger.csv", text.encode())
    assert result.rows_loaded == 3
    assert [d for (d,) in store.rows("SELECT txn_date::VARCHAR FROM ledger_lines ORDER BY source_row")] == \
        ["2024-04-01", "2024-06-01", "2025-03-01"]


def test_an_expense_export_takes_the_currency_of_the_amount_it_loads(tmp_path):
    """Concur: 'Transaction Amount' goes with 'Transaction Currency', not with 'Reimbursement
    Currency' (before: USD and EUR receipts were counted as GBP, and the transaction currency
    was taken as the description)."""
    text = ("Report ID,Transaction Date,Expense Type,Vendor,Transaction Amount,Transaction Currency,"
            "Approved Amount (rpt),Reimbursement Currency\n"
            "R1,2024-02-18,Hotel,Marriott,418.47,GBP,418.47,GBP\n"
            "R1,2024-02-19,Software,Zoom,100.00,USD,79.10,GBP\n"
            "R1,2024-02-20,Meals,Le Cafe,50.00,EUR,42.80,GBP\n")
    result, store = _load(tmp_path, text)
    assert result.mapping["currency"] == "Transaction Currency"
    assert "description" not in result.mapping
    assert store.rows("SELECT amount, currency FROM ledger_lines ORDER BY source_row") == [
        (Decimal("418.47"), "GBP"), (Decimal("100.00"), "USD"), (Decimal("50.00"), "EUR")]
