"""The figures of the board pack: headline KPIs for a quarter vs the previous quarter and the
same quarter last year, budget rows, the 8-quarter trend and the SoR/SoE split inside and outside
IT, all from the models API the dashboard uses (analytics, budget, fiscal)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import pandas as pd

from db import TechspendError
from db.settings import reporting_currency
from models import analytics, budget, fiscal
from models.analytics import Filters

TREND_QUARTERS = 8


class ReportError(TechspendError):
    """A board pack that cannot be written (no data for the quarter, unwritable path...)."""


# ---- the figures -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class KpiRow:
    """One headline measure for the quarter, the previous quarter and the same quarter last year.
    kind: 'money' | 'share' | 'count'. Budget rows are None when no budget covers the quarter."""

    measure: str
    kind: str
    current: float | None
    previous: float | None
    last_year: float | None

    def change(self, base: float | None) -> float | None:
        if self.current is None or base is None:
            return None
        return self.current - base

    def change_pct(self, base: float | None) -> float | None:
        if self.kind != "money" or self.current is None or not base:
            return None
        return (self.current - base) / abs(base)


@dataclass(frozen=True)
class PackFigures:
    quarter: fiscal.Quarter
    previous: fiscal.Quarter
    last_year: fiscal.Quarter
    currency: str
    kpis: tuple[KpiRow, ...]
    budget: budget.BudgetVsActual
    trend: pd.DataFrame  # quarter_label, tech_in_it, tech_outside_it, sor, soe (last 8 quarters)
    layer_split: pd.DataFrame  # side ('IT'|'Outside IT'), sor, soe, unassigned
    fx_missing_lines: int

    def kpi(self, measure: str) -> KpiRow:
        for row in self.kpis:
            if row.measure == measure:
                return row
        raise KeyError(measure)


def _quarter(store, quarter: fiscal.Quarter | str | int) -> fiscal.Quarter:
    return fiscal.as_quarter(store, quarter)


def _f(value: Any) -> float:
    return float(value or 0)


def pack_figures(store, quarter: fiscal.Quarter | str) -> PackFigures:
    """The figures the Summary sheet shows (the test recomputes them by SQL)."""
    q = _quarter(store, quarter)
    summary = analytics.quarter_summary(store, q.key)
    periods = (summary.current, summary.previous_quarter, summary.same_quarter_last_year)
    budgets = [budget.budget_vs_actual(store, x) for x in (q, q.previous(), q.year_earlier())]

    def row(measure: str, kind: str, get: Callable[[Any], Any]) -> KpiRow:
        values = []
        for period in periods:
            value = get(period)
            values.append(None if value is None else float(value))
        return KpiRow(measure, kind, *values)

    def budget_row(measure: str, key: str) -> KpiRow:
        values = [float(b.total[key]) if b.has_budget else None for b in budgets]
        return KpiRow(measure, "money", *values)

    kpis = (
        row("Total spend", "money", lambda p: p.total_spend),
        row("Technology spend", "money", lambda p: p.tech_spend),
        row("Technology spend in IT", "money", lambda p: p.tech_in_it),
        row("Technology spend outside IT", "money", lambda p: p.tech_outside_it),
        row("Share of technology spend outside IT", "share", lambda p: p.outside_it_share),
        row("Systems of record (SoR)", "money", lambda p: p.sor),
        row("Systems of engagement (SoE)", "money", lambda p: p.soe),
        budget_row("Technology budget", "budget"),
        budget_row("Variance to budget (actual - budget)", "variance"),
        row("Lines", "count", lambda p: p.line_count),
        row("Lines left out: no FX rate", "count", lambda p: p.fx_missing_lines),
    )

    first = q.shifted(-(TREND_QUARTERS - 1))
    by_quarter = analytics.spend_by_quarter(
        store, Filters(quarter_from=first.key, quarter_to=q.key)
    ).set_index("quarter_key")
    trend_rows = []
    for item in fiscal.quarters_between(first, q):
        values = by_quarter.loc[item.key] if item.key in by_quarter.index else None
        trend_rows.append(
            {
                "quarter_label": item.label,
                "tech_in_it": _f(values["tech_in_it"]) if values is not None else 0.0,
                "tech_outside_it": _f(values["tech_outside_it"]) if values is not None else 0.0,
                "sor": _f(values["sor"]) if values is not None else 0.0,
                "soe": _f(values["soe"]) if values is not None else 0.0,
            }
        )
    # leading quarters with no data at all are dropped (a young database has no 2-year history)
    while len(trend_rows) > 1 and not any(
        trend_rows[0][k] for k in ("tech_in_it", "tech_outside_it", "sor", "soe")
    ):
        trend_rows.pop(0)

    overview = analytics.overview(store, Filters(quarter_from=q.key, quarter_to=q.key))

    def rest(total: Any, *parts: Any) -> float:
        """Technology spend with no layer, to the cent (no -0.00 from float noise)."""
        return round(_f(total) - sum(_f(p) for p in parts), 2) + 0.0
    split = pd.DataFrame(
        [
            {"side": "IT", "sor": _f(overview.sor_in_it), "soe": _f(overview.soe_in_it),
             "unassigned": rest(overview.tech_in_it, overview.sor_in_it, overview.soe_in_it)},
            {"side": "Outside IT", "sor": _f(overview.sor_outside_it), "soe": _f(overview.soe_outside_it),
             "unassigned": rest(overview.tech_outside_it, overview.sor_outside_it, overview.soe_outside_it)},
        ]
    )
    return PackFigures(
        quarter=q,
        previous=q.previous(),
        last_year=q.year_earlier(),
        currency=reporting_currency(store),
        kpis=kpis,
        budget=budgets[0],
        trend=pd.DataFrame(trend_rows),
        layer_split=split,
        fx_missing_lines=int(summary.current.fx_missing_lines),
    )


def budget_has_layers(result: budget.BudgetVsActual) -> bool:
    """True when some technology budget of the year is given per layer (SoR / SoE); a budget
    without layers has nothing to compare the actual SoR / SoE split with."""
    layers = result.by_layer
    if layers is None or not len(layers):
        return False
    named = layers[layers["group_name"].isin(["SoR", "SoE"])]
    return bool((named["budget_full_year"].fillna(0) != 0).any())
