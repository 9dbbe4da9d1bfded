"""The dependency rule, enforced: pages -> models -> db, ingest -> db, cli -> ingest, models.

Every .py file under db/, ingest/, models/ and pages/ is parsed (ast, nothing is imported or
run) and each import — top level or inside a function — is checked against its layer:

    models/  imports nothing from ingest, pages, sample_data, cli, streamlit
    ingest/  imports nothing from models, pages, sample_data, cli, streamlit
    db/      imports nothing from ingest, models, pages, sample_data, cli, streamlit
    pages/   call no store query method (.arrow/.df/.rows/.scalar/.execute): no SQL in pages

sample_data/loader.py and cli.py sit at the edge and may import both ingest and models.
A failure names the file, the line and the offending import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FORBIDDEN_IMPORTS = {
    "models": ("ingest", "pages", "sample_data", "cli", "streamlit"),
    "ingest": ("models", "pages", "sample_data", "cli", "streamlit"),
    "db": ("ingest", "models", "pages", "sample_data", "cli", "streamlit"),
}
STORE_QUERY_METHODS = ("arrow", "df", "rows", "scalar", "execute")


def _python_files(layer: str) -> list[Path]:
    return sorted(p for p in (ROOT / layer).rglob("*.py") if "__pycache__" not in p.parts)


def _imported_modules(tree: ast.AST, module_path: Path) -> list[tuple[int, str]]:
    """(line, dotted module name) of every import; relative imports resolved against the file."""
    package = list(module_path.relative_to(ROOT).parent.parts)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.append((node.lineno, name))
    return found


def import_violations(source: str, path: Path, layer: str) -> list[str]:
    tree = ast.parse(source, filename=str(path))
    where = path.relative_to(ROOT) if path.is_absolute() else path
    out = []
    for line, name in _imported_modules(tree, path if path.is_absolute() else ROOT / path):
        top = name.split(".")[0]
        if top in FORBIDDEN_IMPORTS[layer]:
            out.append(f"{where}:{line} imports {name} ({layer} -> {top} breaks the rule "
                       "pages -> models -> db, ingest -> db; cli.py / sample_data sit at the edge)")
    return out


def store_query_calls(source: str, path: Path) -> list[str]:
    tree = ast.parse(source, filename=str(path))
    where = path.relative_to(ROOT) if path.is_absolute() else path
    return [
        f"{where}:{node.lineno} calls .{node.func.attr}(...): pages run no SQL; call a models function"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in STORE_QUERY_METHODS
    ]


@pytest.mark.parametrize("layer", sorted(FORBIDDEN_IMPORTS))
def test_layer_imports_follow_the_dependency_rule(layer):
    files = _python_files(layer)
    assert files, f"no Python files found under {layer}/"
    problems = [v for f in files for v in import_violations(f.read_text(encoding="utf-8"), f, layer)]
    assert not problems, "\n".join(problems)


def test_pages_run_no_store_queries():
    files = _python_files("pages")
    assert files, "no Python files found under pages/"
    problems = [v for f in files for v in store_query_calls(f.read_text(encoding="utf-8"), f)]
    assert not problems, "\n".join(problems)


# ---- the checks themselves catch what they should -------------------------------------------
@pytest.mark.parametrize(
    "layer, source, offending",
    [
        ("models", "import ingest\n", "ingest"),
        ("models", "def f():\n    from ingest.budget import load_budget_file\n", "ingest.budget"),
        ("models", "import streamlit as st\n", "streamlit"),
        ("ingest", "from models import fiscal\n", "models"),
        ("ingest", "from ..models import fx\n", "models"),  # relative, resolved from ingest/
        ("db", "from pages import ui\n", "pages"),
    ],
)
def test_a_forbidden_import_is_reported_with_file_line_and_module(layer, source, offending):
    path = ROOT / layer / "example.py"
    problems = import_violations(source, path, layer)
    assert len(problems) == 1
    assert problems[0].startswith(f"{layer}/example.py:") and f" imports {offending} " in problems[0]


def test_allowed_imports_are_not_reported():
    assert import_violations("from db import fiscal\nimport pandas\n", ROOT / "ingest" / "x.py", "ingest") == []
    assert import_violations("from models import fx\nfrom db.values import parse_month\n",
                             ROOT / "models" / "x.py", "models") == []


def test_a_store_query_in_a_page_is_reported():
    problems = store_query_calls("s = ui.store()\nn = s.scalar('SELECT 1')\n", ROOT / "pages" / "p.py")
    assert problems == ["pages/p.py:2 calls .scalar(...): pages run no SQL; call a models function"]
