"""AppTest for the Budget & FX page: budget vs actual equals the models API; a budget file and an
FX table load through preview -> load -> reconciliation; bad input is a message."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from dashboard import literal
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "models"))

from budget_report_fixture import sample_company  # noqa: E402
from db import close_store, open_store  # noqa: E402
from models import budget, fx  # noqa: E402
import dashboard as ui  # noqa: E402


@pytest.fixture()
def db(tmp_path, monkeypatch):
    path = tmp_path / "budget.duckdb"
    monkeypatch.setenv("TECHSPEND_DB", str(path))
    monkeypatch.setenv("TECHSPEND_NO_SAMPLE", "1")
    store = open_store(path)
    store.set_setting("fiscal_year_start_month", "4")
    sample_company(store)
    yield store
    close_store(path)


def page() -> AppTest:
    return AppTest.from_file(str(ROOT / "pages" / "budget.py"), default_timeout=60).run()


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label))


def test_budget_upload_then_budget_vs_actual(db):
    at = page()
    assert not at.exception, at.exception
    at.file_uploader(key="budget_file").set_value(
        ("budget.csv", b"Department,Period,Amount\nSales,2026-Q1,600\nFinance,2025-04,oops\n", "text/csv")
    ).run()
    assert not at.exception, at.exception
    assert any("1 will load, 0 excluded, 1 rejected" in m.value for m in at.markdown)
    at.button(key="budget_load").click().run()
    assert not at.exception, at.exception
    assert any(literal.md("2 rows read, 1 loaded, 0 excluded, 1 rejected") in s.value for s in at.success)
    assert db.scalar("SELECT count(*) FROM budget_lines") == 1

    at.selectbox(key="bva_quarter").set_value("FY2026 Q1").run()
    expected = budget.budget_vs_actual(db, "FY2026 Q1").total
    assert _metric(at, "Technology budget") == "£600" == f"£{expected['budget']:,.0f}"
    # the card is compact (it must fit a quarter of a laptop screen); the exact figure is its help
    actual = next(m for m in at.metric if m.label.startswith("Technology actual"))
    assert actual.value == ui.money_compact(expected["actual"], "GBP")
    assert actual.help == f"£{expected['actual']:,.0f}"
    assert any("shadow IT in budget terms" in w.value and "Finance" in w.value for w in at.warning)
    assert at.get("download_button"), "the board pack button is on the page"


def test_fx_upload_clears_the_missing_rate_warning(db):
    at = page()
    assert any("have no rate to GBP" in w.value for w in at.warning)
    at.file_uploader(key="fx_file").set_value(
        ("fx.csv", b"Month,From,To,Rate\n2025-04,USD,GBP,0.8\n2025-06,USD,GBP,0.79\n", "text/csv")
    ).run()
    at.button(key="fx_load").click().run()
    assert not at.exception, at.exception
    assert any(literal.md("2 rows read, 2 loaded") in s.value for s in at.success)
    assert fx.missing(db).empty
    assert not any("have no rate to GBP" in w.value for w in at.warning)


def test_unreadable_budget_is_a_message(db):
    at = page()
    at.file_uploader(key="budget_file").set_value(("b.csv", b"Department,Notes\nIT,x\n", "text/csv")).run()
    assert not at.exception, at.exception
    assert any("no column for" in e.value for e in at.error)
