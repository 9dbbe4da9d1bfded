"""techspend dashboard: the router. Run with `streamlit run app.py` (database: $TECHSPEND_DB).

Pages live in pages/; this file registers them in their navigation groups, each with the role it
needs (access: viewer reads, reviewer changes rules and departments, uploader loads files, admin
changes settings). Before any page is built, access.gate.sign_in decides who is using the app:
with `[auth]` in .streamlit/secrets.toml a visitor sees only the sign-in screen; without it the
app is in local single-user mode (every page) on this machine only. A page the signed-in role may
not use is not in the navigation (and the workspace refuses its writes anyway).
"""

from pathlib import Path

import streamlit as st

from access import ADMIN, REVIEWER, UPLOADER, VIEWER
from access.gate import allowed_pages, sign_in
from dashboard.state import store

HERE = Path(__file__).resolve().parent


def _page(path: str, title: str, **kwargs) -> st.Page:
    return st.Page(str(HERE / path), title=title, **kwargs)


st.set_page_config(page_title="techspend", layout="wide", initial_sidebar_state="expanded")
principal = sign_in(store)

groups = {
    "Insights": [
        (_page("pages/overview.py", "Overview", default=True), VIEWER),
        (_page("pages/shadow_it.py", "Shadow IT"), VIEWER),
        (_page("pages/sor_soe.py", "Systems of record vs engagement"), VIEWER),
        (_page("pages/tbm.py", "TBM towers & cost pools", url_path="tbm"), VIEWER),
        (_page("pages/quarterly_review.py", "Quarterly review"), VIEWER),
        (_page("pages/governance.py", "Governance"), VIEWER),
    ],
    "Data": [
        (_page("pages/upload.py", "Upload"), UPLOADER),
        (_page("pages/review.py", "Review & rules"), REVIEWER),
        (_page("pages/organisation.py", "Organisation"), REVIEWER),
        (_page("pages/budget.py", "Budget & FX"), UPLOADER),
    ],
    "Settings": [(_page("pages/settings.py", "Settings"), ADMIN)],
}
st.navigation(allowed_pages(groups, principal)).run()
