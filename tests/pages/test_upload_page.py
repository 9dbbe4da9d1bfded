"""AppTest for the Upload page: upload a file, see the reconciliation, delete the upload."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import literal

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
    # the file names no currency: Load waits until one is given (never assumed silently)
    assert at.button(key=[b.key for b in at.button if b.key.endswith("_load")][0]).disabled
    at.text_input(key=next(t.key for t in at.text_input if t.key.endswith("_cur"))).input("GBP").run()
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
               for e in at.error)  # shown literally (dashboard.literal escapes markdown)


NO_AMOUNT_HEADING = (b"Date,Supplier,Team,Pence\n2025-01-02,Slack,IT,1200\n"
                     b"2025-01-03,Zoom,Sales,350\n2025-01-04,Okta,IT,75\n")


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.get("file_uploader")[0].set_value((name, data, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def _key(at: AppTest, suffix: str) -> str:
    return next(w.key for w in list(at.selectbox) + list(at.button) + list(at.text_input)
                if w.key and w.key.endswith(suffix))


def _captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def test_no_amount_heading_opens_the_editor_and_apply_loads_with_the_chosen_column(db):
    at = _upload(page().run(), "pence.csv", NO_AMOUNT_HEADING)
    # not a dead end: a warning, the editor open with every column and sample values
    assert any("no amount column" in w.value for w in at.warning)
    assert at.expander[0].proto.expanded
    amount = at.selectbox(key=_key(at, "_map_amount"))
    assert amount.label == "Amount (required)"
    assert set(amount.options) >= {"(none)", "Date — e.g. 2025-01-02, 2025-01-03, 2025-01-04",
                                   "Pence — e.g. 1200, 350, 75"}
    assert any("Best guesses for Amount" in t.value and "'Pence'" in t.value for t in at.text)
    assert not [b for b in at.button if b.key.endswith("_load")]        # nothing to load yet
    # choosing the column previews with it at once; the heading says pence, so 1200 is 12.00
    amount.set_value("Pence").run()
    assert not at.exception, at.exception
    assert "Preview with your choice (not applied yet): 3 rows read -> 3 to load" in _captions(at)
    assert "control total 16.25" in _captions(at)
    # Apply: a confirmation, and the file's preview now uses it
    at.button(key=_key(at, "_apply")).click().run()
    assert not at.exception, at.exception
    assert any("Mapping applied: Amount = 'Pence'" in s.value for s in at.success)
    assert "Preview: 3 rows read -> 3 to load, 0 to exclude, 0 to reject; control total 16.25." \
        in _captions(at)
    at.text_input(key=next(t.key for t in at.text_input if t.key.endswith("_cur"))).input("GBP").run()
    load = at.button(key=_key(at, "_load"))
    assert not load.disabled
    load.click().run()
    assert not at.exception, at.exception
    assert {m.label: m.value for m in at.metric}["Control total"] == "16.25"
    # remembered by header signature: next month's file of the same shape maps itself
    again = _upload(page().run(), "pence_feb.csv", NO_AMOUNT_HEADING.replace(b"2025-01", b"2025-02"))
    assert not any("no amount column" in w.value for w in again.warning)
    assert "control total 16.25" in _captions(again)
    assert any("remembered" in c.value for c in again.caption)


def test_the_explanations_are_shown_in_the_editor(db):
    at = _upload(page().run(), "total_row.csv", (DATA / "total_row.csv").read_bytes())
    why = " ".join(t.value for t in at.text)
    assert "amount = 'Amount': heading strong ('amount'), values" in why
    assert "date = 'Date': heading strong" in why


def test_a_file_with_no_currency_asks_for_it_before_load(db, monkeypatch):
    import ingest

    real = ingest.preview_file

    class Assumed:
        def __init__(self, preview, currency):
            self._p, self.currency_assumed = preview, currency is None

        def __getattr__(self, name):
            return getattr(self._p, name)

    monkeypatch.setattr(ingest, "preview_file",
                        lambda *a, **k: Assumed(real(*a, **k), k.get("currency")))
    at = _upload(page().run(), "total_row.csv", (DATA / "total_row.csv").read_bytes())
    assert any("names no currency" in w.value for w in at.warning)
    assert at.button(key=_key(at, "_load")).disabled
    at.text_input(key=next(t.key for t in at.text_input if t.key.endswith("_cur"))).input("eur").run()
    assert not at.exception, at.exception
    assert not any("names no currency" in w.value for w in at.warning)
    at.button(key=_key(at, "_load")).click().run()
    assert {m.label: m.value for m in at.metric}["Loaded"] == "3"


def test_no_date_column_opens_the_editor_for_the_date(db):
    at = _upload(page().run(), "nodate.csv",
                 b"Supplier,Amount,Booked\nSlack,10.00,02-01-2025 (approx)\nZoom,5.00,03-01-2025 (approx)\n")
    assert any("no date column" in w.value for w in at.warning)
    assert at.selectbox(key=_key(at, "_map_date")).label == "Date (required)"
    assert at.selectbox(key=_key(at, "_map_amount")).value == "Amount"     # the good guess stays
