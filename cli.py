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
from typing import Callable, Sequence

from db import TechspendError, default_db_path, open_store

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
def _add_report_commands(sub: argparse._SubParsersAction) -> None:
    try:
        from models import report_commands
    except ImportError:  # area not built yet
        return
    report_commands.register(sub, _db_arg)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="techspend",
        description="Technology-spend analytics from finance exports (shadow IT, SoR vs SoE).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_ingest_commands(sub)
    _add_classification_commands(sub)
    _add_report_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
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
