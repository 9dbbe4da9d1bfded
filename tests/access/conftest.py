"""A small classified ledger over four departments, loaded through the workspace as the local
operator (nobody signed in), and the principals the access tests act as."""

from __future__ import annotations

import pytest

import workspace
from db.store import close_store, open_store

from access_support import LEDGER


@pytest.fixture()
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TECHSPEND_NO_SAMPLE", "1")
    path = tmp_path / "techspend.duckdb"
    s = workspace.open_workspace(str(path))
    result = workspace.load_file(s, "ledger.csv", LEDGER.encode(), currency="GBP")
    assert result.status == "loaded"
    yield s
    close_store(path)
