"""The Governance page's other tabs (pages/governance.py shows them): recurring subscriptions,
duplicate payments (both source rows; confirmed or dismissed by a person), the CIO–CMO view.

Not a page of its own (app.py does not register it). Reads are models.governance calls cached
until the data changes; decisions go through the workspace.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

import dashboard as ui
import workspace
from db.store import open_store
from models import fiscal
from models.governance import cio_cmo, duplicates, standards, subscriptions

_READS = {
    "outside_it_by_status": standards.outside_it_by_status,
    "never_reviewed": standards.never_reviewed,
    "register": standards.register,
    "subscriptions": subscriptions.subscriptions,
    "duplicates": duplicates.candidates,
    "cio_cmo_departments": cio_cmo.departments,
    "cio_cmo_vendors": cio_cmo.vendors,
}

LABELS = {name: st.column_config.TextColumn(label) for name, label in (
    ("department", "Department"), ("departments", "Departments"), ("cadence", "Cadence"),
    ("layer", "Layer"), ("decision", "Decision"), ("basis", "Matched on"), ("currency", "Cur."),
    ("first_file", "First file"), ("first_sheet", "Sheet"), ("first_reference", "Reference"),
    ("second_file", "Second file"), ("second_sheet", "Sheet "), ("second_reference", "Reference "),
    ("decided_by", "Decided by"), ("charges", "Charges"))}


@st.cache_data(show_spinner=False, max_entries=128)
def _cached(db_path: str, version: int, name: str, args: tuple) -> Any:
    return _READS[name](open_store(db_path), *args)


def cached(store, name: str, *args: Any) -> pd.DataFrame:
    """models.governance.<read>(store, *args), cached until the data changes (data_version)."""
    return _cached(store.path, store.version(), name, args)


def subscriptions_tab(store, cur: str) -> None:
    found = cached(store, "subscriptions")
    found = found.assign(layer=found["layer"].fillna(""), files=found["files"].fillna(""))
    outside = subscriptions.outside_it(found)
    candidates = subscriptions.consolidation_candidates(found)
    c1, c2, c3 = st.columns(3)
    c1.metric("Active subscriptions outside IT", f"{len(outside):,}", border=True)
    c2.metric("Their annual run-rate", ui.money_compact(outside["annual_run_rate"].sum(), cur),
              border=True, help=ui.money(outside["annual_run_rate"].sum(), cur))
    c3.metric("At stake in consolidation", ui.money_compact(candidates["at_stake"].sum(), cur),
              border=True, help="Vendors several departments subscribe to: the run-rate of every "
              "subscription but the largest, a year.")
    st.caption("A subscription: technology charges from one vendor to one department at a monthly "
               "(24–38 days), quarterly or annual cadence, 75% of them within 25% of the typical "
               "amount; card and AP lines alike. Run-rate = typical charge × charges a year.")
    money = {c: ui.money_column(label, cur) for c, label in (
        ("typical_amount", "Typical charge"), ("annual_run_rate", "Annual run-rate"),
        ("at_stake", "At stake"), ("largest_run_rate", "Largest contract"))}
    st.subheader("Subscriptions outside IT")
    if outside.empty:
        st.info("No recurring technology charges found in departments outside IT.")
    else:
        ui.table(outside, key="gov_subs_outside", file_stem="subscriptions_outside_it", height=360,
                 columns=["vendor", "department", "cadence", "typical_amount", "annual_run_rate",
                          "next_expected", "charges", "last_charge", "layer", "files"],
                 column_config={**LABELS, **money,
                                "vendor": st.column_config.TextColumn("Vendor", pinned=True),
                                "next_expected": st.column_config.DateColumn("Next expected"),
                                "last_charge": st.column_config.DateColumn("Last charge"),
                                "files": st.column_config.TextColumn("Source files")})
    st.subheader("Same product, several departments (licence consolidation candidates)")
    if candidates.empty:
        st.info("No vendor is subscribed to by more than one department.")
    else:
        ui.table(candidates, key="gov_subs_consolidate", file_stem="subscription_consolidation",
                 columns=["vendor", "department_count", "departments", "annual_run_rate",
                          "largest_run_rate", "at_stake"],
                 column_config={**LABELS, **money, "vendor": st.column_config.TextColumn("Vendor", pinned=True),
                                "department_count": st.column_config.NumberColumn("Depts")})
    with st.expander(f"Every recurring series found ({len(found):,}, IT and lapsed included)"):
        ui.table(found, key="gov_subs_all", file_stem="subscriptions_all",
                 columns=["vendor", "department", "cadence", "active", "it_owned", "charges",
                          "typical_amount", "annual_run_rate", "first_charge", "last_charge",
                          "next_expected", "regular_gaps", "similar_amounts"],
                 column_config={**LABELS, **money, "it_owned": st.column_config.CheckboxColumn("IT"),
                                "regular_gaps": ui.share_column("Gaps on cadence"),
                                "similar_amounts": ui.share_column("Amounts similar")})


def duplicates_tab(store, cur: str) -> None:
    pairs = cached(store, "duplicates")
    s = duplicates.summary(store, pairs)
    c1, c2, c3 = st.columns(3)
    c1.metric("Candidate pairs", f"{s.candidates:,}", border=True,
              help=f"{s.open:,} open, {s.confirmed:,} confirmed, {s.dismissed:,} dismissed")
    c2.metric("Confirmed duplicates", ui.money_compact(s.confirmed_amount, cur), border=True,
              help=ui.money(s.confirmed_amount, cur))
    c3.metric("Spend counting them once", ui.money_compact(s.spend_counted_once, cur), border=True,
              help=f"Of {ui.money(s.total_spend, cur)} loaded. Upload control totals never change.")
    st.caption("Same vendor, currency and amount, and either the same reference within 120 days "
               "(same invoice paid twice) or two different uploads within 7 days (AP register and "
               "card feed, overlapping extracts). Nothing is counted once until a person confirms; "
               "every upload's control total stays what its file says.")
    if pairs.empty:
        st.info("No candidate duplicate payments.")
        return
    view = hash((len(pairs), s.open, s.confirmed))
    blanks = ("first_sheet", "second_sheet", "first_reference", "second_reference", "decided_by")
    shown = pairs.assign(**{c: pairs[c].astype(object).where(pairs[c].notna(), "") for c in blanks})
    event = ui.table(
        shown, key=f"gov_dups_{view & 0xFFFFFFFF:x}", file_stem="duplicate_payment_candidates",
        selectable=True, height=360,
        columns=["decision", "basis", "vendor", "amount", "currency", "first_file", "first_sheet",
                 "first_row_in_file", "first_date", "first_reference", "second_file",
                 "second_sheet", "second_row_in_file", "second_date", "second_reference",
                 "decided_by", "decided_at"],
        column_config={**LABELS, "vendor": st.column_config.TextColumn("Vendor", pinned=True),
                       "amount": st.column_config.NumberColumn("Amount", format="%,.2f"),
                       "first_row_in_file": st.column_config.NumberColumn("Row", format="%d"),
                       "second_row_in_file": st.column_config.NumberColumn("Row ", format="%d"),
                       "first_date": st.column_config.DateColumn("First date"),
                       "second_date": st.column_config.DateColumn("Second date"),
                       "decided_at": st.column_config.DatetimeColumn("Decided")})
    rows = event.selection.rows if event is not None else []
    if not rows:
        st.caption("Select a pair to confirm or dismiss it.")
        return
    pair = pairs.iloc[rows[0]]
    first = (int(pair["first_upload"]), int(pair["first_row"]))
    second = (int(pair["second_upload"]), int(pair["second_row"]))
    st.text(f"{pair['first_file']} row {pair['first_row_in_file']}  ·  "
            f"{pair['second_file']} row {pair['second_row_in_file']}  ·  {pair['vendor']}")
    st.text_input("Your name (recorded with the decision)", key="gov_dup_who")
    why = st.text_input("Why", key="gov_dup_why")
    b1, b2 = st.columns(2)
    if b1.button("Confirm: one payment recorded twice", type="primary", key="gov_dup_confirm"):
        ui.act_then_flash(lambda: _decide(store, workspace.confirm_duplicate, first, second, why,
                                          "confirmed"), "gov_flash")
    if b2.button("Dismiss: two real payments", key="gov_dup_dismiss"):
        ui.act_then_flash(lambda: _decide(store, workspace.dismiss_duplicate, first, second, why,
                                          "dismissed"), "gov_flash")


def _decide(store, decide, first, second, why, word) -> str:
    decide(store, first, second, by=ui.who("gov_dup_who"), why=why or None)
    return f"Pair {first[0]}:{first[1]} / {second[0]}:{second[1]} {word} by {ui.who('gov_dup_who')}"


def cio_cmo_tab(store, cur: str) -> None:
    quarters = fiscal.quarters_with_data(store)
    if not quarters:
        st.info("No quarters with data.")
        return
    labels = {q.label: q.key for q in quarters}
    chosen = st.selectbox("Quarter", list(labels)[::-1], key="gov_cx_quarter")
    depts = cached(store, "cio_cmo_departments", labels[chosen])
    vendors = cached(store, "cio_cmo_vendors", labels[chosen])
    band = cio_cmo.reference_band()
    st.caption(f"Customer-facing departments outside IT (Organisation page flags), the four "
               f"quarters to {chosen}. {band.label}")
    if depts.empty:
        st.info("No customer-facing department has spend in this window. Mark departments as "
                "customer-facing on the Organisation page.")
        return
    order = depts["department"].tolist()
    band_layer = alt.Chart(pd.DataFrame({"low": [band.low], "high": [band.high]})).mark_rect(
        color=ui.SOE_COLOR, opacity=0.12).encode(x=alt.X("low:Q"), x2="high:Q")
    bars = alt.Chart(depts).mark_bar(color=ui.SOE_COLOR).encode(
        y=alt.Y("department:N", sort=order, title=None),
        x=alt.X("tech_share:Q", title="Technology share of the department's spend",
                axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        tooltip=[alt.Tooltip("department:N", title="Department"),
                 alt.Tooltip("tech_share:Q", title="Tech share", format=".1%"),
                 ui.money_tooltip("tech_spend", "Technology spend", cur)])
    ui.chart(alt.layer(band_layer, bars).properties(height=max(120, 28 * len(depts))))
    st.caption(f"Shaded: {band.low:.0%}–{band.high:.0%}, published martech shares of marketing "
               f"budgets ({band.source}). A budget share includes labour a supplier ledger does "
               "not show: context, not a target.")
    ui.table(depts, key="gov_cx_depts", file_stem="cio_cmo_departments",
             columns=["department", "total_spend", "tech_spend", "tech_share", "soe_spend",
                      "sor_spend", "shared_with_it", "vendors_shared_with_it",
                      "new_this_quarter_spend", "new_vendors"],
             column_config={"department": st.column_config.TextColumn("Department", pinned=True),
                            "total_spend": ui.money_column("Total spend", cur),
                            "tech_spend": ui.money_column("Technology", cur),
                            "tech_share": ui.share_column("Tech share"),
                            "soe_spend": ui.money_column("SoE", cur),
                            "sor_spend": ui.money_column("SoR", cur),
                            "shared_with_it": ui.money_column("With vendors IT also buys", cur),
                            "vendors_shared_with_it": st.column_config.NumberColumn("Shared vendors"),
                            "new_this_quarter_spend": ui.money_column(f"New in {chosen}", cur),
                            "new_vendors": st.column_config.NumberColumn("New vendors")})
    only = st.radio("Show", ["All technology", "Also bought by IT", f"New in {chosen}"],
                    horizontal=True, key="gov_cx_show")
    shown = vendors
    if only == "Also bought by IT":
        shown = vendors[vendors["also_bought_by_it"]]
    elif only != "All technology":
        shown = vendors[vendors["new_this_quarter"]]
    ui.table(shown.reset_index(drop=True), key="gov_cx_vendors", file_stem="cio_cmo_vendors",
             height=320,
             columns=["department", "vendor", "layer", "tech_spend", "also_bought_by_it",
                      "new_this_quarter", "first_in_window"],
             column_config={**LABELS, "vendor": st.column_config.TextColumn("Vendor"),
                            "tech_spend": ui.money_column("Technology spend", cur),
                            "also_bought_by_it": st.column_config.CheckboxColumn("IT buys too"),
                            "new_this_quarter": st.column_config.CheckboxColumn("New"),
                            "first_in_window": st.column_config.DateColumn("First in window")})
