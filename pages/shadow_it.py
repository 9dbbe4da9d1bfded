"""Shadow IT: the technology vendors departments outside IT pay.

One row per vendor: departments paying, spend outside IT, what IT pays the same vendor
(a consolidation candidate), first and last seen, new in the selected period. Select a row to see
the vendor's lines with their source file and row.

Scope: spend outside IT follows every sidebar filter; what IT pays the same vendor ("Spend by
IT", "Also paid by IT") follows the period and uploads but never the department filter — with
Marketing picked, IT's Salesforce contract is still shown, and the page says so. "New in period"
with no period picked means new since the start of the latest quarter of the filtered lines.
The search, layer and toggles live in the URL (?q=zoom&layer=SoE&also_it=1&new=1).
"""

from __future__ import annotations

import streamlit as st

from models import analytics
import dashboard as ui

_URL = {"shadow_search": "q", "shadow_layers": "layer", "shadow_candidates": "also_it",
        "shadow_new": "new"}


def render() -> None:
    store = ui.store()
    st.title("Shadow IT")
    st.caption("Technology vendors paid by departments outside IT, largest first.")
    filters = ui.sidebar_filters(store)
    if ui.empty_state(store):
        return
    st.caption(ui.describe_scope(filters))
    cur = analytics.reporting_currency(store)
    ui.fx_note(ui.query(analytics.fx_missing_lines, filters))
    vendors = ui.query(analytics.shadow_it_vendors, filters)
    # Every technology line outside IT belongs to exactly one vendor row, so this is the
    # Overview's "technology spend outside IT".
    outside_it = float(vendors["spend_outside_it"].sum())

    candidates = vendors[vendors["consolidation_candidate"]]
    new = vendors[vendors["new_in_period"]]
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Tech spend outside IT", ui.money_compact(outside_it, cur),
              help=ui.money(outside_it, cur), border=True)
    c2.metric("Vendors outside IT", f"{len(vendors):,}", border=True)
    it_scope = (" IT's side is every IT department, whatever the department filter."
                if filters.departments else "")
    c3.metric(
        "Also paid by IT",
        f"{len(candidates):,}",
        help="Vendors that IT pays too, in the same period and uploads: the spend outside IT "
        "could move onto IT's contract." + it_scope,
        border=True,
    )
    since = _new_since(vendors)
    c4.metric(
        "New in period",
        f"{len(new):,}",
        help="First technology line from this vendor, anywhere in the company, on or after "
        f"{since} (the start of the selected period, or of the latest quarter of the "
        "filtered lines when no period is selected).",
        border=True,
    )
    if filters.departments:
        st.caption(
            "Spend by IT and 'Also paid by IT' compare with every IT department (IT is never "
            "filtered out of its own comparison); spend outside IT is the departments picked."
        )
    if len(candidates):
        st.caption(
            f"Spend outside IT with consolidation candidates: "
            f"{ui.money(candidates['spend_outside_it'].sum(), cur)}"
        )

    for key, param in _URL.items():
        ui.url_seed(key, param, kind={"shadow_search": "text", "shadow_layers": "list"}.get(key, "flag"),
                    choices=["SoR", "SoE"] if key == "shadow_layers" else None)
    with st.container(horizontal=True):
        search = st.text_input("Vendor contains", key="shadow_search", placeholder="e.g. zoom")
        layers = st.multiselect("Layer", ["SoR", "SoE"], key="shadow_layers", placeholder="Both")
        only_candidates = st.toggle("Only vendors IT also pays", key="shadow_candidates")
        only_new = st.toggle("Only new in period", key="shadow_new")

    for key, param in _URL.items():
        ui.url_write(param, st.session_state.get(key))
    shown = vendors
    if search:
        shown = shown[shown["vendor"].str.contains(search, case=False, regex=False, na=False)]
    if layers:
        shown = shown[shown["layer"].isin(layers)]
    if only_candidates:
        shown = shown[shown["consolidation_candidate"]]
    if only_new:
        shown = shown[shown["new_in_period"]]
    shown = shown.reset_index(drop=True)

    if shown.empty:
        st.info("No technology vendors outside IT match these filters.")
        return
    st.caption(f"{len(shown):,} vendors · select a row to see its lines")
    # A selection is a row number: start afresh whenever the rows shown change.
    view = hash((filters, search, tuple(layers), only_candidates, only_new, len(shown)))
    event = ui.table(
        shown,
        key=f"shadow_vendors_{view & 0xFFFFFFFF:x}",
        file_stem="shadow_it_vendors",
        selectable=True,
        height=420,
        columns=[
            "vendor", "spend_outside_it", "share_of_outside_it", "spend_by_it", "department_count",
            "layer", "category", "first_seen", "last_seen", "new_in_period", "departments_paying",
        ],
        column_config={
            "vendor": st.column_config.TextColumn("Vendor", pinned=True),
            "category": st.column_config.TextColumn("Category"),
            "layer": st.column_config.TextColumn("Layer", width="small"),
            "departments_paying": st.column_config.TextColumn("Departments paying"),
            "department_count": st.column_config.NumberColumn("Depts", width="small"),
            "spend_outside_it": ui.money_column("Spend outside IT", cur),
            "share_of_outside_it": ui.share_column("Share of outside-IT spend"),
            "spend_by_it": ui.money_column(
                "Spend by IT (same vendor)", cur,
                help="What IT departments pay this vendor in the same period and uploads, "
                "whatever the department filter. Non-zero: a consolidation candidate.",
            ),
            "first_seen": st.column_config.DateColumn("First seen"),
            "last_seen": st.column_config.DateColumn("Last seen"),
            "new_in_period": st.column_config.CheckboxColumn("New"),
        },
    )

    rows = event.selection.rows if event is not None else []
    if not rows:
        return
    vendor = str(shown.iloc[rows[0]]["vendor"])
    lines = ui.query(analytics.vendor_lines, vendor, filters)
    st.subheader("Lines of the selected vendor")
    st.text(vendor)  # literal: vendor names never go through markdown
    as_written = [str(v) for v in lines["vendor_as_written"].dropna().unique()[:5]]
    if as_written and as_written != [vendor]:
        st.text("Written in the source as: " + " | ".join(as_written))
    total = int(lines["total_lines"].iloc[0]) if len(lines) else 0
    if total > len(lines):
        st.caption(f"Showing the newest {len(lines):,} of {total:,} lines.")
    ui.table(
        lines[[
            "txn_date", "department", "it_owned", "amount_reporting", "amount", "currency",
            "vendor_as_written", "account_name", "description", "category", "layer", "reason",
            "decided_by", "source_file", "source_row", "upload_id",
        ]],
        key="shadow_vendor_lines",
        file_stem="vendor_lines",
        column_config={
            "txn_date": st.column_config.DateColumn("Date"),
            "department": st.column_config.TextColumn("Department"),
            "it_owned": st.column_config.CheckboxColumn("IT"),
            "vendor_as_written": st.column_config.TextColumn("Vendor as written"),
            "account_name": st.column_config.TextColumn("Account"),
            "description": st.column_config.TextColumn("Description"),
            "amount": st.column_config.NumberColumn("Amount", format="%,.2f"),
            "currency": st.column_config.TextColumn("Cur.", width="small"),
            "amount_reporting": ui.money_column(f"Amount ({cur})", cur, decimals=2),
            "category": st.column_config.TextColumn("Category"),
            "layer": st.column_config.TextColumn("Layer", width="small"),
            "decided_by": st.column_config.TextColumn("Decided by"),
            "reason": st.column_config.TextColumn("Reason"),
            "source_file": st.column_config.TextColumn("Source file"),
            "source_row": st.column_config.NumberColumn("Row", format="%d"),
            "upload_id": st.column_config.NumberColumn("Upload", format="%d"),
        },
    )


def _new_since(vendors) -> str:
    if vendors.empty or vendors["new_since"].isna().all():
        return "the start of the period"
    return f"{vendors['new_since'].iloc[0]:%d %b %Y}"


ui.run_page(render)
