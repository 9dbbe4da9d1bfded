"""What a page says about the scope of its figures, and the page's own filters in the URL.

Business rules:
* every figure states its scope: the subtitle follows the active filters. With no period picked
  the period shown is that of the FILTERED lines (filtered to a 2019 upload -> "All periods of
  this selection (FY2019 Q1 – FY2019 Q4)", never the whole database's range); departments and
  uploads are named (up to three, else counted).
* every page-level filter lives in the URL too (Shadow IT's search, layer and toggles, the
  Budget page's quarter), so a view can be shared as a link; the global filters are kept by
  dashboard.state.

Worked example: Filters(departments=("Marketing",), upload_ids=(3,)) over lines of FY2025 Q2 to
FY2025 Q4 -> "All periods of this selection (FY2025 Q2 – FY2025 Q4) · department: Marketing ·
upload #3 ledger.csv"; `url_seed("shadow_search", "q")` with ?q=zoom -> the search box says zoom.
"""

from __future__ import annotations

from typing import Any, Iterable

import streamlit as st

from dashboard import literal
from dashboard.state import query
from models import analytics
from models.analytics import Filters


def _names(kind: str, values: list[str]) -> str:
    if len(values) <= 3:
        return f"{kind}{'s' if len(values) > 1 else ''}: " + ", ".join(values)
    return f"{len(values):,} {kind}s"


def describe_scope(filters: Filters, *, period: str | None = None) -> str:
    """The scope of a page's figures, markdown-safe. `period` overrides the period part (the
    Quarterly review names its own quarter)."""
    options: analytics.FilterOptions = query(analytics.filter_options)
    if period is None:
        period = _period_text(filters, options)
    parts = [period]
    parts.append(_names("department", list(filters.departments)) if filters.departments
                 else "all departments")
    if filters.upload_ids:
        names = dict(options.uploads)
        if len(filters.upload_ids) == 1:
            u = filters.upload_ids[0]
            parts.append(f"upload #{u} {names.get(u, '')}".strip())
        else:
            parts.append(f"{len(filters.upload_ids):,} uploads")
    else:
        parts.append("all uploads")
    return " · ".join(literal.md(p) for p in parts)


def _period_text(filters: Filters, options: analytics.FilterOptions) -> str:
    labels = dict(options.quarters)
    if filters.quarter_from is not None or filters.quarter_to is not None:
        lo = labels.get(filters.quarter_from, "start")
        hi = labels.get(filters.quarter_to, "latest")
        return lo if lo == hi else f"{lo} – {hi}"
    quarters = query(analytics.spend_by_quarter, filters)
    seen = quarters[quarters["line_count"] > 0]["quarter_label"].tolist()
    if not seen:
        return "All periods (no lines in this selection)"
    if not (filters.departments or filters.upload_ids):
        span = seen[0] if seen[0] == seen[-1] else f"{seen[0]} – {seen[-1]}"
        return f"All periods ({span})"
    span = seen[0] if seen[0] == seen[-1] else f"{seen[0]} – {seen[-1]}"
    return f"All periods of this selection ({span})"


# ---- page filters in the URL -----------------------------------------------------------------
def url_seed(key: str, param: str, *, kind: str = "text", choices: Iterable[Any] | None = None) -> None:
    """Once per session, before the widget is drawn: its value from ?param= (kind 'text',
    'list' (repeated ?param=a&param=b), 'flag' (?param=1) or 'choice' (one of `choices`))."""
    if key in st.session_state:
        return
    allowed = None if choices is None else [str(c) for c in choices]
    values = st.query_params.get_all(param)
    if kind == "list":
        st.session_state[key] = [v for v in values if allowed is None or v in allowed]
    elif kind == "flag":
        st.session_state[key] = bool(values) and values[0] in ("1", "true", "yes")
    elif values and (allowed is None or values[0] in allowed):
        st.session_state[key] = values[0]


def url_write(param: str, value: Any) -> None:
    """Keep ?param= in step with a page filter; an empty value (None, "", [], False) removes it."""
    if isinstance(value, bool):
        wanted = ["1"] if value else []
    elif isinstance(value, (list, tuple)):
        wanted = [str(v) for v in value]
    else:
        wanted = [] if value in (None, "") else [str(value)]
    if st.query_params.get_all(param) == wanted:
        return
    if wanted:
        st.query_params[param] = wanted if len(wanted) > 1 else wanted[0]
    else:
        del st.query_params[param]
