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
from db import TechspendError
from ingest import budget as budget_files
from ingest import row_issues
from models import budget, fiscal, fx, report

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
    if frame.empty:
        print("No budget loaded.")
        return 0
    for r in frame.itertuples():
        print(f"#{r.upload_id} {r.file_name}: {r.rows_read} read, {r.rows_loaded} loaded, "
              f"{r.rows_excluded} excluded, {r.rows_rejected} rejected; control total {r.control_total:,.2f}")
    return 0


def _budget_delete(args) -> int:
    workspace.delete_budget_upload(store_for(args), args.upload_id)
    print(f"Deleted budget upload #{args.upload_id}.")
    return 0


def _budget_show(args) -> int:
    store = store_for(args)
    quarter = args.quarter or _latest(store)
    result = budget.budget_vs_actual(store, quarter)
    q = result.quarter
    print(f"Technology budget vs actual, {q.label} ({q.start} to {q.end}), {result.currency}")
    header = f"{'':32} {'actual':>14} {'budget':>14} {'variance':>14} {'var %':>8} {'FY outlook':>14} {'FY budget':>14}"
    for title, frame in (("Department", result.by_department), ("Layer", result.by_layer), ("IT / outside IT", result.by_it)):
        print(f"\n{title}\n{header}")
        for r in frame.itertuples():
            pct = "" if r.variance_pct != r.variance_pct else f"{r.variance_pct:+.1%}"
            print(f"{str(r.group_name)[:32]:32} {r.actual:14,.2f} {r.budget:14,.2f} {r.variance:+14,.2f} "
                  f"{pct:>8} {r.outlook_full_year:14,.2f} {r.budget_full_year:14,.2f}")
    t = result.total
    print(f"\n{'Total':32} {t['actual']:14,.2f} {t['budget']:14,.2f} {t['variance']:+14,.2f}")
    if len(result.shadow_it):
        print("\nTechnology spend with no technology budget (shadow IT in budget terms), FY to date:")
        for r in result.shadow_it.itertuples():
            print(f"  {r.department}: {r.actual_ytd:,.2f}")
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
    if frame.empty:
        print("No FX rates stored.")
    for r in frame.itertuples():
        print(f"{r.month:%Y-%m} {r.from_currency}->{r.to_currency} {r.rate:.8g}  ({r.source})")
    return 0


def _fx_missing(args) -> int:
    store = store_for(args)
    frame = fx.missing(store)
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
    path = report.write_board_pack(store, quarter, args.out, max_lines=args.max_lines)
    print(f"Wrote the {quarter.label} board pack ({quarter.start} to {quarter.end}) to {path}")
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
    budget_sub = budget_p.add_subparsers(dest="budget_command", required=True, metavar="ACTION")
    p = budget_sub.add_parser("load", help="load a budget file (department, period, amount[, category, layer, IT budget, currency])")
    file_options(p)
    p.set_defaults(handler=_budget_load)
    p = budget_sub.add_parser("list", help="budget uploads with their reconciliation")
    db_arg(p)
    p.set_defaults(handler=_budget_list)
    p = budget_sub.add_parser("delete", help="delete one budget upload")
    p.add_argument("upload_id", type=int, metavar="UPLOAD_ID")
    db_arg(p)
    p.set_defaults(handler=_budget_delete)
    p = budget_sub.add_parser("show", help="budget vs actual for a quarter")
    p.add_argument("--quarter", help=quarter_help)
    db_arg(p)
    p.set_defaults(handler=_budget_show)

    fx_p = sub.add_parser("fx", help="FX rates: load, list, missing, set")
    fx_sub = fx_p.add_subparsers(dest="fx_command", required=True, metavar="ACTION")
    p = fx_sub.add_parser("load", help="load an FX table (Month, From, To, Rate)")
    file_options(p)
    p.set_defaults(handler=_fx_load)
    p = fx_sub.add_parser("list", help="stored rates")
    db_arg(p)
    p.set_defaults(handler=_fx_list)
    p = fx_sub.add_parser("missing", help="currency-months lines use with no rate (exit 1 when any)")
    db_arg(p)
    p.set_defaults(handler=_fx_missing)
    p = fx_sub.add_parser("set", help="store one rate: units of TO per one FROM for MONTH")
    p.add_argument("month", metavar="MONTH", help="2025-04")
    p.add_argument("from_currency", metavar="FROM")
    p.add_argument("to_currency", metavar="TO")
    p.add_argument("rate", metavar="RATE")
    db_arg(p)
    p.set_defaults(handler=_fx_set)

    p = sub.add_parser("report", help="write the board pack (XLSX) for a quarter")
    p.add_argument("--quarter", help=quarter_help)
    p.add_argument("--out", required=True, metavar="PACK.xlsx")
    p.add_argument("--max-lines", type=int, default=20_000,
                   help="most classified lines in the Lines sheet (default 20,000)")
    db_arg(p)
    p.set_defaults(handler=_report)
