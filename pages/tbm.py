"""TBM view: technology spend by TBM technology resource tower and cost pool, inside / outside IT.

Every technology line carries the four keys of the TBM Council taxonomy v5 (cost pool, tower,
sub-tower, solution) from the mapping tables in models/tbm/; the table of lines downloads as CSV or
XLSX with all four keys so a TBM practitioner can load it into their own model.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from models import analytics, tbm
from models.analytics import Filters
import dashboard as ui

LINES_SHOWN = 5000
OWNERS = {"Inside IT": "it", "Outside IT": "outside"}


@st.cache_data(show_spinner=False, max_entries=64)
def _by_tower_pool(db_path: str, version: int, filters: Filters) -> pd.DataFrame:
    return tbm.tbm_by_tower_pool(ui.store(), filters)


@st.cache_data(show_spinner=False, max_entries=64)
def _lines(db_path: str, version: int, filters: Filters, towers: tuple[str, ...],
           pools: tuple[str, ...], owner: str | None) -> pd.DataFrame:
    return tbm.tbm_lines(ui.store(), filters, towers=towers, pools=pools, owner=owner,
                         row_limit=LINES_SHOWN)


def _owner_chart(frame: pd.DataFrame, dimension: str, title: str, cur: str) -> alt.Chart:
    long = frame.groupby(dimension, as_index=False)[["spend_it", "spend_outside_it"]].sum()
    long = long.melt(id_vars=dimension, var_name="owner", value_name="spend")
    long["owner"] = long["owner"].map({"spend_it": "IT", "spend_outside_it": "Outside IT"})
    order = (frame.groupby(dimension)["spend"].sum().sort_values(ascending=False).index.tolist())
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y(f"{dimension}:N", sort=order, title=None,
                    axis=alt.Axis(labelOverlap=False, labelLimit=220)),
            x=alt.X("spend:Q", stack="zero", axis=ui.money_axis(cur)),
            color=alt.Color("owner:N", scale=ui.IT_SCALE, title=None,
                            legend=alt.Legend(orient="top")),
            tooltip=[alt.Tooltip(f"{dimension}:N", title=title), alt.Tooltip("owner:N"),
                     ui.money_tooltip("spend", "Spend", cur)],
        )
        .properties(height=max(120, 34 * len(order)))
    )


def render() -> None:
    store = ui.store()
    st.title("TBM view: towers and cost pools")
    st.caption(
        "Technology spend in the TBM Council taxonomy v5: technology resource towers (the CIO's "
        "view, from the category and the line's words) and cost pools (the CFO's view, from the "
        "GL account). Mapping tables: models/tbm/. " + tbm.model_note("sor_soe")
    )
    filters = ui.sidebar_filters(store)
    if ui.empty_state(store):
        return
    version = store.version()
    view = _by_tower_pool(store.path, version, filters)
    if view.empty:
        st.info("No technology lines in the selected period and departments.")
        return
    cur = ui.query(analytics.reporting_currency)
    ui.fx_note(ui.query(analytics.fx_missing_lines, filters))  # the Overview's count

    with st.container(horizontal=True):
        towers = st.multiselect("Tower", sorted(view["tbm_tower"].dropna().unique()),
                                key="tbm_towers", placeholder="All towers")
        pools = st.multiselect("Cost pool", sorted(view["tbm_cost_pool"].dropna().unique()),
                               key="tbm_pools", placeholder="All cost pools")
        owner_label = st.segmented_control("Bought by", ["All", *OWNERS], default="All",
                                           key="tbm_owner")
    shown = view
    if towers:
        shown = shown[shown["tbm_tower"].isin(towers)]
    if pools:
        shown = shown[shown["tbm_cost_pool"].isin(pools)]
    owner = OWNERS.get(owner_label or "All")

    spend = float(shown["spend"].sum())
    outside = float(shown["spend_outside_it"].sum())
    band = tbm.outside_it_band()
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Technology spend", ui.money_compact(spend, cur), help=ui.money(spend, cur),
              border=True)
    c2.metric("Outside IT", ui.percent(outside / spend if spend else None),
              help=f"{ui.money(outside, cur)} bought by departments outside IT. "
                   + tbm.band_footnote(), border=True)
    c3.metric("Towers", f"{shown['tbm_tower'].nunique():,}", border=True)
    c4.metric("Cost pools", f"{shown['tbm_cost_pool'].nunique():,}", border=True)
    st.caption(f"Reference: {band.citation()} (context, not a target; hover 'Outside IT' for "
               "the other published figures).")

    left, right = st.columns(2)
    with left:
        st.subheader("By tower")
        ui.chart(_owner_chart(shown, "tbm_tower", "Tower", cur))
    with right:
        st.subheader("By cost pool")
        ui.chart(_owner_chart(shown, "tbm_cost_pool", "Cost pool", cur))

    st.subheader("Tower × cost pool")
    ui.table(
        shown.reset_index(drop=True),
        key="tbm_tower_pool",
        file_stem="tbm_tower_pool",
        columns=["tbm_tower", "tbm_sub_tower", "tbm_cost_pool", "spend", "spend_it",
                 "spend_outside_it", "lines"],
        column_config={
            "tbm_tower": st.column_config.TextColumn("Tower", pinned=True),
            "tbm_sub_tower": st.column_config.TextColumn("Sub-tower"),
            "tbm_cost_pool": st.column_config.TextColumn("Cost pool"),
            "spend": ui.money_column("Spend", cur),
            "spend_it": ui.money_column("Inside IT", cur),
            "spend_outside_it": ui.money_column("Outside IT", cur),
            "lines": st.column_config.NumberColumn("Lines", format="%d"),
        },
    )

    lines = _lines(store.path, version, filters, tuple(towers), tuple(pools), owner)
    text = ["department", "cost_centre", "vendor", "account_name", "description", "layer",
            "category"]
    lines = lines.assign(**{c: lines[c].fillna("") for c in text})  # blank, never 'None'
    st.subheader("Lines with their TBM keys")
    total = int(lines["total_lines"].iloc[0]) if len(lines) else 0
    st.caption(f"{total:,} technology lines" + (
        f"; showing and downloading the newest {len(lines):,}. Every line with its keys: "
        "`techspend export`." if total > len(lines) else "."))
    ui.table(
        lines,
        key="tbm_lines",
        file_stem="tbm_lines",
        columns=["txn_date", "department", "cost_centre", "it_owned", "vendor", "account_name",
                 "description", "amount_reporting", "tbm_cost_pool", "tbm_cost_sub_pool",
                 "tbm_tower", "tbm_sub_tower", "tbm_solution", "tbm_solution_vendor", "layer",
                 "category", "source_file", "source_row", "upload_id"],
        column_config={
            "txn_date": st.column_config.DateColumn("Date"),
            "department": st.column_config.TextColumn("Consumer (department)"),
            "cost_centre": st.column_config.TextColumn("Cost centre"),
            "it_owned": st.column_config.CheckboxColumn("IT"),
            "vendor": st.column_config.TextColumn("Vendor"),
            "account_name": st.column_config.TextColumn("GL account"),
            "description": st.column_config.TextColumn("Description"),
            "amount_reporting": ui.money_column(f"Amount ({cur})", cur, decimals=2),
            "tbm_cost_pool": st.column_config.TextColumn("Cost pool"),
            "tbm_cost_sub_pool": st.column_config.TextColumn("Sub-pool"),
            "tbm_tower": st.column_config.TextColumn("Tower"),
            "tbm_sub_tower": st.column_config.TextColumn("Sub-tower"),
            "tbm_solution": st.column_config.TextColumn("Solution"),
            "tbm_solution_vendor": st.column_config.TextColumn("Solution vendor"),
            "layer": st.column_config.TextColumn("Layer", width="small"),
            "category": st.column_config.TextColumn("Category"),
            "source_file": st.column_config.TextColumn("Source file"),
            "source_row": st.column_config.NumberColumn("Row", format="%d"),
            "upload_id": st.column_config.NumberColumn("Upload", format="%d"),
        },
    )


ui.run_page(render)
