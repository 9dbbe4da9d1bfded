"""AppTest for the Upload page: upload a file, see the reconciliation, delete the upload."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pages import literal

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


@pytest.fixture()
def db(tmp_path, monkeypatch):
    path = tmp_path / "ts.duckdb"
    monkeypatch.setenv("TECHSPEND_DB", str(path))
    monkeypatch.setenv("TECHSPEND_NO_SAMPLE", "1")
    return path


def page() -> AppTest:
    return AppTest.from_file(str(ROOT / "pages" / "upload.py"), default_timeout=60)


def test_upload_preview_load_and_reconcile(db):
    at = page()
    at.run()
    assert not at.exception
    uploader = at.get("file_uploader")[0]
    uploader.set_value(("total_row.csv", (DATA / "total_row.csv").read_bytes(), "text/csv")).run()
    assert not at.exception, at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "6 rows read -> 3 to load, 3 to exclude, 0 to reject; control total 1,150.25" in captions
    at.button(key=[b.key for b in at.button if b.key.endswith("_load")][0]).click().run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rows read"] == "6" and metrics["Loaded"] == "3" and metrics["Excluded"] == "3"
    assert metrics["Control total"] == "1,150.25"
    assert any("Every row is accounted for" in s.value for s in at.success)


def test_a_bad_file_gets_a_message_not_a_traceback(db):
    at = page()
    at.run()
    at.get("file_uploader")[0].set_value(
        ("q3 ledger.xlsx", (DATA / "encrypted.xlsx").read_bytes(),
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).run()
    assert not at.exception
    assert any(literal.md("q3 ledger.xlsx") in e.value and literal.md("password-protected") in e.value
               for e in at.error)  # shown literally (pages.literal escapes markdown)
