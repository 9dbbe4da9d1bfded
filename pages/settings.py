"""Settings: departments (IT / customer-facing), reporting currency, fiscal-year start, data.

Changing the currency or the fiscal-year start re-runs classification so every page, export and
CLI command uses the same calendar and currency at once.
"""

from __future__ import annotations

import calendar
import importlib
from typing import Any

import streamlit as st

from db.store import Store
from models import analytics
from pages import ui


def _optional(module: str, name: str) -> Any:
    """A function another area provides, or None while it is not built yet."""
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def render() -> None:
    store = ui.store()
    st.title("Settings")
    _departments(store)
    st.divider()
    _calendar_and_currency(store)
    st.divider()
    _data_management(store)


def _departments(store: Store) -> None:
    st.subheader("Departments")
    st.caption(
        "Which departments belong to the IT function (their technology spend counts as inside "
        "IT) and which face customers (their shared infrastructure counts as engagement)."
    )
    # --- department editor (classification engineer: models.departments) ---
    editor = _optional("models.departments", "render_settings_editor")
    if editor is not None:
        editor(store)
        return
    # --- end department editor ---
    by_dept = ui.query(analytics.spend_by_department, analytics.ALL)
    if by_dept.empty:
        st.caption("No departments yet.")
        return
    st.dataframe(
        by_dept[["department", "it_owned", "customer_facing", "tech_spend", "line_count"]],
        hide_index=True,
        width="stretch",
        column_config={
            "department": st.column_config.TextColumn("Department"),
            "it_owned": st.column_config.CheckboxColumn("IT"),
            "customer_facing": st.column_config.CheckboxColumn("Customer-facing"),
            "tech_spend": ui.money_column("Technology spend", analytics.reporting_currency(store)),
            "line_count": st.column_config.NumberColumn("Lines", format="%,d"),
        },
    )
    st.caption(
        "Read-only here for now: set departments with `techspend departments set` or on the "
        "Review & rules page."
    )


_CURRENCIES = ["GBP", "EUR", "USD", "CHF", "JPY", "INR", "AUD", "CAD", "NZD", "SEK", "NOK", "DKK"]


def _calendar_and_currency(store: Store) -> None:
    st.subheader("Calendar and currency")
    current_currency = analytics.reporting_currency(store)
    current_start = int(store.setting("fiscal_year_start_month", "1") or 1)
    currencies = _CURRENCIES if current_currency in _CURRENCIES else [current_currency, *_CURRENCIES]
    with st.form("calendar_currency"):
        currency = st.selectbox(
            "Reporting currency", currencies, index=currencies.index(current_currency),
            help="Every amount is converted to this currency with the FX table; lines with no "
            "rate are flagged and left out of totals.",
        )
        start = st.selectbox(
            "Fiscal year starts in", list(range(1, 13)), index=current_start - 1,
            format_func=lambda m: calendar.month_name[m],
            help="Fiscal years are named by the calendar year they end in: with an April start, "
            "April 2025 is in FY2026 Q1.",
        )
        saved = st.form_submit_button("Save", type="primary")
    if saved and (currency != current_currency or start != current_start):
        def save() -> bool:
            store.set_setting("reporting_currency", currency)
            store.set_setting("fiscal_year_start_month", str(start))
            return ui.refresh_classification(store)

        with st.spinner("Re-applying the calendar and currency to every line…"):
            refreshed = ui.run_action(save)
        if refreshed:
            st.success("Saved. Every page now uses the new settings.")
        elif refreshed is False:
            st.warning("Saved. Classification is not available yet, so lines keep their old "
                       "quarters and amounts until the next refresh.")


def _data_management(store: Store) -> None:
    st.subheader("Data")
    list_uploads = _optional("ingest", "list_uploads")
    delete_upload = _optional("ingest", "delete_upload")
    # --- uploads list (lead: ingest.list_uploads / ingest.delete_upload) ---
    uploads = list_uploads(store) if list_uploads is not None else None
    if uploads is None:
        options = ui.query(analytics.filter_options)
        uploads = [{"upload_id": u, "file_name": name} for u, name in options.uploads]
    frame = _as_frame(uploads)
    if frame.empty:
        st.caption("No uploads yet.")
    else:
        st.dataframe(frame, hide_index=True, width="stretch")
        if delete_upload is not None and "upload_id" in frame.columns:
            ids = frame["upload_id"].tolist()
            names = dict(zip(ids, frame.get("file_name", ids)))
            with st.form("delete_upload"):
                chosen = st.selectbox("Upload to delete", ids,
                                      format_func=lambda u: f"#{u} {names.get(u, '')}")
                confirm = st.checkbox("Delete its lines and its row history")
                if st.form_submit_button("Delete upload") and confirm:
                    if ui.run_action(lambda: delete_upload(store, int(chosen))) is not False:
                        ui.refresh_classification(store)
                        st.success(f"Upload #{int(chosen)} deleted.")
    # --- end uploads list ---

    st.markdown("**Sample company**")
    st.caption("Replace everything with the sample company's files (a fresh start for a demo).")
    if not ui.sample_loader_available():
        st.button("Reset to sample data", disabled=True, help="Sample data not installed yet")
        return
    confirm = st.checkbox("I understand this deletes every upload and rule", key="reset_confirm")
    if st.button("Reset to sample data", disabled=not confirm):
        with st.spinner("Loading the sample company…"):
            ui.run_action(lambda: ui.load_sample_company(store))
        st.success("The sample company is loaded.")


def _as_frame(uploads: Any):
    import pandas as pd

    if isinstance(uploads, pd.DataFrame):
        return uploads
    rows = [u if isinstance(u, dict) else getattr(u, "__dict__", {"upload": u}) for u in uploads]
    return pd.DataFrame(rows)


ui.run_page(render)
