"""Budget & FX: load a technology budget and an FX table, edit rates, see budget vs actual.

Budget and FX files follow the same flow as ledgers: choose a file -> preview (columns found,
rows that will load, rows excluded or rejected and why) -> load -> reconciliation (rows read =
loaded + excluded + rejected, control total). Rates can be typed or edited in a table. Budget vs
actual for a fiscal quarter by department, by layer and by IT vs outside IT, with the full-year
outlook; departments with technology spend and no technology budget are called out.
Files are previewed by ingest.budget / ingest.fx and loaded through the workspace (one
transaction each; an FX load or a rate edit reconverts every line in the same transaction);
figures come from models.budget / models.fx. This page has no SQL.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ingest
import workspace
from db.settings import read_settings
from ingest import budget as budget_files
from ingest import fx as fx_files
from models import fiscal, fx
import dashboard as ui
from dashboard import literal
from dashboard import budget_sections

NONE = "(none)"


_RATE_HEADERS = {"month": "Month", "from_currency": "From", "to_currency": "To", "rate": "Rate",
                 "source": "Source"}


def render() -> None:
    store = ui.store()
    st.title("Budget & FX")
    settings = read_settings(store)
    start_month, currency = settings.fiscal_start_month, settings.reporting_currency
    st.caption(
        f"Amounts in {currency}. The fiscal year starts in "
        f"{pd.Timestamp(2000, start_month, 1):%B} and is named by the calendar year it ends in "
        "(change both in Settings)."
    )
    tab_bva, tab_budget, tab_fx = st.tabs(["Budget vs actual", "Budget files", "FX rates"],
                                           key="budget_tab", bind="query-params")  # shareable
    with tab_bva:
        _budget_vs_actual(store, currency)
    with tab_budget:
        _budget_files(store)
    with tab_fx:
        _fx_rates(store, currency)


# ---- budget vs actual ------------------------------------------------------------------------
def _budget_vs_actual(store, currency: str) -> None:
    quarters = fiscal.quarters_with_data(store)
    if not quarters:
        st.info("No classified ledger lines yet: load a ledger on the Upload page first.")
        return
    labels = [q.label for q in reversed(quarters)]
    by_key = {str(q.key): q.label for q in quarters}
    wanted = by_key.get(st.query_params.get("quarter") or "")
    if "bva_quarter" not in st.session_state and wanted:  # ?quarter=20261: a shareable view
        st.session_state["bva_quarter"] = wanted
    cols = st.columns([1, 2], vertical_alignment="bottom")
    label = cols[0].selectbox("Quarter", labels, key="bva_quarter")
    ui.url_write("quarter", next(k for k, v in by_key.items() if v == label))
    with cols[1]:
        budget_sections.board_pack_button(store, label, key="budget_page_pack")
    budget_sections.budget_vs_actual_section(store, label, currency, key="bva")


# ---- shared preview -> load flow ------------------------------------------------------------
def _mapping_overrides(columns: tuple[str, ...], detected: dict[str, str], fields: list[str], key: str) -> dict[str, str] | None:
    with st.expander("Columns used (change if a column was not recognised)"):
        chosen = {}
        cols = st.columns(min(4, len(fields)))
        for i, name in enumerate(fields):
            options = [NONE, *columns]
            default = detected.get(name, NONE)
            chosen[name] = cols[i % len(cols)].selectbox(
                name.replace("_", " "), options, index=options.index(default) if default in options else 0,
                key=f"{key}_map_{name}",
            )
    overrides = {name: col for name, col in chosen.items() if col != NONE and detected.get(name) != col}
    return overrides or None


_ISSUE_COLUMNS = {
    "source_row": st.column_config.NumberColumn("Row", format="%d"),
    "disposition": st.column_config.TextColumn("Excluded or rejected"),
    "reason": st.column_config.TextColumn("Reason"),
}


def _issues_frame(issues) -> pd.DataFrame:
    return pd.DataFrame(
        [{"source_row": i.source_row, "disposition": i.disposition, "reason": i.reason} for i in issues],
        columns=["source_row", "disposition", "reason"],
    )


def _show_result(store, result, key: str) -> None:
    if result.status == "duplicate":
        st.warning(literal.message(result.message))
        return
    st.success(literal.message(result.message))
    for note in result.notes:
        st.text(note)
    issues = ingest.row_issues(store, result.upload_id)
    if len(issues):
        ui.table(issues[["source_row", "disposition", "reason"]], key=f"{key}_issues",
                 file_stem=f"{key}_row_issues", column_config=_ISSUE_COLUMNS)


def _budget_files(store) -> None:
    st.subheader("Load a budget file")
    st.caption(
        "CSV or Excel with a department, a period (2026-01, FY2026 Q1 / 2026-Q1, FY2026, or a date) "
        "and an amount; optional category, layer (SoR/SoE), IT budget flag (Y/N) and currency. "
        "Every row is loaded, excluded (blank, totals) or rejected with its reason."
    )
    upload = st.file_uploader("Budget file", type=["csv", "txt", "xlsx", "xls"], key="budget_file")
    if upload is not None:
        data = upload.getvalue()
        preview = ui.run_action(lambda: budget_files.preview_budget_file(store, upload.name, data))
        if preview is not None:
            overrides = _mapping_overrides(preview.table.columns, preview.mapping_names, list(budget_files.ALIASES), "budget")
            if overrides:
                preview = ui.run_action(lambda: budget_files.preview_budget_file(store, upload.name, data, overrides=overrides))
        if preview is not None:
            excluded = sum(1 for i in preview.issues if i.disposition == "excluded")
            st.write(
                f"{preview.rows_read:,} rows read (header on row {preview.table.header_row}): "
                f"{len(preview.rows):,} will load, {excluded:,} excluded, {len(preview.issues) - excluded:,} rejected."
            )
            frame = preview.frame()
            if len(frame):
                st.caption(f"First {min(len(frame), 200):,} rows that will load")
                ui.table(frame.head(200), key="budget_preview", file_stem="budget_preview")
            if preview.issues:
                ui.table(_issues_frame(preview.issues), key="budget_preview_issues",
                         file_stem="budget_rows_left_out", column_config=_ISSUE_COLUMNS)
            replace = st.checkbox("Replace the same file if it was loaded before", key="budget_replace")
            if st.button("Load budget", type="primary", key="budget_load"):
                result = ui.run_action(
                    lambda: workspace.load_budget_file(store, upload.name, data, overrides=overrides, replace=replace)
                )
                if result is not None:
                    st.session_state["budget_result"] = result
    if "budget_result" in st.session_state:
        _show_result(store, st.session_state["budget_result"], "budget")

    st.subheader("Budget uploads")
    uploads = budget_files.budget_uploads(store)
    if uploads.empty:
        st.caption("No budget loaded yet.")
        return
    ui.table(uploads, key="budget_uploads", file_stem="budget_uploads",
             columns=["upload_id", "file_name", "rows_read", "rows_loaded", "rows_excluded", "rows_rejected", "control_total", "loaded_at"],
             column_config={
                 "upload_id": st.column_config.NumberColumn("Upload", format="%d"),
                 "file_name": st.column_config.TextColumn("File"),
                 "rows_read": st.column_config.NumberColumn("Rows read", format="%,d"),
                 "rows_loaded": st.column_config.NumberColumn("Loaded", format="%,d"),
                 "rows_excluded": st.column_config.NumberColumn("Excluded", format="%,d"),
                 "rows_rejected": st.column_config.NumberColumn("Rejected", format="%,d"),
                 "control_total": st.column_config.NumberColumn("Control total", format="%,.2f"),
                 "loaded_at": st.column_config.DatetimeColumn("Loaded at", format="YYYY-MM-DD HH:mm"),
             })
    cols = st.columns([2, 1, 5])
    target = cols[0].selectbox("Upload to delete", uploads["upload_id"].tolist(), key="budget_delete_id",
                               format_func=lambda i: f"#{i} {uploads.set_index('upload_id').loc[i, 'file_name']}")
    if cols[1].button("Delete", key="budget_delete"):

        def delete() -> bool:
            workspace.delete_budget_upload(store, int(target))
            return True

        if ui.run_action(delete):
            st.session_state.pop("budget_result", None)
            st.rerun()


def _fx_rates(store, currency: str) -> None:
    missing = fx.missing(store)
    if len(missing):
        st.warning(
            f"{int(missing['lines'].sum()):,} line(s) in {len(missing)} currency-month(s) have no rate to "
            f"{currency}: they are left out of every figure (never converted at 1.0). Add the rates below."
        )
        ui.table(
            missing, key="fx_missing", file_stem="fx_rates_missing",
            column_config={"currency": st.column_config.TextColumn("Currency"),
                           "to_currency": st.column_config.TextColumn("To"),
                           "lines": st.column_config.NumberColumn("Lines", format="%,d"),
                           "month": st.column_config.DateColumn("Month", format="YYYY-MM"),
                           "amount": st.column_config.NumberColumn("Amount (original currency)", format="%,.2f")},
        )
    else:
        st.success(f"Every line converts to {currency}.")

    st.subheader("Load an FX table")
    st.caption(
        f"Columns Month (2025-04, Apr-25 or any date in the month), From, To, Rate = units of To for one From. "
        f"A rate also converts the other way (its inverse)."
    )
    upload = st.file_uploader("FX file", type=["csv", "txt", "xlsx", "xls"], key="fx_file")
    if upload is not None:
        data = upload.getvalue()
        preview = ui.run_action(lambda: fx_files.preview_fx_file(upload.name, data))
        if preview is not None:
            overrides = _mapping_overrides(preview.table.columns, preview.mapping_names, list(fx_files.ALIASES), "fx")
            if overrides:
                preview = ui.run_action(lambda: fx_files.preview_fx_file(upload.name, data, overrides=overrides))
        if preview is not None:
            excluded = sum(1 for i in preview.issues if i.disposition == "excluded")
            st.write(
                f"{preview.rows_read:,} rows read: {len(preview.rates):,} will load, "
                f"{excluded:,} excluded, {len(preview.issues) - excluded:,} rejected."
            )
            if preview.issues:
                ui.table(_issues_frame(preview.issues), key="fx_preview_issues",
                         file_stem="fx_rows_left_out", column_config=_ISSUE_COLUMNS)
            replace = st.checkbox("Replace the same file if it was loaded before", key="fx_replace")
            if st.button("Load rates", type="primary", key="fx_load"):

                result = ui.run_action(  # rates + every line reconverted: one transaction
                    lambda: workspace.load_fx_file(store, upload.name, data, overrides=overrides, replace=replace))
                if result is not None:
                    st.session_state["fx_result"] = result
                    st.rerun()
    if "fx_result" in st.session_state:
        _show_result(store, st.session_state["fx_result"], "fx")

    st.subheader("Rates")
    st.caption("Edit, add or delete rows, then save. Nothing is saved while any row is invalid.")
    rates = fx.rates(store)
    rates["month"] = pd.to_datetime(rates["month"])
    ui.download_buttons(
        ui.export_frame(rates, _RATE_HEADERS), "fx_rates", key="dl_fx_rates"
    )
    edited = st.data_editor(
        rates,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key="fx_editor",
        column_config={
            "month": st.column_config.DateColumn("Month", format="YYYY-MM", required=True),
            "from_currency": st.column_config.TextColumn("From", max_chars=3, required=True),
            "to_currency": st.column_config.TextColumn("To", max_chars=3, required=True, default=currency),
            "rate": st.column_config.NumberColumn("Rate", min_value=0.0, format="%.6f", required=True),
            "source": st.column_config.TextColumn("Source", disabled=True),
        },
    )
    if "fx_saved" in st.session_state:
        st.success(f"{st.session_state.pop('fx_saved'):,} rate(s) saved; figures recalculated.")
    if st.button("Save rates", key="fx_save"):
        saved = ui.run_action(lambda: workspace.save_rates(store, edited))
        if saved is not None:
            st.session_state["fx_saved"] = saved
            st.session_state.pop("fx_editor", None)  # start the editor again from the saved rates
            st.rerun()


ui.run_page(render)
