"""Budget vs actual and the board-pack button, shared by the Budget & FX and Quarterly review pages.

    from pages import budget_sections
    budget_sections.budget_vs_actual_section(store, quarter, cur, key="qr_bva")
    budget_sections.board_pack_button(store, quarter)

`quarter` is a fiscal quarter as a key (20261), a label ('FY2026 Q1') or a models.fiscal.Quarter.
Figures come from models.budget.budget_vs_actual (cached per database version); the pack from
models.report.board_pack_bytes, built only when the button is clicked. Names from data reach
markdown only through ui.escape_md.
"""

from __future__ import annotations

import altair as alt
import streamlit as st

import access  # access: budget and pack are not department-scoped yet (#14)

from models import budget, fiscal, report
import dashboard as ui

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@st.cache_data(show_spinner=False, max_entries=64)
def _bva(db_path: str, version: int, quarter_label: str) -> budget.BudgetVsActual:
    from db import open_store

    return budget.budget_vs_actual(open_store(db_path), quarter_label)


def _scoped_out(what: str) -> bool:
    """access (#14): a department-scoped viewer is told, not shown, views of every department."""
    scope = access.current_scope()
    if scope is not None:
        st.info(f"{what} covers every department; you may see only {len(scope)} department(s).")
    return scope is not None


def board_pack_button(store, quarter, *, key: str = "board_pack") -> None:
    """'Download board pack' (XLSX): summary, charts, budget vs actual, vendors, lines, provenance."""
    if _scoped_out("The board pack"):  # access (#14)
        return
    q = fiscal.as_quarter(store, quarter)
    st.download_button(
        f"Download board pack ({q.label}, Excel)",
        data=lambda: report.board_pack_bytes(store, q),
        file_name=f"techspend-board-pack-{q.label.replace(' ', '-')}.xlsx",
        mime=XLSX_MIME,
        key=key,
        on_click="ignore",
        type="primary",
        help="Summary KPIs vs previous quarter and last year, native Excel charts, budget vs actual, "
        "outside-IT vendors, departments, the quarter's lines with source file and row, provenance.",
    )


def budget_vs_actual_section(store, quarter, currency: str, *, key: str = "bva") -> None:
    """Metrics, shadow-IT-in-budget-terms call-out, chart and tables for one quarter."""
    if _scoped_out("Budget vs actual"):  # access (#14)
        return
    result = _bva(store.path, store.version(), fiscal.as_quarter(store, quarter).label)
    q = result.quarter
    st.caption(f"{q.label}: {q.start:%d %b %Y} to {q.end:%d %b %Y}. Outlook = actual FY{q.fiscal_year} to date + budget for the rest of the year.")
    total = result.total
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Technology actual", ui.money_compact(total["actual"], currency), border=True,
              help=ui.money(total["actual"], currency))
    c2.metric("Technology budget", ui.money_compact(total["budget"], currency), border=True,
              help=ui.money(total["budget"], currency))
    c3.metric(
        "Variance (actual − budget)",
        ui.signed_money(total["variance"], currency),
        help="Positive = over budget.",
        border=True,
    )
    c4.metric(
        f"Full-year outlook FY{q.fiscal_year}",
        ui.money_compact(total["outlook_full_year"], currency),
        help=f"{ui.money(total['outlook_full_year'], currency)}; budget FY{q.fiscal_year}: "
        f"{ui.money(total['budget_full_year'], currency)}",
        border=True,
    )
    if not result.has_budget:
        st.info(f"No budget covers FY{q.fiscal_year} yet: load one on the Budget & FX page (Budget files tab).")
    if len(result.shadow_it):
        names = ", ".join(
            f"{ui.escape_md(r.department)} ({ui.money(r.actual_ytd, currency)})" for r in result.shadow_it.itertuples()
        )
        st.warning(
            f"Technology spend with no technology budget — shadow IT in budget terms "
            f"(FY{q.fiscal_year} to date): {names}"
        )

    if result.unmatched_budget_departments:
        st.info(
            "Budget departments that match no department in the ledgers (check the spelling in "
            "the budget file): " + ", ".join(ui.escape_md(d) for d in result.unmatched_budget_departments)
        )
    departments = result.by_department
    charted = departments[(departments["actual"] != 0) | (departments["budget"] != 0)]
    if len(charted):
        st.subheader("Budget vs actual by department")
        long = charted.melt(
            id_vars=["group_name"], value_vars=["budget", "actual"], var_name="measure", value_name="amount"
        )
        long["measure"] = long["measure"].map({"budget": "Budget", "actual": "Actual"})
        order = charted["group_name"].tolist()
        chart = (
            alt.Chart(long)
            .mark_bar()
            .encode(
                y=alt.Y("group_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
                yOffset=alt.YOffset("measure:N", sort=["Budget", "Actual"]),
                x=alt.X("amount:Q", axis=ui.money_axis(currency)),
                color=alt.Color(
                    "measure:N",
                    scale=alt.Scale(domain=["Budget", "Actual"], range=[ui.NEUTRAL_COLOR, ui.IT_COLOR]),
                    title=None,
                    legend=alt.Legend(orient="top"),
                ),
                tooltip=[
                    alt.Tooltip("group_name:N", title="Department"),
                    alt.Tooltip("measure:N", title="Measure"),
                    ui.money_tooltip("amount", "Amount", currency),
                ],
            )
            .properties(height=alt.Step(16))  # 16 px per bar, two bars per department
        )
        st.altair_chart(chart, width="stretch")

    config = {
        "group_name": st.column_config.TextColumn("Group"),
        "actual": ui.money_column(f"Actual {q.label}", currency),
        "budget": ui.money_column(f"Budget {q.label}", currency),
        "variance": ui.change_money_column("Variance", currency),
        "variance_pct": ui.change_pct_column("Variance %"),
        "actual_ytd": ui.money_column("Actual FY to date", currency),
        "budget_full_year": ui.money_column(f"Budget FY{q.fiscal_year}", currency),
        "outlook_full_year": ui.money_column(f"Outlook FY{q.fiscal_year}", currency),
        "no_tech_budget": st.column_config.CheckboxColumn("No tech budget"),
    }
    shown = ["group_name", "actual", "budget", "variance", "variance_pct", "actual_ytd",
             "budget_full_year", "outlook_full_year"]
    st.subheader("By department")
    ui.table(departments, key=f"{key}_dept", file_stem=f"budget_vs_actual_departments_{q.key}",
             columns=shown + ["no_tech_budget"], column_config={**config, "group_name": st.column_config.TextColumn("Department")})
    left, right = st.columns(2)
    with left:
        st.subheader("By layer")
        ui.table(result.by_layer, key=f"{key}_layer", file_stem=f"budget_vs_actual_layers_{q.key}",
                 columns=shown, column_config={**config, "group_name": st.column_config.TextColumn("Layer")})
    with right:
        st.subheader("IT vs outside IT")
        ui.table(result.by_it, key=f"{key}_it", file_stem=f"budget_vs_actual_it_{q.key}",
                 columns=shown, column_config={**config, "group_name": st.column_config.TextColumn("Side")})


