"""access/ below the line never imports streamlit (workspace and models import it), and every
workspace writer carries a role check."""

from __future__ import annotations

import ast
from pathlib import Path

import workspace
from access.principal import ROLES

ROOT = Path(__file__).resolve().parents[2]
STREAMLIT_ROOMS = {"gate.py", "settings_section.py"}
NO_ROLE_NEEDED = {"open_workspace", "recover", "ensure_sample_company",
                  "sample_uploads"}  # system, not a person (sample_uploads only re-marks the sample)


def test_access_core_does_not_import_streamlit_or_upper_layers():
    for path in sorted((ROOT / "access").glob("*.py")):
        if path.name in STREAMLIT_ROOMS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                top = name.split(".")[0]
                assert top not in {"streamlit", "dashboard", "pages", "workspace", "models",
                                   "ingest", "cli"}, f"{path.name}:{node.lineno} imports {name}"


def test_every_workspace_writer_checks_a_role():
    unguarded = [name for name in workspace.__all__
                 if callable(getattr(workspace, name)) and not isinstance(getattr(workspace, name), type)
                 and name not in NO_ROLE_NEEDED
                 and getattr(getattr(workspace, name), "required_role", None) not in ROLES]
    assert unguarded == [], unguarded
