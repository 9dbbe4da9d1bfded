"""Shared page helpers: the store, global filters, palette, money formatting, tables, downloads.

Pages stay thin: `store = ui.store()`, `filters = ui.sidebar_filters(store)`, `ui.query(fn, ...)`
for every models call (cached per database version and filters), then charts and `ui.table`.

Rules this module enforces for every page:

* Results are cached with st.cache_data keyed by the database file, `store.version()` (bumped
  on every load or rule change) and the call's arguments, so a new upload shows at once.
* Global filters (quarters, departments, uploads) live in the sidebar and in the URL query
  parameters (`?from=20251&to=20254&dept=Marketing&upload=3`), so a view can be shared as a link.
* Data is shown literally: vendor names never reach markdown unescaped (`escape_md`, st.text,
  st.dataframe) and never `unsafe_allow_html`.
* Downloads: every table as CSV and XLSX. Text cells starting with = + - @ tab or CR are
  neutralised so a spreadsheet never evaluates them (models.excel_safe, the same policy as the
  board pack): CSV gets a leading apostrophe; XLSX cells are typed as text with Excel's quote
  prefix (the value itself is unchanged).
* Domain errors (`db.TechspendError`) become one st.error with their message (`run_page`).
"""

from __future__ import annotations

import io
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable

import altair as alt
import pandas as pd
import streamlit as st

import workspace
from db import TechspendError
from db.store import Store, default_db_path, open_store
from models import analytics
from models.analytics import Filters
from models.excel_safe import is_formula_like, neutralise_csv_cell, set_cell  # noqa: F401

REPO_ROOT = Path(__file__).resolve().parent.parent
UPLOAD_PAGE = "pages/upload.py"

# ---- palette (one meaning per colour, on every page) --------------------------------------------
IT_COLOR = "#1f4e79"  # IT department (dark blue)
OUTSIDE_IT_COLOR = "#e07b39"  # outside IT (orange)
SOR_COLOR = "#2a9d8f"  # systems of record (teal)
SOE_COLOR = "#8e5ea2"  # systems of engagement (purple)
NEUTRAL_COLOR = "#9aa5b1"  # not technology / unassigned
UP_COLOR = "#c0392b"  # spend went up
DOWN_COLOR = "#2e7d32"  # spend went down

IT_SCALE = alt.Scale(domain=["IT", "Outside IT"], range=[IT_COLOR, OUTSIDE_IT_COLOR])
LAYER_SCALE = alt.Scale(
    domain=["SoR", "SoE", "Unassigned"], range=[SOR_COLOR, SOE_COLOR, NEUTRAL_COLOR]
)
LAYER_NAMES = {"SoR": "Systems of record (SoR)", "SoE": "Systems of engagement (SoE)"}

_SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€", "JPY": "¥", "INR": "₹", "CHF": "CHF "}


# ---- formatting ----------------------------------------------------------------------------------
def currency_symbol(currency: str) -> str:
    return _SYMBOLS.get(currency.upper(), currency.upper() + " ")


def money(value: Decimal | float | int | None, currency: str, *, decimals: int = 0) -> str:
    """£1,234,568 — full amount for KPI cards (rounded to whole units by default)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    amount = float(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}{currency_symbol(currency)}{abs(amount):,.{decimals}f}"


def money_compact(value: Decimal | float | int | None, currency: str) -> str:
    """£251.1M / £48.2k / £950 — for KPI cards, which must fit a quarter of a laptop screen."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    amount = float(value)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    for threshold, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if amount >= threshold * 0.99995:  # shows as at least 1.0 of this unit
            return f"{sign}{currency_symbol(currency)}{amount / threshold:,.1f}{suffix}"
    return f"{sign}{currency_symbol(currency)}{amount:,.0f}"


def signed_money(value: Decimal | float | None, currency: str) -> str:
    """+£1.2k / -£300: for st.metric deltas (Streamlit colours by the leading sign)."""
    if value is None:
        return "–"
    text = money_compact(value, currency)
    return text if text.startswith("-") else "+" + text


def percent(value: float | None, *, decimals: int = 1) -> str:
    return "–" if value is None or pd.isna(value) else f"{value * 100:.{decimals}f}%"


def escape_md(text: Any) -> str:
    """Make any data string safe to embed in markdown: every markdown character escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&\"'])", r"\\\1", str(text))


def money_column(label: str, currency: str, *, decimals: int = 0, **kwargs: Any) -> Any:
    """An amount in the reporting currency (whole units for totals; decimals=2 for lines)."""
    symbol = currency_symbol(currency).replace("%", "%%")
    return st.column_config.NumberColumn(label, format=f"{symbol}%,.{decimals}f", **kwargs)


def change_money_column(label: str, currency: str, **kwargs: Any) -> Any:
    """A signed change (+1,234 / -567) in the reporting currency; the currency is in the label."""
    return st.column_config.NumberColumn(f"{label} ({currency})", format="%+,.0f", **kwargs)


def share_column(label: str, **kwargs: Any) -> Any:
    """A 0..1 ratio shown as a progress bar with its percentage."""
    return st.column_config.ProgressColumn(
        label, format="percent", min_value=0.0, max_value=1.0, **kwargs
    )


def change_pct_column(label: str, **kwargs: Any) -> Any:
    return st.column_config.NumberColumn(label, format="percent", **kwargs)


def money_axis(currency: str, title: str | None = None) -> alt.Axis:
    """Axis labels like £1.2M (constant symbol; 'G' shown as 'B' for billions)."""
    symbol = currency_symbol(currency).strip().replace("'", "")
    return alt.Axis(
        title=title if title is not None else f"Spend ({currency})",
        labelExpr=f"'{symbol}' + replace(format(datum.value, '~s'), 'G', 'B')",
    )


def chart(spec: alt.TopLevelMixin) -> None:
    """st.altair_chart at full width and at the chart's own height (Streamlit would squeeze it)."""
    height = getattr(spec, "height", None)
    kwargs: dict[str, Any] = {"width": "stretch"}
    if isinstance(height, int):
        kwargs["height"] = height + 70  # room for the legend and the axis title
    st.altair_chart(spec, **kwargs)


def money_tooltip(field: str, title: str, currency: str) -> alt.Tooltip:
    return alt.Tooltip(field, type="quantitative", title=f"{title} ({currency})", format=",.0f")


# ---- store and cached queries ---------------------------------------------------------------------
@st.cache_resource(show_spinner="Opening the database…")
def _open(path: str) -> Store:
    store = workspace.open_workspace(path)  # unclassified lines (older versions, crashes) healed
    if not os.environ.get("TECHSPEND_NO_SAMPLE"):
        try:  # first run: the sample company in a never-used database
            workspace.ensure_sample_company(store)
        except TechspendError:  # the empty state offers the button again, with the message
            pass
    return store


def store() -> Store:
    """The Store for $TECHSPEND_DB (default data/techspend.duckdb), shared by all sessions."""
    return _open(str(default_db_path()))


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(db_path: str, version: int, fn_name: str, args: tuple, kwargs: tuple) -> Any:
    return getattr(analytics, fn_name)(open_store(db_path), *args, **dict(kwargs))


def query(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call `models.analytics.<fn>(store, *args, **kwargs)`, cached until the data changes."""
    s = store()
    return _cached(s.path, s.version(), fn.__name__, args, tuple(sorted(kwargs.items())))


# ---- global filters (sidebar <-> URL) -------------------------------------------------------------
_F_PERIOD, _F_DEPTS, _F_UPLOADS = "_flt_period", "_flt_depts", "_flt_uploads"
_W_PERIOD, _W_DEPTS, _W_UPLOADS = "w_flt_period", "w_flt_depts", "w_flt_uploads"


def int_or_none(text: str | None) -> int | None:
    try:
        return int(text) if text not in (None, "") else None
    except ValueError:
        return None


def _init_from_url(options: analytics.FilterOptions) -> None:
    """Once per session: take the filters from the URL, dropping values the data doesn't have."""
    if _F_PERIOD in st.session_state:
        return
    params = st.query_params
    keys = [q for q, _ in options.quarters]
    q_from, q_to = int_or_none(params.get("from")), int_or_none(params.get("to"))
    period = None
    if keys and (q_from in keys or q_to in keys):
        lo = q_from if q_from in keys else keys[0]
        hi = q_to if q_to in keys else keys[-1]
        period = (min(lo, hi), max(lo, hi))
    st.session_state[_F_PERIOD] = period
    st.session_state[_F_DEPTS] = [d for d in params.get_all("dept") if d in options.departments]
    upload_ids = {u for u, _ in options.uploads}
    st.session_state[_F_UPLOADS] = [
        u for u in (int_or_none(x) for x in params.get_all("upload")) if u in upload_ids
    ]


def _write_url() -> None:
    period = st.session_state.get(_F_PERIOD)
    wanted: dict[str, Any] = {}
    if period:
        wanted["from"], wanted["to"] = str(period[0]), str(period[1])
    if st.session_state.get(_F_DEPTS):
        wanted["dept"] = list(st.session_state[_F_DEPTS])
    if st.session_state.get(_F_UPLOADS):
        wanted["upload"] = [str(u) for u in st.session_state[_F_UPLOADS]]
    for key in ("from", "to", "dept", "upload"):
        current = st.query_params.get_all(key)
        target = wanted.get(key)
        target_list = [] if target is None else (target if isinstance(target, list) else [target])
        if current != target_list:
            if target_list:
                st.query_params[key] = target_list if len(target_list) > 1 else target_list[0]
            else:
                del st.query_params[key]


def _copy(widget_key: str, state_key: str, convert: Callable[[Any], Any] = lambda v: v) -> None:
    st.session_state[state_key] = convert(st.session_state[widget_key])


def sidebar_filters(s: Store, *, period: bool = True) -> Filters:
    """Render the global filters in the sidebar and return them (also kept in the URL).

    period=False hides the period control (the Quarterly review picks its own quarter).
    """
    options = query(analytics.filter_options)
    _init_from_url(options)
    quarter_keys = [q for q, _ in options.quarters]
    labels = dict(options.quarters)

    with st.sidebar:
        st.header("Filters")
        stored_period = st.session_state.get(_F_PERIOD)
        if period and len(quarter_keys) > 1:
            value = tuple(stored_period or (quarter_keys[0], quarter_keys[-1]))
            st.select_slider(
                "Fiscal quarters",
                options=quarter_keys,
                value=value,
                format_func=lambda k: labels.get(k, str(k)),
                key=_W_PERIOD,
                on_change=_copy,
                args=(_W_PERIOD, _F_PERIOD, _full_range_is_none(quarter_keys)),
            )
        elif period and quarter_keys:
            st.caption("Period: " + labels[quarter_keys[0]])

        st.multiselect(
            "Departments",
            options=list(options.departments),
            default=list(st.session_state.get(_F_DEPTS, [])),
            format_func=lambda d: f"{d} (IT)" if d in options.it_departments else d,
            key=_W_DEPTS,
            placeholder="All departments",
            on_change=_copy,
            args=(_W_DEPTS, _F_DEPTS),
        )
        upload_names = dict(options.uploads)
        if len(upload_names) > 1:
            st.multiselect(
                "Uploads",
                options=list(upload_names),
                default=list(st.session_state.get(_F_UPLOADS, [])),
                format_func=lambda u: f"#{u} {upload_names.get(u, '')}",
                key=_W_UPLOADS,
                placeholder="All uploads",
                on_change=_copy,
                args=(_W_UPLOADS, _F_UPLOADS),
            )
        st.caption(f"Amounts in {analytics.reporting_currency(s)}")
    _write_url()

    chosen = st.session_state.get(_F_PERIOD) if period else None
    return Filters(
        quarter_from=chosen[0] if chosen else None,
        quarter_to=chosen[1] if chosen else None,
        departments=tuple(st.session_state.get(_F_DEPTS, [])),
        upload_ids=tuple(st.session_state.get(_F_UPLOADS, [])),
    )


def _full_range_is_none(keys: list[int]) -> Callable[[Any], Any]:
    """The whole range selected means "no period filter" (keeps URLs short, includes new data)."""

    def convert(value: Any) -> Any:
        value = tuple(value) if isinstance(value, (list, tuple)) else (value, value)
        return None if value == (keys[0], keys[-1]) else value

    return convert


def describe_period(filters: Filters, options: analytics.FilterOptions) -> str:
    labels = dict(options.quarters)
    if filters.quarter_from is None and filters.quarter_to is None:
        if options.quarters:
            return f"All periods ({options.quarters[0][1]} – {options.quarters[-1][1]})"
        return "All periods"
    lo = labels.get(filters.quarter_from, "start")
    hi = labels.get(filters.quarter_to, "latest")
    return lo if lo == hi else f"{lo} – {hi}"


# ---- empty state and notes ------------------------------------------------------------------------
def empty_state(s: Store) -> bool:
    """Show the no-data message (pointer to Upload, button to load the sample); True if empty."""
    if analytics.line_count(s) > 0:
        return False
    st.info(
        "There is no classified spend yet. Upload a finance export (GL detail, AP invoices, card "
        "feed or a spend-over-£500 file) on the Upload page, or load the sample company to look "
        "around first."
    )
    cols = st.columns([1, 1, 3])
    if (REPO_ROOT / UPLOAD_PAGE).exists():
        with cols[0]:
            st.page_link(UPLOAD_PAGE, label="Go to Upload")
    with cols[1]:
        if st.button("Load the sample company", type="primary"):
            with st.spinner("Loading the sample company…"):
                run_action(lambda: workspace.load_sample_company(s))
            st.rerun()
    return True


def fx_note(fx_missing_lines: int) -> None:
    if fx_missing_lines:
        st.warning(
            f"{fx_missing_lines:,} line(s) have no exchange rate to the reporting currency and are "
            "left out of these totals (never converted at 1.0). Add the missing rates on the "
            "Budget & FX page."
        )


def run_action(action: Callable[[], Any]) -> Any:
    """Run a user action; a domain error becomes one readable message, not a traceback."""
    try:
        return action()
    except TechspendError as exc:
        st.error(str(exc))
        return None


def run_page(render: Callable[[], None]) -> None:
    """Page entry point: domain errors are shown as messages."""
    try:
        render()
    except TechspendError as exc:
        st.error(str(exc))


# ---- tables and downloads -------------------------------------------------------------------------
def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    safe = frame.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(neutralise_csv_cell)
    return safe.to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """One sheet, bold frozen header; every text cell stored as text (never a formula)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=re.sub(r"[\[\]:*?/\\]", " ", sheet)[:31] or "data")
    ws.freeze_panes = "A2"
    header = []
    for name in frame.columns:
        cell = WriteOnlyCell(ws)
        set_cell(cell, str(name))
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for row in frame.itertuples(index=False, name=None):
        out = []
        for value in row:
            if value is None or (not isinstance(value, str) and _isna(value)):
                out.append(None)
                continue
            if isinstance(value, pd.Timestamp):
                value = value.to_pydatetime()
            cell = WriteOnlyCell(ws)
            set_cell(cell, value)
            out.append(cell)
        ws.append(out)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _isna(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def download_buttons(frame: pd.DataFrame, file_stem: str, *, key: str) -> None:
    """CSV and XLSX of `frame` (generated when clicked)."""
    with st.container(horizontal=True):
        st.download_button(
            "CSV",
            data=lambda: to_csv_bytes(frame),
            file_name=f"{file_stem}.csv",
            mime="text/csv",
            key=f"{key}_csv",
            on_click="ignore",
            help="Download this table as CSV",
        )
        st.download_button(
            "XLSX",
            data=lambda: to_xlsx_bytes(frame, file_stem),
            file_name=f"{file_stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{key}_xlsx",
            on_click="ignore",
            help="Download this table as an Excel workbook",
        )


def table(
    frame: pd.DataFrame,
    *,
    key: str,
    file_stem: str,
    column_config: dict[str, Any] | None = None,
    columns: Iterable[str] | None = None,
    selectable: bool = False,
    height: int | str = "auto",
) -> Any:
    """st.dataframe with column_config + CSV/XLSX downloads of exactly the columns shown.

    Returns the selection event when `selectable` (single row), else None.
    """
    shown = frame[list(columns)] if columns is not None else frame
    kwargs: dict[str, Any] = dict(
        hide_index=True, column_config=column_config or {}, width="stretch", height=height, key=key
    )
    if selectable:
        kwargs.update(on_select="rerun", selection_mode="single-row")
    event = st.dataframe(shown, **kwargs)
    download_buttons(shown, file_stem, key=f"dl_{key}")
    return event if selectable else None
