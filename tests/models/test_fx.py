"""FX: missing rates are listed and counted, typed rates are all-or-nothing, and a line without a
rate is never converted at 1.0. (Loading rate files: tests/ingest/test_fx_load.py.)"""

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from budget_report_fixture import FX_CSV, add_lines, add_upload, new_store
from db import TechspendError
from ingest.fx import load_fx_file
import workspace
from models import fx


def _write_rate(store, *args):
    """A typed rate stored without reclassifying (the pure writer in its own transaction)."""
    with store.transaction() as cur:
        fx.write_rate(cur, *args)


def _replace_rates(store, edited):
    with store.transaction() as cur:
        return fx.replace_rates(cur, edited)


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
    _write_rate(store, "2025-04", "USD", "GBP", "0.8")
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
    _write_rate(store, date(2025, 5, 20), "GBP", "EUR", "1.25")
    assert fx.missing(store).empty
    assert store.rows("SELECT rate, derivation FROM fx_rate_lookup WHERE from_currency = 'EUR'") == [(0.8, "inverse")]


def test_save_rates_is_all_or_nothing():
    store = new_store()
    load_fx_file(store, "rates.csv", FX_CSV)
    edited = fx.rates(store)
    edited.loc[0, "rate"] = 0.82
    bad = pd.concat([edited, pd.DataFrame([{"month": "2025-09", "from_currency": "JPY", "to_currency": "GBP", "rate": -1}])])
    with pytest.raises(TechspendError, match="row 4: rate"):
        _replace_rates(store, bad)
    assert fx.rates(store)["rate"].tolist() == [0.80, 0.79, 0.85]  # unchanged
    good = pd.concat([edited, pd.DataFrame([{"month": "2025-09", "from_currency": "JPY", "to_currency": "GBP", "rate": 0.0052}])])
    assert _replace_rates(store, good.iloc[1:]) == 3  # first row deleted in the editor
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
    workspace.set_rate(store, "2025-06", "USD", "GBP", "0.8")  # reclassifies, same transaction
    assert store.rows("SELECT amount_reporting, fx_missing FROM classified_lines WHERE source_row = 2") == [
        (Decimal("79.20"), False)]
    assert fx.missing(store).empty


def test_classification_converts_by_the_inverse_and_rounds_half_cents_exactly():
    """A stored GBP->EUR rate converts EUR lines by its inverse; a stored rate keeps exact decimal
    rounding (USD 2.01 x 0.5 = 1.005 -> 1.01, where binary floating point gives 1.00)."""
    classification = pytest.importorskip("models.classification")
    store = new_store()
    with store.transaction() as cur:
        cur.execute(
            "INSERT INTO uploads (file_name, sha256, size_bytes, kind, rows_read, rows_loaded, "
            "rows_excluded, rows_rejected, control_total) VALUES ('card.csv', 'x', 1, 'csv', 2, 2, 0, 0, 0)")
        cur.execute(
            "INSERT INTO ledger_lines (upload_id, source_row, source_file, txn_date, vendor, department, amount, currency) "
            "VALUES (1, 2, 'card.csv', DATE '2025-06-03', 'Zoom Video', 'Sales', 2.01, 'USD'), "
            "       (1, 3, 'card.csv', DATE '2025-06-04', 'Zoom Video', 'Sales', 60.00, 'EUR')")
    _write_rate(store, "2025-06", "USD", "GBP", "0.5")
    _write_rate(store, "2025-06", "GBP", "EUR", "1.20")  # only GBP->EUR is stored
    classification.refresh(store)
    assert store.rows("SELECT source_row, amount_reporting, fx_missing FROM classified_lines ORDER BY source_row") == [
        (2, Decimal("1.01"), False),   # 2.01 * 0.5 = 1.005, half up
        (3, Decimal("50.00"), False),  # 60.00 / 1.20
    ]
    assert fx.missing(store).empty


def test_cli_fx_load_reclassifies_so_the_figures_use_the_new_rates(tmp_path, capsys):
    """Loading rates (ingest) does not classify; the CLI runs the classification refresh after."""
    classification = pytest.importorskip("models.classification")
    import cli
    from db import close_store, open_store

    db_path = tmp_path / "t.duckdb"
    store = open_store(db_path)
    try:
        with store.transaction() as cur:
            cur.execute(
                "INSERT INTO uploads (file_name, sha256, size_bytes, kind, rows_read, rows_loaded, "
                "rows_excluded, rows_rejected, control_total) VALUES ('card.csv', 'x', 1, 'csv', 1, 1, 0, 0, 0)")
            cur.execute(
                "INSERT INTO ledger_lines (upload_id, source_row, source_file, txn_date, vendor, department, amount, currency) "
                "VALUES (1, 2, 'card.csv', DATE '2025-06-03', 'Zoom Video', 'Sales', 99.00, 'USD')")
        classification.refresh(store)
        assert fx.flagged(store).lines == 1
        rates_file = tmp_path / "rates.csv"
        rates_file.write_bytes(b"Month,From,To,Rate\n2025-06,USD,GBP,0.8\n")
        assert cli.main(["fx", "load", str(rates_file), "--db", str(db_path)]) == 0
        assert "1 rows read, 1 loaded" in capsys.readouterr().out
        assert store.rows("SELECT amount_reporting, fx_missing FROM classified_lines") == [(Decimal("79.20"), False)]
        assert fx.flagged(store).lines == 0
    finally:
        close_store(db_path)
