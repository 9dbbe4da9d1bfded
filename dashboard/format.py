"""How the pages show numbers and colours: money, shares, chart axes, the palette.

Business rule: one meaning per colour on every page and in the board pack (models.palette: IT dark
blue, outside IT orange, SoR teal, SoE purple); amounts in the reporting currency, compact on KPI
cards (£251.1M), whole units in tables; data shown in markdown is escaped (escape_md).

Worked example: money_compact(251_100_000, "GBP") -> '£251.1M'; percent(0.336) -> '33.6%'.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import literal
from models import palette

IT_COLOR = palette.IT
OUTSIDE_IT_COLOR = palette.OUTSIDE_IT
SOR_COLOR = palette.SOR
SOE_COLOR = palette.SOE
NEUTRAL_COLOR = palette.NEUTRAL
UP_COLOR = palette.UP
DOWN_COLOR = palette.DOWN

IT_SCALE = alt.Scale(domain=["IT", "Outside IT"], range=[IT_COLOR, OUTSIDE_IT_COLOR])
LAYER_SCALE = alt.Scale(
    domain=["SoR", "SoE", "Unassigned"], range=[SOR_COLOR, SOE_COLOR, NEUTRAL_COLOR]
)
LAYER_NAMES = {"SoR": "Systems of record (SoR)", "SoE": "Systems of engagement (SoE)"}

_SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€", "JPY": "¥", "INR": "₹", "CHF": "CHF "}


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
    return literal.md(text)


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


def top_with_others(
    frame: pd.DataFrame, label: str, values: list[str], *, top_n: int, noun: str = "departments"
) -> pd.DataFrame:
    """The first `top_n` rows of `frame` (already sorted, largest first) and one more row adding
    up all the others, labelled 'All other N departments', so a chart of 150 departments has
    top_n + 1 bars and still sums to the total. A flag column (bool) of the others' row is True
    only when it is True for all of them (IT only if all are IT); other columns are taken from the
    first of them: chart only `label`, `values` and flags."""
    if len(frame) <= top_n + 1:
        return frame.reset_index(drop=True)
    head, rest = frame.head(top_n), frame.iloc[top_n:]
    others = {
        column: bool(rest[column].all()) if pd.api.types.is_bool_dtype(rest[column])
        else rest[column].iloc[0]
        for column in frame.columns
    }
    others.update({value: float(rest[value].sum()) for value in values})
    others[label] = f"All other {len(rest):,} {noun}"
    return pd.concat([head, pd.DataFrame([others])], ignore_index=True)
