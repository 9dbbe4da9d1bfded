"""techspend dashboard: the router. Run with `streamlit run app.py` (database: $TECHSPEND_DB).

Pages live in pages/; this file only registers them in their navigation groups.
"""

from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent


def _page(path: str, title: str, **kwargs) -> st.Page:
    return st.Page(str(HERE / path), title=title, **kwargs)


st.set_page_config(page_title="techspend", layout="wide", initial_sidebar_state="expanded")

groups = {
    "Insights": [
        _page("pages/overview.py", "Overview", default=True),
        _page("pages/shadow_it.py", "Shadow IT"),
        _page("pages/sor_soe.py", "Systems of record vs engagement"),
        _page("pages/tbm.py", "TBM towers & cost pools", url_path="tbm"),
        _page("pages/quarterly_review.py", "Quarterly review"),
    ],
    "Data": [
        _page("pages/upload.py", "Upload"),
        _page("pages/review.py", "Review & rules"),
        _page("pages/organisation.py", "Organisation"),
        _page("pages/budget.py", "Budget & FX"),
    ],
    "Settings": [_page("pages/settings.py", "Settings")],
}
st.navigation(groups).run()
