"""Governance: what the CIO asks after "how much is outside IT".

Four tabs: the IT standards register (technology spend outside IT by status; vendors IT has never
reviewed, largest first, SoE vendors handling customer data called out; load or edit the
register, who/when recorded), recurring subscriptions, duplicate payments, and the CIO–CMO view.
Reads come from models.governance; every change goes through the workspace.
"""

from __future__ import annotations

import altair as alt
import streamlit as st

import access

import dashboard as ui
import workspace
from models import analytics
from models.governance import standards
from dashboard import governance_sections as sections

STATUS_ORDER = ["approved", "tolerated", "not_approved", "retiring", "not in register"]


def render() -> None:
    store = ui.store()
    st.title("Governance")
    st.caption("IT standards, recurring subscriptions, duplicate payments and the CIO–CMO view, "
               "from the loaded finance lines.")
    if ui.empty_state(store):
        return
    scope = access.current_scope()
    if scope is not None:  # access (#14): the register, subscriptions and duplicates span departments
        st.info(f"The governance lens covers every department; you may see only {len(scope)} "
                "department(s). Ask an admin for an organisation-wide view.")
        return
    cur = analytics.reporting_currency(store)
    flash = st.session_state.pop("gov_flash", None)
    if flash:
        st.success(ui.escape_md(flash))
    tab_std, tab_sub, tab_dup, tab_cx = st.tabs(
        ["IT standards", "Subscriptions", "Duplicate payments", "CIO–CMO"],
        key="gov_tab", bind="query-params")  # ?gov_tab=Subscriptions: a shareable view
    with tab_std:
        standards_tab(store, cur)
    with tab_sub:
        sections.subscriptions_tab(store, cur)
    with tab_dup:
        sections.duplicates_tab(store, cur)
    with tab_cx:
        sections.cio_cmo_tab(store, cur)


def standards_tab(store, cur: str) -> None:
    by_status = sections.cached(store, "outside_it_by_status")
    never = sections.cached(store, "never_reviewed")
    total = float(by_status["spend_outside_it"].sum())
    unreviewed = float(never["spend_outside_it"].sum())
    soe_customer = never[never["customer_data_callout"] == "SoE, handles customer data"]
    c1, c2, c3 = st.columns(3)
    c1.metric("Tech spend outside IT", ui.money_compact(total, cur), border=True,
              help=ui.money(total, cur))
    c2.metric("…never reviewed by IT", ui.money_compact(unreviewed, cur), border=True,
              help="Vendors with no register row, or a row without a security review date.")
    c3.metric("SoE vendors with customer data, unreviewed", f"{len(soe_customer):,}", border=True)
    if len(soe_customer):
        st.warning(
            f"{len(soe_customer)} systems-of-engagement vendor(s) outside IT handle customer or "
            f"personal data and were never security-reviewed: "
            f"{ui.money(soe_customer['spend_outside_it'].sum(), cur)} of spend. They are marked "
            "in the table below.")

    st.subheader("Technology spend outside IT by standards status")
    shown = by_status.assign(label=by_status["status"].map(standards.STATUS_LABELS))
    ui.chart(
        alt.Chart(shown).mark_bar(color=ui.OUTSIDE_IT_COLOR).encode(
            y=alt.Y("label:N", sort=[standards.STATUS_LABELS[s] for s in STATUS_ORDER], title=None),
            x=alt.X("spend_outside_it:Q", axis=ui.money_axis(cur)),
            tooltip=[alt.Tooltip("label:N", title="Status"),
                     ui.money_tooltip("spend_outside_it", "Spend outside IT", cur),
                     alt.Tooltip("vendors:Q", title="Vendors")],
        ).properties(height=180))
    ui.table(shown, key="gov_by_status", file_stem="tech_outside_it_by_standard_status",
             columns=["label", "spend_outside_it", "vendors", "never_reviewed_spend", "line_count"],
             column_config={"label": st.column_config.TextColumn("Status"),
                            "spend_outside_it": ui.money_column("Spend outside IT", cur),
                            "vendors": st.column_config.NumberColumn("Vendors"),
                            "never_reviewed_spend": ui.money_column("Never reviewed", cur),
                            "line_count": st.column_config.NumberColumn("Lines")})

    st.subheader("Never reviewed by IT, largest first")
    if never.empty:
        st.info("Every technology vendor outside IT has a security review date in the register.")
    else:
        never = never.assign(customer_data_callout=never["customer_data_callout"].fillna(""),
                             owner=never["owner"].fillna(""))
        ui.table(never, key="gov_never", file_stem="never_reviewed_vendors_outside_it", height=360,
                 columns=["vendor", "spend_outside_it", "status", "customer_data_callout", "layer",
                          "departments", "owner", "first_seen", "last_seen", "line_count"],
                 column_config={
                     "vendor": st.column_config.TextColumn("Vendor", pinned=True),
                     "spend_outside_it": ui.money_column("Spend outside IT", cur),
                     "status": st.column_config.TextColumn("Register status"),
                     "customer_data_callout": st.column_config.TextColumn("Customer data"),
                     "layer": st.column_config.TextColumn("Layer", width="small"),
                     "departments": st.column_config.TextColumn("Departments"),
                     "owner": st.column_config.TextColumn("Owner"),
                     "first_seen": st.column_config.DateColumn("First seen"),
                     "last_seen": st.column_config.DateColumn("Last seen"),
                     "line_count": st.column_config.NumberColumn("Lines")})
    register_editor(store, never)


def register_editor(store, never) -> None:
    st.subheader("The register")
    register = sections.cached(store, "register")
    if register.empty:
        st.caption("The register is empty: load a file (Vendor, Status, Owner, Last security "
                   "review, Customer data) or set vendors one by one below.")
    else:
        shown = register.assign(
            status=register["status"].map(standards.STATUS_LABELS),
            customer_data=register["customer_data"].map({True: "yes", False: "no"}).fillna("not known"),
            **{c: register[c].fillna("") for c in ("owner", "product", "notes")})
        ui.table(shown, key="gov_register", file_stem="it_standards_register", height=300,
                 columns=["vendor", "status", "owner", "last_review", "customer_data", "product",
                          "notes", "updated_by", "updated_at"],
                 column_config={"vendor": st.column_config.TextColumn("Vendor", pinned=True),
                                "status": st.column_config.TextColumn("Status"),
                                "owner": st.column_config.TextColumn("Owner"),
                                "last_review": st.column_config.DateColumn("Last security review"),
                                "customer_data": st.column_config.TextColumn("Customer data"),
                                "product": st.column_config.TextColumn("Product"),
                                "notes": st.column_config.TextColumn("Notes"),
                                "updated_by": st.column_config.TextColumn("Changed by"),
                                "updated_at": st.column_config.DatetimeColumn("Changed")})
    st.text_input("Your name (recorded with every change)", key="gov_who")
    left, right = st.columns(2)
    with left, st.form("gov_load_register", clear_on_submit=True):
        st.markdown("**Load a register file** (CSV, XLSX, XLS)")
        upload = st.file_uploader("Register file", type=["csv", "xlsx", "xls"], key="gov_file")
        if st.form_submit_button("Load register") and upload is not None:
            ui.act_then_flash(lambda: _load_message(store, upload), "gov_flash")
    with right, st.form("gov_set_standard"):
        st.markdown("**Set one vendor**")
        known = sorted(set(never["vendor"].astype(str)) | set(register["vendor"].astype(str)))
        vendor = st.selectbox("Vendor", known, index=None, accept_new_options=True,
                              key="gov_vendor", placeholder="choose or type a vendor")
        status = st.selectbox("Status", standards.STATUSES, key="gov_status",
                              format_func=standards.STATUS_LABELS.get)
        owner = st.text_input("Owner", key="gov_owner")
        reviewed = st.date_input("Last security review", value=None, key="gov_reviewed")
        customer = st.radio("Handles customer or personal data", ["Not known", "Yes", "No"],
                            horizontal=True, key="gov_customer")
        if st.form_submit_button("Save vendor") and vendor:
            flag = {"Yes": True, "No": False}.get(customer)
            ui.act_then_flash(lambda: _set_message(store, vendor, status, owner, reviewed, flag),
                              "gov_flash")


def _load_message(store, upload) -> str:
    result = workspace.load_standards_file(store, upload.name, upload.getvalue(),
                                           by=ui.who("gov_who"))
    problems = list(result.rejected[:5]) + [f"excluded {e}" for e in result.excluded[:5]]
    return result.message + ("; " + "; ".join(problems) if problems else "")


def _set_message(store, vendor, status, owner, reviewed, customer) -> str:
    row = workspace.set_standard(store, vendor, by=ui.who("gov_who"), status=status,
                                 owner=owner or None, last_review=reviewed,
                                 customer_data=customer)
    return f"{row.vendor}: {standards.STATUS_LABELS[row.status]} (saved by {ui.who('gov_who')})"


ui.run_page(render)
