"""The dashboard's state: the shared store, cached model calls, and the global filters kept in
the sidebar and in the URL.

Business rule: results are cached with st.cache_data keyed by the database file,
`store.version()` (bumped on every committed change) and the call's arguments, so a new upload
shows at once; the global filters (quarters, departments, uploads) live in the URL query
parameters (`?from=20251&to=20254&dept=Marketing&upload=3`), so a view can be shared as a link.
The store is opened through the workspace (lines left unclassified are classified on open) and a
never-used database gets the sample company.
"""

from __future__ import annotations

import os
from typing import Any, Callable

import streamlit as st

import access  # access: department scope in the cache key (#14)
import workspace
from dashboard import literal
from db import TechspendError
from db.store import Store, default_db_path, open_store
from models import analytics
from models.analytics import Filters
from models.report import scope as report_scope


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
def _cached(db_path: str, version: int, fn_name: str, args: tuple, kwargs: tuple,
            scope: tuple | None = None) -> Any:  # access: scope in the cache key (#14)
    return getattr(analytics, fn_name)(open_store(db_path), *args, **dict(kwargs))


def query(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call `models.analytics.<fn>(store, *args, **kwargs)`, cached until the data changes."""
    s = store()
    return _cached(s.path, s.version(), fn.__name__, args, tuple(sorted(kwargs.items())),
                   access.current_scope())  # access: one viewer's figures never serve another



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
            st.caption("Period: " + literal.md(labels[quarter_keys[0]]))

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
    filters = Filters(
        quarter_from=chosen[0] if chosen else None,
        quarter_to=chosen[1] if chosen else None,
        departments=tuple(st.session_state.get(_F_DEPTS, [])),
        upload_ids=tuple(st.session_state.get(_F_UPLOADS, [])),
    )
    _sample_note(s, filters)
    return filters


def _sample_note(s: Store, filters: Filters) -> None:
    """The sample company is never mixed into a user's figures without saying so: a quiet
    sidebar line while it is all there is, a warning once the user's own ledgers sit beside it
    (unless the Uploads filter leaves it out)."""
    scope = report_scope.describe_scope(s, filters)
    if scope.sample_only:
        st.sidebar.caption(f"Sample data: every figure is the sample company "
                           f"({report_scope.SAMPLE_COMPANY}), not your organisation. Load your own "
                           "ledger on the Upload page; Settings > Start empty removes the sample.")
    elif scope.includes_sample:
        st.sidebar.warning(f"These figures include the sample company ({report_scope.SAMPLE_COMPANY}) "
                           "beside your own uploads. Remove it in Settings (Start empty) or pick "
                           "your uploads in the Uploads filter.")


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
