"""A file's own amount in the company's currency ('Amount (GBP)' beside 'Amount' and 'Currency').

What a CFO relies on: an export that already says what each dollar or euro line cost in sterling
counts those lines at the file's own conversion, with no exchange-rate table to upload and no line
'left out for a missing FX rate'; the line keeps the amount as entered; a credit note counts
negative in both; a booked amount whose currency nobody can tell is not used, and says so.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import workspace
from db.settings import read_settings

D = Decimal


@pytest.fixture
def store(tmp_path):
    s = workspace.open_workspace(tmp_path / "t.duckdb")
    workspace.change_settings(s, reporting_currency="GBP")
    return s


def _lines(store, upload_id):
    return store.rows("SELECT source_row, amount, currency, amount_reporting, fx_missing"
                      " FROM classified_lines WHERE upload_id = ? ORDER BY source_row", [upload_id])


def _csv(header: str, rows: list[str]) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


# (heading row, data rows, (amount as entered, its currency, amount in GBP) per line)
SHAPES = {
    "currency in the heading": (
        "Date,Supplier,Department,Description,Amount,Currency,Amount (GBP)",
        ["05/01/2026,Salesforce UK Ltd,Sales,CRM licences,\"1,200.00\",GBP,\"1,200.00\"",
         "07/01/2026,Atlassian Pty,IT,Jira cloud,\"2,000.00\",USD,\"1,580.00\"",
         "09/01/2026,SAP SE,Finance,Support,\"3,000.00\",EUR,\"2,610.00\""],
        [("1200", "GBP", "1200"), ("2000", "USD", "1580"), ("3000", "EUR", "2610")]),
    "expense report, currency shown by the lines (Concur 'rpt')": (
        "Report Key,Employee,Transaction Date,Expense Type,Vendor,Transaction Amount,"
        "Transaction Currency,Approved Amount (rpt),Reimbursement Currency",
        ["1,Jo Smith,2026-01-05,Software,Zoom Video,15.99,USD,12.63,GBP",
         "2,Jo Smith,2026-01-06,Meals,Pret,8.50,GBP,8.50,GBP",
         "3,Al Jones,2026-01-07,Software,Canva,110.00,EUR,95.70,GBP"],
        [("15.99", "USD", "12.63"), ("8.50", "GBP", "8.50"), ("110", "EUR", "95.70")]),
    "ERP register, entered and accounted (Oracle)": (
        "Invoice Date,Supplier Name,Cost Centre,Entered Amount,Entered Currency,Accounted Amount (GBP)",
        ["2026-02-01,Microsoft Ireland,4100,\"10,000.00\",EUR,\"8,700.00\"",
         "2026-02-03,Computacenter UK,4100,\"5,000.00\",GBP,\"5,000.00\""],
        [("10000", "EUR", "8700"), ("5000", "GBP", "5000")]),
    "foreign and base amounts (NetSuite)": (
        "Date,Vendor,Memo,Currency,Amount (Foreign Currency),Amount",
        ["2026-03-02,Zendesk Inc,Support seats,USD,\"1,000.00\",790.00",
         "2026-03-04,Sage UK,Payroll,GBP,400.00,400.00",
         "2026-03-09,HubSpot Ireland,Marketing hub,EUR,\"2,000.00\",\"1,740.00\""],
        [("1000", "USD", "790"), ("400", "GBP", "400"), ("2000", "EUR", "1740")]),
    "German headings, decimal comma": (
        "Belegdatum;Lieferant;Kostenstelle;Betrag;Währung;Betrag GBP",
        ["03.01.2026;DATEV eG;IT;1.000,00;EUR;870,00",
         "04.01.2026;Sage UK;IT;250,50;GBP;250,50"],
        [("1000", "EUR", "870"), ("250.50", "GBP", "250.50")]),
}


@pytest.mark.parametrize("shape", SHAPES, ids=list(SHAPES))
def test_lines_in_other_currencies_count_at_the_files_own_conversion(store, shape):
    header, rows, expected = SHAPES[shape]
    result = workspace.load_file(store, "export.csv", _csv(header, rows))
    assert result.rows_loaded == len(rows) and result.reconciles
    got = [(a, c, r, m) for _, a, c, r, m in _lines(store, result.upload_id)]
    assert got == [(D(a), c, D(r), False) for a, c, r in expected]
    foreign = sum(1 for _, c, _ in expected if c != "GBP")
    assert any(n.startswith("Amounts in GBP taken from") and f"for {foreign} line(s)" in n
               for n in result.notes), result.notes


def test_a_credit_note_counts_negative_in_the_booked_amount_too(store):
    # a document type signs the credit note; a refund signed in the amount only
    typed = _csv("Date,Supplier,Type,Amount,Currency,Amount (GBP)",
                 ["2026-01-05,Atlassian,Invoice,2000.00,USD,1580.00",
                  "2026-01-09,Atlassian,Credit Note,500.00,USD,395.00",
                  "2026-01-12,Sage UK,Invoice,80.00,GBP,80.00"])
    signed = _csv("Date,Supplier,Amount,Currency,Amount (GBP)",
                  ["2026-01-10,Atlassian,-100.00,USD,79.00", "2026-01-11,Sage UK,80.00,GBP,80.00"])
    got = []
    for name, data in (("ap.csv", typed), ("card.csv", signed)):
        result = workspace.load_file(store, name, data)
        got += [(a, r) for _, a, c, r, _ in _lines(store, result.upload_id) if c == "USD"]
    assert got == [(D("2000"), D("1580")), (D("-500"), D("-395")), (D("-100"), D("-79"))]


def test_another_reporting_currency_counts_by_exchange_rate_not_by_the_booked_amount(store):
    header, rows, _ = SHAPES["currency in the heading"]
    result = workspace.load_file(store, "export.csv", _csv(header, rows))
    workspace.change_settings(store, reporting_currency="EUR")
    got = {c: (r, m) for _, _, c, r, m in _lines(store, result.upload_id)}
    assert got["EUR"] == (D("3000"), False)
    assert got["GBP"] == (None, True) and got["USD"] == (None, True)   # no EUR rates: left out
    workspace.set_rate(store, "2026-01-01", "USD", "EUR", "0.9")
    assert {c: r for _, _, c, r, _ in _lines(store, result.upload_id)}["USD"] == D("1800")
    workspace.change_settings(store, reporting_currency="GBP")          # and back again
    assert {c: r for _, _, c, r, _ in _lines(store, result.upload_id)}["USD"] == D("1580")


def test_a_rule_change_that_reclassifies_keeps_the_booked_amounts(store):
    header, rows, _ = SHAPES["currency in the heading"]
    result = workspace.load_file(store, "export.csv", _csv(header, rows))
    workspace.add_rule(store, field="vendor", match="contains", pattern="Atlassian", is_tech=True,
                       layer="SoR", category="Software & SaaS", by="test")
    got = {c: r for _, _, c, r, _ in _lines(store, result.upload_id)}
    assert got == {"GBP": D("1200"), "USD": D("1580"), "EUR": D("2610")}


def test_a_booked_amount_whose_currency_nothing_shows_is_not_used(store):
    # every line differs between the columns and the heading names no currency
    data = _csv("Date,Vendor,Amount,Currency,Base Amount",
                ["2026-01-05,Slack,100.00,USD,79.00", "2026-01-06,Miro,200.00,EUR,174.00"])
    result = workspace.load_file(store, "card.csv", data)
    assert all(r is None and m for *_, r, m in _lines(store, result.upload_id))
    assert any("'Base Amount'" in n and "it is not used" in n for n in result.notes)


def test_a_booked_cell_that_is_not_a_number_leaves_the_line_to_the_exchange_rate(store):
    data = _csv("Date,Vendor,Amount,Currency,Amount (GBP)",
                ["2026-01-05,Slack,100.00,USD,79.00", "2026-01-06,Miro,200.00,EUR,n/a",
                 "2026-01-07,Sage,50.00,GBP,50.00"])
    result = workspace.load_file(store, "card.csv", data)
    assert result.rows_loaded == 3                                     # never rejected for it
    got = {c: (r, m) for _, _, c, r, m in _lines(store, result.upload_id)}
    assert got == {"USD": (D("79"), False), "EUR": (None, True), "GBP": (D("50"), False)}
    assert any("1 line(s) have no number there" in n for n in result.notes)
    kept = store.rows("SELECT cells FROM source_rows WHERE upload_id = ? AND source_row = 3",
                      [result.upload_id])
    assert kept and "n/a" in kept[0][0]                                 # the cell is not lost


def test_without_a_currency_column_a_second_amount_is_no_booked_amount(store):
    data = _csv("Date,Vendor,Amount,Amount (GBP)", ["2026-01-05,Slack,100.00,100.00"])
    result = workspace.load_file(store, "plain.csv", data)
    assert "book_amount" not in result.mapping


def test_a_person_can_choose_the_booked_amount_column(store):
    data = _csv("Date,Vendor,Amount,Currency,Sterling",
                ["2026-01-05,Slack,100.00,USD,79.00", "2026-01-06,Sage,50.00,GBP,50.00"])
    result = workspace.load_file(store, "card.csv", data, overrides={"book_amount": "Sterling"})
    assert {c: r for _, _, c, r, _ in _lines(store, result.upload_id)} == {"USD": D("79"), "GBP": D("50")}


def test_a_new_workspace_reports_in_the_currency_a_foreign_ledger_was_booked_in(tmp_path):
    fresh = workspace.open_workspace(tmp_path / "new.duckdb")
    data = _csv("Date,Vendor,Amount,Currency,Amount (EUR)",
                ["2026-01-05,Slack,100.00,USD,92.00", "2026-01-06,Miro,200.00,GBP,230.00"])
    workspace.load_file(fresh, "eu.csv", data)
    assert read_settings(fresh).reporting_currency == "EUR"
    assert sorted(r for *_, r, _ in _lines(fresh, 1) if r is not None) == [D("92"), D("230")]
