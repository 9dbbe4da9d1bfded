"""Overview: how much technology spend sits outside IT, and how it splits into SoR and SoE.

KPI cards (total spend, technology spend, share outside IT against the 35–50% reference band,
SoR/SoE inside and outside IT), the quarterly trend IT vs outside IT, technology spend by
department (IT departments marked) and SoR/SoE by department.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import access
from models import analytics, tbm
import dashboard as ui


def render() -> None:
    store = ui.store()
    st.title("Technology spend overview")
    filters = ui.sidebar_filters(store)
    if ui.empty_state(store):
        return
    ov: analytics.Overview = ui.query(analytics.overview, filters)
    cur = ov.currency
    st.caption(f"{ui.describe_scope(filters)} · {ov.line_count:,} ledger lines · amounts in {cur}")
    ui.fx_note(ov.fx_missing_lines)
    if access.current_scope() is None:   # it names departments: for those who see them all
        for sentence in ui.query(analytics.uploads_without_it):
            st.warning(sentence)

    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Total spend", ui.money_compact(ov.total_spend, cur),
              help=f"{ui.money(ov.total_spend, cur)} on {ov.line_count:,} lines", border=True)
    c2.metric(
        "Technology spend",
        ui.money_compact(ov.tech_spend, cur),
        help=f"{ui.money(ov.tech_spend, cur)}, "
        f"{ui.percent(_ratio(ov.tech_spend, ov.total_spend))} of all spend",
        border=True,
    )
    c3.metric("Tech spend outside IT", ui.money_compact(ov.tech_outside_it, cur),
              help=f"{ui.money(ov.tech_outside_it, cur)} paid by departments outside IT",
              border=True)
    c4.metric(
        "Share outside IT",
        ui.percent(ov.outside_it_share),
        help="Share of technology spend paid by departments outside IT. "
        + tbm.band_footnote(),
        border=True,
    )
    st.caption(_band_sentence(ov.outside_it_share) + " " + tbm.band_caption())

    s1, s2, s3, s4 = st.columns(4)
    s1.metric("SoR in IT", ui.money_compact(ov.sor_in_it, cur),
              help="Systems of record bought by IT departments")
    s2.metric("SoE in IT", ui.money_compact(ov.soe_in_it, cur),
              help="Systems of engagement bought by IT departments")
    s3.metric("SoR outside IT", ui.money_compact(ov.sor_outside_it, cur),
              help="Systems of record bought by departments outside IT")
    s4.metric("SoE outside IT", ui.money_compact(ov.soe_outside_it, cur),
              help="Systems of engagement bought by departments outside IT")
    if ov.layer_unassigned:
        st.caption(
            f"{ui.money(ov.layer_unassigned, cur)} of technology spend has no layer yet "
            "(see Review & rules)."
        )

    by_quarter = ui.query(analytics.spend_by_quarter, filters)
    left, right = st.columns(2)
    with left:
        st.subheader("Technology spend by quarter")
        ui.chart(_trend_chart(by_quarter, cur))
    by_dept = ui.query(analytics.spend_by_department, filters, with_vendor_counts=False)
    tech_depts = by_dept[by_dept["tech_spend"] != 0]
    with right:
        st.subheader("Technology spend by department")
        ui.chart(_department_chart(tech_depts, cur))

    st.subheader("Share of technology spend outside IT, by quarter")
    ui.chart(_share_chart(by_quarter))
    st.caption("Shaded: the 35–50% reference band (industry estimates of business-led IT).")

    if len(tech_depts) > _TOP_DEPARTMENTS + 1:
        st.caption(
            f"Charts show the {_TOP_DEPARTMENTS} departments with the most technology spend and "
            f"one bar for the other {len(tech_depts) - _TOP_DEPARTMENTS:,}; every department is "
            "in the table below."
        )
    st.subheader("Systems of record vs engagement by department")
    ui.chart(_layer_by_department_chart(tech_depts, cur))

    st.subheader("Departments")
    ui.table(
        by_dept.assign(owner=by_dept["it_owned"].map({True: "IT", False: "Outside IT"})),
        key="overview_departments",
        file_stem="departments",
        columns=[
            "department", "owner", "customer_facing", "total_spend", "tech_spend", "share_of_tech",
            "sor", "soe", "line_count",
        ],
        column_config={
            "department": st.column_config.TextColumn("Department"),
            "owner": st.column_config.TextColumn("IT / outside IT"),
            "customer_facing": st.column_config.CheckboxColumn("Customer-facing"),
            "total_spend": ui.money_column("Total spend", cur),
            "tech_spend": ui.money_column("Technology spend", cur),
            "share_of_tech": ui.share_column("Share of technology"),
            "sor": ui.money_column("SoR", cur),
            "soe": ui.money_column("SoE", cur),
            "line_count": st.column_config.NumberColumn("Lines", format="%,d"),
        },
    )


_TOP_DEPARTMENTS = 15


def _ratio(part, whole) -> float | None:
    return float(part) / float(whole) if whole else None


def _band_sentence(share: float | None) -> str:
    if share is None:
        return "No technology spend in this selection."
    low, high = analytics.REFERENCE_BAND_LOW, analytics.REFERENCE_BAND_HIGH
    if share < low:
        where = "below"
    elif share > high:
        where = "above"
    else:
        where = "within"
    return f"Your share outside IT, {ui.percent(share)}, is {where} the reference band."


def _quarter_axis(by_quarter: pd.DataFrame) -> alt.Axis:
    """Quarter labels level when they fit, slanted when there are many (a continuous axis)."""
    return alt.Axis(labelAngle=0 if len(by_quarter) <= 8 else -45, labelOverlap="greedy")


def _trend_chart(by_quarter: pd.DataFrame, cur: str) -> alt.Chart:
    long = by_quarter.melt(
        id_vars=["quarter_key", "quarter_label"],
        value_vars=["tech_in_it", "tech_outside_it"],
        var_name="owner",
        value_name="spend",
    )
    long["owner"] = long["owner"].map({"tech_in_it": "IT", "tech_outside_it": "Outside IT"})
    order = by_quarter["quarter_label"].tolist()
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("quarter_label:N", sort=order, title=None, axis=_quarter_axis(by_quarter)),
            y=alt.Y("spend:Q", stack="zero", axis=ui.money_axis(cur)),
            color=alt.Color("owner:N", scale=ui.IT_SCALE, title=None, legend=alt.Legend(orient="top")),
            order=alt.Order("owner:N"),
            tooltip=[
                alt.Tooltip("quarter_label:N", title="Quarter"),
                alt.Tooltip("owner:N", title="Paid by"),
                ui.money_tooltip("spend", "Technology spend", cur),
            ],
        )
        .properties(height=320)
    )


def _share_chart(by_quarter: pd.DataFrame) -> alt.LayerChart:
    data = by_quarter[["quarter_label", "outside_it_share"]].dropna()
    order = by_quarter["quarter_label"].tolist()
    band = pd.DataFrame({"low": [analytics.REFERENCE_BAND_LOW], "high": [analytics.REFERENCE_BAND_HIGH]})
    band_layer = alt.Chart(band).mark_rect(color=ui.OUTSIDE_IT_COLOR, opacity=0.12).encode(
        y=alt.Y("low:Q"), y2="high:Q"
    )
    line = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(color=ui.OUTSIDE_IT_COLOR), color=ui.OUTSIDE_IT_COLOR)
        .encode(
            x=alt.X("quarter_label:N", sort=order, title=None, axis=_quarter_axis(by_quarter)),
            y=alt.Y("outside_it_share:Q", title="Share outside IT",
                    axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
            tooltip=[
                alt.Tooltip("quarter_label:N", title="Quarter"),
                alt.Tooltip("outside_it_share:Q", title="Share outside IT", format=".1%"),
            ],
        )
    )
    return alt.layer(band_layer, line).properties(height=220)


def _department_chart(by_dept: pd.DataFrame, cur: str) -> alt.Chart:
    data = ui.top_with_others(by_dept, "department", ["tech_spend", "share_of_tech"],
                              top_n=_TOP_DEPARTMENTS)
    data = data.assign(owner=data["it_owned"].map({True: "IT", False: "Outside IT"}))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            # largest first, "All other N departments" last (never sorted in among them)
            y=alt.Y("department:N", sort=data["department"].tolist(), title=None,
                    axis=alt.Axis(labelLimit=220, labelOverlap=False)),
            x=alt.X("tech_spend:Q", axis=ui.money_axis(cur)),
            color=alt.Color("owner:N", scale=ui.IT_SCALE, title=None, legend=alt.Legend(orient="top")),
            tooltip=[
                alt.Tooltip("department:N", title="Department"),
                alt.Tooltip("owner:N", title="IT / outside IT"),
                ui.money_tooltip("tech_spend", "Technology spend", cur),
                alt.Tooltip("share_of_tech:Q", title="Share of technology", format=".1%"),
            ],
        )
        .properties(height=max(160, 24 * len(data)))
    )


def _layer_by_department_chart(by_dept: pd.DataFrame, cur: str) -> alt.Chart:
    data = ui.top_with_others(by_dept, "department", ["tech_spend", "sor", "soe"],
                              top_n=_TOP_DEPARTMENTS)
    data = data.assign(unassigned=data["tech_spend"] - data["sor"] - data["soe"])
    long = data.melt(
        id_vars=["department", "tech_spend"],
        value_vars=["sor", "soe", "unassigned"],
        var_name="layer",
        value_name="spend",
    )
    long["layer"] = long["layer"].map({"sor": "SoR", "soe": "SoE", "unassigned": "Unassigned"})
    long = long[long["spend"].abs() > 0.005]
    order = data["department"].tolist()
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("department:N", sort=order, title=None, axis=alt.Axis(labelLimit=220, labelOverlap=False)),
            x=alt.X("spend:Q", stack="zero", axis=ui.money_axis(cur)),
            color=alt.Color("layer:N", scale=ui.LAYER_SCALE, title=None, legend=alt.Legend(orient="top")),
            tooltip=[
                alt.Tooltip("department:N", title="Department"),
                alt.Tooltip("layer:N", title="Layer"),
                ui.money_tooltip("spend", "Spend", cur),
            ],
        )
        .properties(height=max(160, 24 * len(order)))
    )


ui.run_page(render)
