"""The figures of the board pack: headline KPIs for a quarter vs the previous quarter and the
same quarter last year, budget rows, the 8-quarter trend, the SoR/SoE split inside and outside
IT, the top outside-IT vendors and the quarter's biggest changes, all from the models API the
dashboard uses (analytics, budget, fiscal), in the pack's scope (the dashboard's department and
upload filters, or the whole organisation; models.report.scope says which in words).

The headline sentence a CFO reads first, worked example (GBP, FY2026 Q1)::

    "In FY2026 Q1 technology spend was £2.6k, up 12.0% on FY2025 Q4 (£2.3k). £0.9k of it
     (34.5%, up 2.1 pts) was paid outside IT, to 4 vendors."

Money is in thousands of the reporting currency (£k, one decimal); a change of a share is in
percentage points ("pts"), never a percent of a percent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:  # pandas is imported where it is used: the CLI starts without it
    import pandas as pd

from db import TechspendError
from db.settings import reporting_currency
from models import analytics, budget, fiscal
from models.analytics import Filters
from models.report.scope import Scope, describe_scope

TREND_QUARTERS = 8
TOP_VENDORS = 5
TOP_CHANGES = 5
SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€", "JPY": "¥", "INR": "₹", "CHF": "CHF ",
           "AUD": "A$", "CAD": "C$", "NZD": "NZ$"}


def symbol(currency: str) -> str:
    """'GBP' -> '£'; a currency with no common symbol -> its code and a space ('SEK ')."""
    return SYMBOLS.get(currency, f"{currency} ")


def money_k(value: float | None, currency: str, *, signed: bool = False) -> str:
    """1234.5 -> '£1.2k' (the pack's rounding, as text for sentences)."""
    if value is None:
        return "—"
    sign = ("+" if value > 0 else "-" if value < 0 else "") if signed else ("-" if value < 0 else "")
    return f"{sign}{symbol(currency)}{abs(value) / 1000:,.1f}k"


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
    filters: Filters = Filters()  # departments / uploads of the pack (the period is the quarter)
    scope: Scope | None = None
    top_vendors: pd.DataFrame | None = None  # shadow_it_vendors columns, the TOP_VENDORS largest
    vendors_outside_it: int = 0
    changes: pd.DataFrame | None = None  # quarter_changes columns, the TOP_CHANGES biggest moves

    @property
    def filtered(self) -> bool:
        return bool(self.filters.departments or self.filters.upload_ids)

    def in_quarter(self) -> Filters:
        return Filters(quarter_from=self.quarter.key, quarter_to=self.quarter.key,
                       departments=self.filters.departments, upload_ids=self.filters.upload_ids)

    @property
    def headline(self) -> str:
        """The one sentence a board member reads first (see the module docstring)."""
        q, ccy = self.quarter, self.currency
        tech = self.kpi("Technology spend")
        outside = self.kpi("Technology spend outside IT")
        share = self.kpi("Share of technology spend outside IT")
        text = f"In {q.label} technology spend was {money_k(tech.current, ccy)}"
        if tech.previous:
            pct = tech.change_pct(tech.previous) or 0.0
            word = "up" if pct > 0 else "down" if pct < 0 else "level"
            text += (f", {word} {abs(pct):.1%} on {self.previous.label}" if word != "level"
                     else f", level with {self.previous.label}")
            text += f" ({money_k(tech.previous, ccy)})"
        else:
            text += f" (no technology spend in {self.previous.label} to compare)"
        text += "."
        if tech.current:
            text += f" {money_k(outside.current, ccy)} of it ({(share.current or 0):.1%}"
            if share.previous is not None and share.current is not None and tech.previous:
                points = (share.current - share.previous) * 100
                word = "up" if points > 0.05 else "down" if points < -0.05 else "level"
                text += f", {word} {abs(points):.1f} pts" if word != "level" else ", level"
            text += f") was paid outside IT, to {self.vendors_outside_it:,} vendor"
            text += "s." if self.vendors_outside_it != 1 else "."
        b = self.kpi("Technology budget")
        if b.current:
            variance = self.kpi("Variance to budget (actual - budget)").current or 0.0
            where = "over" if variance > 0 else "under"
            text += (f" Against a technology budget of {money_k(b.current, ccy)} it is "
                     f"{money_k(abs(variance), ccy)} {where} budget"
                     + (" (whole organisation)." if self.filtered else "."))
        return text

    def kpi(self, measure: str) -> KpiRow:
        for row in self.kpis:
            if row.measure == measure:
                return row
        raise KeyError(measure)


def _quarter(store, quarter: fiscal.Quarter | str | int) -> fiscal.Quarter:
    return fiscal.as_quarter(store, quarter)


def _f(value: Any) -> float:
    return float(value or 0)


def pack_figures(store, quarter: fiscal.Quarter | str, filters: Filters | None = None) -> PackFigures:
    """The figures the Summary sheet shows (the test recomputes them by SQL). `filters`: the
    dashboard's department / upload filters (its period is replaced by the quarter)."""
    import pandas as pd
    q = _quarter(store, quarter)
    scoped = (filters or Filters()).without_period()
    summary = analytics.quarter_summary(store, q.key, scoped)
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
        store, Filters(quarter_from=first.key, quarter_to=q.key, departments=scoped.departments,
                       upload_ids=scoped.upload_ids)
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

    in_quarter = Filters(quarter_from=q.key, quarter_to=q.key, departments=scoped.departments,
                         upload_ids=scoped.upload_ids)
    overview = analytics.overview(store, in_quarter)
    vendors = analytics.shadow_it_vendors(store, in_quarter)
    changes = analytics.quarter_changes(store, q.key, "department", scoped)
    if len(changes):
        changes = changes.assign(_move=changes["change_vs_previous"].abs()).sort_values(
            "_move", ascending=False, kind="stable").drop(columns="_move")
        changes = changes[changes["change_vs_previous"].fillna(0) != 0].head(TOP_CHANGES)

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
        filters=scoped,
        scope=describe_scope(store, scoped),
        top_vendors=vendors.head(TOP_VENDORS).reset_index(drop=True),
        vendors_outside_it=int(len(vendors)),
        changes=changes.reset_index(drop=True),
    )


def budget_has_layers(result: budget.BudgetVsActual) -> bool:
    """True when some technology budget of the year is given per layer (SoR / SoE); a budget
    without layers has nothing to compare the actual SoR / SoE split with."""
    layers = result.by_layer
    if layers is None or not len(layers):
        return False
    named = layers[layers["group_name"].isin(["SoR", "SoE"])]
    return bool((named["budget_full_year"].fillna(0) != 0).any())
