"""Settings: departments (IT / customer-facing), reporting currency, fiscal-year start, data.

Changing the currency or the fiscal-year start re-runs classification so every page, export and
CLI command uses the same calendar and currency at once.
"""

from __future__ import annotations

import calendar
import importlib
from typing import Any

import pandas as pd
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
        "IT) and which face customers (their shared infrastructure counts as engagement). "
        "Tick or untick, then save: every line is reclassified."
    )
    list_departments = _optional("models.departments", "list_departments")
    set_departments = _optional("models.org", "set_departments")
    if list_departments is None or set_departments is None:
        st.caption("Department settings are not available in this build.")
        return
    current = ui.run_action(lambda: list_departments(store))
    if current is None or current.empty:
        st.caption("No departments yet: load a ledger first.")
        return
    cur = analytics.reporting_currency(store)
    shown = current[["department", "is_it", "customer_facing", "it_reason", "cf_reason",
                     "tech_amount", "lines"]].reset_index(drop=True)
    edited = st.data_editor(
        shown,
        hide_index=True,
        width="stretch",
        key="departments_editor",
        disabled=["department", "it_reason", "cf_reason", "tech_amount", "lines"],
        column_config={
            "department": st.column_config.TextColumn("Department"),
            "is_it": st.column_config.CheckboxColumn("IT"),
            "customer_facing": st.column_config.CheckboxColumn("Customer-facing"),
            "it_reason": st.column_config.TextColumn("Why IT / not IT"),
            "cf_reason": st.column_config.TextColumn("Why customer-facing / not"),
            "tech_amount": ui.money_column("Technology spend", cur),
            "lines": st.column_config.NumberColumn("Lines", format="%,d"),
        },
    )
    changes = [
        (row.department, bool(row.is_it), bool(row.customer_facing),
         bool(before.is_it), bool(before.customer_facing))
        for row, before in zip(edited.itertuples(), shown.itertuples())
        if bool(row.is_it) != bool(before.is_it)
        or bool(row.customer_facing) != bool(before.customer_facing)
    ]
    if changes and st.button(f"Save {len(changes)} department change(s)", type="primary"):
        def save() -> None:  # one call (and one reclassification) per kind of change
            for flag, position in (("is_it", 1), ("customer_facing", 2)):
                for value in (True, False):
                    names = [c[0] for c in changes if c[position] == value
                             and c[position] != c[position + 2]]
                    if names:
                        set_departments(store, names, by="dashboard", **{flag: value})

        with st.spinner("Reclassifying every line…"):
            ui.run_action(save)
        st.rerun()


_CURRENCIES = ["GBP", "EUR", "USD", "CHF", "JPY", "INR", "AUD", "CAD", "NZD", "SEK", "NOK", "DKK"]


def _calendar_and_currency(store: Store) -> None:
    st.subheader("Calendar and currency")
    current_currency = analytics.reporting_currency(store)
    current_start = int(store.setting("fiscal_year_start_month", "1") or 1)
    currencies = _CURRENCIES if current_currency in _CURRENCIES else [current_currency, *_CURRENCIES]
    with st.columns([2, 3])[0], st.form("calendar_currency"):
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
    if list_uploads is not None:
        uploads = list_uploads(store)
    else:
        options = ui.query(analytics.filter_options)
        uploads = pd.DataFrame(
            [{"upload_id": u, "file_name": name} for u, name in options.uploads]
        )
    if uploads.empty:
        st.caption("No uploads yet.")
    else:
        cur = analytics.reporting_currency(store)
        st.dataframe(
            uploads,
            hide_index=True,
            width="stretch",
            column_config={
                "upload_id": st.column_config.NumberColumn("#", format="%d", width="small"),
                "file_name": st.column_config.TextColumn("File"),
                "sheet": st.column_config.TextColumn("Sheet"),
                "dataset": st.column_config.TextColumn("Kind of data"),
                "kind": st.column_config.TextColumn("Format", width="small"),
                "rows_read": st.column_config.NumberColumn("Rows read", format="%,d"),
                "rows_loaded": st.column_config.NumberColumn("Loaded", format="%,d"),
                "rows_excluded": st.column_config.NumberColumn("Excluded", format="%,d"),
                "rows_rejected": st.column_config.NumberColumn("Rejected", format="%,d"),
                "control_total": st.column_config.NumberColumn("Control total", format="%,.2f"),
                "loaded_at": st.column_config.DatetimeColumn("Loaded at", format="YYYY-MM-DD HH:mm"),
                "sha256": None,
            },
        )
        if delete_upload is not None:
            ids = [int(u) for u in uploads["upload_id"]]
            names = dict(zip(ids, uploads["file_name"]))
            with st.form("delete_upload"):
                chosen = st.selectbox(
                    "Upload to delete", ids, format_func=lambda u: f"#{u} {names.get(u, '')}"
                )
                confirm = st.checkbox("Yes, delete this upload's lines and row history")
                submitted = st.form_submit_button("Delete upload")
            if submitted and not confirm:
                st.warning("Tick the confirmation box to delete the upload.")
            elif submitted:
                deleted = ui.run_action(lambda: delete_upload(store, int(chosen)))
                if deleted:
                    st.success(f"Upload #{int(chosen)} deleted.")
                elif deleted is False:
                    st.warning(f"Upload #{int(chosen)} was already gone.")

    st.markdown("**Sample company**")
    st.caption("Replace everything with the sample company's files (a fresh start for a demo).")
    if not ui.sample_loader_available():
        st.button("Reset to sample data", disabled=True, help="Sample data not installed yet")
        return
    confirm = st.checkbox("I understand this deletes every upload (ledgers, budgets, FX tables)",
                          key="reset_confirm")
    if st.button("Reset to sample data", disabled=not confirm):
        with st.spinner("Loading the sample company…"):
            done = ui.run_action(lambda: ui.reset_to_sample(store) or True)
        if done:
            st.success("The sample company is loaded.")


ui.run_page(render)
