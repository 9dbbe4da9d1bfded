"""AppTest for the Review & rules page: assign a vendor from the queue, undo, add a rule,
change a department — each changes the headline at once."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from db import close_store, open_store
from models import classification, vendor_match

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_CATALOG = ROOT / "tests" / "models" / "catalog_fixture"

LINE_COLUMNS = ("upload_id", "source_row", "source_file", "txn_date", "vendor", "department",
                "amount", "currency")


@pytest.fixture()
def db(tmp_path, monkeypatch):
    monkeypatch.setattr(vendor_match, "CATALOG_DIR", FIXTURE_CATALOG)
    path = tmp_path / "review.duckdb"
    monkeypatch.setenv("TECHSPEND_DB", str(path))
    monkeypatch.setenv("TECHSPEND_NO_SAMPLE", "1")
    store = open_store(path)
    rows = [
        (1, 2, "t.csv", "2026-01-15", "Slack", "Information Technology", Decimal("600"), "GBP"),
        (1, 3, "t.csv", "2026-01-15", "Zendesk", "Customer Service", Decimal("200"), "GBP"),
        (1, 4, "t.csv", "2026-01-15", "Mystery Tools", "Finance", Decimal("200"), "GBP"),
        (1, 5, "t.csv", "2026-01-15", "**Bold** [x](http://e.vil)", "Finance", Decimal("5"), "GBP"),
    ]
    with store.transaction() as cur:
        cur.executemany(f"INSERT INTO ledger_lines ({', '.join(LINE_COLUMNS)}) VALUES "
                        "(?, ?, ?, ?, ?, ?, ?, ?)", rows)
    classification.refresh(store)
    yield store
    close_store(path)


def page() -> AppTest:
    return AppTest.from_file(str(ROOT / "pages" / "review.py"), default_timeout=60).run()


def headline(store) -> float:
    return classification.summary(store).overall.tech_share_outside_it


def test_queue_assign_and_undo(db):
    at = page()
    assert not at.exception, at.exception
    assert headline(db) == pytest.approx(0.25)
    pick = at.multiselect(key="review_pick")
    assert "MYSTERY TOOLS" in pick.options or any("Mystery Tools" in o for o in pick.options)
    pick.set_value(["MYSTERY TOOLS"])
    at.radio(key="assign_kind").set_value("Technology")
    at.text_input(key="assign_why").set_value("our SaaS")
    at.run()
    at.button(key="assign_button").click().run()
    assert not at.exception, at.exception
    assert any("Assigned 1 vendor" in s.value for s in at.success)
    assert headline(db) == pytest.approx(0.4)
    line = db.df("SELECT * FROM classified_lines WHERE vendor = 'Mystery Tools'").iloc[0]
    assert line.decided_by == "rule" and line.is_tech

    # undo on the Rules tab restores the headline
    at.button(key="rules_undo").click().run()
    assert not at.exception, at.exception
    assert headline(db) == pytest.approx(0.25)


def test_add_rule_tab(db):
    at = page()
    at.selectbox(key="rule_field").set_value("vendor")
    at.selectbox(key="rule_match").set_value("contains")
    at.text_input(key="rule_pattern").set_value("zendesk")
    at.radio(key="rule_kind").set_value("Not technology")
    at.run()
    at.button(key="rule_add").click().run()
    assert not at.exception, at.exception
    assert any(s.value.startswith("Added rule") and "zendesk" in s.value for s in at.success)
    assert db.scalar("SELECT is_tech FROM classified_lines WHERE vendor = 'Zendesk'") is False


def test_bad_regex_is_a_message_not_a_traceback(db):
    at = page()
    at.selectbox(key="rule_match").set_value("regex")
    at.text_input(key="rule_pattern").set_value("(unclosed")
    at.run()
    at.button(key="rule_add").click().run()
    assert not at.exception
    assert any("not a valid regular expression" in e.value for e in at.error)


def test_department_flag(db):
    at = page()
    at.selectbox(key="dept_pick").set_value("FINANCE")
    at.run()
    at.checkbox(key="dept_it_FINANCE").check()
    at.run()
    at.button(key="dept_save").click().run()
    assert not at.exception, at.exception
    assert db.scalar("SELECT bool_and(it_owned) FROM classified_lines WHERE department = 'Finance'")


def test_merge_vendors(db):
    at = page()
    at.selectbox(key="merge_from").set_value("MYSTERY TOOLS")
    at.selectbox(key="merge_to").set_value("SLACK")
    at.run()
    at.button(key="merge_button").click().run()
    assert not at.exception, at.exception
    assert db.scalar("SELECT vendor_canonical FROM classified_lines WHERE vendor = 'Mystery Tools'") == "Slack"


def test_queue_search_shows_the_effect_before_assigning(db):
    at = page()
    at.text_input(key="review_search").set_value("zendesk").run()
    assert not at.exception, at.exception
    # search reaches a confidently classified vendor (Zendesk is a catalog vendor)
    assert at.multiselect(key="review_pick").options == ["Zendesk (£200)"]
    at.multiselect(key="review_pick").set_value(["ZENDESK"])
    at.radio(key="assign_kind").set_value("Not technology")
    at.run()
    effect = [m.value for m in at.markdown if m.value.startswith("**Effect:**")]
    assert effect and "1 of 1 lines of 1 vendor(s) would change, £200 of £200" in effect[0]
    # looking changed nothing
    assert db.scalar("SELECT is_tech FROM classified_lines WHERE vendor = 'Zendesk'") is True


def test_the_page_stays_on_its_tab_after_a_save(db):
    """The tabs are keyed: the open tab is session state, kept across the save's rerun."""
    at = page()
    at.session_state["review_tab"] = "Departments"
    at.run()
    at.selectbox(key="dept_pick").set_value("FINANCE").run()
    at.checkbox(key="dept_it_FINANCE").check().run()
    at.button(key="dept_save").click().run()
    assert not at.exception, at.exception
    assert at.session_state["review_tab"] == "Departments"
