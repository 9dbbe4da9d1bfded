"""Quarterly review on the sample company: budget vs actual and the board pack are on the page,
and the figures shown are the models' figures for the chosen quarter."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from db.store import Store, close_store, open_store
from models import budget
import dashboard as ui
from workspace import load_sample_company

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("sample") / "techspend.duckdb"
    store = Store(path)
    load_sample_company(store)
    store.close()
    yield str(path)
    close_store(path)


def test_budget_vs_actual_and_board_pack_for_the_selected_quarter(sample_db, monkeypatch):
    monkeypatch.setenv("TECHSPEND_DB", sample_db)
    monkeypatch.setenv("TECHSPEND_NO_SAMPLE", "1")
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["quarter"] = "20263"
    at.run()
    at.switch_page("pages/quarterly_review.py").run()
    assert not at.exception, at.exception
    shown = {m.label: m.value for m in at.metric}
    # AppTest runs in this process: the page's store is the same cached one
    expected = budget.budget_vs_actual(open_store(sample_db), "FY2026 Q3").total
    currency = "GBP"
    assert shown["Technology actual"] == ui.money_compact(expected["actual"], currency)
    assert shown["Technology budget"] == ui.money_compact(expected["budget"], currency)
    helps = {m.label: m.help for m in at.metric}
    assert helps["Technology actual"] == ui.money(expected["actual"], currency)  # exact figure
    assert expected["budget"] > 0 and expected["actual"] > 0
    labels = [b.proto.label for b in at.get("download_button")]
    assert any("Download board pack (FY2026 Q3" in label for label in labels), labels
