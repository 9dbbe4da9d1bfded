"""Messages and actions: the empty state, the FX note, and running a person's action so a domain
error is one readable message, never a traceback.

Business rule: `db.TechspendError` (bad file, unknown rule, locked database) is shown as one
st.error with its message; the empty state points to Upload and offers the sample company.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import streamlit as st

import access  # access: the signed-in user is who (#14)
import workspace
from dashboard import literal
from db import TechspendError
from db.store import Store
from models import analytics

REPO_ROOT = Path(__file__).resolve().parent.parent
UPLOAD_PAGE = "pages/upload.py"


def empty_state(s: Store) -> bool:
    """Show the no-data message (pointer to Upload, button to load the sample); True if empty."""
    if analytics.line_count(s) > 0:
        return False
    st.info(
        "There is no classified spend yet. Upload a finance export (GL detail, AP invoices, card "
        "feed or a spend-over-£500 file) on the Upload page, or load the sample company to look "
        "around first."
    )
    who = access.current_principal()
    if not (who.may(access.UPLOADER) or who.may(access.ADMIN)):  # access (#14): a viewer only reads
        st.caption("Ask an uploader or admin to load your organisation's finance exports.")
        return True
    cols = st.columns([1, 1, 3])
    if (REPO_ROOT / UPLOAD_PAGE).exists() and who.may(access.UPLOADER):
        with cols[0]:
            st.page_link(UPLOAD_PAGE, label="Go to Upload")
    with cols[1]:
        if who.may(access.ADMIN) and st.button("Load the sample company", type="primary"):
            with st.spinner("Loading the sample company…"):
                run_action(lambda: workspace.load_sample_company(s))
            st.rerun()
    return True


def fx_note(fx_missing_lines: int) -> None:
    if fx_missing_lines:
        st.warning(
            f"{fx_missing_lines:,} line(s) have no exchange rate to the reporting currency and are "
            "left out of these totals (never converted at 1.0). Add the missing rates on the "
            "Budget & FX page."
        )


def run_action(action: Callable[[], Any]) -> Any:
    """Run a user action; a domain error becomes one readable message, not a traceback."""
    try:
        return action()
    except TechspendError as exc:
        st.error(literal.message(str(exc)))
        return None


def run_page(render: Callable[[], None]) -> None:
    """Page entry point: domain errors are shown as messages."""
    try:
        render()
    except TechspendError as exc:
        st.error(literal.message(str(exc)))


def act_then_flash(action: Callable[[], Any], flash_key: str) -> None:
    """Run a write; when it succeeds, keep its confirmation for after the rerun (the page shows
    st.session_state[flash_key] once). A domain error is shown by run_action instead."""
    result = run_action(action)
    if result is not None:
        st.session_state[flash_key] = result
        st.rerun()


def who(widget_key: str) -> str:
    """The name typed in the page's 'who' box, else the OS user: recorded with every change."""
    return access.current_actor(st.session_state.get(widget_key))  # access: signed-in user (#14)
