"""What the dashboard's pages share, by job: the pages in pages/ hold only pages.

    dashboard/format.py           money, shares, chart axes, the palette (models.palette)
    dashboard/state.py            the store (opened through the workspace), cached model calls,
                                  global filters in the sidebar and the URL
    dashboard/tables.py           st.dataframe + CSV/XLSX downloads (on-screen headers), no None/nan
    dashboard/scope.py            the scope every subtitle states; page filters in the URL
    dashboard/actions.py          empty state, notes, domain errors as one message
    dashboard/budget_sections.py  budget vs actual and the board-pack button (two pages use them)

Pages read through models and write through the workspace; they write `import dashboard as ui`
and call `ui.store()`, `ui.sidebar_filters(store)`, `ui.query(fn, ...)`, `ui.table(...)`.

Rules for every page: data is shown literally (escape_md, st.text, st.dataframe; never
unsafe_allow_html); a domain error (`db.TechspendError`) becomes one st.error (`run_page`).
"""

from dashboard.actions import act_then_flash, empty_state, fx_note, run_action, run_page, who
from dashboard.format import (
    DOWN_COLOR,
    IT_COLOR,
    IT_SCALE,
    LAYER_NAMES,
    LAYER_SCALE,
    NEUTRAL_COLOR,
    OUTSIDE_IT_COLOR,
    SOE_COLOR,
    SOR_COLOR,
    UP_COLOR,
    change_money_column,
    change_pct_column,
    chart,
    currency_symbol,
    escape_md,
    money,
    money_axis,
    money_column,
    money_compact,
    money_tooltip,
    percent,
    share_column,
    signed_money,
    top_with_others,
)
from dashboard.scope import describe_scope, url_seed, url_write
from dashboard.state import describe_period, int_or_none, query, sidebar_filters, store
from dashboard.tables import download_buttons, export_frame, table, to_csv_bytes, to_xlsx_bytes

__all__ = [
    "act_then_flash", "who",
    "DOWN_COLOR", "IT_COLOR", "IT_SCALE", "LAYER_NAMES", "LAYER_SCALE", "NEUTRAL_COLOR",
    "OUTSIDE_IT_COLOR", "SOE_COLOR", "SOR_COLOR", "UP_COLOR", "change_money_column",
    "change_pct_column", "chart", "currency_symbol", "describe_period", "download_buttons",
    "empty_state", "escape_md", "fx_note", "int_or_none", "money", "money_axis", "money_column",
    "money_compact", "money_tooltip", "percent", "query", "run_action", "run_page", "share_column",
    "sidebar_filters", "signed_money", "store", "table", "to_csv_bytes", "to_xlsx_bytes",
    "top_with_others", "describe_scope", "url_seed", "url_write", "export_frame",
]
