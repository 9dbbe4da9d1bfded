"""Analytics over `classified_lines`: the figures every dashboard page shows.

Business rules (the product's headline numbers):

* Money is `amount_reporting`, the line converted to the reporting currency. A line whose FX rate
  is missing has `amount_reporting` NULL: it is left out of every sum and counted in
  `fx_missing_lines`, never converted at 1.0.
* Technology spend splits into IT (the buying department is part of the IT function,
  `it_owned`) and outside IT. The share outside IT is `tech_outside_it / tech_spend`.
* Technology splits into systems of record (SoR) and systems of engagement (SoE); a technology
  line without a layer counts in technology spend and in `layer_unassigned`.

Worked example: Finance pays Xero 100 (SoR), Marketing pays HubSpot 300 (SoE), IT pays AWS 600
(SoR), Marketing pays a print shop 50 (not tech) ->
total 1,050; tech 1,000; IT 600; outside IT 400; share outside IT 0.40; SoR outside IT 100,
SoE outside IT 300.

The SQL lives in models/sql/analytics_*.sql (one file per query, named CTE steps, grain stated
in the header). Each file reads the source CTEs of models.aggregates.compose (`filtered`,
`tech_filtered`, ...: the small aggregates when they can answer, else the lines, same text),
which apply `Filters` as bound parameters. This module only binds parameters and shapes results:
frozen dataclasses for one-row results, pandas DataFrames (via Arrow) with documented columns for
tables. Money columns in DataFrames are float64 (reporting currency); dataclass totals are
`Decimal`, exact to the cent.

Results pass models.python_dates.python_safe (any stored date is shown, never a crash);
filters are models.analytics_filters.Filters; SQL comes through the one loader, models.sql.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # pandas is imported where it is used: the CLI starts without it
    import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from access import current_scope  # access: department-scoped viewers (#14)
from db.settings import reporting_currency
from db.store import Store
from models import aggregates
from models.analytics_filters import ALL, Filters
from models.python_dates import python_safe
from models.sql import load_sql
from models.summary import uploads_without_it  # noqa: F401 (a page reads it through ui.query)

# ALL, Filters, python_safe and reporting_currency stay importable from here (pages, the pack).

_PARAM = re.compile(r"\$([A-Za-z_]\w*)")

# The commonly cited range for business-led (outside-IT) technology spend. Shown as a reference
# band, not as a benchmark computed by this product.
REFERENCE_BAND_LOW = 0.35
REFERENCE_BAND_HIGH = 0.50
# Its sources, years and definitions are data: models/tbm/references.csv (tbm.band_caption()).


# ---- SQL plumbing ------------------------------------------------------------------------------
def _run(store: Store, name: str, filters: Filters | None = None, **extra: Any) -> pa.Table:
    f = filters or ALL
    values = {**f.params(), **extra,
              "scope_departments": _scope()}  # access: department scope, always applied (#14)
    if name == "vendor_lines":  # line-level; the aggregates only bound where its lines are
        sql = load_sql("analytics_vendor_lines")
        use = aggregates.use_aggregates(store, f.date_from, f.date_to)
        values.update(aggregates.vendor_window(store, use, values))
    else:  # the aggregates when they can answer, else the lines (models.aggregates.page_sql)
        sql = aggregates.page_sql(store, f"analytics_{name}", f, values["scope_departments"])
    wanted = set(_PARAM.findall(sql))
    missing = wanted - values.keys()
    if missing:
        raise ValueError(f"analytics_{name}.sql needs parameters {sorted(missing)}")
    return python_safe(store.arrow(sql, {k: v for k, v in values.items() if k in wanted}))


def _scope() -> list[str] | None:
    """access (#14): the departments the signed-in viewer may see (None = all), bound as
    $scope_departments in analytics_scope_conditions.sql; no caller can leave it out."""
    scope = current_scope()
    return None if scope is None else list(scope)


def _frame(table: pa.Table) -> pd.DataFrame:
    """Arrow -> pandas, with DECIMAL money as float64 (charts and st.dataframe need numbers)."""
    columns = []
    for col in table.columns:
        if pa.types.is_decimal(col.type):
            col = pc.cast(col, pa.float64())
        columns.append(col)
    return pa.Table.from_arrays(columns, names=table.column_names).to_pandas()


def _one_row(table: pa.Table) -> dict[str, Any]:
    rows = table.to_pylist()
    return rows[0] if rows else {}


def _money(value: Any) -> Decimal:
    return Decimal("0.00") if value is None else Decimal(value).quantize(Decimal("0.01"))


def _share(value: Any) -> float | None:
    return None if value is None else float(value)


# ---- results -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Overview:
    """Headline figures of the filtered lines, in the reporting currency."""

    currency: str
    total_spend: Decimal
    tech_spend: Decimal
    tech_in_it: Decimal
    tech_outside_it: Decimal
    outside_it_share: float | None  # tech_outside_it / tech_spend; None without tech spend
    sor_in_it: Decimal
    soe_in_it: Decimal
    sor_outside_it: Decimal
    soe_outside_it: Decimal
    layer_unassigned: Decimal  # technology spend with no SoR/SoE layer
    line_count: int
    tech_line_count: int
    fx_missing_lines: int  # lines left out of every sum: no FX rate to the reporting currency
    first_date: date | None
    last_date: date | None

    @property
    def sor(self) -> Decimal:
        return self.sor_in_it + self.sor_outside_it

    @property
    def soe(self) -> Decimal:
        return self.soe_in_it + self.soe_outside_it

    @property
    def in_reference_band(self) -> bool | None:
        if self.outside_it_share is None:
            return None
        return REFERENCE_BAND_LOW <= self.outside_it_share <= REFERENCE_BAND_HIGH


@dataclass(frozen=True)
class QuarterPeriod:
    """Headline figures of one quarter (see `quarter_summary`)."""

    period: str  # 'current' | 'previous_quarter' | 'same_quarter_last_year'
    quarter_key: int
    quarter_label: str
    total_spend: Decimal
    tech_spend: Decimal
    tech_in_it: Decimal
    tech_outside_it: Decimal
    sor: Decimal
    soe: Decimal
    outside_it_share: float | None
    line_count: int
    fx_missing_lines: int


@dataclass(frozen=True)
class QuarterSummary:
    current: QuarterPeriod
    previous_quarter: QuarterPeriod
    same_quarter_last_year: QuarterPeriod


@dataclass(frozen=True)
class FilterOptions:
    """What the sidebar offers. quarters: (quarter_key, label), ascending."""

    departments: tuple[str, ...]
    it_departments: tuple[str, ...]
    quarters: tuple[tuple[int, str], ...]
    uploads: tuple[tuple[int, str], ...]  # (upload_id, file name)
    first_date: date | None
    last_date: date | None


# ---- API ---------------------------------------------------------------------------------------
def line_count(store: Store) -> int:
    """Classified lines in the database (0 -> the pages show the empty state)."""
    return int(store.scalar("SELECT count(*) FROM classified_lines"))


def overview(store: Store, filters: Filters = ALL) -> Overview:
    """Headline KPIs (one row). See `Overview` for the fields."""
    row = _one_row(_run(store, "overview", filters))
    money = {f.name for f in fields(Overview) if f.type in ("Decimal",)}
    values: dict[str, Any] = {"currency": reporting_currency(store)}
    for f in fields(Overview):
        if f.name == "currency":
            continue
        raw = row.get(f.name)
        if f.name in money:
            values[f.name] = _money(raw)
        elif f.name == "outside_it_share":
            values[f.name] = _share(raw)
        elif f.type == "int":
            values[f.name] = int(raw or 0)
        else:
            values[f.name] = raw
    return Overview(**values)


# Empty quarters between the first and the last are filled with zeros up to this span (30 years);
# a wider span (an implausible line date) returns only the quarters with lines.
MAX_FILLED_QUARTERS = 120


def spend_by_quarter(store: Store, filters: Filters = ALL) -> pd.DataFrame:
    """One row per fiscal quarter from the first to the last of the filtered lines, ascending;
    a quarter without lines in between is a row of zeros (continuous time axis).

    Columns: quarter_key (int, e.g. 20261), quarter_label ('FY2026 Q1'), total_spend, tech_spend,
    tech_in_it, tech_outside_it, sor, soe (float, reporting currency), line_count,
    outside_it_share (float 0..1 or NaN).
    """
    return _frame(_run(store, "by_quarter", filters, max_quarters=MAX_FILLED_QUARTERS))


def spend_by_department(
    store: Store, filters: Filters = ALL, *, with_vendor_counts: bool = True
) -> pd.DataFrame:
    """One row per department, by technology spend descending.

    Columns: department, it_owned (bool), customer_facing (bool), total_spend, tech_spend, sor,
    soe (float), line_count, tech_vendors (int: distinct technology vendors; NaN when
    with_vendor_counts=False, which saves a distinct count over every line),
    share_of_tech (float 0..1 of all tech spend).
    """
    return _frame(
        _run(store, "by_department", filters, with_vendor_counts=bool(with_vendor_counts))
    )


def fx_missing_lines(store: Store, filters: Filters = ALL) -> int:
    """Lines without an FX rate to the reporting currency (left out of every sum)."""
    return int(_one_row(_run(store, "fx_missing", filters)).get("fx_missing_lines") or 0)


def shadow_it_vendors(store: Store, filters: Filters = ALL) -> pd.DataFrame:
    """Technology vendors paid outside IT, by spend outside IT descending.

    Columns: vendor, category, layer, departments_paying ('Finance, Marketing'),
    department_count (int), spend_outside_it, spend_by_it (float; IT's spend on the same vendor),
    consolidation_candidate (bool: IT pays it too), share_of_outside_it (0..1), first_seen,
    last_seen (date, over all loaded data), new_in_period (bool: first seen on/after new_since),
    new_since (date: start of the selected period, or of the latest quarter when none),
    line_count (int).
    """
    return _frame(_run(store, "shadow_it_vendors", filters))


def vendor_lines(
    store: Store, vendor: str, filters: Filters = ALL, *, max_lines: int = 2000
) -> pd.DataFrame:
    """The technology lines of one vendor (as named in `shadow_it_vendors`), newest first.

    Columns: txn_date, department, it_owned, vendor_as_written, account_name, description,
    amount (float, original currency), currency, amount_reporting (float, NaN if no FX rate),
    category, layer, decided_by, reason, source_file, source_row (1-based row in that file),
    upload_id, total_lines (lines of the vendor in all, even beyond max_lines).
    """
    return _frame(_run(store, "vendor_lines", filters, vendor=vendor, max_lines=int(max_lines)))


def top_vendors_by_layer(store: Store, filters: Filters = ALL, *, top_n: int = 10) -> pd.DataFrame:
    """The top `top_n` technology vendors of each layer.

    Columns: layer ('SoR'|'SoE'), vendor, category, spend, spend_outside_it (float),
    outside_it_share (0..1), rank (1 = largest).
    """
    return _frame(_run(store, "top_vendors_by_layer", filters, top_n=int(top_n)))


def _period(row: dict[str, Any]) -> QuarterPeriod:
    return QuarterPeriod(
        period=row["period"],
        quarter_key=int(row["quarter_key"]),
        quarter_label=row["quarter_label"],
        total_spend=_money(row["total_spend"]),
        tech_spend=_money(row["tech_spend"]),
        tech_in_it=_money(row["tech_in_it"]),
        tech_outside_it=_money(row["tech_outside_it"]),
        sor=_money(row["sor"]),
        soe=_money(row["soe"]),
        outside_it_share=_share(row["outside_it_share"]),
        line_count=int(row["line_count"]),
        fx_missing_lines=int(row["fx_missing_lines"]),
    )


def previous_quarter_key(quarter_key: int) -> int:
    """20261 -> 20254; 20263 -> 20262."""
    year, quarter = divmod(int(quarter_key), 10)
    return (year - 1) * 10 + 4 if quarter == 1 else quarter_key - 1


def quarter_summary(store: Store, quarter_key: int, filters: Filters = ALL) -> QuarterSummary:
    """Headline figures of a quarter, the quarter before and the same quarter a year earlier.

    The period filters are ignored (the quarter is the period); departments and uploads apply.
    """
    rows = _run(store, "quarter_summary", filters.without_period(), quarter_key=int(quarter_key))
    by_period = {r["period"]: _period(r) for r in rows.to_pylist()}
    return QuarterSummary(**by_period)


Dimension = Literal["department", "category", "vendor"]
_CHANGE_COLUMNS_DOC = """
    Columns: item (department, category or vendor), any_it_owned (bool), current,
    previous_quarter, change_vs_previous, same_quarter_last_year, change_vs_last_year (float),
    change_pct_vs_previous, change_pct_vs_last_year (float ratio, NaN when the base is 0).
"""


def quarter_changes_all(store: Store, quarter_key: int, filters: Filters = ALL) -> pd.DataFrame:
    """Technology spend in the quarter vs previous quarter and vs last year, for all three
    dimensions in one pass (one scan instead of three: pages call this once and split it).

    Columns: dimension ('department' | 'category' | 'vendor') plus those of `quarter_changes`;
    within a dimension, the biggest changes vs the previous quarter first. The period filters
    are ignored (the quarter is the period); departments and uploads apply.
    """
    return _frame(
        _run(store, "quarter_changes", filters.without_period(), quarter_key=int(quarter_key))
    )


def split_changes(changes: pd.DataFrame, dimension: Dimension) -> pd.DataFrame:
    """The rows of one dimension of `quarter_changes_all`, without the dimension column."""
    if dimension not in ("department", "category", "vendor"):
        raise ValueError(f"unknown dimension {dimension!r}")
    part = changes[changes["dimension"] == dimension]
    return part.drop(columns=["dimension"]).reset_index(drop=True)


def quarter_changes(
    store: Store, quarter_key: int, dimension: Dimension = "department", filters: Filters = ALL
) -> pd.DataFrame:
    """Technology spend by `dimension` in the quarter vs previous quarter and vs last year,
    the biggest movers vs the previous quarter first.
    """
    return split_changes(quarter_changes_all(store, quarter_key, filters), dimension)


quarter_changes.__doc__ = (quarter_changes.__doc__ or "") + _CHANGE_COLUMNS_DOC


def biggest_movers(
    store: Store, quarter_key: int, filters: Filters = ALL, *, top_n: int = 10
) -> pd.DataFrame:
    """The `top_n` technology vendors whose spend changed most vs the previous quarter.

    Same columns as `quarter_changes` with item = vendor.
    """
    return quarter_changes(store, quarter_key, "vendor", filters).head(top_n)


def first_time_vendors(store: Store, quarter_key: int, filters: Filters = ALL) -> pd.DataFrame:
    """Technology vendors first seen (in all loaded data) in the quarter.

    Columns: vendor, category, layer, departments, spend, spend_outside_it (float, in the quarter),
    first_seen (date).
    """
    return _frame(
        _run(store, "first_time_vendors", filters.without_period(), quarter_key=int(quarter_key))
    )


def filter_options(store: Store) -> FilterOptions:
    """Departments, quarters and uploads present in classified_lines."""
    rows = _run(store, "filter_options").to_pylist()
    departments = tuple(r["label"] for r in rows if r["kind"] == "department")
    it_departments = tuple(r["label"] for r in rows if r["kind"] == "department" and r["it_owned"])
    quarter_rows = [r for r in rows if r["kind"] == "quarter"]
    uploads = tuple((int(r["upload_id"]), r["file_name"]) for r in _run(store, "uploads").to_pylist())
    return FilterOptions(
        departments=departments,
        it_departments=it_departments,
        quarters=tuple((int(r["quarter_key"]), r["label"]) for r in quarter_rows),
        uploads=uploads,
        first_date=min((r["first_date"] for r in quarter_rows), default=None),
        last_date=max((r["last_date"] for r in quarter_rows), default=None),
    )
