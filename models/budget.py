"""Technology budgets: compare the loaded budget with actual technology spend.

Business rule: budget lines (loaded from budget files by ingest.budget into `budget_lines`) state
an amount per department and period, optionally per category or layer (SoR / SoE), optionally
with an IT-budget flag. The flag says whether the line is a TECHNOLOGY (IT) budget: Y, or no flag
at all (a technology budget file), counts as technology; N marks an operating (non-technology)
budget, kept out of the technology comparison and shown as `other_budget`. IT vs outside IT
follows the department (IT when its spend is IT-owned).

Periods (the fiscal calendar of models.fiscal; FY named by the year it ends in; parsed at load):
    '2026-01', 'Jan 2026', any date in the month  -> that month
    'FY2026 Q1', '2026-Q1', 'Q1 FY26'              -> that FISCAL quarter
    'FY2026'                                       -> that fiscal year
A budget spanning several months is spread evenly over them (models/sql/budget_vs_actual.sql).

Budget vs actual for a quarter, by department, by layer and by IT vs outside IT:
    actual, budget, variance = actual - budget, variance % = variance / budget,
    full-year outlook = actual fiscal-year-to-date + budget for the rest of the fiscal year.
A department that spent on technology this fiscal year but has no technology budget (no Y or
unflagged line, or a total of zero) and is not IT is shadow IT in budget terms — an Operating (N)
budget does not count.

Worked example, fiscal year starting April, quarter FY2026 Q1 (Apr-Jun 2025)::

    Department,Period,Amount
    Marketing,FY2026,1200          -> Q1 budget 300; full year 1,200
    Marketing tech spend Apr-Jun 400 -> variance +100 (+33.3%), outlook 400 + 900 = 1,300
    Sales tech spend 50, no budget -> listed in shadow_it (no technology budget)
"""

from __future__ import annotations

from dataclasses import dataclass

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where it is used: the CLI starts without it
    import pandas as pd

from access import require_all_departments  # access (#14)
from models import fiscal
from db.settings import reporting_currency
from models import aggregates
from models.analytics_filters import Filters


# ---- budget vs actual ------------------------------------------------------------------------


BVA_COLUMNS = [
    "group_name", "is_it", "actual", "budget", "variance", "variance_pct", "actual_ytd",
    "budget_ytd", "budget_full_year", "budget_remaining", "outlook_full_year",
    "outlook_variance", "other_budget", "budget_lines", "budget_fx_missing", "no_tech_budget",
]


@dataclass(frozen=True)
class BudgetVsActual:
    """Budget vs actual for one quarter. Each frame has BVA_COLUMNS (money as float, reporting
    currency; variance_pct a fraction, NaN without budget). `total` is the one total row."""

    quarter: fiscal.Quarter
    currency: str
    by_department: pd.DataFrame
    by_layer: pd.DataFrame
    by_it: pd.DataFrame
    total: dict
    shadow_it: pd.DataFrame  # departments (not IT) with technology spend and no technology budget
    # budget departments (this fiscal year) that match no ledger department at all: usually a
    # name spelt differently in the budget file ('IT' vs 'Information Technology')
    unmatched_budget_departments: tuple[str, ...] = ()

    @property
    def has_budget(self) -> bool:
        return int(self.total.get("budget_lines") or 0) > 0

    @property
    def has_budget_layers(self) -> bool:
        """True when some technology budget names a layer (SoR/SoE): only then is a by-layer
        comparison meaningful (a budget without layers would put all of it in 'Unassigned')."""
        layers = self.by_layer
        return bool(((layers["group_name"] != "Unassigned") & (layers["budget"] != 0)).any())


def budget_vs_actual(
    store, quarter: fiscal.Quarter | str | int, *, upload_ids: tuple[int, ...] = ()
) -> BudgetVsActual:
    """Budget vs actual for a quarter given as Quarter, label ('FY2026 Q1') or key (20261).

    `upload_ids` (the dashboard's Uploads filter) restricts the ACTUALS to those ledger uploads;
    budgets are organisation-wide and are never filtered. Which departments are IT is decided on
    all loaded lines, so filtering uploads never turns IT into "outside IT".
    """
    import pandas as pd
    require_all_departments("Budget vs actual")  # access (#14): not department-scoped yet
    q = fiscal.as_quarter(store, quarter)
    currency = reporting_currency(store)
    sql = aggregates.compose("budget_vs_actual", aggregates.use_aggregates(store, q.start, q.end))
    frame = store.df(
        sql,
        {
            **Filters().params(), "scope_departments": None,  # the source CTEs' (unused) filters
            "q_start": q.start,
            "q_end": q.end,
            "fy_start": q.fiscal_year_start(),
            "fy_end": q.fiscal_year_end(),
            "currency": currency,
            "upload_ids": [int(u) for u in upload_ids],
        },
    )
    for column in ("budget_lines", "budget_fx_missing"):
        frame[column] = frame[column].astype("int64")

    def part(dimension: str) -> pd.DataFrame:
        return frame[frame["dimension"] == dimension][BVA_COLUMNS].reset_index(drop=True)

    departments = part("department")
    total_rows = part("total")
    total = total_rows.iloc[0].to_dict() if len(total_rows) else {c: 0 for c in BVA_COLUMNS}
    shadow = departments[departments["no_tech_budget"] & ~departments["is_it"].astype(bool)]
    shadow = shadow[["group_name", "actual", "actual_ytd"]].rename(columns={"group_name": "department"})
    unmatched = frame[(frame["dimension"] == "department") & frame["unmatched_budget"].fillna(False)]
    return BudgetVsActual(
        unmatched_budget_departments=tuple(sorted(unmatched["group_name"])),
        quarter=q,
        currency=currency,
        by_department=departments,
        by_layer=part("layer"),
        by_it=part("it_side"),
        total=total,
        shadow_it=shadow.sort_values("actual_ytd", ascending=False).reset_index(drop=True),
    )
