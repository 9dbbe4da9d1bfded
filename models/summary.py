"""Headline figures of the classified lines: the technology split overall and per fiscal quarter.

Business rule: of all spend in the reporting currency, how much is technology, how much of that is
bought outside IT ("shadow IT"), and how it splits into systems of record (SoR) and engagement
(SoE), inside and outside IT. Lines without an FX rate are left out of the amounts and counted.

Worked example: Slack 100 bought by IT in Q1 and Zendesk 50 bought by Sales in Q2 -> overall
tech_spend 150, tech_share_outside_it 50/150 = 0.33; Q1 sor_share_inside_it 1.0, Q2
soe_share_outside_it 1.0. The SQL is models/sql/classify_summary.sql.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal

from db import Store
from db.settings import reporting_currency
from models import aggregates
from models.analytics_filters import Filters


@dataclass(frozen=True)
class Shares:
    """Spend split for one period. Amounts in the reporting currency (lines without an FX rate
    are left out and counted in Summary.fx_missing_lines). Shares are 0..1 of technology spend,
    None when there is no technology spend in the group."""

    total_spend: Decimal
    tech_spend: Decimal
    tech_spend_inside_it: Decimal
    tech_spend_outside_it: Decimal
    tech_share_outside_it: float | None
    sor_share: float | None
    soe_share: float | None
    sor_share_inside_it: float | None
    soe_share_inside_it: float | None
    sor_share_outside_it: float | None
    soe_share_outside_it: float | None


@dataclass(frozen=True)
class Summary:
    reporting_currency: str
    lines: int
    fx_missing_lines: int
    overall: Shares
    by_quarter: tuple[tuple[str, Shares], ...] = field(default=())  # (quarter label, shares)

    def to_dict(self) -> dict:
        def conv(shares: Shares) -> dict:
            return {k: (round(float(v), 2) if isinstance(v, Decimal) else
                        (None if v is None else round(v, 6)))
                    for k, v in asdict(shares).items()}

        return {
            "reporting_currency": self.reporting_currency,
            "lines": self.lines,
            "fx_missing_lines": self.fx_missing_lines,
            "overall": conv(self.overall),
            "by_quarter": [{"quarter": q, **conv(s)} for q, s in self.by_quarter],
        }


def summary(store: Store) -> Summary:
    """Headline figures overall and per fiscal quarter, from classified_lines."""
    # the aggregates when they count every line, else the lines (models.aggregates); no
    # filters here, so every source parameter is "no filter"
    table = store.arrow(aggregates.compose("classify_summary", aggregates.use_aggregates(store)),
                        {**Filters().params(), "scope_departments": None})
    rows = table.to_pylist()
    names = [f.name for f in fields(Shares)]
    overall = next((r for r in rows if r["quarter_key"] is None), None)

    def shares(r: dict | None) -> Shares:
        if r is None:
            return Shares(**{n: None if "share" in n else Decimal(0) for n in names})
        return Shares(**{n: r[n] for n in names})

    return Summary(
        reporting_currency=reporting_currency(store),
        lines=int(overall["lines"]) if overall else 0,
        fx_missing_lines=int(overall["fx_missing_lines"]) if overall else 0,
        overall=shares(overall),
        by_quarter=tuple((r["quarter_label"], shares(r)) for r in rows if r["quarter_key"] is not None),
    )


# an upload whose technology spend has no IT unit to sit inside: every line is "outside IT"
_UPLOADS_WITHOUT_IT = """
WITH units AS (
    SELECT upload_id, source_file, dept, bool_or(is_tech) AS tech, bool_or(it_owned) AS it,
           count(*) FILTER (WHERE is_tech) AS tech_rows
    FROM ({rows}) GROUP BY ALL
)
SELECT source_file, count(*) AS units, list(dept ORDER BY tech_rows DESC, dept)[1:3] AS some
FROM units
GROUP BY upload_id, source_file
HAVING bool_or(tech) AND NOT bool_or(it)
ORDER BY source_file
"""


def uploads_without_it(store: Store) -> list[str]:
    """A sentence per ledger that has technology spend but no department recognised as IT (its
    units are codes, 'CC4100', or names no default pattern knows): its shadow-IT share reads
    100% until a person marks the IT unit. Reads the page aggregates when they are complete.

    Worked example: gl.csv with units CC4100 and CC4150 -> ['No department in gl.csv is
    recognised as IT (2 departments: CC4100, CC4150; the most technology lines first), so all its technology spend counts as
    outside IT. If one of them is IT, mark it: Settings > Departments, or techspend departments
    set "CC4100" --it.']"""
    if aggregates.use_aggregates(store):
        rows = "SELECT upload_id, source_file, dept, is_tech, it_owned FROM agg_spend_month"
    else:
        rows = ("SELECT upload_id, source_file, coalesce(department, '(no department)') AS dept,"
                " is_tech, it_owned FROM classified_lines")
    out = []
    for source_file, units, some in store.rows(_UPLOADS_WITHOUT_IT.format(rows=rows)):
        named = ", ".join(some) + (", ..." if units > len(some) else "")
        out.append(f"No department in {source_file} is recognised as IT ({units:,} "
                   f"department{'s' if units != 1 else ''}, most technology first: {named}), so all its technology spend "
                   f"counts as outside IT. If one of them is IT, mark it: Settings > Departments, "
                   f"or techspend departments set \"{some[0]}\" --it.")
    return out

