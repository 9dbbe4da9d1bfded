"""FX rate files: every row accounted for (loaded, excluded or rejected with file and row), the
same file twice refused unless replaced, real date cells in a workbook."""

import io
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "models"))

from budget_report_fixture import FX_CSV, new_store  # noqa: E402
from ingest import fx as fx_files  # noqa: E402
from ingest import row_issues  # noqa: E402
from models import fx  # noqa: E402  (reads the stored rates back)


def test_fx_file_rows_are_loaded_excluded_or_rejected_with_file_and_row():
    store = new_store()
    result = fx_files.load_fx_file(store, "rates.csv", FX_CSV)
    assert (result.rows_read, result.rows_loaded, result.rows_excluded, result.rows_rejected) == (10, 3, 3, 4)
    assert result.reconciles
    rejected = {i.source_row: i.reason for i in row_issues(store, result.upload_id).itertuples()
                if i.disposition == "rejected"}
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
    first = fx_files.load_fx_file(store, "rates.csv", FX_CSV)
    refused = fx_files.load_fx_file(store, "rates-copy.csv", FX_CSV)  # a status, as for ledgers
    assert refused.status == "duplicate" and "already loaded" in refused.message
    assert refused.upload_id == first.upload_id
    assert store.scalar("SELECT count(*) FROM uploads WHERE dataset = 'fx'") == 1
    again = fx_files.load_fx_file(store, "rates.csv", FX_CSV, replace=True)
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
    result = fx_files.load_fx_file(store, "rates.xlsx", buffer.getvalue())
    assert result.rows_loaded == 2 and result.rows_rejected == 0
    assert list(fx.rates(store)["month"]) == [date(2025, 4, 1), date(2025, 5, 1)]
