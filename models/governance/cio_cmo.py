"""The CIO–CMO view: what the customer-facing departments (marketing, sales, service: the
`customer_facing` flag of models.departments / the Organisation page) spend on technology.

Business rule: over the four fiscal quarters ending with the chosen quarter (the latest with data
by default), for each customer-facing department outside IT: technology as a share of ALL its
spend, SoE vs SoR, the spend with vendors IT also buys (one contract could serve both), and the
technology first bought by that department in the chosen quarter ("new this quarter").

The reference band is published context, not a target: Gartner's CMO Spend Survey figures for
marketing technology as a share of the marketing budget, kept as data with their citations in
models/governance/martech_reference.csv (2016-2017: 27%; 2017-2018: 22%; 2018-2019: 29%; 2023
CMO Spend and Strategy Survey: 25.4%) -> band 22%–29%. A ledger's share is not the same measure
(a marketing budget includes labour, which a supplier ledger does not show), so the band is
drawn beside the figure, never used to score it.

Worked example: Marketing spends 1,000 over the year (HubSpot 200 SoE, Tableau 50 SoR, media
750) -> tech share 25%, inside the 22–29% band; IT also pays Tableau -> 50 shared with IT.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where it is used: the CLI starts without it
    import pandas as pd

from access import require_all_departments

from models.sql import load_sql


@dataclass(frozen=True)
class ReferenceBand:
    low: float
    high: float
    figures: tuple[tuple[str, float, str], ...]  # (survey, share, cited from)

    @property
    def label(self) -> str:
        return (f"Published martech share of marketing budgets, {self.low:.0%}–{self.high:.0%} "
                f"(Gartner CMO Spend Survey, {len(self.figures)} editions 2016–2023): context, "
                "not a target.")

    @property
    def source(self) -> str:
        return "; ".join(f"{name}: {share:.1%}" for name, share, _ in self.figures)


def reference_band() -> ReferenceBand:
    """The band from martech_reference.csv (min and max of the published shares)."""
    text = resources.files("models.governance").joinpath("martech_reference.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    figures = tuple((r["survey"], float(r["martech_share_of_marketing_budget"]), r["cited_from"])
                    for r in rows)
    shares = [share for _, share, _ in figures]
    return ReferenceBand(min(shares), max(shares), figures)


def departments(store, quarter_key: int | None = None) -> pd.DataFrame:
    """One row per customer-facing department. Columns: department, total_spend, tech_spend,
    tech_share, soe_spend, sor_spend, shared_with_it, vendors_shared_with_it,
    new_this_quarter_spend, new_vendors, tech_vendors."""
    require_all_departments("The governance lens")  # access (#14): not department-scoped
    return store.df(load_sql("governance_cio_cmo_departments"), {"quarter_key": quarter_key})


def vendors(store, quarter_key: int | None = None) -> pd.DataFrame:
    """One row per customer-facing department x technology vendor. Columns: department, vendor,
    layer, tech_spend, also_bought_by_it, new_this_quarter, first_in_window, line_count."""
    require_all_departments("The governance lens")  # access (#14): not department-scoped
    return store.df(load_sql("governance_cio_cmo_vendors"), {"quarter_key": quarter_key})
