"""AppTest of the TBM page: it opens through the router, its figures are the models' figures,
vendors are shown literally, the tower filter narrows the lines, and the download carries the
four TBM keys with formula-like text neutralised."""

from __future__ import annotations

from pathlib import Path

from dashboard_fixture import HOSTILE_FORMULA, OUTSIDE_IT, TECH
from streamlit.testing.v1 import AppTest

from db.store import open_store
from models import tbm
from dashboard.tables import to_csv_bytes

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _open() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("pages/tbm.py").run()
    return at


def test_tbm_page_renders_with_the_models_figures(app_env):
    at = _open()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    view = tbm.tbm_by_tower_pool(open_store(app_env))
    assert round(view["spend"].sum(), 2) == float(TECH)
    assert round(view["spend_outside_it"].sum(), 2) == float(OUTSIDE_IT)
    shown = {m.label: m for m in at.metric}
    assert shown["Outside IT"].value == f"{float(OUTSIDE_IT) / float(TECH):.1%}"
    assert "PwC Digital IQ survey" in shown["Outside IT"].help
    assert "Gartner 2021 74%" in shown["Outside IT"].help
    assert any("Moore" in c.value for c in at.caption)
    assert len(at.get("vega_lite_chart")) == 2


def test_tower_filter_narrows_the_lines_and_vendors_are_literal(app_env):
    at = _open()
    lines = at.dataframe[1].value
    assert HOSTILE_FORMULA in set(lines["vendor"])  # shown as written, never evaluated
    towers = at.multiselect(key="tbm_towers")
    towers.set_value(["End User"]).run()
    narrowed = at.dataframe[1].value
    assert 0 < len(narrowed) < len(lines)
    assert set(narrowed["tbm_tower"]) == {"End User"}  # Zoom: a collaboration tool


def test_the_lines_download_has_all_four_keys_and_is_formula_safe(app_env):
    at = _open()
    lines = at.dataframe[1].value
    for col in ("tbm_cost_pool", "tbm_tower", "tbm_sub_tower", "tbm_solution"):
        assert col in lines.columns and lines[col].notna().all(), col
    csv_text = to_csv_bytes(lines).decode("utf-8-sig")
    assert "'" + HOSTILE_FORMULA.replace('"', '""') in csv_text
