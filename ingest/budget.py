"""Technology budget files: read a budget (CSV, XLSX, XLS), check every row, store it in one
transaction.

Business rule: a budget file states budgets — an amount per department and period, optionally
per category or layer (SoR / SoE), optionally with an IT-budget flag (Y / N / empty) and a
currency (default: the reporting currency). Each row is loaded, excluded (blank, 'Total' lines,
heading rows with no period or amount) or rejected with a reason naming file and row; rows read =
loaded + excluded + rejected, and the upload is recorded in `uploads` with dataset='budget' and
the control total (sum of loaded amounts). Budgets of different uploads ADD UP; an overlap with
budget already loaded is said in the notes. What the figures mean (technology vs operating
budget, budget vs actual, outlook) is models.budget.

Periods (the fiscal calendar of db.fiscal; FY named by the year it ends in):
    '2026-01', 'Jan 2026', any date in the month  -> that month
    'FY2026 Q1', '2026-Q1', 'Q1 FY26'              -> that FISCAL quarter
    'FY2026'                                       -> that fiscal year

Worked example, fiscal year starting April::

    Department,Period,Amount
    Marketing,FY2026,1200          -> row 2 loaded: 2025-04-01 .. 2026-03-31, 1,200.00
    Sales,2026-Q1,300              -> row 3 loaded: FY2026 Q1 = 2025-04-01 .. 2025-06-30
    Total,,1500                    -> row 4 excluded: total row (not summed)
    Legal,2025-04,oops             -> row 5 rejected: "budget.csv row 5: amount 'oops' is not a number."
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:  # pandas is imported where it is used: the CLI starts without it
    import pandas as pd

from db import fiscal
from db.settings import reporting_currency
from db.values import parse_currency
from ingest import datasets as dl
from ingest.load import LoadResult
from ingest.readers import SourceTable

DATASET = "budget"

ALIASES: dict[str, tuple[str, ...]] = {
    "department": ("department", "dept", "department name", "directorate", "division",
                   "service area", "business unit", "cost centre", "cost center",
                   "cost centre name", "cost center name", "budget holder", "team", "function"),
    "period": ("period", "month", "quarter", "date", "budget period", "fiscal period",
               "period start", "fiscal quarter", "year"),
    "amount": ("amount", "budget", "budget amount", "value", "total budget", "planned", "plan",
               "budget value", "net"),
    "category": ("category", "cost category", "expense category", "tbm category", "type",
                 "cost pool", "tower"),
    "layer": ("layer", "sor soe", "system type", "system layer", "systems layer"),
    "is_it_budget": ("it budget", "is it", "it", "it flag", "technology budget", "it owned",
                     "owned by it", "it line"),
    "currency": ("currency", "ccy", "currency code"),
}
REQUIRED = ("department", "period", "amount")

_LAYERS = {
    "sor": "SoR", "system of record": "SoR", "systems of record": "SoR", "record": "SoR",
    "soe": "SoE", "system of engagement": "SoE", "systems of engagement": "SoE",
    "engagement": "SoE",
}


@dataclass(frozen=True)
class BudgetRow:
    source_row: int
    department: str
    period_start: date
    period_end: date  # inclusive
    category: str | None
    layer: str | None
    is_it_budget: bool | None
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class BudgetParse:
    """A budget file read and checked but not yet written: what the preview step shows."""

    table: SourceTable
    source_rows: tuple[dl.TextRow, ...]  # every data row as text (rows read)
    mapping: dict[str, int]
    rows: tuple[BudgetRow, ...]
    issues: tuple[dl.RowIssue, ...]

    @property
    def rows_read(self) -> int:
        return len(self.source_rows)

    @property
    def mapping_names(self) -> dict[str, str]:
        return {name: self.table.columns[i] for name, i in self.mapping.items()}

    def frame(self) -> pd.DataFrame:
        import pandas as pd
        return pd.DataFrame([r.__dict__ for r in self.rows])


def parse_period(text: str, start_month: int, slash_order: str | None = None) -> tuple[date, date]:
    """Budget period text -> (first day, last day inclusive). Raises ValueError with a reason."""
    raw = str(text).strip()
    compact = re.sub(r"\s+", " ", raw.upper())
    year_match = re.fullmatch(r"FY ?(\d{2}|\d{4})", compact)
    if year_match:
        year = int(year_match.group(1))
        year = year + 2000 if year < 100 else year
        first = fiscal.Quarter(year, 1, start_month)
        return first.start, first.fiscal_year_end()
    if "Q" in compact:
        try:
            quarter = fiscal.parse_quarter(compact, start_month)
        except fiscal.FiscalError:
            raise ValueError(
                f"period '{raw}' is not a quarter I can read (write FY2026 Q1 or 2026-Q1)"
            ) from None
        return quarter.start, quarter.end
    try:
        month = dl.parse_month(raw, slash_order)
    except ValueError:
        raise ValueError(
            f"period '{raw}' is not a month, quarter or fiscal year "
            "(write 2026-01, FY2026 Q1 or FY2026)"
        ) from None
    return month, fiscal.add_months(month, 1) - timedelta(days=1)


def parse_layer(text: str) -> str | None:
    value = re.sub(r"[^a-z ]+", " ", str(text).lower()).strip()
    value = re.sub(r"\s+", " ", value)
    if value == "":
        return None
    if value in _LAYERS:
        return _LAYERS[value]
    raise ValueError(f"layer '{text}' is not SoR or SoE (leave it empty when the budget has no layer)")


def parse_budget_table(
    table: SourceTable,
    source_rows: tuple[dl.TextRow, ...],
    *,
    start_month: int,
    currency: str,
    overrides: Mapping[str, str] | None = None,
) -> BudgetParse:
    mapping = dl.map_columns(table, ALIASES, REQUIRED, overrides, what="budget file")
    log = dl.IssueLog(table.file_name)
    order = dl.slash_date_order(r.cells[mapping["period"]] for r in source_rows)
    parsed: list[BudgetRow] = []

    def cell(row, name: str) -> str:
        index = mapping.get(name)
        return row.cells[index].strip() if index is not None else ""

    # amounts by the ledger's SQL parser, the decimal comma decided for the whole column
    amounts = dict(zip((r.source_row for r in source_rows),
                       dl.parse_amounts([cell(r, "amount") for r in source_rows])))
    for row in source_rows:
        department, period, amount_text = cell(row, "department"), cell(row, "period"), cell(row, "amount")
        if not any(c.strip() for c in row.cells):
            log.exclude(row.source_row, "blank row")
            continue
        if dl.is_total_label(department) or dl.is_total_label(period):
            log.exclude(row.source_row, "total row (not summed)")
            continue
        if not department and not period:
            log.exclude(row.source_row, "no department or period (a subtotal or note)")
            continue
        if department and not period and not amount_text:
            log.exclude(row.source_row, "heading row (no period or amount)")
            continue
        try:
            if not department:
                raise ValueError("no department")
            if not period:
                raise ValueError("no period")
            if not amount_text:
                raise ValueError("no amount")
            start, end = parse_period(period, start_month, order)
            amount = amounts[row.source_row]
            if amount is None:
                raise ValueError(f"amount '{amount_text}' is not a number")
            layer = parse_layer(cell(row, "layer"))
            flag = dl.parse_flag(cell(row, "is_it_budget"))
            row_currency = parse_currency(cell(row, "currency")) if cell(row, "currency") else currency
        except ValueError as exc:
            log.reject(row.source_row, f"{exc}.")
            continue
        parsed.append(
            BudgetRow(
                source_row=row.source_row,
                department=department,
                period_start=start,
                period_end=end,
                category=cell(row, "category") or None,
                layer=layer,
                is_it_budget=flag,
                amount=amount,
                currency=row_currency,
            )
        )
    return BudgetParse(table, source_rows, mapping, tuple(parsed), tuple(log.issues))


def preview_budget_file(
    store,
    file_name: str,
    data: bytes,
    *,
    sheet: str | None = None,
    overrides: Mapping[str, str] | None = None,
) -> BudgetParse:
    table, rows = dl.read_table(
        file_name, data, sheet=sheet, is_header=dl.header_test(ALIASES, REQUIRED, overrides)
    )
    return parse_budget_table(
        table,
        rows,
        start_month=fiscal.start_month_of(store),
        currency=reporting_currency(store),
        overrides=overrides,
    )


def load_budget_file(
    store,
    file_name: str,
    data: bytes,
    *,
    sheet: str | None = None,
    overrides: Mapping[str, str] | None = None,
    replace: bool = False,
) -> LoadResult:
    """Load a budget file in one transaction; returns its reconciliation (status 'loaded'), or
    status 'duplicate' when the same content is already loaded and `replace` is not set.

    Budgets of different uploads ADD UP. When this file overlaps budget already loaded (same
    department and category/layer, overlapping months) the notes say so: delete the older upload
    (`delete_budget_upload`) if this file replaces it."""
    import pandas as pd
    duplicate = None if replace else dl.duplicate_of(store, DATASET, data, file_name)
    if duplicate is not None:
        return duplicate
    earlier = dl.earlier_uploads(store, DATASET, data)
    parsed = preview_budget_file(store, file_name, data, sheet=sheet, overrides=overrides)
    notes = list(parsed.table.notes)
    control = sum((r.amount for r in parsed.rows), Decimal("0.00"))
    with store.transaction() as cur:
        upload_id = dl.record_upload(cur, parsed, target_table="budget_lines", earlier=earlier,
                                    data=data, dataset=DATASET, notes=notes,
                                    loaded_rows=len(parsed.rows), control_total=control)
        if parsed.rows:
            frame = pd.DataFrame(
                {
                    "upload_id": upload_id,
                    "source_row": [r.source_row for r in parsed.rows],
                    "department": [r.department for r in parsed.rows],
                    "period_start": [r.period_start for r in parsed.rows],
                    "period_end": [r.period_end for r in parsed.rows],
                    "category": [r.category for r in parsed.rows],
                    "layer": [r.layer for r in parsed.rows],
                    "is_it_budget": pd.array([r.is_it_budget for r in parsed.rows], dtype="boolean"),
                    "amount": [str(r.amount) for r in parsed.rows],
                    "currency": [r.currency for r in parsed.rows],
                }
            )
            cur.register("new_budget_rows", frame)
            cur.execute(
                "INSERT INTO budget_lines SELECT upload_id, source_row, department, "
                "period_start::DATE, period_end::DATE, category, layer, is_it_budget, "
                "amount::DECIMAL(18, 2), currency FROM new_budget_rows"
            )
            cur.unregister("new_budget_rows")
            overlaps = cur.execute(
                "SELECT o.upload_id, any_value(u.file_name), count(DISTINCT n.source_row) "
                "FROM budget_lines n JOIN budget_lines o "
                "  ON o.upload_id <> n.upload_id "
                " AND department_key(o.department) = department_key(n.department) "
                " AND coalesce(o.category, '') = coalesce(n.category, '') "
                " AND coalesce(o.layer, '') = coalesce(n.layer, '') "
                " AND o.period_start <= n.period_end AND n.period_start <= o.period_end "
                "JOIN uploads u ON u.upload_id = o.upload_id "
                "WHERE n.upload_id = ? GROUP BY o.upload_id ORDER BY o.upload_id",
                [upload_id],
            ).fetchall()
            for other_id, other_name, count in overlaps:
                notes.append(
                    f"{count} row(s) overlap budget upload #{other_id} ({other_name}); budgets add "
                    f"up — delete upload #{other_id} if this file replaces it"
                )
            if overlaps:
                cur.execute("UPDATE uploads SET notes = ? WHERE upload_id = ?", [notes, upload_id])
    return dl.result_of(parsed, upload_id=upload_id, file_name=file_name,
                        loaded=len(parsed.rows), control_total=control, notes=notes)


def delete_budget_upload(store, upload_id: int) -> None:
    """Remove one budget upload and its lines."""
    found = store.scalar(
        "SELECT count(*) FROM uploads WHERE upload_id = ? AND dataset = ?", [upload_id, DATASET]
    )
    if not found:
        raise dl.DatasetLoadError(f"There is no budget upload #{upload_id}.")
    with store.transaction() as cur:
        cur.execute("DELETE FROM budget_lines WHERE upload_id = ?", [upload_id])
        dl.delete_upload_records(cur, upload_id)


def budget_uploads(store) -> pd.DataFrame:
    """Budget uploads with their reconciliation. Columns: upload_id, file_name, rows_read,
    rows_loaded, rows_excluded, rows_rejected, control_total (float), loaded_at, notes."""
    return store.df(
        "SELECT upload_id, file_name, rows_read, rows_loaded, rows_excluded, rows_rejected, "
        "control_total::DOUBLE AS control_total, loaded_at, notes FROM uploads "
        "WHERE dataset = ? ORDER BY upload_id",
        [DATASET],
    )
