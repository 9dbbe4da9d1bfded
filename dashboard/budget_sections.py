"""Budget vs actual and the board-pack button, shared by the Budget & FX and Quarterly review pages.

    from dashboard import budget_sections
    budget_sections.budget_vs_actual_section(store, quarter, cur, key="qr_bva")
    budget_sections.board_pack_button(store, quarter)

`quarter` is a fiscal quarter as a key (20261), a label ('FY2026 Q1') or a models.fiscal.Quarter.
Figures come from models.budget.budget_vs_actual (cached per database version); the pack from
models.report.board_pack_bytes, built only when the button is clicked. Names from data reach
markdown only through ui.escape_md.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import access  # access: budget and pack are not department-scoped yet (#14)

from models import budget, fiscal, report
import dashboard as ui

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# A real organisation has 150+ departments: charts show the largest and one "all others" bar;
# long lists are a sentence naming the largest few and a sortable, downloadable table below it.
TOP_DEPARTMENTS = 15
NAMED_IN_SENTENCE = 3


@st.cache_data(show_spinner=False, max_entries=64)
def _bva(db_path: str, version: int, quarter_label: str,
         upload_ids: tuple[int, ...] = ()) -> budget.BudgetVsActual:
    from db import open_store

    return budget.budget_vs_actual(open_store(db_path), quarter_label, upload_ids=upload_ids)


def _scoped_out(what: str) -> bool:
    """access (#14): a department-scoped viewer is told, not shown, views of every department."""
    scope = access.current_scope()
    if scope is not None:
        st.info(f"{what} covers every department; you may see only {len(scope)} department(s).")
    return scope is not None


def board_pack_button(store, quarter, *, key: str = "board_pack", filters=None) -> None:
    """'Download board pack' (XLSX): summary, charts, budget vs actual, vendors, lines, provenance,
    in the page's scope: `filters` (the sidebar's departments and uploads; the quarter is the
    pack's own) or None for the whole organisation. Every sheet states its scope on row 3."""
    if _scoped_out("The board pack"):  # access (#14)
        return
    q = fiscal.as_quarter(store, quarter)
    st.download_button(
        f"Download board pack ({q.label}, Excel)",
        data=lambda: report.board_pack_bytes(store, q, filters=_pack_filters(filters)),
        file_name=f"techspend-board-pack-{q.label.replace(' ', '-')}.xlsx",
        mime=XLSX_MIME,
        key=key,
        on_click="ignore",
        type="primary",
        help="Summary KPIs vs previous quarter and last year, native Excel charts, budget vs actual, "
        "outside-IT vendors, departments, the quarter's lines with source file and row, provenance.",
    )


def _pack_filters(filters):
    """The sidebar filters the pack takes (departments, uploads); the pack picks its own period."""
    if filters is None or not (filters.departments or filters.upload_ids):
        return None
    return filters.without_period()


def budget_vs_actual_section(store, quarter, currency: str, *, key: str = "bva",
                             upload_ids: tuple[int, ...] = (),
                             departments_filtered: bool = False) -> None:
    """Metrics, shadow-IT-in-budget-terms call-out, chart and tables for one quarter.

    `upload_ids` (the Uploads filter) restricts the actuals; budgets are organisation-wide, so a
    department filter does not apply here and the caption says so.
    """
    if _scoped_out("Budget vs actual"):  # access (#14)
        return
    upload_ids = tuple(int(u) for u in upload_ids)
    result = _bva(store.path, store.version(), fiscal.as_quarter(store, quarter).label, upload_ids)
    q = result.quarter
    scope = (f"actuals from upload{'s' if len(upload_ids) > 1 else ''} "
             + ", ".join(f"#{u}" for u in upload_ids)) if upload_ids else "actuals from all uploads"
    if departments_filtered:
        scope += "; all departments (budgets are organisation-wide: the department filter does not apply here)"
    st.caption(f"{q.label}: {q.start:%d %b %Y} to {q.end:%d %b %Y}; {scope}. Outlook = actual "
               f"FY{q.fiscal_year} to date + budget for the rest of the year.")
    total = result.total
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Technology actual", ui.money_compact(total["actual"], currency), border=True,
              help=ui.money(total["actual"], currency))
    c2.metric("Technology budget", ui.money_compact(total["budget"], currency), border=True,
              help=ui.money(total["budget"], currency))
    c3.metric(
        "Variance",
        ui.signed_money(total["variance"], currency),
        help="Actual − budget; positive = over budget.",
        border=True,
    )
    c4.metric(
        f"Outlook FY{q.fiscal_year}",
        ui.money_compact(total["outlook_full_year"], currency),
        help=f"Full-year outlook {ui.money(total['outlook_full_year'], currency)}; budget FY{q.fiscal_year}: "
        f"{ui.money(total['budget_full_year'], currency)}",
        border=True,
    )
    if not result.has_budget:
        st.info(f"No budget covers FY{q.fiscal_year} yet: load one on the Budget & FX page (Budget files tab).")
    _no_budget_callout(result, currency, key)
    _unmatched_callout(result, key)

    departments = result.by_department
    charted = departments[(departments["actual"] != 0) | (departments["budget"] != 0)]
    if len(charted):
        st.subheader("Budget vs actual by department")
        _department_chart(charted, currency)

    config = {
        "group_name": st.column_config.TextColumn("Group"),
        "actual": ui.money_column(f"Actual {q.label}", currency),
        "budget": ui.money_column(f"Budget {q.label}", currency),
        "variance": ui.change_money_column("Variance", currency),
        "variance_pct": ui.change_pct_column("Variance %", help="— : no budget to compare with"),
        "actual_ytd": ui.money_column("Actual FY to date", currency),
        "budget_full_year": ui.money_column(f"Budget FY{q.fiscal_year}", currency),
        "outlook_full_year": ui.money_column(f"Outlook FY{q.fiscal_year}", currency),
        "no_tech_budget": st.column_config.CheckboxColumn("No tech budget"),
    }
    shown = ["group_name", "actual", "budget", "variance", "variance_pct", "actual_ytd",
             "budget_full_year", "outlook_full_year"]
    st.subheader("By department")
    ui.table(departments, key=f"{key}_dept", file_stem=f"budget_vs_actual_departments_{q.key}",
             columns=shown + ["no_tech_budget"], height=420 if len(departments) > 12 else "auto",
             column_config={**config, "group_name": st.column_config.TextColumn("Department")})
    left, right = st.columns(2)
    with left:
        st.subheader("By layer")
        if not result.has_budget:
            st.caption(f"No budget for FY{q.fiscal_year}: nothing to compare by layer.")
        elif result.has_budget_layers:
            ui.table(result.by_layer, key=f"{key}_layer", file_stem=f"budget_vs_actual_layers_{q.key}",
                     columns=shown, column_config={**config, "group_name": st.column_config.TextColumn("Layer")})
        else:
            st.caption("The budget names no layers (SoR/SoE), so there is no by-layer comparison; "
                       "add a layer column to the budget file to see one.")
    with right:
        st.subheader("IT vs outside IT")
        ui.table(result.by_it, key=f"{key}_it", file_stem=f"budget_vs_actual_it_{q.key}",
                 columns=shown, column_config={**config, "group_name": st.column_config.TextColumn("Side")})


def _no_budget_callout(result: budget.BudgetVsActual, currency: str, key: str) -> None:
    """One warning sentence (count, total, the largest few), the full list in an expander."""
    shadow = result.shadow_it
    if not len(shadow):
        return
    q = result.quarter
    largest = ", ".join(
        f"{ui.escape_md(r.department)} ({ui.money(r.actual_ytd, currency)})"
        for r in shadow.head(NAMED_IN_SENTENCE).itertuples()
    )
    more = f" and {len(shadow) - NAMED_IN_SENTENCE:,} more" if len(shadow) > NAMED_IN_SENTENCE else ""
    st.warning(
        f"{len(shadow):,} department{'s' if len(shadow) != 1 else ''} outside IT spent "
        f"{ui.money(shadow['actual_ytd'].sum(), currency)} on technology in FY{q.fiscal_year} to "
        f"date with no technology budget (shadow IT in budget terms): {largest}{more}."
    )
    if len(shadow) > NAMED_IN_SENTENCE:
        with st.expander(f"All {len(shadow):,} departments with no technology budget"):
            ui.table(shadow, key=f"{key}_no_budget", file_stem=f"no_technology_budget_{q.key}",
                     columns=["department", "actual", "actual_ytd"],
                     height=360 if len(shadow) > 10 else "auto",
                     column_config={
                         "department": st.column_config.TextColumn("Department"),
                         "actual": ui.money_column(f"Actual {q.label}", currency),
                         "actual_ytd": ui.money_column("Actual FY to date", currency),
                     })


def _unmatched_callout(result: budget.BudgetVsActual, key: str) -> None:
    names = result.unmatched_budget_departments
    if not names:
        return
    shown = ", ".join(ui.escape_md(d) for d in names[:NAMED_IN_SENTENCE])
    more = f" and {len(names) - NAMED_IN_SENTENCE:,} more" if len(names) > NAMED_IN_SENTENCE else ""
    st.info(f"{len(names):,} budget department{'s' if len(names) != 1 else ''} match no "
            f"department in the ledgers (check the spelling in the budget file): {shown}{more}.")
    if len(names) > NAMED_IN_SENTENCE:
        with st.expander(f"All {len(names):,} unmatched budget departments"):
            ui.table(pd.DataFrame({"department": list(names)}), key=f"{key}_unmatched",
                     file_stem="unmatched_budget_departments",
                     column_config={"department": st.column_config.TextColumn("Budget department")})


def _department_chart(charted: pd.DataFrame, currency: str) -> None:
    """Budget and actual side by side for the largest departments, one bar for all others."""
    ranked = charted.assign(size=charted[["actual", "budget"]].abs().max(axis=1))
    ranked = ranked.sort_values("size", ascending=False, kind="stable")
    data = ui.top_with_others(ranked, "group_name", ["budget", "actual"], top_n=TOP_DEPARTMENTS)
    if len(ranked) > len(data):
        st.caption(f"The {TOP_DEPARTMENTS} largest departments of {len(ranked):,} and one bar for "
                   "all the others; every department is in the table below.")
    long = data.melt(id_vars=["group_name"], value_vars=["budget", "actual"],
                     var_name="measure", value_name="amount")
    long["measure"] = long["measure"].map({"budget": "Budget", "actual": "Actual"})
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("group_name:N", sort=data["group_name"].tolist(), title=None,
                    axis=alt.Axis(labelLimit=260)),
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
