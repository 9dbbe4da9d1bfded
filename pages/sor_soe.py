"""Systems of record vs systems of engagement.

The split of technology spend overall, by department and by quarter; how much of each layer sits
outside IT; the largest vendors of each layer.

One unit per concept on every page: "SoR outside IT" / "SoE outside IT" are AMOUNTS (as on the
Overview); their share of the layer is labelled "Share of SoR outside IT".
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from models import analytics, tbm
import dashboard as ui


def render() -> None:
    store = ui.store()
    st.title("Systems of record vs systems of engagement")
    st.caption(
        "Systems of record run the organisation (finance, HR, payroll, ERP, ITSM, productivity). "
        "Systems of engagement face customers and suppliers (CRM, marketing, e-commerce, web, "
        "support). Shared infrastructure takes the orientation of the department that bought it. "
        + tbm.model_note("sor_soe")
    )
    filters = ui.sidebar_filters(store)
    if ui.empty_state(store):
        return
    ov: analytics.Overview = ui.query(analytics.overview, filters)
    cur = ov.currency
    st.caption(f"{ui.describe_scope(filters)} · amounts in {cur}")
    ui.fx_note(ov.fx_missing_lines)

    sor, soe = ov.sor, ov.soe
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("SoR spend", ui.money_compact(sor, cur),
              help=f"Systems of record: {ui.money(sor, cur)}", border=True)
    c2.metric("SoE spend", ui.money_compact(soe, cur),
              help=f"Systems of engagement: {ui.money(soe, cur)}", border=True)
    c3.metric("SoR outside IT", ui.money_compact(ov.sor_outside_it, cur),
              help=f"Systems of record bought by departments outside IT: "
              f"{ui.money(ov.sor_outside_it, cur)}", border=True)
    c4.metric("SoE outside IT", ui.money_compact(ov.soe_outside_it, cur),
              help=f"Systems of engagement bought by departments outside IT: "
              f"{ui.money(ov.soe_outside_it, cur)}", border=True)
    st.caption(
        f"Share of SoR outside IT: {ui.percent(_ratio(ov.sor_outside_it, sor))} · "
        f"Share of SoE outside IT: {ui.percent(_ratio(ov.soe_outside_it, soe))} "
        "(of each layer's spend)."
    )
    if ov.layer_unassigned:
        st.caption(f"{ui.money(ov.layer_unassigned, cur)} of technology spend has no layer yet.")

    left, right = st.columns(2)
    with left:
        st.subheader("Inside and outside IT")
        split = pd.DataFrame(
            {
                "layer": ["SoR", "SoR", "SoE", "SoE"],
                "owner": ["IT", "Outside IT", "IT", "Outside IT"],
                "spend": [float(ov.sor_in_it), float(ov.sor_outside_it),
                          float(ov.soe_in_it), float(ov.soe_outside_it)],
            }
        )
        ui.chart(_split_chart(split, cur))
    with right:
        st.subheader("By quarter")
        ui.chart(_quarter_chart(ui.query(analytics.spend_by_quarter, filters), cur))

    st.subheader("By department")
    by_dept = ui.query(analytics.spend_by_department, filters, with_vendor_counts=False)
    by_dept = by_dept[by_dept["tech_spend"] != 0].copy()
    by_dept["soe_share"] = (by_dept["soe"] / (by_dept["sor"] + by_dept["soe"])).where(
        (by_dept["sor"] + by_dept["soe"]) != 0
    )
    by_dept["owner"] = by_dept["it_owned"].map({True: "IT", False: "Outside IT"})
    ui.table(
        by_dept,
        key="layer_departments",
        file_stem="layers_by_department",
        columns=["department", "owner", "sor", "soe", "soe_share", "tech_spend"],
        column_config={
            "department": st.column_config.TextColumn("Department"),
            "owner": st.column_config.TextColumn("IT / outside IT"),
            "sor": ui.money_column("SoR", cur),
            "soe": ui.money_column("SoE", cur),
            "soe_share": ui.share_column("SoE share"),
            "tech_spend": ui.money_column("Technology spend", cur),
        },
    )

    st.subheader("Largest vendors in each layer")
    top = ui.query(analytics.top_vendors_by_layer, filters, top_n=10)
    config = {
        "vendor": st.column_config.TextColumn("Vendor"),
        "category": st.column_config.TextColumn("Category"),
        "spend": ui.money_column("Spend", cur),
        "outside_it_share": ui.share_column("Share outside IT", width="small"),
    }
    for column, layer in zip(st.columns(2), ("SoR", "SoE")):
        with column:
            st.markdown(f"**{ui.LAYER_NAMES[layer]}**")
            ui.table(
                top[top["layer"] == layer],
                key=f"top_{layer}",
                file_stem=f"top_vendors_{layer}",
                columns=["vendor", "spend", "outside_it_share"],
                column_config=config,
            )


def _ratio(part, whole) -> float | None:
    return float(part) / float(whole) if whole else None


def _split_chart(split: pd.DataFrame, cur: str) -> alt.Chart:
    return (
        alt.Chart(split)
        .mark_bar()
        .encode(
            y=alt.Y("layer:N", sort=["SoR", "SoE"], title=None),
            x=alt.X("spend:Q", stack="zero", axis=ui.money_axis(cur)),
            color=alt.Color("owner:N", scale=ui.IT_SCALE, title=None, legend=alt.Legend(orient="top")),
            order=alt.Order("owner:N"),
            tooltip=[
                alt.Tooltip("layer:N", title="Layer"),
                alt.Tooltip("owner:N", title="Paid by"),
                ui.money_tooltip("spend", "Spend", cur),
            ],
        )
        .properties(height=200)
    )


def _quarter_chart(by_quarter: pd.DataFrame, cur: str) -> alt.Chart:
    long = by_quarter.melt(
        id_vars=["quarter_key", "quarter_label"], value_vars=["sor", "soe"],
        var_name="layer", value_name="spend",
    )
    long["layer"] = long["layer"].map({"sor": "SoR", "soe": "SoE"})
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("quarter_label:N", sort=by_quarter["quarter_label"].tolist(), title=None,
                    axis=alt.Axis(labelAngle=0 if len(by_quarter) <= 8 else -45,
                                  labelOverlap="greedy")),
            y=alt.Y("spend:Q", stack="zero", axis=ui.money_axis(cur)),
            color=alt.Color("layer:N", scale=ui.LAYER_SCALE, title=None, legend=alt.Legend(orient="top")),
            order=alt.Order("layer:N", sort="descending"),
            tooltip=[
                alt.Tooltip("quarter_label:N", title="Quarter"),
                alt.Tooltip("layer:N", title="Layer"),
                ui.money_tooltip("spend", "Spend", cur),
            ],
        )
        .properties(height=300)
    )


ui.run_page(render)
