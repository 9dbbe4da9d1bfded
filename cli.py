"""The `techspend` command: a thin edge over the same library code the dashboard uses.

Every subcommand opens the store, calls ingest/models, prints a result. Domain errors
(`db.TechspendError`) become one clear line on stderr and exit code 2; nothing prints a traceback
for bad input.

    techspend ingest ledger.csv card.xlsx --db data/techspend.duckdb
    techspend export --db data/techspend.duckdb --out lines.csv
    techspend rejects --db data/techspend.duckdb --upload 3
"""

from __future__ import annotations

import argparse
import csv
import sys
from typing import TYPE_CHECKING, Callable, Sequence

from db import TechspendError, default_db_path, open_store

if TYPE_CHECKING:
    from ingest.dataset_load import LoadResult as DatasetLoadResult

Handler = Callable[[argparse.Namespace], int]


def _db_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", default=None, help=f"DuckDB file (default $TECHSPEND_DB or {default_db_path()})"
    )


# ---- ingest area (ingest/) ------------------------------------------------------------------
def _parse_maps(pairs: list[str] | None) -> dict[str, str]:
    from ingest import FIELDS

    overrides: dict[str, str] = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise TechspendError(f"--map takes FIELD=COLUMN, got '{pair}'. Fields: {', '.join(FIELDS)}.")
        key, column = pair.split("=", 1)
        overrides[key.strip()] = column.strip()
    return overrides


def _refresh_classification(store, upload_ids: list[int] | None) -> None:
    """Classify new lines at once (classification lives in models/)."""
    try:
        from models import classification
    except ImportError:
        return
    classification.refresh(store, upload_ids)


def _cmd_ingest(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ingest import IngestError, load_file

    store = store_for(args)
    overrides = _parse_maps(args.map)
    failures = 0
    loaded_ids: list[int] = []
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            print(f"{name}: no such file.", file=sys.stderr)
            failures += 1
            continue

        def progress(fraction: float, message: str, _name=path.name) -> None:
            if sys.stderr.isatty() or args.verbose:
                print(f"  [{fraction:4.0%}] {_name}: {message}", file=sys.stderr)

        try:
            result = load_file(store, path.name, path.read_bytes(), sheet=args.sheet,
                               overrides=overrides, date_order=args.date_order,
                               currency=args.currency, replace=args.replace, progress=progress,
                               source_path=str(path))
        except IngestError as exc:
            print(f"{exc}", file=sys.stderr)
            failures += 1
            continue
        if result.status == "duplicate":
            print(result.message)
            continue
        loaded_ids.append(result.upload_id)
        totals = ", ".join(f"{amount:,.2f} {cur}" for cur, amount in result.totals_by_currency.items())
        print(f"{path.name}: upload #{result.upload_id}"
              + (f" (sheet '{result.sheet}')" if result.sheet else ""))
        print(f"  rows read {result.rows_read:>10,}")
        print(f"  loaded    {result.rows_loaded:>10,}")
        print(f"  excluded  {result.rows_excluded:>10,}")
        print(f"  rejected  {result.rows_rejected:>10,}")
        print(f"  control total {result.control_total:,.2f}" + (f" ({totals})" if totals else ""))
        for note in result.notes:
            print(f"  note: {note}")
        if result.rows_rejected:
            print(f"  see the rejected rows: techspend rejects --upload {result.upload_id}")
    if loaded_ids and not args.no_classify:
        _refresh_classification(store, loaded_ids)
    return 1 if failures else 0


def _cmd_rejects(args: argparse.Namespace) -> int:
    from ingest import row_issues

    frame = row_issues(store_for(args), args.upload)
    if frame.empty:
        print("No excluded or rejected rows.")
        return 0
    writer = csv.writer(sys.stdout)
    writer.writerow(["upload_id", "file_name", "source_row", "disposition", "reason", "raw"])
    for row in frame.itertuples(index=False):  # bounded: issues, not ledger lines
        writer.writerow([row.upload_id, row.file_name, row.source_row, row.disposition,
                         excel_safe_text(row.reason), excel_safe_text(row.raw)])
    return 0


def excel_safe_text(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _cmd_export(args: argparse.Namespace) -> int:
    from models import export

    rows = export.export_csv(store_for(args), args.out)
    print(f"Wrote {rows:,} lines to {args.out}.")
    return 0


def _cmd_uploads(args: argparse.Namespace) -> int:
    from ingest import delete_upload, list_uploads

    store = store_for(args)
    if args.delete is not None:
        if not delete_upload(store, args.delete):
            raise TechspendError(f"There is no upload #{args.delete}. List them: techspend uploads")
        print(f"Deleted upload #{args.delete} and its lines.")
        _refresh_classification(store, None)
        return 0
    frame = list_uploads(store)
    if frame.empty:
        print("No uploads yet. Load a file: techspend ingest FILE")
        return 0
    for row in frame.itertuples(index=False):
        sheet = f" [{row.sheet}]" if isinstance(row.sheet, str) else ""
        print(f"#{row.upload_id:<4} {row.dataset:<7} {row.file_name}{sheet}: read {row.rows_read:,},"
              f" loaded {row.rows_loaded:,}, excluded {row.rows_excluded:,}, rejected"
              f" {row.rows_rejected:,}; control total {row.control_total:,.2f}")
    return 0


def _add_ingest_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="load ledger files (CSV, XLSX, XLS)")
    p.add_argument("files", nargs="+", metavar="FILE")
    _db_arg(p)
    p.add_argument("--map", action="append", metavar="FIELD=COLUMN",
                   help="use COLUMN for FIELD (date, vendor, department, amount, debit, credit, ...)")
    p.add_argument("--sheet", help="workbook sheet to read (default: the one that looks like a ledger)")
    p.add_argument("--date-order", choices=["dmy", "mdy"], help="day/month or month/day when ambiguous")
    p.add_argument("--currency", help="currency of the amounts when the file has no currency column")
    p.add_argument("--replace", action="store_true", help="replace an identical file loaded before")
    p.add_argument("--no-classify", action="store_true",
                   help="skip classification (bulk loads: classify once at the end with "
                        "`techspend classify`)")
    p.add_argument("-v", "--verbose", action="store_true", help="show progress")
    p.set_defaults(handler=_cmd_ingest)

    p = sub.add_parser("export", help="write every loaded line, classified, to CSV")
    _db_arg(p)
    p.add_argument("--out", required=True, metavar="FILE.csv")
    p.set_defaults(handler=_cmd_export)

    p = sub.add_parser("rejects", help="list excluded and rejected rows with reasons (CSV)")
    _db_arg(p)
    p.add_argument("--upload", type=int, metavar="ID")
    p.set_defaults(handler=_cmd_rejects)

    p = sub.add_parser("uploads", help="list uploads, or delete one")
    _db_arg(p)
    p.add_argument("--delete", type=int, metavar="ID")
    p.set_defaults(handler=_cmd_uploads)


# ---- classification area (models/classification) -------------------------------------------
def _add_classification_commands(sub: argparse._SubParsersAction) -> None:
    try:
        from models import cli_commands
    except ImportError:  # area not built yet
        return
    cli_commands.register(sub, _db_arg)


# ---- reporting area (budgets, FX, board pack) -----------------------------------------------
# At the edge because it needs both layers: loading budget / FX files is ingest (ingest.budget,
# ingest.fx), figures are models (models.budget, models.fx, models.report).
#
#     techspend budget load FILE [--sheet NAME] [--map FIELD=COLUMN]... [--replace]
#     techspend budget list | delete UPLOAD_ID | show --quarter "FY2026 Q1"
#     techspend fx load FILE [--sheet NAME] [--map FIELD=COLUMN]... [--replace]
#     techspend fx list | missing | set MONTH FROM TO RATE
#     techspend report --db PATH --quarter "FY2026 Q1" --out pack.xlsx [--max-lines N]
#
# Exit codes: 0 done; 1 the file loaded but some rows were rejected (listed), or rates are missing.
MAX_ISSUES_SHOWN = 20


def _mapping(pairs: list[str] | None) -> dict[str, str] | None:
    if not pairs:
        return None
    out = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise TechspendError(f"--map needs FIELD=COLUMN (e.g. --map amount='Budget 2026'), not '{pair}'.")
        out[field.strip()] = column.strip()
    return out


def _print_load(result: DatasetLoadResult) -> int:
    print(result.summary())
    print("  columns: " + ", ".join(f"{k}={v!r}" for k, v in result.mapping.items()))
    for note in result.notes:
        print(f"  note: {note}")
    for issue in result.issues[:MAX_ISSUES_SHOWN]:
        if issue.disposition == "rejected":  # the reason already names file and row
            print(f"  rejected: {issue.reason}")
        else:
            print(f"  excluded row {issue.source_row}: {issue.reason}")
    if len(result.issues) > MAX_ISSUES_SHOWN:
        print(f"  ... and {len(result.issues) - MAX_ISSUES_SHOWN} more (see row_issues for upload #{result.upload_id})")
    return 1 if result.rows_rejected else 0


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise TechspendError(f"Cannot read {path}: {exc.strerror or exc}.") from None


# ---- reporting: budget ----------------------------------------------------------------------
def _budget_load(args) -> int:
    from pathlib import Path

    from ingest import budget as budget_files

    store = open_store(args.db)
    result = budget_files.load_budget_file(
        store, Path(args.file).name, _read(args.file), sheet=args.sheet,
        overrides=_mapping(args.map), replace=args.replace,
    )
    return _print_load(result)


def _budget_list(args) -> int:
    from ingest import budget as budget_files

    frame = budget_files.budget_uploads(open_store(args.db))
    if frame.empty:
        print("No budget loaded.")
        return 0
    for r in frame.itertuples():
        print(f"#{r.upload_id} {r.file_name}: {r.rows_read} read, {r.rows_loaded} loaded, "
              f"{r.rows_excluded} excluded, {r.rows_rejected} rejected; control total {r.control_total:,.2f}")
    return 0


def _budget_delete(args) -> int:
    from ingest import budget as budget_files

    budget_files.delete_budget_upload(open_store(args.db), args.upload_id)
    print(f"Deleted budget upload #{args.upload_id}.")
    return 0


def _budget_show(args) -> int:
    from models import budget

    store = open_store(args.db)
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
    from pathlib import Path

    from ingest import fx as fx_files
    from models import fx

    store = open_store(args.db)
    result = fx_files.load_fx_file(
        store, Path(args.file).name, _read(args.file), sheet=args.sheet,
        overrides=_mapping(args.map), replace=args.replace,
    )
    _refresh_classification(store, None)  # amount_reporting / fx_missing follow the new rates
    code = _print_load(result)
    missing = fx.missing(store)
    if len(missing):
        print(f"  {len(missing)} currency-month(s) still have no rate: techspend fx missing")
    return code


def _fx_list(args) -> int:
    from models import fx

    frame = fx.rates(open_store(args.db))
    if frame.empty:
        print("No FX rates stored.")
    for r in frame.itertuples():
        print(f"{r.month:%Y-%m} {r.from_currency}->{r.to_currency} {r.rate:.8g}  ({r.source})")
    return 0


def _fx_missing(args) -> int:
    from models import fx

    store = open_store(args.db)
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
    from models import fx

    fx.set_rate(open_store(args.db), args.month, args.from_currency, args.to_currency, args.rate)
    print(f"Stored {args.from_currency.upper()}->{args.to_currency.upper()} {args.rate} for {args.month}.")
    return 0


# ---- reporting: report ----------------------------------------------------------------------
def _latest(store) -> str:
    from models import fiscal

    latest = fiscal.latest_quarter_with_data(store)
    if latest is None:
        raise TechspendError("There are no classified lines yet: load a ledger first (techspend ingest FILE).")
    return latest.label


def _report(args) -> int:
    from models import fiscal, report

    store = open_store(args.db)
    quarter = fiscal.quarter_from_label(store, args.quarter or _latest(store))
    path = report.write_board_pack(store, quarter, args.out, max_lines=args.max_lines)
    print(f"Wrote the {quarter.label} board pack ({quarter.start} to {quarter.end}) to {path}")
    return 0


def _add_report_commands(sub: argparse._SubParsersAction) -> None:
    def file_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("file", metavar="FILE", help="CSV, XLSX or XLS file")
        p.add_argument("--sheet", help="workbook sheet (default: the first / the one that fits)")
        p.add_argument("--map", action="append", metavar="FIELD=COLUMN",
                       help="use COLUMN for FIELD (repeatable)")
        p.add_argument("--replace", action="store_true", help="load again a file already loaded, in its place")
        _db_arg(p)

    quarter_help = 'fiscal quarter, e.g. "FY2026 Q1" or 2026-Q1 (default: the latest with data)'

    budget_p = sub.add_parser("budget", help="technology budgets: load, list, delete, budget vs actual")
    budget_sub = budget_p.add_subparsers(dest="budget_command", required=True, metavar="ACTION")
    p = budget_sub.add_parser("load", help="load a budget file (department, period, amount[, category, layer, IT budget, currency])")
    file_options(p)
    p.set_defaults(handler=_budget_load)
    p = budget_sub.add_parser("list", help="budget uploads with their reconciliation")
    _db_arg(p)
    p.set_defaults(handler=_budget_list)
    p = budget_sub.add_parser("delete", help="delete one budget upload")
    p.add_argument("upload_id", type=int, metavar="UPLOAD_ID")
    _db_arg(p)
    p.set_defaults(handler=_budget_delete)
    p = budget_sub.add_parser("show", help="budget vs actual for a quarter")
    p.add_argument("--quarter", help=quarter_help)
    _db_arg(p)
    p.set_defaults(handler=_budget_show)

    fx_p = sub.add_parser("fx", help="FX rates: load, list, missing, set")
    fx_sub = fx_p.add_subparsers(dest="fx_command", required=True, metavar="ACTION")
    p = fx_sub.add_parser("load", help="load an FX table (Month, From, To, Rate)")
    file_options(p)
    p.set_defaults(handler=_fx_load)
    p = fx_sub.add_parser("list", help="stored rates")
    _db_arg(p)
    p.set_defaults(handler=_fx_list)
    p = fx_sub.add_parser("missing", help="currency-months lines use with no rate (exit 1 when any)")
    _db_arg(p)
    p.set_defaults(handler=_fx_missing)
    p = fx_sub.add_parser("set", help="store one rate: units of TO per one FROM for MONTH")
    p.add_argument("month", metavar="MONTH", help="2025-04")
    p.add_argument("from_currency", metavar="FROM")
    p.add_argument("to_currency", metavar="TO")
    p.add_argument("rate", metavar="RATE")
    _db_arg(p)
    p.set_defaults(handler=_fx_set)

    p = sub.add_parser("report", help="write the board pack (XLSX) for a quarter")
    p.add_argument("--quarter", help=quarter_help)
    p.add_argument("--out", required=True, metavar="PACK.xlsx")
    p.add_argument("--max-lines", type=int, default=20_000,
                   help="most classified lines in the Lines sheet (default 20,000)")
    _db_arg(p)
    p.set_defaults(handler=_report)


INGEST_AREA = frozenset({"ingest", "export", "rejects", "uploads"})


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """All subcommands; with `command` from the ingest area, only that area (the other areas
    import the classification and reporting stack, ~0.3 s a bulk load need not pay)."""
    parser = argparse.ArgumentParser(
        prog="techspend",
        description="Technology-spend analytics from finance exports (shadow IT, SoR vs SoE).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_ingest_commands(sub)
    if command not in INGEST_AREA:
        _add_classification_commands(sub)
        _add_report_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(command)
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except TechspendError as exc:
        print(f"techspend: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("techspend: interrupted; nothing was changed by the step in progress.", file=sys.stderr)
        return 130


def store_for(args: argparse.Namespace):
    """The Store named by --db (or the default)."""
    return open_store(args.db)


if __name__ == "__main__":
    sys.exit(main())
