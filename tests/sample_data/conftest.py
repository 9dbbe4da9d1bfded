"""A database with the sample company loaded once (about 15 s), copied for each test that changes it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import workspace
from db import close_store


@pytest.fixture(scope="session")
def sample_db_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    store = workspace.open_workspace(str(path))
    assert workspace.ensure_sample_company(store) is True  # what a fresh install does
    close_store(path)
    return path


@pytest.fixture()
def sample_db(sample_db_template, tmp_path) -> Path:
    """A private copy of the sample-company database (file closed, so the copy is consistent)."""
    path = tmp_path / "techspend.duckdb"
    shutil.copy(sample_db_template, path)
    yield path
    close_store(path)
