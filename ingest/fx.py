"""FX rate files: read a rate table (CSV, XLSX, XLS), check every row, store it in one transaction.

Business rule: a rate is the number of units of the TO currency that one unit of the FROM currency
buys in a MONTH (models.fx has the conversion rule). Each row is loaded or, with a reason naming
the file and row, excluded (blank, totals, an exact duplicate, FROM = TO at rate 1) or rejected
(unreadable month, currency or rate; the same month and currencies twice with different rates);
the upload is recorded in `uploads` with dataset='fx' (control total = sum of loaded rates).
A file rate replaces a stored rate for the same (month, from, to), said in the notes.

Worked example, reporting currency GBP::

    Month,From,To,Rate
    2025-04,USD,GBP,0.80        -> row 2 loaded: April USD lines convert at 0.80
    Apr-25,USD,GBP,0.80         -> row 3 excluded: duplicate of row 2
    2025-05,USD,GBP,abc         -> row 4 rejected: "rates.csv row 4: rate 'abc' is not a positive number."

Month may be written 2025-04, Apr-25, April 2025 or any date in the month (db.values.parse_month).
Loading changes fx_rates only; workspace.load_fx_file reclassifies in the same transaction so the
classified lines are converted with the new rates (ingest does not import models).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Mapping

from db.values import parse_currency, parse_rate  # noqa: F401  (the rules for rate files)
from ingest import datasets as dl
from ingest.load import LoadResult
from ingest.readers import SourceTable

DATASET = "fx"

ALIASES: dict[str, tuple[str, ...]] = {
    "month": ("month", "date", "period", "effective month", "effective date", "rate date",
              "as of", "valid from", "effective from"),
    "from_currency": ("from", "from currency", "from ccy", "base", "base currency", "source currency",
                      "currency from", "ccy from", "currency"),
    "to_currency": ("to", "to currency", "to ccy", "quote", "quote currency", "target currency",
                    "currency to", "ccy to", "reporting currency"),
    "rate": ("rate", "fx rate", "exchange rate", "fx", "conversion rate", "value"),
}
REQUIRED = ("month", "from_currency", "to_currency", "rate")


@dataclass(frozen=True)
class ParsedRate:
    source_row: int
    month: date
    from_currency: str
    to_currency: str
    rate: Decimal


@dataclass(frozen=True)
class FxParse:
    """A file read and checked but not yet written: what the preview step shows."""

    table: SourceTable
    source_rows: tuple[dl.TextRow, ...]  # every data row as text (rows read)
    mapping: dict[str, int]  # field -> column index
    rates: tuple[ParsedRate, ...]
    issues: tuple[dl.RowIssue, ...]

    @property
    def rows_read(self) -> int:
        return len(self.source_rows)

    @property
    def mapping_names(self) -> dict[str, str]:
        return {name: self.table.columns[i] for name, i in self.mapping.items()}


def parse_fx_table(table: SourceTable, source_rows: tuple[dl.TextRow, ...],
                   overrides: Mapping[str, str] | None = None) -> FxParse:
    mapping = dl.map_columns(table, ALIASES, REQUIRED, overrides, what="FX table")
    log = dl.IssueLog(table.file_name)
    col = {name: mapping[name] for name in REQUIRED}
    order = dl.slash_date_order(r.cells[col["month"]] for r in source_rows)
    seen: dict[tuple[date, str, str], ParsedRate] = {}
    for row in source_rows:
        cells = row.cells
        values = {name: cells[i].strip() for name, i in col.items()}
        if not any(c.strip() for c in cells):
            log.exclude(row.source_row, "blank row")
            continue
        if any(dl.is_total_label(v) for v in values.values() if v):
            log.exclude(row.source_row, "total row")
            continue
        try:
            month = dl.parse_month(values["month"], order)
            from_ccy = parse_currency(values["from_currency"])
            to_ccy = parse_currency(values["to_currency"])
            rate = parse_rate(values["rate"])
        except ValueError as exc:
            log.reject(row.source_row, f"{exc}.")
            continue
        if from_ccy == to_ccy:
            if rate == 1:
                log.exclude(row.source_row, f"{from_ccy} to {to_ccy} needs no rate")
            else:
                log.reject(row.source_row, f"{from_ccy} to {to_ccy} is the same currency but the rate is {rate}.")
            continue
        key = (month, from_ccy, to_ccy)
        earlier = seen.get(key)
        if earlier is not None:
            if earlier.rate == rate:
                log.exclude(row.source_row, f"duplicate of row {earlier.source_row}")
            else:
                log.reject(
                    row.source_row,
                    f"{from_ccy}->{to_ccy} for {month:%Y-%m} is {rate} here but {earlier.rate} "
                    f"on row {earlier.source_row}; keep one.",
                )
            continue
        seen[key] = ParsedRate(row.source_row, month, from_ccy, to_ccy, rate)
    return FxParse(table, source_rows, mapping, tuple(seen.values()), tuple(log.issues))


def preview_fx_file(
    file_name: str, data: bytes, *, sheet: str | None = None, overrides: Mapping[str, str] | None = None
) -> FxParse:
    table, rows = dl.read_table(
        file_name, data, sheet=sheet, is_header=dl.header_test(ALIASES, REQUIRED, overrides))
    return parse_fx_table(table, rows, overrides)


def load_fx_file(
    store,
    file_name: str,
    data: bytes,
    *,
    sheet: str | None = None,
    overrides: Mapping[str, str] | None = None,
    replace: bool = False,
) -> LoadResult:
    """Load an FX table file in one transaction. A rate for a (month, from, to) that already
    exists is replaced by the file's rate (said in the notes).

    Status 'duplicate' (nothing changed) when the same content is already loaded and `replace`
    is not set. Loading does not reclassify: workspace.load_fx_file does, in the same
    transaction, so amount_reporting / fx_missing follow the new rates."""
    duplicate = None if replace else dl.duplicate_of(store, DATASET, data, file_name)
    if duplicate is not None:
        return duplicate
    earlier = dl.earlier_uploads(store, DATASET, data)
    parsed = preview_fx_file(file_name, data, sheet=sheet, overrides=overrides)
    notes = list(parsed.table.notes)
    control = sum((r.rate for r in parsed.rates), Decimal("0")).quantize(Decimal("0.01"))
    with store.transaction() as cur:
        upload_id = dl.record_upload(cur, parsed, target_table="fx_rates", earlier=earlier,
                                    data=data, dataset=DATASET, notes=notes,
                                    loaded_rows=len(parsed.rates), control_total=control)
        replaced = 0
        for r in parsed.rates:
            replaced += len(
                cur.execute(
                    "DELETE FROM fx_rates WHERE month = ? AND from_currency = ? "
                    "AND to_currency = ? RETURNING 1",
                    [r.month, r.from_currency, r.to_currency],
                ).fetchall()
            )
            cur.execute(
                "INSERT INTO fx_rates (month, from_currency, to_currency, rate, upload_id) "
                "VALUES (?, ?, ?, ?, ?)",
                [r.month, r.from_currency, r.to_currency, r.rate, upload_id],
            )
        if replaced:
            notes.append(f"{replaced} rate(s) already stored for the same month and currencies were replaced")
            cur.execute("UPDATE uploads SET notes = ? WHERE upload_id = ?", [notes, upload_id])
    return dl.result_of(parsed, upload_id=upload_id, file_name=file_name,
                        loaded=len(parsed.rates), control_total=control, notes=notes)
