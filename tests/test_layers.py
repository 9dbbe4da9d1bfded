"""The dependency rule, enforced:

    pages -> dashboard -> workspace -> ingest, models -> db          cli -> workspace

Every .py file of the product is parsed (ast, nothing is imported or run) and checked:

    models/, ingest/, db/   the lower layers: never import workspace, cli, pages, dashboard,
                            sample_data or streamlit; models and ingest never import each other
    workspace/              the front door: no streamlit, pages, dashboard, cli
    pages/, dashboard/      call no store query method (.arrow/.df/.rows/.scalar/.execute): no SQL
    pages/, dashboard/, cli/, sample_data/
                            write only through the workspace: no store transaction or setting
                            write, no call of a writer function (load_file, add_rule, set_rate,
                            classification.refresh...) except as `workspace.<writer>(...)`
    models/rules.py, models/fx.py (and models/departments.py once it is a pure writer)
                            never import models.classification: they write on a cursor and the
                            workspace reclassifies
    everywhere              no dynamic imports (importlib.import_module, __import__,
                            `except ImportError`): every arrow is visible to readers and tools
                            (importlib.resources, which reads package files, is allowed)
    everywhere              no file over MAX_LINES lines

A failure names the file, the line and what is wrong.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIRS = ("app.py", "cli", "dashboard", "db", "ingest", "models", "pages", "sample_data",
               "workspace")

FORBIDDEN_IMPORTS = {
    "models": ("ingest", "pages", "dashboard", "sample_data", "cli", "workspace", "streamlit"),
    "ingest": ("models", "pages", "dashboard", "sample_data", "cli", "workspace", "streamlit"),
    "db": ("ingest", "models", "pages", "dashboard", "sample_data", "cli", "workspace", "streamlit"),
    "workspace": ("pages", "dashboard", "cli", "streamlit"),
    "sample_data": ("pages", "dashboard", "cli", "workspace", "streamlit"),
    "dashboard": ("pages", "cli"),
    "cli": ("pages", "dashboard", "streamlit"),
}
STORE_QUERY_METHODS = ("arrow", "df", "rows", "scalar", "execute")

# Every write the product makes, by name; outside workspace/ (and the lower layers that implement
# them) only `workspace.<name>(...)` may call one.
WRITERS = frozenset({
    "load_file", "delete_upload", "delete_uploads", "load_budget_file", "delete_budget_upload",
    "load_fx_file", "add_rule", "assign_vendors", "remove_rule", "merge_vendors",
    "unmerge_vendors", "insert_rule", "insert_vendor_rules", "retire_rule", "insert_merge",
    "retire_merge", "set_department", "set_departments", "set_rate", "save_rates", "write_rate",
    "replace_rates", "change_settings", "write_settings", "set_setting", "refresh", "rebuild",
    "reclassify", "load_sample_company", "ensure_sample_company", "reset_to_sample",
    "remove_sample_company", "set_units", "mark_by_pattern", "set_by_pattern", "merge_departments",
    "unmerge_department", "set_parent", "load_org_map", "load_org_file", "clear_org_map",
    "confirm_suggestions", "dismiss_suggestions", "confirm", "dismiss",
})
STORE_WRITE_METHODS = ("transaction", "write_session", "set_setting", "execute")
WRITE_ONLY_THROUGH_WORKSPACE = ("pages", "dashboard", "cli", "sample_data")
PURE_WRITERS = ("models/rules.py", "models/fx.py", "models/departments.py")
NOT_YET_PURE: dict[str, str] = {}  # a writer listed here is reported as skipped, with the reason

MAX_LINES = 400
OVER_LIMIT_OWNED_BY_OTHERS = {  # still to split by job; listed so a new big file still fails
}


def _python_files(*layers: str) -> list[Path]:
    out: list[Path] = []
    for layer in layers:
        path = ROOT / layer
        if path.is_file():
            out.append(path)
        else:
            out.extend(p for p in path.rglob("*.py") if "__pycache__" not in p.parts)
    return sorted(out)


def _where(path: Path) -> Path:
    return path.relative_to(ROOT) if path.is_absolute() else path


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
            found.extend((node.lineno, f"{name}.{alias.name}") for alias in node.names)
    return found


def import_violations(source: str, path: Path, layer: str) -> list[str]:
    tree = ast.parse(source, filename=str(path))
    out = []
    for line, name in _imported_modules(tree, path if path.is_absolute() else ROOT / path):
        top = name.split(".")[0]
        if top in FORBIDDEN_IMPORTS[layer]:
            out.append(f"{_where(path)}:{line} imports {name} ({layer} -> {top} breaks the rule "
                       "pages -> dashboard -> workspace -> ingest, models -> db; cli -> workspace)")
    return sorted(set(out))


def store_query_calls(source: str, path: Path) -> list[str]:
    tree = ast.parse(source, filename=str(path))
    return [
        f"{_where(path)}:{node.lineno} calls .{node.func.attr}(...): pages run no SQL; call a models function"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in STORE_QUERY_METHODS
    ]


def writes_outside_the_workspace(source: str, path: Path) -> list[str]:
    """Calls of a writer not made as workspace.<writer>(...), writer names imported from anywhere
    but the workspace, and direct store writes (transaction, set_setting...)."""
    tree = ast.parse(source, filename=str(path))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute):
                receiver = func.value.id if isinstance(func.value, ast.Name) else None
                if func.attr in WRITERS and receiver != "workspace":
                    out.append(f"{_where(path)}:{node.lineno} calls {receiver or '...'}.{func.attr}"
                               "(...): write through workspace." + func.attr)
                elif func.attr in STORE_WRITE_METHODS and receiver != "workspace":
                    out.append(f"{_where(path)}:{node.lineno} calls .{func.attr}(...) on the store:"
                               " every write is a workspace function (one transaction)")
            elif isinstance(func, ast.Name) and func.id in WRITERS:
                out.append(f"{_where(path)}:{node.lineno} calls {func.id}(...): write through "
                           f"workspace.{func.id}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] != "workspace":
            for alias in node.names:
                if alias.name in WRITERS:
                    out.append(f"{_where(path)}:{node.lineno} imports {alias.name} from "
                               f"{node.module}: write through workspace.{alias.name}")
    return out


def imports_classification(source: str, path: Path) -> list[str]:
    tree = ast.parse(source, filename=str(path))
    return [f"{_where(path)}:{line} imports {name}: a pure writer never reclassifies (the "
            "workspace does, in the same transaction)"
            for line, name in _imported_modules(tree, path if path.is_absolute() else ROOT / path)
            if name == "models.classification" or name.startswith("models.classification.")]


def dynamic_imports(source: str, path: Path) -> list[str]:
    tree = ast.parse(source, filename=str(path))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name == "importlib" or a.name.startswith(
                "importlib.") and a.name != "importlib.resources" for a in node.names):
            out.append(f"{_where(path)}:{node.lineno} imports importlib: import modules by name")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("importlib"):
            if node.module != "importlib" or any(a.name != "resources" for a in node.names):
                if node.module != "importlib.resources":
                    out.append(f"{_where(path)}:{node.lineno} imports from {node.module}: import "
                               "modules by name")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "__import__":
            out.append(f"{_where(path)}:{node.lineno} calls __import__")
        elif isinstance(node, ast.ExceptHandler) and node.type is not None:
            caught = [node.type] if not isinstance(node.type, ast.Tuple) else node.type.elts
            if any(isinstance(c, ast.Name) and c.id in ("ImportError", "ModuleNotFoundError")
                   for c in caught):
                out.append(f"{_where(path)}:{node.lineno} catches ImportError: an optional "
                           "import hides an arrow; import it plainly")
    return out


# ---- the product follows the rules -----------------------------------------------------------
@pytest.mark.parametrize("layer", sorted(FORBIDDEN_IMPORTS))
def test_layer_imports_follow_the_dependency_rule(layer):
    files = _python_files(layer)
    assert files, f"no Python files found under {layer}/"
    problems = [v for f in files for v in import_violations(f.read_text(encoding="utf-8"), f, layer)]
    assert not problems, "\n".join(problems)


def test_pages_run_no_store_queries():
    files = _python_files("pages", "dashboard")
    assert files, "no Python files found under pages/"
    problems = [v for f in files for v in store_query_calls(f.read_text(encoding="utf-8"), f)]
    assert not problems, "\n".join(problems)


def test_pages_the_cli_and_the_sample_company_write_only_through_the_workspace():
    files = _python_files(*WRITE_ONLY_THROUGH_WORKSPACE)
    assert len(files) > 10
    problems = [v for f in files for v in writes_outside_the_workspace(f.read_text(encoding="utf-8"), f)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", PURE_WRITERS + tuple(NOT_YET_PURE))
def test_rules_fx_and_departments_never_import_classification(name):
    problems = imports_classification((ROOT / name).read_text(encoding="utf-8"), ROOT / name)
    if name in NOT_YET_PURE and problems:
        pytest.skip(f"{name}: {NOT_YET_PURE[name]} (owned by another helper this session)")
    assert not problems, "\n".join(problems)


def test_no_dynamic_imports_in_the_source():
    files = _python_files(*SOURCE_DIRS)
    problems = [v for f in files for v in dynamic_imports(f.read_text(encoding="utf-8"), f)]
    assert not problems, "\n".join(problems)


def test_no_source_file_is_over_the_size_limit():
    too_big = []
    for path in _python_files(*SOURCE_DIRS):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES and str(_where(path)) not in OVER_LIMIT_OWNED_BY_OTHERS:
            too_big.append(f"{_where(path)}: {lines} lines (split it by job; limit {MAX_LINES})")
    assert not too_big, "\n".join(too_big)


# ---- the checks themselves catch what they should -------------------------------------------
@pytest.mark.parametrize(
    "layer, source, offending",
    [
        ("models", "import ingest\n", "ingest"),
        ("models", "def f():\n    from ingest.budget import load_budget_file\n", "ingest.budget"),
        ("models", "import streamlit as st\n", "streamlit"),
        ("models", "import workspace\n", "workspace"),
        ("ingest", "from models import fiscal\n", "models"),
        ("ingest", "from ..models import fx\n", "models"),  # relative, resolved from ingest/
        ("db", "from pages import ui\n", "pages"),
        ("workspace", "import streamlit as st\n", "streamlit"),
        ("cli", "import dashboard\n", "dashboard"),
    ],
)
def test_a_forbidden_import_is_reported_with_file_line_and_module(layer, source, offending):
    path = ROOT / layer / "example.py"
    problems = import_violations(source, path, layer)
    assert problems
    assert problems[0].startswith(f"{layer}/example.py:") and f" imports {offending}" in problems[0]


def test_allowed_imports_are_not_reported():
    assert import_violations("from db import fiscal\nimport pandas\n", ROOT / "ingest" / "x.py", "ingest") == []
    assert import_violations("from models import fx\nfrom db.values import parse_month\n",
                             ROOT / "models" / "x.py", "models") == []
    assert import_violations("import ingest\nfrom models import rules\n",
                             ROOT / "workspace" / "x.py", "workspace") == []


def test_a_store_query_in_a_page_is_reported():
    problems = store_query_calls("s = ui.store()\nn = s.scalar('SELECT 1')\n", ROOT / "pages" / "p.py")
    assert problems == ["pages/p.py:2 calls .scalar(...): pages run no SQL; call a models function"]


@pytest.mark.parametrize("source", [
    "ingest.load_file(store, name, data)\n",
    "classification.refresh(store)\n",
    "rules.add_rule(store, field='vendor')\n",
    "from ingest import load_file\n",
    "with store.transaction() as cur:\n    pass\n",
    "store.set_setting('reporting_currency', 'USD')\n",
    "set_rate(store, '2025-04', 'USD', 'GBP', 1)\n",
])
def test_a_write_that_bypasses_the_workspace_is_reported(source):
    assert writes_outside_the_workspace(source, ROOT / "pages" / "p.py")


def test_a_write_through_the_workspace_is_not_reported():
    source = "import workspace\nworkspace.load_file(store, n, d)\nworkspace.add_rule(store, field='x')\n"
    assert writes_outside_the_workspace(source, ROOT / "pages" / "p.py") == []


@pytest.mark.parametrize("source", [
    "from models import classification\n",
    "def f():\n    from models.classification import rebuild\n",
])
def test_a_pure_writer_importing_classification_is_reported(source):
    assert imports_classification(source, ROOT / "models" / "rules.py")


@pytest.mark.parametrize("source, reported", [
    ("import importlib\n", True),
    ("from importlib import import_module\n", True),
    ("try:\n    import x\nexcept ImportError:\n    x = None\n", True),
    ("try:\n    import x\nexcept (ValueError, ModuleNotFoundError):\n    pass\n", True),
    ("m = __import__('x')\n", True),
    ("from importlib import resources\n", False),
    ("try:\n    f()\nexcept ValueError:\n    pass\n", False),
])
def test_dynamic_imports_are_reported(source, reported):
    assert bool(dynamic_imports(source, ROOT / "cli" / "x.py")) is reported
