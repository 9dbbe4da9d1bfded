"""Settings: departments (IT / customer-facing), reporting currency, fiscal-year start, data.

Every change here is one workspace call, one transaction with the reclassification it needs:
department flags (all edited rows at once), currency and fiscal-year start together, deleting an
upload, "Start empty" (the sample company's uploads out, the user's own kept), resetting to the
sample company. Every page, export and CLI command then uses the same calendar, currency and
flags at once. The sample company's uploads are marked "Sample" in the uploads table; the same
changes from the shell: `techspend settings set ...`, `techspend sample remove|load`.
"""

from __future__ import annotations

import calendar

import streamlit as st

import ingest
import workspace
from access.settings_section import access_section  # access: Settings > Access (#14)
from db.settings import read_settings
from db.store import Store
from models import departments
from models.report import scope
import dashboard as ui


def render() -> None:
    store = ui.store()
    st.title("Settings")
    _departments(store)
    st.divider()
    _calendar_and_currency(store)
    st.divider()
    _data_management(store)
    st.divider(); access_section(store)  # access: roles for admins (#14)


def _departments(store: Store) -> None:
    st.subheader("Departments")
    st.caption(
        "Which departments belong to the IT function (their technology spend counts as inside "
        "IT) and which face customers (their shared infrastructure counts as engagement). "
        "Tick or untick, then save: every line is reclassified."
    )
    current = ui.run_action(lambda: departments.list_departments(store))
    if current is None or current.empty:
        st.caption("No departments yet: load a ledger first.")
        return
    cur = read_settings(store).reporting_currency
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
        def save() -> None:  # every change and one reclassification: one transaction
            workspace.set_departments(store, [
                workspace.DepartmentChange(name, is_it=is_it if is_it != was_it else None,
                                           customer_facing=cf if cf != was_cf else None)
                for name, is_it, cf, was_it, was_cf in changes], by=ui.who("settings_who"))

        with st.spinner("Reclassifying every line…"):
            ui.run_action(save)
        st.rerun()


_CURRENCIES = ["GBP", "EUR", "USD", "CHF", "JPY", "INR", "AUD", "CAD", "NZD", "SEK", "NOK", "DKK"]


def _calendar_and_currency(store: Store) -> None:
    st.subheader("Calendar and currency")
    settings = read_settings(store)
    current_currency, current_start = settings.reporting_currency, settings.fiscal_start_month
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
        with st.spinner("Re-applying the calendar and currency to every line…"):
            saved = ui.run_action(lambda: workspace.change_settings(
                store, reporting_currency=currency, fiscal_start_month=int(start)))
        if saved is not None:
            st.success("Saved. Every page now uses the new settings.")


def _data_management(store: Store) -> None:
    st.subheader("Data")
    uploads = ingest.list_uploads(store)
    sample = set(scope.sample_upload_ids(store))
    uploads.insert(1, "sample", [int(u) in sample for u in uploads["upload_id"]])
    if uploads.empty:
        st.caption("No uploads yet.")
    else:
        st.dataframe(
            uploads,
            hide_index=True,
            width="stretch",
            column_config={
                "upload_id": st.column_config.NumberColumn("#", format="%d", width="small"),
                "sample": st.column_config.CheckboxColumn(
                    "Sample", help=f"An upload of the sample company ({scope.SAMPLE_COMPANY})"),
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
            # the upload and the reclassification it needs: one transaction
            deleted = ui.run_action(lambda: workspace.delete_upload(store, int(chosen)))
            if deleted:
                st.success(f"Upload #{int(chosen)} deleted.")
            elif deleted is False:
                st.warning(f"Upload #{int(chosen)} was already gone.")

    _start_empty(store, sample)
    st.markdown("**Sample company**")
    st.caption("Replace everything with the sample company's files (a fresh start for a demo).")
    confirm = st.checkbox("I understand this deletes every upload (ledgers, budgets, FX tables)",
                          key="reset_confirm")
    if st.button("Reset to sample data", disabled=not confirm):
        with st.spinner("Loading the sample company…"):
            done = ui.run_action(lambda: workspace.reset_to_sample(store) or True)
        if done:
            st.success("The sample company is loaded.")


def _start_empty(store: Store, sample: set[int]) -> None:
    """'Start empty': the sample company out in one step (was five deletes), own uploads kept."""
    st.markdown("**Start empty**")
    if not sample:
        st.caption(f"The sample company ({scope.SAMPLE_COMPANY}) is not loaded: every figure is "
                   "your own data. (`techspend sample load` brings it back for a demo.)")
        return
    st.caption(f"The sample company ({scope.SAMPLE_COMPANY}) is loaded ({len(sample)} uploads) "
               "and counted in every figure that includes it. Start empty removes exactly its "
               "uploads; yours stay. It is never loaded again by itself.")
    if st.button("Start empty: remove the sample company", key="start_empty", type="primary"):
        removed = ui.run_action(lambda: workspace.remove_sample_company(store))
        if removed is not None:
            st.rerun()


ui.run_page(render)
