"""Shared fixtures for models tests: an in-memory store and a small hand-written catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store
from models import vendor_match

FIXTURE_CATALOG = Path(__file__).parent / "catalog_fixture"


@pytest.fixture
def fixture_catalog(monkeypatch):
    """Point classification at the tiny fixture catalog (independent of models/catalog/)."""
    monkeypatch.setattr(vendor_match, "CATALOG_DIR", FIXTURE_CATALOG)
    return FIXTURE_CATALOG


@pytest.fixture
def store(fixture_catalog):
    s = Store(":memory:")
    yield s
    s.close()


