"""Helpers for the governance tests: a workspace store with one hand-made file of tests/data/governance."""

from __future__ import annotations

from pathlib import Path

import workspace

DATA = Path(__file__).resolve().parents[1] / "data" / "governance"


def store_with(tmp_path_factory, name: str):
    """A new workspace database with tests/data/governance/<name> loaded (in GBP) and classified."""
    store = workspace.open_workspace(tmp_path_factory.mktemp(Path(name).stem) / "g.duckdb")
    assert workspace.load_file(store, name, (DATA / name).read_bytes(), currency="GBP").status == "loaded"
    return store
