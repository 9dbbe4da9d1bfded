"""AppTest of every dashboard page on a populated database.

Each page must render without an exception, and the headline figures it shows must be the
models API's figures (which tests/models/test_analytics.py checks against hand-worked numbers);
the hand-worked totals of the fixture are checked here too.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from dashboard_fixture import HOSTILE_FORMULA, HOSTILE_HTML, HOSTILE_MD, OUTSIDE_IT, TECH, TOTAL
from streamlit.testing.v1 import AppTest

from db.store import open_store
from models import analytics
from models.analytics import Filters
import dashboard as ui

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = [
    "pages/overview.py",
    "pages/shadow_it.py",
    "pages/sor_soe.py",
    "pages/quarterly_review.py",
    "pages/settings.py",
]


def run_page(page: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if query:
        at.query_params.update(query)
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    return at


def metrics(at: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.help) for m in at.metric}


@pytest.mark.parametrize(
    "page", PAGES + ["pages/upload.py", "pages/review.py", "pages/budget.py"]
)
def test_page_renders_without_exception(app_env, page):
    """Every page registered in app.py opens through the router on a populated database."""
    at = run_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_overview_headline_equals_models(app_env):
    at = run_page("pages/overview.py")
    ov = analytics.overview(open_store(app_env))
    # The fixture's totals, worked out by hand (Zoom has no FX rate and is left out).
    assert (ov.total_spend, ov.tech_spend, ov.tech_outside_it) == (
        Decimal(TOTAL), Decimal(TECH), Decimal(OUTSIDE_IT)
    )
    shown = metrics(at)
    assert shown["Total spend"][0] == "£1.6M" == ui.money_compact(ov.total_spend, "GBP")
    assert "£1,632,500" in shown["Total spend"][1]
    assert shown["Technology spend"][0] == ui.money_compact(ov.tech_spend, "GBP")
    assert "£1,582,500" in shown["Technology spend"][1]
    assert shown["Tech spend outside IT"][0] == "£682.5k"
    assert "£682,500" in shown["Tech spend outside IT"][1]
    assert shown["Share outside IT"][0] == f"{682500 / 1582500 * 100:.1f}%"
    assert shown["SoR in IT"][0] == ui.money_compact(ov.sor_in_it, "GBP") == "£900.0k"
    assert shown["SoE outside IT"][0] == ui.money_compact(ov.soe_outside_it, "GBP")
    # The reference band is labelled with its source, and the FX gap is reported.
    assert any("PwC Digital IQ survey" in c.value and "35–50%" in c.value for c in at.caption)
    assert any("1 line(s) have no exchange rate" in w.value for w in at.warning)
    assert len(at.get("vega_lite_chart")) == 4


def test_overview_follows_department_filter_from_url(app_env):
    at = run_page("pages/overview.py", {"dept": "Marketing"})
    marketing = analytics.overview(open_store(app_env), Filters(departments=("Marketing",)))
    assert marketing.total_spend == Decimal("470000.00")
    assert metrics(at)["Total spend"][0] == "£470.0k"
    assert at.multiselect(key="w_flt_depts").value == ["Marketing"]
    assert at.query_params["dept"] == "Marketing"


def test_shadow_it_lists_vendors_literally(app_env):
    at = run_page("pages/shadow_it.py")
    vendors = analytics.shadow_it_vendors(open_store(app_env))
    shown = at.dataframe[0].value
    assert list(shown["vendor"]) == list(vendors["vendor"])
    assert {HOSTILE_HTML, HOSTILE_MD, HOSTILE_FORMULA} <= set(shown["vendor"])
    canva = shown.set_index("vendor").loc["Canva"]
    assert (canva["spend_outside_it"], canva["spend_by_it"]) == (120000.0, 300000.0)
    m = metrics(at)
    assert m["Tech spend outside IT"][0] == "£682.5k"  # = Overview's figure (hand-worked)
    assert "£682,500" in m["Tech spend outside IT"][1]
    assert any("no exchange rate" in w.value for w in at.warning)
    assert m["Vendors outside IT"][0] == str(len(vendors)) == "7"
    assert m["Also paid by IT"][0] == "1"  # Canva
    # Data never reaches a markdown element.
    texts = [e.value for e in at.markdown] + [e.value for e in at.caption]
    assert not any(HOSTILE_HTML in t or HOSTILE_MD in t for t in texts)


def test_shadow_it_search_filters_the_table(app_env):
    at = run_page("pages/shadow_it.py")
    at.text_input(key="shadow_search").input("can").run()
    assert list(at.dataframe[0].value["vendor"]) == ["Canva"]


def test_sor_soe_headline_equals_models(app_env):
    at = run_page("pages/sor_soe.py")
    ov = analytics.overview(open_store(app_env))
    m = metrics(at)
    assert m["SoR spend"][0] == ui.money_compact(ov.sor, "GBP")
    assert "£1,112,500" in m["SoR spend"][1]  # 600k + 100k + 300k + 110k + 2.5k (Zoom: no rate)
    assert m["SoE spend"][0] == ui.money_compact(ov.soe, "GBP")
    # One unit per concept (#12): "SoE outside IT" is an amount, as on the Overview; its share
    # of the layer is labelled as a share. 300k + 120k + 45k + 5k, all paid outside IT.
    assert m["SoE outside IT"][0] == "£470.0k"
    assert any("Share of SoE outside IT: 100.0%" in c.value for c in at.caption)


def test_quarterly_review_headline_equals_models(app_env):
    at = run_page("pages/quarterly_review.py")
    store = open_store(app_env)
    assert at.selectbox(key="review_quarter").value == 20262  # latest quarter by default
    summary = analytics.quarter_summary(store, 20262)
    m = metrics(at)
    assert m["Technology spend"][0] == ui.money_compact(summary.current.tech_spend, "GBP")
    assert summary.current.tech_spend == Decimal("162500.00")
    assert summary.same_quarter_last_year.tech_spend == Decimal("720000.00")
    assert "£720,000" in m["Technology spend"][1]
    first = next(d.value for d in at.dataframe if "first_seen" in d.value.columns)
    assert set(first["vendor"]) == {HOSTILE_HTML, HOSTILE_MD, HOSTILE_FORMULA}


def test_quarterly_review_quarter_from_url(app_env):
    at = run_page("pages/quarterly_review.py", {"quarter": "20252"})
    assert at.selectbox(key="review_quarter").value == 20252
    summary = analytics.quarter_summary(open_store(app_env), 20252)
    assert metrics(at)["Total spend"][0] == ui.money_compact(summary.current.total_spend, "GBP")
    assert summary.current.total_spend == Decimal("770000.00")


def test_empty_database_shows_pointer_and_sample_button(tmp_path, monkeypatch):
    monkeypatch.setenv("TECHSPEND_DB", str(tmp_path / "empty.duckdb"))
    monkeypatch.setenv("TECHSPEND_NO_SAMPLE", "1")
    for page in PAGES[:4]:
        at = run_page(page)
        assert not at.exception
        assert any("Upload" in i.value for i in at.info)
        assert any(b.label == "Load the sample company" for b in at.button)
        assert not at.metric


def test_settings_saves_fiscal_start(tmp_path, monkeypatch):
    path = tmp_path / "settings.duckdb"
    monkeypatch.setenv("TECHSPEND_DB", str(path))
    monkeypatch.setenv("TECHSPEND_NO_SAMPLE", "1")
    at = run_page("pages/settings.py")
    at.selectbox[1].select(4)
    at.button[0].click().run()  # the form's Save
    assert not at.exception
    assert open_store(path).setting("fiscal_year_start_month") == "4"


def test_period_from_url_filters_every_figure(app_env):
    at = run_page("pages/sor_soe.py", {"from": "20252", "to": "20252"})
    assert at.select_slider(key="w_flt_period").value == (20252, 20252)
    q2 = analytics.overview(open_store(app_env), Filters(quarter_from=20252, quarter_to=20252))
    assert q2.sor == Decimal("300000.00") and q2.soe == Decimal("420000.00")  # by hand
    m = metrics(at)
    assert m["SoR spend"][0] == "£300.0k" and m["SoE spend"][0] == "£420.0k"
    assert (at.query_params["from"], at.query_params["to"]) == ("20252", "20252")


def test_unknown_url_values_are_ignored(app_env):
    at = run_page("pages/overview.py", {"dept": "No Such Dept", "from": "abc", "upload": "99"})
    assert not at.exception
    assert metrics(at)["Total spend"][0] == "£1.6M"  # nothing filtered


def test_settings_deletes_an_upload_of_the_sample_company(tmp_path, monkeypatch):
    loader = pytest.importorskip("workspace")
    path = tmp_path / "sample.duckdb"
    store = open_store(path)
    loader.load_sample_company(store)
    lines_before = analytics.line_count(store)
    gl_lines = store.scalar("SELECT count(*) FROM classified_lines WHERE upload_id = 1")
    assert gl_lines > 0
    monkeypatch.setenv("TECHSPEND_DB", str(path))
    monkeypatch.setenv("TECHSPEND_NO_SAMPLE", "1")
    at = run_page("pages/settings.py")
    assert not at.exception
    delete_box = next(s for s in at.selectbox if s.label == "Upload to delete")
    delete_box.select(1)
    at.checkbox[0].check()
    next(b for b in at.button if b.label == "Delete upload").click().run()
    assert not at.exception
    assert any("Upload #1 deleted" in s.value for s in at.success)
    assert analytics.line_count(store) == lines_before - gl_lines

    # Without the confirmation tick nothing is deleted.
    lines_now = analytics.line_count(store)
    at = run_page("pages/settings.py")
    next(s for s in at.selectbox if s.label == "Upload to delete").select(2)
    next(b for b in at.button if b.label == "Delete upload").click().run()
    assert any("Tick the confirmation box" in w.value for w in at.warning)
    assert analytics.line_count(store) == lines_now
