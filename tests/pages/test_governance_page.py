"""AppTest for the Governance page: its four tabs render from the hand-made fixtures, the
SoE-with-customer-data callout shows, and a register edit and a register file load go through
the workspace (who recorded) and change the figures at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import workspace
from db import close_store
from models.governance import standards

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "governance"


@pytest.fixture()
def db(tmp_path, monkeypatch):
    path = tmp_path / "gov_page.duckdb"
    monkeypatch.setenv("TECHSPEND_DB", str(path))
    monkeypatch.setenv("TECHSPEND_NO_SAMPLE", "1")
    store = workspace.open_workspace(path)
    for name in ("subscriptions_card.csv", "ap_march.csv", "ap_april.csv", "card_march.csv"):
        workspace.load_file(store, name, (DATA / name).read_bytes(), currency="GBP")
    yield store
    close_store(path)


def page() -> AppTest:
    return AppTest.from_file(str(ROOT / "pages" / "governance.py"), default_timeout=90).run()


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_tabs_render_with_figures_from_the_fixtures(db):
    workspace.load_standards_file(db, "register.csv", (DATA / "register.csv").read_bytes(), by="cio")
    at = page()
    assert not at.exception, at.exception
    assert [t.label for t in at.tabs] == ["IT standards", "Subscriptions", "Duplicate payments", "CIO–CMO"]
    assert metric(at, "SoE vendors with customer data, unreviewed") == "1"
    assert any("handle customer or personal data" in w.value for w in at.warning)
    assert metric(at, "Active subscriptions outside IT") == "4"
    assert metric(at, "At stake in consolidation") == "£3.6k"
    assert metric(at, "Candidate pairs") == "2"
    assert any("22%–29%" in c.value and "Gartner" in c.value for c in at.caption)


def test_setting_a_vendor_on_the_page_is_recorded_with_who(db):
    at = page()
    assert not at.exception, at.exception
    at.text_input(key="gov_who").set_value("ciso@example.com")
    at.selectbox(key="gov_vendor").set_value("HubSpot")
    at.selectbox(key="gov_status").set_value("not_approved")
    at.date_input(key="gov_reviewed").set_value("2026-06-01")
    at.radio(key="gov_customer").set_value("Yes")
    next(b for b in at.button if b.label == "Save vendor").click()
    at.run()
    assert not at.exception, at.exception
    reg = standards.register(db).set_index("vendor")
    assert reg.loc["HubSpot", "status"] == "not_approved"
    assert reg.loc["HubSpot", "updated_by"] == "ciso@example.com"
    assert any("HubSpot: Not approved" in s.value.replace("\\", "") for s in at.success)
    # reviewed now: HubSpot leaves the never-reviewed list and the callout goes
    assert metric(at, "SoE vendors with customer data, unreviewed") == "0"
