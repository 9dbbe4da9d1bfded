"""Helpers for the unseen-export tests: load a small export's text and check that it balances."""

from __future__ import annotations

from db import Store
from ingest import load_file


def load_text(text: str, name: str = "export.csv", encoding: str = "utf-8", **options):
    """Load `text` (encoded as `encoding`) into a new in-memory store. Every row read is loaded,
    excluded or rejected, and the load reconciles. Returns (LoadResult, store)."""
    store = Store(":memory:")
    result = load_file(store, name, text.encode(encoding), **options)
    assert result.rows_read == result.rows_loaded + result.rows_excluded + result.rows_rejected
    assert result.reconciles
    return result, store
