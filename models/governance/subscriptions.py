"""Recurring subscriptions: charges that come back at a steady cadence for a similar amount, per
vendor and department, on card feeds and AP/GL lines alike.

Business rule (set-based, models/sql/governance_subscriptions.sql):

1. Charges: a vendor x department's positive technology lines, summed per day (three seat lines
   on one day are one charge). Credits are not charges.
2. Cadence from the gaps between charges: the median gap names it — 24-38 days monthly, 80-102
   quarterly, 340-390 annual — and at least `min_regular` (75%) of the gaps must fall in that
   window (one skipped or late month is allowed, a random pattern is not). Monthly and quarterly
   need 3 charges, annual 2.
3. Similar amounts: at least `min_regular` of the charges lie within `tolerance` (25%) of the
   series' median charge (usage plans vary; a one-off project invoice does not repeat).
4. Annualised run-rate = median charge x charges per year (12, 4, 1); next expected charge = last
   charge + one cadence; `active` = that next charge is not more than half a cadence overdue at
   the end of the loaded data (a cancelled tool stops counting).

Worked example: Marketing pays HubSpot 800.00 on 5 Jan, 800.00 on 5 Feb, 840.00 on 6 Mar and
800.00 on 5 Apr (data to 30 Apr) -> gaps 31, 29, 30 days: monthly; amounts within 25% of the
median 800.00; run-rate 9,600.00 a year; next expected 5 May; active. The same HubSpot bought by
Sales for 300.00 a month makes HubSpot a consolidation candidate: 2 departments, run-rate
13,200.00, at stake 3,600.00 (what the smaller contracts cost a year).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where it is used: the CLI starts without it
    import pandas as pd

from access import require_all_departments

from models.sql import load_sql

TOLERANCE = 0.25
MIN_REGULAR = 0.75


def subscriptions(store, *, tolerance: float = TOLERANCE, min_regular: float = MIN_REGULAR,
                  tech_only: bool = True) -> pd.DataFrame:
    """Recurring series, largest run-rate first. Columns: vendor, department, cadence, charges,
    typical_amount, last_amount, annual_run_rate, first_charge, last_charge, next_expected,
    active, total_charged, line_count, regular_gaps, similar_amounts, it_owned,
    customer_facing, layer, category, files (money in the reporting currency)."""
    require_all_departments("The governance lens")  # access (#14): not department-scoped
    return store.df(load_sql("governance_subscriptions"),
                    {"tolerance": float(tolerance), "min_regular": float(min_regular),
                     "tech_only": bool(tech_only)})


def outside_it(frame: pd.DataFrame) -> pd.DataFrame:
    """The active subscriptions of departments outside IT."""
    return frame[(~frame["it_owned"].astype(bool)) & frame["active"].astype(bool)].reset_index(drop=True)


def consolidation_candidates(frame: pd.DataFrame) -> pd.DataFrame:
    """The same vendor subscribed by two or more departments (active series): departments,
    total run-rate, and the amount at stake = the run-rate of every department's subscription
    but the largest (what moving them onto one contract puts on the table). Grain: vendor.
    (A small frame of detected series: aggregated here, the lines were aggregated in SQL.)"""
    import pandas as pd
    active = frame[frame["active"].astype(bool)]
    if active.empty:
        return pd.DataFrame(columns=["vendor", "department_count", "departments",
                                     "annual_run_rate", "largest_run_rate", "at_stake",
                                     "outside_it_departments"])
    grouped = active.groupby("vendor", sort=False).agg(
        department_count=("department", "nunique"),
        departments=("department", lambda s: ", ".join(sorted(map(str, s.unique())))),
        annual_run_rate=("annual_run_rate", "sum"),
        largest_run_rate=("annual_run_rate", "max"),
        outside_it_departments=("it_owned", lambda s: int((~s.astype(bool)).sum())),
    ).reset_index()
    grouped = grouped[grouped["department_count"] >= 2].copy()
    grouped["at_stake"] = grouped["annual_run_rate"] - grouped["largest_run_rate"]
    return grouped.sort_values(["at_stake", "vendor"], ascending=[False, True]).reset_index(drop=True)
