"""Upload: any finance export in, every row accounted for.

Flow per file: pick the sheet -> check the detected mapping (edit any field) -> preview what the
load will do (first parsed rows, rows read / loaded / excluded / rejected, control total) ->
load -> the reconciliation, with the excluded and rejected rows viewable and downloadable.
Below: every upload so far, with delete. Thin page: ingest and models do the work.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

import ingest
import workspace
import dashboard as ui

ISSUE_COLUMNS = {
    "upload_id": st.column_config.NumberColumn("Upload", format="#%d", width="small"),
    "file_name": st.column_config.TextColumn("File"),
    "source_row": st.column_config.NumberColumn("Row", format="%d", width="small"),
    "disposition": st.column_config.TextColumn("What happened", width="small"),
    "reason": st.column_config.TextColumn("Reason", width="large"),
    "raw": st.column_config.TextColumn("The row as written", width="large"),
}
AUTO = "(detected)"
NONE = "(none)"


def _file_key(uploaded) -> str:
    return hashlib.sha256(uploaded.getvalue()).hexdigest()[:16]


def _mapping_editor(key: str, preview: ingest.Preview) -> dict[str, str | None]:
    """One selectbox per canonical field, preset to the detected column."""
    columns = list(preview.source.columns)
    detected = preview.stage.mapping.fields
    overrides: dict[str, str | None] = {}
    cols = st.columns(4)
    for i, field in enumerate(ingest.FIELDS):
        options = [NONE] + columns
        current = detected.get(field)
        with cols[i % 4]:
            choice = st.selectbox(
                ingest.FIELD_LABELS[field], options,
                index=options.index(current) if current in options else 0,
                key=f"{key}_map_{field}",
            )
        if choice != (current or NONE):
            overrides[field] = None if choice == NONE else choice
    return overrides


def _reconciliation(result: ingest.LoadResult) -> None:
    cols = st.columns(5)
    cols[0].metric("Rows read", f"{result.rows_read:,}")
    cols[1].metric("Loaded", f"{result.rows_loaded:,}")
    cols[2].metric("Excluded", f"{result.rows_excluded:,}")
    cols[3].metric("Rejected", f"{result.rows_rejected:,}")
    cols[4].metric("Control total", f"{result.control_total:,.2f}")
    if result.reconciles:
        st.success(
            f"Every row is accounted for: {result.rows_read:,} read = {result.rows_loaded:,} "
            f"loaded + {result.rows_excluded:,} excluded + {result.rows_rejected:,} rejected."
        )
    if len(result.totals_by_currency) > 1:
        st.text("By currency: " + ", ".join(
            f"{cur} {amount:,.2f}" for cur, amount in result.totals_by_currency.items()))


def _one_file(s, uploaded) -> None:
    key = _file_key(uploaded)
    data = uploaded.getvalue()
    st.subheader(uploaded.name, anchor=False)
    sheets = ui.run_action(lambda: ingest.list_sheets(uploaded.name, data))
    if sheets is None:
        return
    sheet = None
    if len(sheets) > 1:
        choice = st.selectbox("Sheet", [AUTO] + sheets, key=f"{key}_sheet",
                              help="Leave on (detected) to use the sheet that looks like a ledger.")
        sheet = None if choice == AUTO else choice
    c1, c2 = st.columns(2)
    order = c1.radio("Dates", ["decide from the values", "day/month/year", "month/day/year"],
                     horizontal=True, key=f"{key}_order")
    date_order = {"day/month/year": "dmy", "month/day/year": "mdy"}.get(order)
    currency = c2.text_input("Currency when the file has none", value=s.setting(
        "reporting_currency", "GBP"), max_chars=3, key=f"{key}_cur").strip().upper() or None

    overrides = st.session_state.get(f"{key}_overrides", {})
    preview = ui.run_action(lambda: ingest.preview_file(
        uploaded.name, data, sheet=sheet, overrides=overrides, date_order=date_order,
        currency=currency, store=s))
    if preview is None:
        return
    for note in preview.source.notes + preview.stage.mapping.notes + preview.stage.notes:
        st.caption(note)
    with st.expander("Column mapping (change any field)", expanded=False):
        chosen = _mapping_editor(key, preview)
        if chosen != overrides and st.button("Apply mapping", key=f"{key}_apply"):
            st.session_state[f"{key}_overrides"] = {**overrides, **chosen}
            st.rerun()
    st.caption(
        f"Preview: {preview.rows_read:,} rows read -> {preview.rows_loaded:,} to load, "
        f"{preview.rows_excluded:,} to exclude, {preview.rows_rejected:,} to reject; "
        f"control total {preview.control_total:,.2f}."
    )
    st.dataframe(preview.rows, hide_index=True, width="stretch", key=f"{key}_preview")

    done = st.session_state.get(f"{key}_result")
    if done is None:
        replace = st.checkbox("Replace it if this exact file was loaded before", key=f"{key}_rep")
        if st.button("Load this file", type="primary", key=f"{key}_load"):
            bar = st.progress(0.0, text="Reading")
            result = ui.run_action(lambda: workspace.load_file(  # lines + classification, one commit
                s, uploaded.name, data, sheet=sheet, overrides=overrides, date_order=date_order,
                currency=currency, replace=replace,
                progress=lambda f, m: bar.progress(min(f, 1.0), text=m)))
            bar.empty()
            if result is not None:
                st.session_state[f"{key}_result"] = result
                st.rerun()
        return
    if done.status == "duplicate":
        st.info(done.message)
        return
    _reconciliation(done)
    issues = ingest.row_issues(s, done.upload_id)
    if not issues.empty:
        st.markdown("**Excluded and rejected rows**")
        ui.table(issues, key=f"{key}_issues", file_stem=f"issues_upload_{done.upload_id}",
                 column_config=ISSUE_COLUMNS)


def _uploads(s) -> None:
    st.header("Uploads", anchor=False)
    frame = ingest.list_uploads(s)
    if frame.empty:
        st.info("Nothing loaded yet.")
        return
    count = st.column_config.NumberColumn
    ui.table(frame, key="uploads_table", file_stem="uploads", column_config={
        "upload_id": count("Upload", format="#%d", width="small"),
        "file_name": st.column_config.TextColumn("File"),
        "sheet": st.column_config.TextColumn("Sheet"),
        "dataset": st.column_config.TextColumn("Kind of data", width="small"),
        "kind": st.column_config.TextColumn("Format", width="small"),
        "rows_read": count("Rows read", format="%,d"),
        "rows_loaded": count("Loaded", format="%,d"),
        "rows_excluded": count("Excluded", format="%,d"),
        "rows_rejected": count("Rejected", format="%,d"),
        "control_total": count("Control total", format="%,.2f",
                               help="Sum of the loaded amounts, in the file's own currencies"),
        "loaded_at": st.column_config.DatetimeColumn("Loaded at", format="YYYY-MM-DD HH:mm"),
        "sha256": st.column_config.TextColumn("SHA-256", width="small"),
    })
    c1, c2 = st.columns([2, 3])
    labels = {f"#{r.upload_id} {r.file_name}": int(r.upload_id) for r in frame.itertuples()}
    pick = c1.selectbox("Upload", list(labels), key="delete_pick", label_visibility="collapsed")
    with c2:
        with st.popover("Delete upload"):
            st.text(f"Delete {pick} and all its lines? This cannot be undone.")
            if st.button("Delete", type="primary", key="delete_go"):
                upload_id = labels[pick]
                ui.run_action(lambda: workspace.delete_upload(s, upload_id))
                st.rerun()
    with st.expander("Excluded and rejected rows of all uploads"):
        issues = ingest.row_issues(s)
        if issues.empty:
            st.text("None.")
        else:
            ui.table(issues, key="all_issues", file_stem="excluded_and_rejected_rows",
                     column_config=ISSUE_COLUMNS)


def render() -> None:
    s = ui.store()
    st.title("Upload", anchor=False)
    st.caption(
        "GL detail, AP invoice registers, card and expense feeds, public spend-over-£500 files: "
        "CSV, XLSX or XLS, any layout. Every row ends up loaded, excluded or rejected with a "
        "reason, and the totals reconcile to the cent."
    )
    files = st.file_uploader("Finance exports", type=["csv", "txt", "tsv", "xlsx", "xlsm", "xls"],
                             accept_multiple_files=True, key="uploader")
    for uploaded in files or []:
        with st.container(border=True):
            _one_file(s, uploaded)
    _uploads(s)


ui.run_page(render)
