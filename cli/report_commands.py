"""techspend budget | fx | report: budgets, FX rates and the board pack.

    techspend budget load FILE [--sheet NAME] [--map FIELD=COLUMN]... [--replace]
    techspend budget list | delete UPLOAD_ID | show --quarter "FY2026 Q1"
    techspend fx load FILE [--sheet NAME] [--map FIELD=COLUMN]... [--replace]
    techspend fx list | missing | set MONTH FROM TO RATE
    techspend report --db PATH --quarter "FY2026 Q1" --out pack.xlsx [--max-lines N]

Exit codes: 0 done; 1 the file loaded but some rows were rejected (listed), or rates are missing;
2 nothing was loaded (the message says why: e.g. the same file was loaded before).
Loads and edits go through the workspace (one transaction each, with the reclassification an FX
change needs); figures come from models.budget, models.fx and models.report.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import workspace
from cli.common import db_arg, parse_maps, read_file, store_for
from cli.output import Column, json_value, print_json, print_table, records, text_cell
from db import TechspendError
from ingest import budget as budget_files
from ingest import row_issues
from models import budget, fiscal, fx, report
from models.analytics import Filters
from models.report.figures import budget_has_layers
from models.report.scope import describe_scope

BUDGET_UPLOAD_COLUMNS = [
    Column("upload_id", "#", "int"), Column("file_name", "File"), Column("rows_read", "Read", "int"),
    Column("rows_loaded", "Loaded", "int"), Column("rows_excluded", "Excluded", "int"),
    Column("rows_rejected", "Rejected", "int"), Column("control_total", "Total budget", "money"),
    Column("loaded_at", "Loaded at", "datetime"),
]
BVA_COLUMNS = [
    Column("group_name", "Group"), Column("actual", "Actual", "money"),
    Column("budget", "Budget", "money"), Column("variance", "Variance", "money"),
    Column("variance_pct", "Var %", "pct"), Column("outlook_full_year", "FY outlook", "money"),
    Column("budget_full_year", "FY budget", "money"),
]
RATE_COLUMNS = [Column("month", "Month", "month"), Column("from_currency", "From"),
                Column("to_currency", "To"), Column("rate", "Rate", "rate"),
                Column("source", "Source")]
MISSING_COLUMNS = [Column("currency", "Currency"), Column("month", "Month", "month"),
                   Column("to_currency", "To"), Column("lines", "Lines", "int"),
                   Column("amount", "Amount (own currency)", "money")]

MAX_ISSUES_SHOWN = 20


def _print_load(store, result) -> int:
    """The reconciliation, the columns used, notes and the first row issues (read back from the
    store, as for ledgers). A duplicate is one line on stderr and exit 2: nothing was loaded."""
    if result.status == "duplicate":
        print(f"techspend: {result.message}", file=sys.stderr)
        return 2
    print(result.message)
    print("  columns: " + ", ".join(f"{k}={v!r}" for k, v in result.mapping.items()))
    for note in result.notes:
        print(f"  note: {note}")
    issues = row_issues(store, result.upload_id)
    for issue in issues.head(MAX_ISSUES_SHOWN).itertuples():
        if issue.disposition == "rejected":  # the reason already names file and row
            print(f"  rejected: {issue.reason}")
        else:
            print(f"  excluded row {issue.source_row}: {issue.reason}")
    if len(issues) > MAX_ISSUES_SHOWN:
        print(f"  ... and {len(issues) - MAX_ISSUES_SHOWN} more: techspend rejects --upload {result.upload_id}")
    return 1 if result.rows_rejected else 0


# ---- reporting: budget ----------------------------------------------------------------------
def _budget_load(args) -> int:
    store = store_for(args)
    result = workspace.load_budget_file(
        store, Path(args.file).name, read_file(args.file), sheet=args.sheet,
        overrides=parse_maps(args.map), replace=args.replace,
    )
    return _print_load(store, result)


def _budget_list(args) -> int:
    frame = budget_files.budget_uploads(store_for(args))
    print_table(frame, BUDGET_UPLOAD_COLUMNS, args.json,
                empty="No budget loaded: techspend budget load FILE")
    return 0


def _budget_delete(args) -> int:
    workspace.delete_budget_upload(store_for(args), args.upload_id)
    print(f"Deleted budget upload #{args.upload_id}.")
    return 0


def _budget_views(result) -> list[tuple[str, object]]:
    """Department and IT / outside IT always; Layer only for a budget that has layers (a budget
    without them would show every amount as 'Unassigned' next to actuals split SoR / SoE)."""
    views = [("Department", result.by_department)]
    if budget_has_layers(result):
        views.append(("Layer", result.by_layer))
    views.append(("IT / outside IT", result.by_it))
    return views


def _budget_show(args) -> int:
    store = store_for(args)
    quarter = args.quarter or _latest(store)
    result = budget.budget_vs_actual(store, quarter)
    q = result.quarter
    views = _budget_views(result)
    if args.json:
        print_json({"quarter": q.label, "currency": result.currency,
                    "has_budget": result.has_budget, "has_layers": budget_has_layers(result),
                    **{title: records(frame, BVA_COLUMNS) for title, frame in views},
                    "total": {c.key: json_value(result.total.get(c.key), c.kind) for c in BVA_COLUMNS}})
        return 0
    print(f"Technology budget vs actual, {q.label} ({q.start} to {q.end}), {result.currency}")
    for title, frame in views:
        print(f"\n{title}")
        print_table(frame, BVA_COLUMNS, False)
    t = result.total
    print(f"\nTotal: actual {text_cell(t['actual'], 'money')}, budget {text_cell(t['budget'], 'money')}, "
          f"variance {text_cell(t['variance'], 'money')}")
    if not budget_has_layers(result) and result.has_budget:
        print("(The budget has no layers, so no SoR / SoE comparison is shown.)")
    if len(result.shadow_it):
        print("\nTechnology spend with no technology budget (shadow IT in budget terms), FY to date:")
        for r in result.shadow_it.itertuples():
            print(f"  {r.department}: {text_cell(r.actual_ytd, 'money')}")
    if result.unmatched_budget_departments:
        print("\nBudget departments that match no ledger department (check the spelling): "
              + "; ".join(result.unmatched_budget_departments))
    if not result.has_budget:
        print(f"\nNo budget covers FY{q.fiscal_year}: load one with `techspend budget load FILE`.")
    return 0


# ---- reporting: fx --------------------------------------------------------------------------
def _fx_load(args) -> int:
    store = store_for(args)
    result = workspace.load_fx_file(  # one transaction: rates + every line reconverted
        store, Path(args.file).name, read_file(args.file), sheet=args.sheet,
        overrides=parse_maps(args.map), replace=args.replace,
    )
    code = _print_load(store, result)
    missing = fx.missing(store)
    if len(missing):
        print(f"  {len(missing)} currency-month(s) still have no rate: techspend fx missing")
    return code


def _fx_list(args) -> int:
    frame = fx.rates(store_for(args))
    print_table(frame, RATE_COLUMNS, args.json, empty="No FX rates stored: techspend fx load FILE")
    return 0


def _fx_missing(args) -> int:
    store = store_for(args)
    frame = fx.missing(store)
    if args.json:
        print_table(frame, MISSING_COLUMNS, True)
        return 1 if len(frame) else 0
    if frame.empty:
        print(f"Every line converts to {fx.reporting_currency(store)}.")
        return 0
    print(f"Lines with no FX rate to {fx.reporting_currency(store)} (left out of every figure, never converted at 1.0):")
    for r in frame.itertuples():
        print(f"  {r.currency} {r.month:%Y-%m}: {r.lines:,} line(s), {r.amount:,.2f} {r.currency}")
    print("Add them with `techspend fx set MONTH FROM TO RATE` or `techspend fx load FILE`.")
    return 1


def _fx_set(args) -> int:
    workspace.set_rate(store_for(args), args.month, args.from_currency, args.to_currency, args.rate)
    print(f"Stored {args.from_currency.upper()}->{args.to_currency.upper()} {args.rate} for {args.month}.")
    return 0


# ---- reporting: report ----------------------------------------------------------------------
def _latest(store) -> str:
    latest = fiscal.latest_quarter_with_data(store)
    if latest is None:
        raise TechspendError("There are no classified lines yet: load a ledger first (techspend ingest FILE).")
    return latest.label


def _report(args) -> int:
    store = store_for(args)
    quarter = fiscal.quarter_from_label(store, args.quarter or _latest(store))
    filters = Filters(departments=tuple(args.department or ()), upload_ids=tuple(args.upload or ()))
    path = report.write_board_pack(store, quarter, args.out, max_lines=args.max_lines, filters=filters)
    print(f"Wrote the {quarter.label} board pack ({quarter.start} to {quarter.end}) to {path}; "
          f"scope: {describe_scope(store, filters).sentence}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    def file_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("file", metavar="FILE", help="CSV, XLSX or XLS file")
        p.add_argument("--sheet", help="workbook sheet (default: the first / the one that fits)")
        p.add_argument("--map", action="append", metavar="FIELD=COLUMN",
                       help="use COLUMN for FIELD (repeatable)")
        p.add_argument("--replace", action="store_true", help="load again a file already loaded, in its place")
        db_arg(p)

    quarter_help = 'fiscal quarter, e.g. "FY2026 Q1" or 2026-Q1 (default: the latest with data)'

    budget_p = sub.add_parser("budget", help="technology budgets: load, list, delete, budget vs actual")
    db_arg(budget_p)
    budget_sub = budget_p.add_subparsers(dest="budget_command", required=True, metavar="ACTION")
    p = budget_sub.add_parser("load", help="load a budget file (department, period, amount[, category, layer, IT budget, currency])")
    file_options(p)
    p.set_defaults(handler=_budget_load)
    p = budget_sub.add_parser("list", help="budget uploads with their reconciliation")
    db_arg(p)
    p.set_defaults(handler=_budget_list, json_ok=True)
    p = budget_sub.add_parser("delete", help="delete one budget upload")
    p.add_argument("upload_id", type=int, metavar="UPLOAD_ID",
                   help="the budget upload's number (techspend budget list)")
    db_arg(p)
    p.set_defaults(handler=_budget_delete)
    p = budget_sub.add_parser("show", help="budget vs actual for a quarter")
    p.add_argument("--quarter", help=quarter_help)
    db_arg(p)
    p.set_defaults(handler=_budget_show, json_ok=True)

    fx_p = sub.add_parser("fx", help="FX rates: load, list, missing, set")
    db_arg(fx_p)
    fx_sub = fx_p.add_subparsers(dest="fx_command", required=True, metavar="ACTION")
    p = fx_sub.add_parser("load", help="load an FX table (Month, From, To, Rate)")
    file_options(p)
    p.set_defaults(handler=_fx_load)
    p = fx_sub.add_parser("list", help="stored rates")
    db_arg(p)
    p.set_defaults(handler=_fx_list, json_ok=True)
    p = fx_sub.add_parser("missing", help="currency-months lines use with no rate (exit 1 when any)")
    db_arg(p)
    p.set_defaults(handler=_fx_missing, json_ok=True)
    p = fx_sub.add_parser("set", help="store one rate: units of TO per one FROM for MONTH")
    p.add_argument("month", metavar="MONTH", help="the month the rate is for, e.g. 2025-04")
    p.add_argument("from_currency", metavar="FROM", help="currency of the lines, e.g. USD")
    p.add_argument("to_currency", metavar="TO", help="the reporting currency, e.g. GBP")
    p.add_argument("rate", metavar="RATE", help="units of TO for one FROM, e.g. 0.79")
    db_arg(p)
    p.set_defaults(handler=_fx_set)

    p = sub.add_parser("report", help="write the board pack (XLSX) for a quarter")
    p.add_argument("--quarter", help=quarter_help)
    p.add_argument("--out", required=True, metavar="PACK.xlsx", help="the workbook to write")
    p.add_argument("--max-lines", type=int, default=20_000,
                   help="most classified lines in the Lines sheet (default 20,000)")
    p.add_argument("--department", action="append", metavar="NAME",
                   help="only this department (repeatable; as in `techspend departments list`); "
                        "every sheet says the scope")
    p.add_argument("--upload", action="append", type=int, metavar="ID",
                   help="only lines of this upload (repeatable; ids: techspend uploads)")
    db_arg(p)
    p.set_defaults(handler=_report)
