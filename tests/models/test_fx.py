"""FX: rate files load with every row accounted for; missing rates are listed and counted, and a
line without a rate is never converted at 1.0."""

import io
from datetime import date, datetime
from decimal import Decimal

import pandas as pd
import pytest
from openpyxl import Workbook

from budget_report_fixture import add_lines, add_upload, new_store
from db import TechspendError
from models import fx
from models.dataset_load import DuplicateUploadError

FX_CSV = (
    "Exchange rates (month average),,,\n"
    "Month,From,To,Rate\n"
    "2025-04,USD,GBP,0.80\n"          # row 3 loaded
    "May 2025,usd,gbp,\"0,79\"\n"      # row 4 loaded (decimal comma, lower-case codes)
    "2025-06-15,EUR,GBP,0.85\n"       # row 5 loaded (a date in the month)
    ",,,\n"                           # row 6 excluded blank
    "2025-07,USD,GBP,abc\n"           # row 7 rejected rate
    "2025-13,USD,GBP,0.8\n"           # row 8 rejected month
    "2025-04,USD,GBP,0.80\n"          # row 9 excluded duplicate of row 3
    "2025-04,USD,GBP,0.81\n"          # row 10 rejected conflicting with row 3
    "2025-08,US Dollar,GBP,0.8\n"     # row 11 rejected currency
    "2025-08,GBP,GBP,1\n"             # row 12 excluded same currency
).encode()


def test_fx_file_rows_are_loaded_excluded_or_rejected_with_file_and_row():
    store = new_store()
    result = fx.load_fx_file(store, "rates.csv", FX_CSV, refresh=False)
    assert (result.rows_read, result.rows_loaded, result.rows_excluded, result.rows_rejected) == (10, 3, 3, 4)
    assert result.reconciles
    rejected = {i.source_row: i.reason for i in result.issues if i.disposition == "rejected"}
    assert set(rejected) == {7, 8, 10, 11}
    assert all(reason.startswith(f"rates.csv row {row}:") for row, reason in rejected.items())
    assert "'abc'" in rejected[7] and "'US Dollar'" in rejected[11]
    stored = fx.rates(store)
    assert [(r.month, r.from_currency, r.to_currency, r.rate) for r in stored.itertuples()] == [
        (date(2025, 4, 1), "USD", "GBP", 0.80),
        (date(2025, 5, 1), "USD", "GBP", 0.79),
        (date(2025, 6, 1), "EUR", "GBP", 0.85),
    ]
    upload = store.rows(
        "SELECT dataset, rows_read, rows_loaded, rows_excluded, rows_rejected, control_total, header_row "
        "FROM uploads WHERE upload_id = ?", [result.upload_id])[0]
    assert upload == ("fx", 10, 3, 3, 4, Decimal("2.44"), 2)
    issues = store.scalar("SELECT count(*) FROM row_issues WHERE upload_id = ?", [result.upload_id])
    assert issues == 7
    assert store.scalar("SELECT count(*) FROM source_rows WHERE upload_id = ?", [result.upload_id]) == 10


def test_same_fx_file_twice_is_refused_unless_replaced():
    store = new_store()
    first = fx.load_fx_file(store, "rates.csv", FX_CSV, refresh=False)
    with pytest.raises(DuplicateUploadError, match="already loaded"):
        fx.load_fx_file(store, "rates-copy.csv", FX_CSV, refresh=False)
    again = fx.load_fx_file(store, "rates.csv", FX_CSV, replace=True, refresh=False)
    assert again.upload_id != first.upload_id
    assert store.scalar("SELECT count(*) FROM uploads WHERE dataset = 'fx'") == 1
    assert store.scalar("SELECT count(*) FROM fx_rates") == 3


def test_fx_workbook_with_real_date_cells():
    wb = Workbook()
    ws = wb.active
    ws.append(["Effective date", "Base currency", "Quote currency", "FX rate"])
    ws.append([datetime(2025, 4, 1), "USD", "GBP", 0.8])
    ws.append([datetime(2025, 5, 31), "EUR", "GBP", 0.86])
    buffer = io.BytesIO()
    wb.save(buffer)
    store = new_store()
    result = fx.load_fx_file(store, "rates.xlsx", buffer.getvalue(), refresh=False)
    assert result.rows_loaded == 2 and result.rows_rejected == 0
    assert list(fx.rates(store)["month"]) == [date(2025, 4, 1), date(2025, 5, 1)]


def _usd_lines(store):
    upload = add_upload(store)
    add_lines(store, upload, [
        dict(txn_date=date(2025, 4, 10), vendor="Zoom", department="Sales", amount="100.00", currency="USD", rate="0.8"),
        dict(txn_date=date(2025, 6, 3), vendor="Zoom", department="Sales", amount="99.00", currency="USD", rate=None),
        dict(txn_date=date(2025, 6, 9), vendor="Zoom", department="Sales", amount="1.00", currency="USD", rate=None),
        dict(txn_date=date(2025, 6, 9), vendor="Xero", department="Finance", amount="50.00"),
    ])


def test_missing_lists_each_currency_month_with_lines_and_amount():
    store = new_store()
    _usd_lines(store)
    fx.set_rate(store, "2025-04", "USD", "GBP", "0.8", refresh=False)
    missing = fx.missing(store)
    assert [(r.currency, r.month, r.to_currency, r.lines, r.amount) for r in missing.itertuples()] == [
        ("USD", date(2025, 6, 1), "GBP", 2, Decimal("100.00"))
    ]
    # flagged lines are counted, never converted: their amount_reporting stays NULL (not 1.0 x)
    assert fx.flagged(store) == fx.FxFlagged(lines=2, pairs=1)
    assert store.scalar("SELECT count(*) FROM classified_lines WHERE fx_missing AND amount_reporting IS NOT NULL") == 0


def test_inverse_of_a_stored_rate_counts_as_a_rate():
    store = new_store()
    upload = add_upload(store)
    with store.transaction() as cur:
        cur.execute(
            "INSERT INTO ledger_lines (upload_id, source_row, source_file, txn_date, vendor, amount, currency) "
            "VALUES (?, 2, 'x.csv', DATE '2025-05-05', 'Zoom', 10, 'EUR')", [upload])
    assert len(fx.missing(store)) == 1
    fx.set_rate(store, date(2025, 5, 20), "GBP", "EUR", "1.25", refresh=False)
    assert fx.missing(store).empty
    assert store.rows("SELECT rate, derivation FROM fx_rate_lookup WHERE from_currency = 'EUR'") == [(0.8, "inverse")]


def test_save_rates_is_all_or_nothing():
    store = new_store()
    fx.load_fx_file(store, "rates.csv", FX_CSV, refresh=False)
    edited = fx.rates(store)
    edited.loc[0, "rate"] = 0.82
    bad = pd.concat([edited, pd.DataFrame([{"month": "2025-09", "from_currency": "JPY", "to_currency": "GBP", "rate": -1}])])
    with pytest.raises(TechspendError, match="row 4: rate"):
        fx.save_rates(store, bad, refresh=False)
    assert fx.rates(store)["rate"].tolist() == [0.80, 0.79, 0.85]  # unchanged
    good = pd.concat([edited, pd.DataFrame([{"month": "2025-09", "from_currency": "JPY", "to_currency": "GBP", "rate": 0.0052}])])
    assert fx.save_rates(store, good.iloc[1:], refresh=False) == 3  # first row deleted in the editor
    after = fx.rates(store)
    assert after["rate"].tolist() == [0.79, 0.85, 0.0052]
    assert after["source"].tolist() == ["rates.csv", "rates.csv", "typed"]


def test_classification_flags_and_converts_from_the_rates():
    classification = pytest.importorskip("models.classification")
    from models.fiscal import quarter_of  # noqa: F401  (calendar used by refresh)

    store = new_store()
    with store.transaction() as cur:
        cur.execute(
            "INSERT INTO uploads (file_name, sha256, size_bytes, kind, rows_read, rows_loaded, "
            "rows_excluded, rows_rejected, control_total) VALUES ('card.csv', 'x', 1, 'csv', 2, 2, 0, 0, 0)")
        cur.execute(
            "INSERT INTO ledger_lines (upload_id, source_row, source_file, txn_date, vendor, department, amount, currency) "
            "VALUES (1, 2, 'card.csv', DATE '2025-06-03', 'Zoom Video', 'Sales', 99.00, 'USD'), "
            "       (1, 3, 'card.csv', DATE '2025-06-04', 'Zoom Video', 'Sales', 10.00, 'GBP')")
    classification.refresh(store)
    flagged = store.rows("SELECT source_row, amount_reporting, fx_missing FROM classified_lines ORDER BY source_row")
    assert flagged == [(2, None, True), (3, Decimal("10.00"), False)]
    assert [(r.currency, r.lines) for r in fx.missing(store).itertuples()] == [("USD", 1)]
    fx.set_rate(store, "2025-06", "USD", "GBP", "0.8")  # refreshes classification
    assert store.rows("SELECT amount_reporting, fx_missing FROM classified_lines WHERE source_row = 2") == [
        (Decimal("79.20"), False)]
    assert fx.missing(store).empty
