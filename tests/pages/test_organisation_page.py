"""AppTest for the Organisation page: suggestions are shown and confirmed by a person, many
units are marked by pattern, an organisation map is loaded; each changes the IT split at once."""

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
                "cost_centre", "amount", "currency")


@pytest.fixture()
def db(tmp_path, monkeypatch):
    monkeypatch.setattr(vendor_match, "CATALOG_DIR", FIXTURE_CATALOG)
    path = tmp_path / "org.duckdb"
    monkeypatch.setenv("TECHSPEND_DB", str(path))
    monkeypatch.setenv("TECHSPEND_NO_SAMPLE", "1")
    store = open_store(path)
    rows = [(1, 2, "t.csv", "2026-01-15", "Dell", "Applications Support", "4110", Decimal("600"),
             "GBP")]
    rows += [(1, 3 + i, "t.csv", "2026-01-15", "Oracle", "Digital Transformation", "7100",
              Decimal("300"), "GBP") for i in range(4)]
    rows += [(1, 10, "t.csv", "2026-01-15", "Oracle Cleaning", "Medical Technology", "5210",
              Decimal("900"), "GBP")]
    with store.transaction() as cur:
        cur.executemany(f"INSERT INTO ledger_lines ({', '.join(LINE_COLUMNS)}) VALUES "
                        "(?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    classification.refresh(store)
    yield store
    close_store(path)


def page() -> AppTest:
    return AppTest.from_file(str(ROOT / "pages" / "organisation.py"), default_timeout=60).run()


def inside_it(store) -> float:
    return float(classification.summary(store).overall.tech_spend_inside_it)


def test_suggestions_are_listed_and_applied_only_when_confirmed(db):
    at = page()
    assert not at.exception, at.exception
    assert inside_it(db) == 600
    now = [m.value for m in at.markdown if m.value.startswith("**Now:**")]
    assert now and "£600 of £1,800" in now[0]
    table = at.dataframe(key="org_suggestions_table")
    # tick every suggestion row through the widget state, then confirm
    shown = table.value
    assert any("Digital Transformation" == d for d in shown.department)
    assert "Medical Technology" not in set(shown.department)
    rows = [i for i, d in enumerate(shown.department) if d == "Digital Transformation"]
    at.session_state["org_suggestions_table"] = {"selection": {"rows": rows, "columns": []}}
    at.run()
    at.button(key="org_confirm").click().run()
    assert not at.exception, at.exception
    assert any("Confirmed" in s.value for s in at.success)
    assert inside_it(db) == 1800


def test_mark_by_pattern_with_preview(db):
    at = page()
    at.radio(key="org_mark_how").set_value("By name pattern").run()
    at.text_input(key="org_mark_pattern").set_value("*technology*").run()
    assert any("Matches 1 unit(s): Medical Technology" in c.value for c in at.caption)
    at.selectbox(key="org_mark_action").set_value("IT").run()
    at.button(key="org_mark_apply").click().run()
    assert not at.exception, at.exception
    assert db.scalar("SELECT bool_and(it_owned) FROM classified_lines"
                     " WHERE department = 'Medical Technology'") is True
