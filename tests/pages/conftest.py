"""Fixtures for the dashboard page tests: a populated file database and the app's environment."""

from __future__ import annotations

import pytest
from dashboard_fixture import insert_lines

from db.store import Store, close_store


@pytest.fixture(scope="module")
def page_db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("pages") / "techspend.duckdb"
    store = Store(path)
    insert_lines(store)
    store.close()
    yield str(path)
    close_store(path)


@pytest.fixture()
def app_env(page_db, monkeypatch) -> str:
    """TECHSPEND_DB -> the populated database; no automatic sample load."""
    monkeypatch.setenv("TECHSPEND_DB", page_db)
    monkeypatch.setenv("TECHSPEND_NO_SAMPLE", "1")
    return page_db
