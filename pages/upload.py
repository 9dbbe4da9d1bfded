"""Upload: any finance export in, every row accounted for — and never a dead end.

Flow per file: pick the sheet -> check the detected mapping (every field with the column chosen
and why; edit any field) -> preview what the load will do (first parsed rows, rows read / loaded
/ excluded / rejected, control total) -> load -> the reconciliation, with the excluded and
rejected rows viewable and downloadable. Below: every upload so far, with delete. Thin page:
ingest and models do the work.

No dead end: when a required field is not found (the amount, or the date when no period is
known) the mapping editor opens by itself with every column, a few sample values each and the
best guesses. Choosing a column previews the file with it at once; "Apply mapping" makes it the
file's mapping (a confirmation, and the preview reruns with it); loading remembers it by the
header signature, so next month's file of the same shape maps itself.

Worked example: a file headed `Date, Supplier, Team, Pence` (whole numbers, so no column is
clearly money) opens the editor saying "No amount column was recognised"; the user picks
`Pence` for Amount, sees the preview's control total, clicks Apply, then Load.

When the file names no currency (`Preview.currency_assumed`), Load stays disabled until the
currency is entered. A "Period" (e.g. 2024-03) is passed to the loader when filled, for files
with no line dates.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile

import pandas as pd
import streamlit as st

import ingest
from ingest.mapping import column_samples, detect_mapping, field_candidates
import workspace
from models import analytics
from models.report import scope
import dashboard as ui
from dashboard import literal
from ingest import isolated

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


@st.cache_data(show_spinner=False, max_entries=16)
def _columns_and_sample(key: str, name: str, _data: bytes, sheet: str | None):
    """The file's columns and first rows (cached per file and sheet)."""
    src = ingest.read_source(name, _data, sheet=sheet)
    return tuple(src.columns), tuple(src.sample)


@st.cache_data(show_spinner=False, max_entries=32)
def _safe_to_read(key: str, name: str, _data: bytes) -> str | None:
    """None when the file reads within bounds, else the message. The first read of an upload runs
    in a memory- and time-bounded child process (ingest.isolated): a file that would abort the
    reader or exhaust memory ends that child, not the dashboard every user shares."""
    workdir = tempfile.mkdtemp(prefix="techspend-check-")
    try:
        isolated.read_source_isolated(name, _data, workdir=workdir)
    except ingest.IngestError as exc:
        return str(exc)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return None


def _try(action):
    """(result, None) or (None, message) for a domain error (shown by the caller)."""
    try:
        return action(), None
    except ingest.IngestError as exc:
        return None, str(exc)


def _missing(mapping: ingest.Mapping, period_given: bool, period_supported: bool) -> list[str]:
    """Required fields with no column: the amount (or debit/credit), and the date unless a
    period is known (a Period column or the Period field, when the loader takes periods)."""
    missing = []
    if mapping.amount_mode == "amount" and mapping.column("amount") is None:
        missing.append("amount")
    period_known = period_supported and (period_given or mapping.column("period") is not None)
    if mapping.column("date") is None and not period_known:
        missing.append("date")
    return missing


def _mapping_editor(key: str, mapping: ingest.Mapping, columns: list[str], sample,
                    missing: list[str]) -> dict[str, str | None]:
    """One selectbox per canonical field, preset to the detected column; each column shown with
    a few sample values. Returns the choices that differ from `mapping`."""
    samples = column_samples(tuple(columns), sample)
    guesses = {fld: [c for c, _, _ in field_candidates(fld, tuple(columns), sample)] for fld in missing}
    for fld in missing:
        found = field_candidates(fld, tuple(columns), sample)
        text = "; ".join(f"'{c}' ({why})" for c, _, why in found) or "none: no column looks like it"
        st.text(f"Best guesses for {ingest.FIELD_LABELS[fld]}: {text}")

    def label(option: str) -> str:
        if option == NONE:
            return NONE
        values = ", ".join(samples.get(option, [])[:3])
        return f"{option} — e.g. {values}" if values else f"{option} — (empty)"

    detected = mapping.fields
    overrides: dict[str, str | None] = {}
    cols = st.columns(4)
    for i, field in enumerate(ingest.FIELDS):
        options = [NONE] + columns
        current = detected.get(field)
        with cols[i % 4]:
            choice = st.selectbox(
                ingest.FIELD_LABELS[field] + (" (required)" if field in missing else ""), options,
                index=options.index(current) if current in options else 0,
                format_func=label, key=f"{key}_map_{field}",
                help=("Likely: " + ", ".join(guesses[field])) if guesses.get(field) else None,
            )
        if choice != (current or NONE):
            overrides[field] = None if choice == NONE else choice
    why = [text for _, text in mapping.explanations]
    if why:
        st.text("Why each column was chosen:\n" + "\n".join(why))
    frame = pd.DataFrame({
        "Column": columns,
        "Sample values": [", ".join(samples.get(c, [])) for c in columns],
        "Mapped to": [", ".join(ingest.FIELD_LABELS[f] for f, col in detected.items() if col == c)
                      for c in columns],
    })
    st.dataframe(frame, hide_index=True, width="stretch", key=f"{key}_columns")
    return overrides


def _preview_caption(preview, prefix: str = "Preview") -> str:
    return (f"{prefix}: {preview.rows_read:,} rows read -> {preview.rows_loaded:,} to load, "
            f"{preview.rows_excluded:,} to exclude, {preview.rows_rejected:,} to reject; "
            f"control total {preview.control_total:,.2f}.")


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
    st.subheader(literal.md(uploaded.name), anchor=False)
    problem = _safe_to_read(key, uploaded.name, data)
    if problem is not None:
        st.error(literal.message(problem))
        return
    sheets = ui.run_action(lambda: ingest.list_sheets(uploaded.name, data))
    if sheets is None:
        return
    sheet = None
    if len(sheets) > 1:
        choice = st.selectbox("Sheet", [AUTO] + sheets, key=f"{key}_sheet",
                              help="Leave on (detected) to use the sheet that looks like a ledger.")
        sheet = None if choice == AUTO else choice
    c1, c2, c3 = st.columns(3)
    order = c1.radio("Dates", ["decide from the values", "day/month/year", "month/day/year"],
                     horizontal=True, key=f"{key}_order")
    date_order = {"day/month/year": "dmy", "month/day/year": "mdy"}.get(order)
    reporting = analytics.reporting_currency(s)
    currency = c2.text_input(
        "Currency when the file has none", value="", max_chars=3, key=f"{key}_cur",
        placeholder=reporting, help=f"Leave empty to use the reporting currency ({reporting})."
    ).strip().upper() or None
    period_supported = True
    period = c3.text_input("Period (for a file with no dates), e.g. 2024-03", key=f"{key}_period",
                           max_chars=20).strip() or None
    extra = {"period": period} if period else {}

    # the mapping belongs to the sheet: its widgets and choices are kept per sheet
    mkey = f"{key}_{hashlib.sha256((sheet or '').encode()).hexdigest()[:6]}"
    flash = st.session_state.pop(f"{mkey}_applied_msg", None)
    if flash:
        st.success(flash)
    applied = st.session_state.get(f"{mkey}_overrides", {})

    def run_preview(overrides):
        return _try(lambda: ingest.preview_file(
            uploaded.name, data, sheet=sheet, overrides=overrides, date_order=date_order,
            currency=currency, store=s, **extra))

    preview, error = run_preview(applied)
    if preview is not None:
        mapping = preview.stage.mapping
        columns = list(preview.source.columns)
        sample = preview.source.sample
        missing: list[str] = []
    else:
        table, read_error = _try(lambda: _columns_and_sample(key, uploaded.name, data, sheet))
        if table is None:
            st.error(read_error or error)        # the file itself cannot be read
            return
        columns, sample = list(table[0]), table[1]
        mapping = detect_mapping(table[0], sample, default_currency=(currency or reporting))
        mapping, bad = _try(lambda: mapping.with_overrides(applied, table[0]))
        if mapping is None:
            st.error(bad)
            st.session_state.pop(f"{mkey}_overrides", None)
            return
        missing = _missing(mapping, bool(period), period_supported)
        if missing:
            st.warning(f"{error} Choose the column below: the editor shows every column with "
                       "sample values and the best guesses.")
        else:
            st.error(error)
    if preview is not None:
        for note in preview.source.notes + mapping.notes + preview.stage.notes:
            st.caption(literal.message(note))

    with st.expander("Column mapping (change any field)", expanded=bool(missing or preview is None)):
        chosen = _mapping_editor(mkey, mapping, columns, sample, missing)
        pending = {**applied, **chosen} if chosen else {}
        tentative = None
        if pending:
            tentative, t_error = run_preview(pending)
            if tentative is not None:
                st.caption(_preview_caption(tentative, "Preview with your choice (not applied yet)"))
                st.dataframe(tentative.rows, hide_index=True, width="stretch", key=f"{mkey}_tentative")
            else:
                st.warning(t_error)
            if st.button("Apply mapping", type="primary", key=f"{mkey}_apply"):
                st.session_state[f"{mkey}_overrides"] = pending
                st.session_state[f"{mkey}_applied_msg"] = "Mapping applied: " + ", ".join(
                    f"{ingest.FIELD_LABELS[f]} = '{c}'" if c else f"{ingest.FIELD_LABELS[f]} = (none)"
                    for f, c in chosen.items()) + ". The preview below uses it."
                st.rerun()
    if preview is None:
        return
    st.caption(_preview_caption(preview))
    st.dataframe(preview.rows, hide_index=True, width="stretch", key=f"{key}_preview")

    done = st.session_state.get(f"{key}_result")
    if done is None:
        needs_currency = bool(getattr(preview, "currency_assumed", False)) and not currency
        if needs_currency:
            st.warning(f"This file names no currency: its amounts would be taken as {reporting}. "
                       "Enter the currency above (for example GBP, EUR, USD) to enable Load.")
        if pending:
            st.info("Apply the mapping (or set it back) before loading.")
        replace = st.checkbox("Replace it if this exact file was loaded before", key=f"{key}_rep")
        if st.button("Load this file", type="primary", key=f"{key}_load",
                     disabled=needs_currency or bool(pending)):
            bar = st.progress(0.0, text="Reading")
            result = ui.run_action(lambda: workspace.load_file(  # lines + classification, one commit
                s, uploaded.name, data, sheet=sheet, overrides=applied, date_order=date_order,
                currency=currency, replace=replace,
                progress=lambda f, m: bar.progress(min(f, 1.0), text=m), **extra))
            bar.empty()
            if result is not None:
                st.session_state[f"{key}_result"] = result
                st.rerun()
        return
    if done.status == "duplicate":
        st.info(literal.message(done.message))
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


def _offer_sample_removal(s) -> None:
    """Once the user's own ledger is in, offer to take the sample company out (issue 12: the
    first own upload offers to remove it; a small, separate box, never automatic)."""
    sample = scope.sample_upload_ids(s)
    if not sample or not scope.own_ledger_upload_ids(s):
        return
    with st.container(border=True, key="sample_offer"):
        st.markdown(f"**The sample company ({scope.SAMPLE_COMPANY}) is still loaded**")
        st.caption("Its uploads are counted with yours in every figure (each page says so). "
                   "Remove them now, or later in Settings (Start empty); your own uploads stay.")
        if st.button("Remove the sample company", key="sample_offer_remove"):
            removed = ui.run_action(lambda: workspace.remove_sample_company(s))
            if removed is not None:
                st.success(f"Removed the sample company ({removed} uploads). Your uploads are kept.")


def render() -> None:
    s = ui.store()
    st.title("Upload", anchor=False)
    st.caption(
        "GL detail, AP invoice registers, card and expense feeds, public spend-over-£500 files: "
        "CSV, XLSX or XLS, any layout. Every row ends up loaded, excluded or rejected with a "
        "reason, and the totals reconcile to the cent."
    )
    files = st.file_uploader("Finance exports",
                             type=["csv", "txt", "tsv", "xlsx", "xlsm", "xls", "xml", "htm", "html"],
                             accept_multiple_files=True, key="uploader")
    for uploaded in files or []:
        with st.container(border=True):
            _one_file(s, uploaded)
    _offer_sample_removal(s)
    _uploads(s)


ui.run_page(render)
