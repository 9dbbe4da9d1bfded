"""AppTest: Settings > Start empty takes the sample company out (the user's upload stays), the
uploads table marks the sample's uploads, and the Upload page offers to remove the sample once
the user's own ledger is in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import workspace
from db import close_store
from models.report.scope import sample_upload_ids

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sample_pages") / "template.duckdb"
    store = workspace.open_workspace(str(path))
    workspace.ensure_sample_company(store)
    workspace.load_file(store, "total_row.csv", (DATA / "total_row.csv").read_bytes(), currency="GBP")
    close_store(path)
    return path


@pytest.fixture()
def db(template, tmp_path, monkeypatch) -> Path:
    path = tmp_path / "ts.duckdb"
    shutil.copy(template, path)
    monkeypatch.setenv("TECHSPEND_DB", str(path))
    monkeypatch.setenv("TECHSPEND_NO_SAMPLE", "1")
    yield path
    close_store(path)


def _page(name: str) -> AppTest:
    return AppTest.from_file(str(ROOT / "pages" / name), default_timeout=120)


def test_settings_start_empty_removes_only_the_sample(db):
    at = _page("settings.py")
    at.run()
    assert not at.exception, at.exception
    uploads = next(d.value for d in at.dataframe if "sample" in d.value.columns)
    assert uploads["sample"].tolist() == [True] * 5 + [False]  # the sample's 5 and the user's 1
    assert any("Northwind Analytics Ltd" in c.value and "is loaded" in c.value for c in at.caption)
    at.button(key="start_empty").click().run()
    assert not at.exception, at.exception
    store = workspace.open_workspace(str(db))
    assert sample_upload_ids(store) == ()
    assert store.df("SELECT file_name FROM uploads")["file_name"].tolist() == ["total_row.csv"]
    assert any("is not loaded" in c.value for c in at.caption)


def test_upload_page_offers_to_remove_the_sample_once_the_users_ledger_is_in(db):
    at = _page("upload.py")
    at.run()
    assert not at.exception, at.exception
    assert any("sample company" in m.value and "still loaded" in m.value for m in at.markdown)
    at.button(key="sample_offer_remove").click().run()
    assert not at.exception, at.exception
    assert any("Your uploads are kept" in s.value for s in at.success)
    assert sample_upload_ids(workspace.open_workspace(str(db))) == ()
    at.run()
    assert not any("still loaded" in m.value for m in at.markdown)  # the offer is gone


def _overview() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_figures_mixing_the_sample_with_the_users_uploads_say_so(db):
    at = _overview()
    assert any("include the sample company" in w.value for w in at.sidebar.warning)
    own = [u for u in workspace.open_workspace(str(db)).df(
        "SELECT upload_id FROM uploads WHERE dataset = 'ledger'")["upload_id"].tolist()
        if u not in sample_upload_ids(workspace.open_workspace(str(db)))]
    at.sidebar.multiselect[-1].set_value(own).run()  # the Uploads filter leaves the sample out
    assert not at.exception, [e.value for e in at.exception]
    assert not any("sample company" in w.value for w in at.sidebar.warning)


def test_sample_only_figures_are_marked_as_sample_without_a_warning(db):
    store = workspace.open_workspace(str(db))
    own = [u for u in store.df("SELECT upload_id FROM uploads")["upload_id"].tolist()
           if u not in sample_upload_ids(store)]
    for upload_id in own:
        workspace.delete_upload(store, upload_id)
    close_store(db)
    at = _overview()
    assert any("Sample data" in c.value for c in at.sidebar.caption)
    assert not at.sidebar.warning and not at.warning
