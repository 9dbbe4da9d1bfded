"""Export shapes a fourth probe round found dated, scaled or rejected wrongly (files written as
the software writes them; values invented). Each test states what a CFO relies on."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import ingest
from db import Store
from db.settings import write_settings


def _load(tmp_path, text: str, name: str = "ledger.csv", fy_start: int | None = None):
    store = Store(tmp_path / "t.duckdb")
    if fy_start:
        with store.transaction() as cur:
            write_settings(cur, fiscal_start_month=fy_start)
    result = ingest.load_file(store, name, text.encode("utf-8"))
    assert result.reconciles
    return result, store


def _dates(store):
    return [d for (d,) in store.rows("SELECT txn_date FROM ledger_lines ORDER BY source_row")]


@pytest.mark.parametrize("fy_start", [1, 4])
def test_year_month_and_day_columns_are_the_calendar_date_whatever_the_fiscal_year(tmp_path, fy_start):
    """BI and open-data extracts split the date in three: 2024 / 3 / 14 is 14 March 2024, never
    'period 3' of the fiscal year (before: every line dated 1 March, or 1 June with an April year)."""
    text = ("Year,Month,Day,Supplier,Amount\n2024,3,14,ServiceNow,2400.57\n"
            "2024,3,18,Adobe,1858.26\n2024,12,1,Slack,99.00\n")
    result, store = _load(tmp_path, text, fy_start=fy_start)
    assert _dates(store) == [dt.date(2024, 3, 14), dt.date(2024, 3, 18), dt.date(2024, 12, 1)]


@pytest.mark.parametrize("months", [("July", "September"), ("7", "9"), ("juillet", "septembre")])
def test_a_calendar_year_and_a_month_column_date_lines_to_that_month(tmp_path, months):
    text = (f"Year,Month,Supplier,Amount\n2024,{months[0]},Microsoft,16097.79\n"
            f"2024,{months[1]},Zoom,15444.02\n")
    result, store = _load(tmp_path, text, fy_start=4)
    assert _dates(store) == [dt.date(2024, 7, 1), dt.date(2024, 9, 1)]


def test_a_fiscal_year_and_period_number_stay_a_fiscal_period(tmp_path):
    """'2024/25' + Period 3 with an April year is June 2024: unchanged by the calendar rule."""
    text = "Year,Period,Supplier,Amount\n2024/25,3,Oracle,100.00\n2024/25,12,Oracle,50.00\n"
    result, store = _load(tmp_path, text, fy_start=4)
    assert _dates(store) == [dt.date(2024, 6, 1), dt.date(2025, 3, 1)]


@pytest.mark.parametrize("heading", ["amount_cents", "Amount (pence)", "AmountInCents"])
def test_an_amount_in_the_minor_unit_is_divided_by_100(tmp_path, heading):
    """Stripe / Ramp API exports write 201436 for 2,014.36 (before: loaded 100 times too big)."""
    text = f"created_at,merchant_name,{heading},currency\n2024-03-17,Slack,201436,usd\n2024-03-12,Canon,478894,usd\n"
    result, _ = _load(tmp_path, text)
    assert result.control_total == Decimal("6803.30")
    assert any("cents" in n and "divided by 100" in n for n in result.notes)


def test_a_title_that_says_pounds_and_pence_scales_nothing(tmp_path):
    text = ("Payments over £500 (pounds and pence)\n\nDate,Supplier,Amount\n"
            "2024-03-17,Slack,2014.36\n2024-03-12,Canon,4788.94\n")
    result, _ = _load(tmp_path, text)
    assert result.control_total == Decimal("6803.30")


@pytest.mark.parametrize("dash", ["£ -", " -   ", "$ -", "- €"])
def test_an_accounting_format_dash_is_zero_not_a_rejected_row(tmp_path, dash):
    """Excel's accounting format writes 0 as '£ -'; debit/credit exports put '-' on the empty side."""
    text = f'Date,Supplier,Amount\n2024-01-02,Acme,"{dash}"\n2024-01-03,Oracle,10.00\n'
    result, _ = _load(tmp_path, text)
    assert (result.rows_loaded, result.rows_rejected, result.control_total) == (2, 0, Decimal("10.00"))
    debit_credit = f'Date,Supplier,Debit,Credit\n2024-01-02,Acme,25.00,"{dash}"\n2024-01-03,Oracle,"{dash}",5.00\n'
    result, _ = _load(tmp_path / "dc", debit_credit) if (tmp_path / "dc").mkdir() is None else None
    assert (result.rows_loaded, result.control_total) == (2, Decimal("20.00"))


def test_a_dash_with_digits_is_a_minus_and_words_are_still_rejected(tmp_path):
    text = 'Date,Supplier,Amount\n2024-01-02,Acme,-12.50\n2024-01-03,Oracle,n/a\n2024-01-04,SAP,100.00\n'
    result, _ = _load(tmp_path, text)
    assert (result.rows_loaded, result.rows_rejected, result.control_total) == (2, 1, Decimal("87.50"))


def test_excel_serial_dates_with_the_time_as_a_fraction_are_dates(tmp_path):
    text = "Date,Vendor,Amount\n45378.5833333333,Cisco,9479.97\n45372.5833333333,AWS,9694.70\n"
    result, store = _load(tmp_path, text)
    excel_day_zero = dt.date(1899, 12, 30)
    assert _dates(store) == [excel_day_zero + dt.timedelta(days=45378),
                             excel_day_zero + dt.timedelta(days=45372)]


def test_whole_euros_with_a_dot_grouping_thousands_are_not_read_as_three_decimals(tmp_path):
    """A German export of whole amounts writes 2.414 for 2,414 € (before: loaded as 2.41)."""
    text = ("Datum;Lieferant;Abteilung;Betrag\n13.03.2024;Atlassian;IT;2.414\n"
            "16.03.2024;Adobe;IT;52.421\n19.03.2024;Zoom;Finance;46.234\n20.03.2024;Miro;IT;987\n")
    result, _ = _load(tmp_path, text)
    assert result.control_total == Decimal("102056")
    assert any("grouping the thousands" in n for n in result.notes)


def test_amounts_with_three_decimals_on_a_few_values_keep_the_point(tmp_path):
    """Two '1.500'-like values among decimals are not enough to call '.' a thousands mark."""
    text = "Date,Vendor,Amount\n2024-01-02,A,1.500\n2024-01-03,B,2.250\n"
    result, _ = _load(tmp_path, text)
    assert result.control_total == Decimal("3.75")


@pytest.mark.parametrize("header, field, column", [
    ("BUKRS,BELNR,BUDAT,LIFNR,NAME1,HKONT,KOSTL,DMBTR,WAERS", "cost_centre", "KOSTL"),
    ("BUKRS,BELNR,BUDAT,LIFNR,NAME1,HKONT,KOSTL,DMBTR,WAERS", "account_code", "HKONT"),
    ("Date,Partner,Account,Analytic Account,Label,Debit,Credit", "cost_centre", "Analytic Account"),
    ("Data,Kontrahent,Miejsce powstania kosztów,Netto,Brutto", "cost_centre", "Miejsce powstania kosztów"),
    ("GSTIN of supplier,Trade/Legal name,Invoice Date,Invoice Value", "vendor", "Trade/Legal name"),
])
def test_system_field_names_and_analytic_dimensions_find_their_field(header, field, column):
    """SAP SE16 downloads head columns by field name; Odoo's analytic account is the cost
    dimension (before: taken as the GL account, or left unmapped); a GST return's supplier is its
    registered name, not its tax number (before: the vendor was '29AAACM0000L1ZB')."""
    from ingest.mapping import detect_mapping
    columns = tuple(header.split(","))
    values = {"BUKRS": "1000", "BELNR": "5100000123", "BUDAT": "20240305", "LIFNR": "100234",
              "NAME1": "Microsoft Ireland", "HKONT": "640000", "KOSTL": "CC100", "DMBTR": "1200.00",
              "WAERS": "EUR", "Date": "2024-03-05", "Partner": "Odoo SA", "Account": "600000 Software",
              "Analytic Account": "Finance", "Label": "Licences", "Debit": "100.00", "Credit": "0.00",
              "Data": "2024-03-05", "Kontrahent": "Comarch S.A.", "Miejsce powstania kosztów": "Finanse",
              "Netto": "100.00", "Brutto": "123.00", "GSTIN of supplier": "29AAACM0000L1ZB",
              "Trade/Legal name": "Dell Technologies", "Invoice Date": "14-03-2024",
              "Invoice Value": "42060.17"}
    sample = tuple(tuple(values[c] for c in columns) for _ in range(5))
    fields = detect_mapping(columns, sample).fields
    # a cost centre of names ('Finance') is the cost centre's name field
    assert column in (fields.get(field), fields.get(f"{field}_name"))
