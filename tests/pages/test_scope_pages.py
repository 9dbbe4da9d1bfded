"""Every figure states its scope and is computed in it (#12 items 1 and 5), through AppTest.

Database: the page fixture (upload 1, FY2025 Q1 - FY2026 Q2) plus upload 2, an old export of
FY2019 Q3 where Marketing pays Trello 80,000 and IT pays Trello 20,000.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from dashboard_fixture import insert_lines, open_page
from streamlit.testing.v1 import AppTest

from db.store import Store, close_store

APP = str(Path(__file__).resolve().parents[2] / "app.py")
OLD_UPLOAD = [
    ("2019-08-01", "Marketing", "Trello", True, "SoE", "Software & SaaS", False, True, "80000.00"),
    ("2019-08-20", "Information Technology", "Trello", True, "SoR", "Software & SaaS", True, False, "20000.00"),
]
LITERAL_GAP = re.compile(r"\b(None|nan|NaN|NaT)\b")


@pytest.fixture(scope="module")
def scope_db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("scope") / "techspend.duckdb"
    store = Store(path)
    insert_lines(store)
    insert_lines(store, OLD_UPLOAD, upload_id=2)
    store.close()
    yield str(path)
    close_store(path)


@pytest.fixture()
def env(scope_db, monkeypatch) -> str:
    monkeypatch.setenv("TECHSPEND_DB", scope_db)
    monkeypatch.setenv("TECHSPEND_NO_SAMPLE", "1")
    return scope_db


def metrics(at: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.help or "") for m in at.metric}


def chart_data(at: AppTest) -> list[pd.DataFrame]:
    """The rows each Altair chart draws (its Arrow datasets), in page order."""
    frames = []
    for chart in at.get("vega_lite_chart"):
        for ds in chart.proto.datasets:
            frames.append(pa.ipc.open_stream(ds.data.data).read_all().to_pandas())
    return frames


def test_filtered_shadow_it_shows_it_spend_on_the_same_vendors(env):
    """Filtered to Marketing, Canva's 'Spend by IT' is IT's 300,000 (was £0) and it counts as
    'Also paid by IT'; the page says IT's side ignores the department filter."""
    at = open_page("pages/shadow_it.py", {"dept": "Marketing"})
    table = at.dataframe[0].value.set_index("vendor")
    assert table.loc["Canva", "spend_outside_it"] == 120000.0
    assert table.loc["Canva", "spend_by_it"] == 300000.0
    assert table.loc["Trello", "spend_by_it"] == 20000.0
    m = metrics(at)
    assert m["Also paid by IT"][0] == "2"  # Canva and Trello
    assert "whatever the department filter" in m["Also paid by IT"][1]
    assert any("every IT department" in c.value for c in at.caption)


def test_new_in_period_follows_the_upload_filter(env):
    """Filtered to the 2019 upload with no period, 'new' is new since FY2019 Q3 began."""
    at = open_page("pages/shadow_it.py", {"upload": "2"})
    value, help_text = metrics(at)["New in period"]
    assert value == "1"  # Trello, first seen 2019-08-01
    assert "01 Aug 2019" in help_text
    everything = open_page("pages/shadow_it.py")
    assert "10 Apr 2026" in metrics(everything)["New in period"][1]


def test_subtitle_follows_the_filters(env):
    at = open_page("pages/overview.py", {"upload": "2"})
    subtitle = at.caption[0].value.replace("\\", "")  # markdown-escaped on the page
    assert "All periods of this selection (FY2019 Q3)" in subtitle
    assert "upload #2 ledger.csv" in subtitle
    assert "FY2026" not in subtitle
    one_dept = open_page("pages/sor_soe.py", {"dept": "Marketing"})
    assert any("department: Marketing" in c.value.replace("\\", "") for c in one_dept.caption)


def test_quarter_axes_are_continuous(env):
    """FY2019 Q3 and FY2025 Q1 are not neighbours: the 22 empty quarters between are zeros."""
    at = open_page("pages/overview.py")
    trend = chart_data(at)[0]
    labels = list(dict.fromkeys(trend["quarter_label"]))
    assert labels[0] == "FY2019 Q3" and labels[-1] == "FY2026 Q2" and len(labels) == 28
    assert trend[trend["quarter_label"] == "FY2022 Q1"]["spend"].sum() == 0
    sor_soe = chart_data(open_page("pages/sor_soe.py"))
    assert any(len(set(f.get("quarter_label", []))) == 28 for f in sor_soe)


@pytest.mark.parametrize("page, query", [
    ("pages/overview.py", None),
    ("pages/shadow_it.py", {"dept": "Marketing"}),
    ("pages/sor_soe.py", None),
    ("pages/quarterly_review.py", {"quarter": "20262"}),
    ("pages/budget.py", None),
])
def test_no_literal_none_or_nan_anywhere(env, page, query):
    """Change % with no base quarter, a layer-less line, a missing share: — or a sentence."""
    at = open_page(page, query)
    for frame in (d.value for d in at.dataframe):
        assert not frame.isna().any().any(), frame[frame.isna().any(axis=1)]
        texts = frame.select_dtypes(exclude="number").astype(str)
        assert not texts.apply(lambda c: c.str.fullmatch(r"None|nan|NaN|NaT")).any().any()
    shown = [e.value for e in [*at.caption, *at.markdown, *at.warning, *at.info]]
    shown += [f"{m.value} {m.help or ''}" for m in at.metric]
    assert not [t for t in shown if LITERAL_GAP.search(str(t))]


def test_quarterly_review_change_pct_shows_a_dash_without_a_base(env):
    at = open_page("pages/quarterly_review.py", {"quarter": "20262"})
    vendors = next(d.value for d in at.dataframe if "change_pct_vs_previous" in d.value.columns)
    assert "—" in set(vendors["change_pct_vs_previous"])  # new this quarter: no previous spend


def test_quarterly_review_budget_honours_the_uploads_filter(env):
    only_old = metrics(open_page("pages/quarterly_review.py", {"quarter": "20193", "upload": "2"}))
    assert only_old["Technology actual"][0] == "£100.0k"  # Trello 80k + 20k
    only_new = open_page("pages/quarterly_review.py", {"quarter": "20193", "upload": "1"})
    assert metrics(only_new)["Technology actual"][0] == "£0"
    assert any("actuals from upload #1" in c.value.replace("\\", "") for c in only_new.caption)


def test_shadow_it_filters_live_in_the_url(env):
    at = open_page("pages/shadow_it.py", {"q": "can", "also_it": "1"})
    assert at.text_input(key="shadow_search").value == "can"
    assert at.toggle(key="shadow_candidates").value is True
    assert list(at.dataframe[0].value["vendor"]) == ["Canva"]
    at.multiselect(key="shadow_layers").select("SoE").run()
    at.toggle(key="shadow_new").set_value(True).run()
    assert at.query_params["layer"] == "SoE" and at.query_params["new"] == "1"
    at.text_input(key="shadow_search").input("").run()
    assert "q" not in at.query_params


def test_budget_page_quarter_lives_in_the_url(env):
    at = open_page("pages/budget.py", {"quarter": "20251"})
    assert at.selectbox(key="bva_quarter").value == "FY2025 Q1"
    at.selectbox(key="bva_quarter").select("FY2025 Q2").run()
    assert at.query_params["quarter"] == "20252"


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/shadow_it.py", "pages/sor_soe.py",
                                  "pages/quarterly_review.py", "pages/budget.py"])
def test_every_table_has_a_download(env, page):
    at = open_page(page, {"quarter": "20262"} if "quarterly" in page else None)
    downloads = [b for b in at.get("download_button") if b.proto.label in ("CSV", "XLSX")]
    assert len(at.dataframe) and len(downloads) >= 2 * len(at.dataframe)


@pytest.mark.parametrize("page, key, tab", [("pages/review.py", "review_tab", "Rules"),
                                            ("pages/budget.py", "budget_tab", "FX rates"),
                                            ("pages/organisation.py", "org_tab", "History")])
def test_a_pages_open_tab_lives_in_the_url(env, page, key, tab):
    at = open_page(page, {key: tab})  # a shared link opens on the tab it names
    assert at.session_state[key] == tab
