"""Quarterly review: one fiscal quarter against the previous quarter and the same quarter last year.

Headline changes, technology spend by department and by category, the biggest movers and the
technology vendors seen for the first time. Budget vs actual and the board pack (issue 5) are
added in the marked section below.
"""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from models import analytics, fiscal
import dashboard as ui
from dashboard import budget_sections, literal


def render() -> None:
    store = ui.store()
    st.title("Quarterly review")
    filters = ui.sidebar_filters(store, period=False)
    if ui.empty_state(store):
        return
    options: analytics.FilterOptions = ui.query(analytics.filter_options)
    keys = [q for q, _ in options.quarters]
    labels = dict(options.quarters)
    wanted = ui.int_or_none(st.query_params.get("quarter"))
    if "review_quarter" not in st.session_state:
        st.session_state["review_quarter"] = wanted if wanted in keys else _default_quarter(keys)
    quarter = st.columns([1, 3])[0].selectbox(
        "Quarter", keys, format_func=lambda k: labels.get(k, str(k)), key="review_quarter"
    )
    st.query_params["quarter"] = str(quarter)

    summary: analytics.QuarterSummary = ui.query(analytics.quarter_summary, quarter, filters)
    cur = analytics.reporting_currency(store)
    now, prev, last_year = summary.current, summary.previous_quarter, summary.same_quarter_last_year
    st.caption(
        f"{literal.md(now.quarter_label)} compared with {literal.md(prev.quarter_label)} (previous "
        f"quarter) and {literal.md(last_year.quarter_label)} (same quarter last year) · arrows "
        "show the change vs the "
        f"previous quarter · amounts in {cur}"
    )
    st.caption("Scope: " + ui.describe_scope(filters, period=now.quarter_label))
    ui.fx_note(now.fx_missing_lines)
    for name, period in (("previous quarter", prev), ("same quarter last year", last_year)):
        if period.line_count == 0:
            st.caption(f"No lines loaded for the {name} ({literal.md(period.quarter_label)}).")

    c1, c2, c3, c4 = st.columns(4)
    _kpi(c1, "Total spend", now.total_spend, prev, last_year, "total_spend", cur)
    _kpi(c2, "Technology spend", now.tech_spend, prev, last_year, "tech_spend", cur)
    _kpi(c3, "Tech spend outside IT", now.tech_outside_it, prev, last_year,
         "tech_outside_it", cur)
    share_delta = (
        None if now.outside_it_share is None or prev.outside_it_share is None
        else f"{(now.outside_it_share - prev.outside_it_share) * 100:+.1f} pts"
    )
    c4.metric(
        "Share outside IT",
        ui.percent(now.outside_it_share),
        delta=share_delta,
        delta_color="inverse",
        help="Share of technology spend paid outside IT; change vs the previous quarter in "
        "percentage points.",
        border=True,
    )

    config = _change_config(cur)
    changes = ui.query(analytics.quarter_changes_all, quarter, filters)
    tab_dept, tab_cat = st.tabs(["By department", "By category"])
    with tab_dept:
        by_dept = analytics.split_changes(changes, "department")
        by_dept = by_dept.assign(owner=by_dept["any_it_owned"].map({True: "IT", False: "Outside IT"}))
        ui.table(
            by_dept, key="review_departments", file_stem=f"tech_by_department_{quarter}",
            columns=["item", "owner", *_CHANGE_COLUMNS], column_config={
                "item": st.column_config.TextColumn("Department"),
                "owner": st.column_config.TextColumn("IT / outside IT"),
                **config,
            },
        )
    with tab_cat:
        by_cat = analytics.split_changes(changes, "category")
        ui.table(
            by_cat, key="review_categories", file_stem=f"tech_by_category_{quarter}",
            columns=["item", *_CHANGE_COLUMNS],
            column_config={"item": st.column_config.TextColumn("Category"), **config},
        )

    st.subheader("Biggest movers vs previous quarter")
    movers = analytics.split_changes(changes, "vendor").head(10)
    if movers.empty:
        st.caption("No technology spend in these quarters.")
    else:
        ui.chart(_movers_chart(movers, cur))
        ui.table(
            movers, key="review_movers", file_stem=f"biggest_movers_{quarter}",
            columns=["item", *_CHANGE_COLUMNS],
            column_config={"item": st.column_config.TextColumn("Vendor"), **config},
        )

    st.subheader("Technology vendors seen for the first time")
    first = ui.query(analytics.first_time_vendors, quarter, filters)
    if first.empty:
        st.caption("No new technology vendors this quarter.")
    else:
        st.caption(
            f"{len(first):,} vendors, {ui.money(first['spend'].sum(), cur)} in the quarter, "
            f"{ui.money(first['spend_outside_it'].sum(), cur)} of it outside IT."
        )
        ui.table(
            first, key="review_first_time", file_stem=f"first_time_vendors_{quarter}",
            columns=["vendor", "category", "layer", "departments", "spend", "spend_outside_it",
                     "first_seen"],
            column_config={
                "vendor": st.column_config.TextColumn("Vendor"),
                "category": st.column_config.TextColumn("Category"),
                "layer": st.column_config.TextColumn("Layer", width="small"),
                "departments": st.column_config.TextColumn("Departments"),
                "spend": ui.money_column("Spend", cur),
                "spend_outside_it": ui.money_column("Outside IT", cur),
                "first_seen": st.column_config.DateColumn("First seen"),
            },
        )

    st.subheader("Budget vs actual", anchor=False)
    if not _calendar_quarter(quarter):
        st.caption(
            f"{literal.md(labels.get(quarter, quarter))} comes from lines dated outside the years "
            f"{_FIRST_YEAR}–{_LAST_YEAR}; budgets and the board pack cover quarters inside them. "
            "Check those lines' dates (Review & rules) and correct or delete the upload."
        )
        return
    budget_sections.budget_vs_actual_section(
        store, quarter, cur, key="qr_bva", upload_ids=filters.upload_ids,
        departments_filtered=bool(filters.departments),
    )
    st.subheader("Board pack", anchor=False)
    st.caption("One workbook for the board: the quarter's headline figures with changes vs the "
               "previous quarter and last year, native Excel charts, budget vs actual, outside-IT "
               "vendors, departments, the quarter's lines with source file and row, provenance. "
               "It covers the sidebar's departments and uploads; row 3 of every sheet says so.")
    budget_sections.board_pack_button(store, quarter, key="qr_board_pack", filters=filters)


# Budgets, quarter labels typed by a person and the board pack work with four-digit fiscal
# years (Python dates stop at 9999); a quarter outside them comes from an implausible line date.
_FIRST_YEAR, _LAST_YEAR = fiscal.CALENDAR_YEARS


def _calendar_quarter(quarter_key: int) -> bool:
    return _FIRST_YEAR <= quarter_key // 10 <= _LAST_YEAR


def _default_quarter(keys: list[int]) -> int:
    """The latest quarter up to next year: a line dated 9999-12-31 must not become the default."""
    latest_plausible = (date.today().year + 1) * 10 + 4
    plausible = [k for k in keys if _calendar_quarter(k) and k <= latest_plausible]
    return plausible[-1] if plausible else keys[-1]


_CHANGE_COLUMNS = [
    "current", "previous_quarter", "change_vs_previous", "change_pct_vs_previous",
    "same_quarter_last_year", "change_vs_last_year", "change_pct_vs_last_year",
]


def _change_config(cur: str) -> dict:
    return {
        "current": ui.money_column("This quarter", cur),
        "previous_quarter": ui.money_column("Previous quarter", cur),
        "change_vs_previous": ui.change_money_column("Change", cur),
        "change_pct_vs_previous": ui.change_pct_column("Change %"),
        "same_quarter_last_year": ui.money_column("Same quarter last year", cur),
        "change_vs_last_year": ui.change_money_column("Change vs last year", cur),
        "change_pct_vs_last_year": ui.change_pct_column("Change % vs last year"),
    }


def _kpi(column, label, value, prev, last_year, field, cur) -> None:
    before = getattr(prev, field)
    year_ago = getattr(last_year, field)
    column.metric(
        label,
        ui.money_compact(value, cur),
        delta=ui.signed_money(value - before, cur),
        delta_color="inverse",
        help=f"{ui.money(value, cur)} this quarter; previous quarter {ui.money(before, cur)}; "
        f"same quarter last year {ui.money(year_ago, cur)} "
        f"({ui.signed_money(value - year_ago, cur)})",
        border=True,
    )


def _movers_chart(movers: pd.DataFrame, cur: str) -> alt.Chart:
    data = movers.assign(direction=movers["change_vs_previous"].map(lambda v: "Up" if v > 0 else "Down"))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("item:N", sort=data["item"].tolist(), title=None, axis=alt.Axis(labelLimit=220, labelOverlap=False)),
            x=alt.X("change_vs_previous:Q", axis=ui.money_axis(cur, f"Change vs previous quarter ({cur})")),
            color=alt.Color(
                "direction:N",
                scale=alt.Scale(domain=["Up", "Down"], range=[ui.UP_COLOR, ui.DOWN_COLOR]),
                title=None, legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("item:N", title="Vendor"),
                ui.money_tooltip("current", "This quarter", cur),
                ui.money_tooltip("previous_quarter", "Previous quarter", cur),
                ui.money_tooltip("change_vs_previous", "Change", cur),
            ],
        )
        .properties(height=max(160, 26 * len(data)))
    )


ui.run_page(render)
