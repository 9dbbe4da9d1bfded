"""techspend ingest | export | rejects | uploads: files in, lines and row issues out.

    techspend ingest ledger.csv ap.xlsx card.csv [--map FIELD=COLUMN] [--sheet NAME]
    techspend rejects --upload 3            # excluded and rejected rows with reasons (CSV)
    techspend export --out lines.csv        # every line, classified, with source file and row
    techspend uploads [--delete ID] [--json]

`uploads` says per kind of file what it holds: a ledger its rows and control total (the sum of
its amounts), an FX table how many rates and months (the sum of rates means nothing), a budget
its lines and total budget; the sample company's uploads are marked "(sample)".

Each file is loaded and classified in its own transaction (workspace.load_file): one bad file
is one line on stderr and the others still load; the exit code is 1 when any file failed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import ingest
import workspace
from cli.common import check_file, db_arg, parse_maps, store_for
from cli.output import Column, json_value, print_json, text_cell
from db import TechspendError
from models import export
from models.excel_safe import write_csv_rows


def _ingest(args: argparse.Namespace) -> int:
    store = store_for(args)
    overrides = parse_maps(args.map, ingest.FIELDS)
    failures = 0
    loaded_own = False
    for name in args.files:
        path = Path(name)

        def progress(fraction: float, message: str, _name=path.name) -> None:
            if sys.stderr.isatty() or args.verbose:
                print(f"  [{fraction:4.0%}] {_name}: {message}", file=sys.stderr)

        try:
            check_file(name)
            result = workspace.load_file(
                store, path.name, None, sheet=args.sheet, overrides=overrides,
                date_order=args.date_order, currency=args.currency, replace=args.replace,
                progress=progress, source_path=str(path), classify=not args.no_classify,
                period=args.period)
        except TechspendError as exc:
            print(f"{exc}", file=sys.stderr)
            failures += 1
            continue
        if result.status == "duplicate":
            print(result.message)
            continue
        totals = ", ".join(f"{amount:,.2f} {cur}" for cur, amount in result.totals_by_currency.items())
        print(f"{path.name}: upload #{result.upload_id}"
              + (f" (sheet '{result.sheet}')" if result.sheet else ""))
        print(f"  rows read {result.rows_read:>10,}")
        print(f"  loaded    {result.rows_loaded:>10,}")
        print(f"  excluded  {result.rows_excluded:>10,}")
        print(f"  rejected  {result.rows_rejected:>10,}")
        print(f"  control total {result.control_total:,.2f}" + (f" ({totals})" if totals else ""))
        notes = result.notes
        if result.currency_assumed:   # the warning says what the note says, with what to do
            assumed = [n for n in notes if n.startswith("No currency found for")]
            notes = [n for n in notes if n not in assumed]
            said = (assumed[0].removesuffix(" Choose the currency if that is wrong.") if assumed
                    else f"No currency in the file: amounts taken as {result.currency}.")
            print(f"warning: {path.name}: {said} If that is wrong, load it again with --replace"
                  " --currency CODE.", file=sys.stderr)
        for note in notes:
            print(f"  note: {note}")
        if result.rows_rejected:
            print(f"  see the rejected rows: techspend rejects --upload {result.upload_id}")
        loaded_own = True
    if loaded_own and workspace.sample_uploads(store):  # the first own file: offer the clean start
        print("note: the sample company (Northwind Analytics Ltd) is still loaded and counted in "
              "every figure with yours (each says so). Remove it: techspend sample remove",
              file=sys.stderr)
    return 1 if failures else 0


REJECT_COLUMNS = ["upload_id", "file_name", "source_row", "disposition", "reason", "raw"]


def _rejects(args: argparse.Namespace) -> int:
    frame = ingest.row_issues(store_for(args), args.upload)
    if frame.empty:
        print("No excluded or rejected rows.")
        return 0
    # bounded: issues, not ledger lines; every text cell (file names too) neutralised
    write_csv_rows(sys.stdout, REJECT_COLUMNS, frame[REJECT_COLUMNS].itertuples(index=False))
    return 0


def _export(args: argparse.Namespace) -> int:
    try:
        rows = export.export_csv(store_for(args), args.out)
    except OSError as exc:
        raise TechspendError(f"{args.out}: cannot be written ({exc.strerror or exc}). Choose a "
                             "folder you may write to (--out).") from None
    print(f"Wrote {rows:,} lines to {args.out}.")
    return 0


def _uploads(args: argparse.Namespace) -> int:
    store = store_for(args)
    if args.delete is not None:
        if not workspace.delete_upload(store, args.delete):
            raise TechspendError(f"There is no upload #{args.delete}. List them: techspend uploads")
        print(f"Deleted upload #{args.delete} and its lines.")
        return 0
    frame = ingest.list_uploads(store)
    sample = set(workspace.sample_uploads(store))  # by content: marked even if loaded long ago
    if args.json:
        print_json([dict(_upload_record(row), sample=int(row["upload_id"]) in sample)
                    for row in frame.to_dict(orient="records")])
        return 0
    if frame.empty:
        print("No uploads yet. Load a file: techspend ingest FILE")
        return 0
    for row in frame.to_dict(orient="records"):
        print(upload_line(row, int(row["upload_id"]) in sample))
    return 0


UPLOAD_COLUMNS = [
    Column("upload_id", "#", "int"), Column("dataset", "Kind"), Column("file_name", "File"),
    Column("sheet", "Sheet"), Column("rows_read", "Read", "int"),
    Column("rows_loaded", "Loaded", "int"), Column("rows_excluded", "Excluded", "int"),
    Column("rows_rejected", "Rejected", "int"), Column("control_total", "Control total", "money"),
    Column("loaded_at", "Loaded at", "datetime"),
]


def _upload_record(row: dict) -> dict:
    out = {c.key: row.get(c.key) for c in UPLOAD_COLUMNS}
    if row.get("dataset") == "fx":  # a sum of rates is no control figure
        out["control_total"] = None
    return {c.key: json_value(out[c.key], c.kind) for c in UPLOAD_COLUMNS}


def upload_line(row: dict, is_sample: bool = False) -> str:
    """One upload as a person reads it, by kind of file (see the module docstring)."""
    sheet = row.get("sheet")
    where = f" [{sheet}]" if isinstance(sheet, str) and sheet else ""
    head = (f"#{int(row['upload_id']):<4} {row['dataset']:<7} {row['file_name']}{where}"
            + (" (sample)" if is_sample else "") + ":")
    issues = (f"excluded {int(row['rows_excluded']):,}, rejected {int(row['rows_rejected']):,}")
    loaded = int(row["rows_loaded"])
    if row["dataset"] == "fx":
        body = f"{loaded:,} rate{'s' if loaded != 1 else ''} from {int(row['rows_read']):,} rows; {issues}"
    elif row["dataset"] == "budget":
        body = (f"{loaded:,} budget lines from {int(row['rows_read']):,} rows, {issues}; "
                f"total budget {text_cell(row['control_total'], 'money')}")
    else:
        body = (f"read {int(row['rows_read']):,}, loaded {loaded:,}, {issues}; "
                f"control total {text_cell(row['control_total'], 'money')}")
    return f"{head} {body}; loaded {text_cell(row.get('loaded_at'), 'datetime')}"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="load ledger files (CSV, XLSX, XLS)")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="ledger files: GL detail, AP register, card feed, spend-over-£500 (CSV, XLSX, XLS)")
    db_arg(p)
    p.add_argument("--map", action="append", metavar="FIELD=COLUMN",
                   help="use COLUMN for FIELD (date, vendor, department, amount, debit, credit, ...)")
    p.add_argument("--sheet", help="workbook sheet to read (default: the one that looks like a ledger)")
    p.add_argument("--date-order", choices=["dmy", "mdy"], help="day/month or month/day when ambiguous")
    p.add_argument("--currency", help="currency of the amounts when the file has no currency column")
    p.add_argument("--period", metavar="PERIOD",
                   help="the period a file with no line dates covers (2024-03, Mar 2024, "
                        "Q1 2024/25, 2024); also dates blank lines of a monthly extract")
    p.add_argument("--replace", action="store_true", help="replace an identical file loaded before")
    p.add_argument("--no-classify", action="store_true",
                   help="skip classification (bulk loads): the lines are classified the next time "
                        "the database is opened, or with `techspend classify`")
    p.add_argument("-v", "--verbose", action="store_true", help="show progress")
    p.set_defaults(handler=_ingest)

    p = sub.add_parser("export", help="write every loaded line, classified, to CSV")
    db_arg(p)
    p.add_argument("--out", required=True, metavar="FILE.csv", help="the CSV file to write")
    p.set_defaults(handler=_export)

    p = sub.add_parser("rejects", help="list excluded and rejected rows with reasons (CSV)")
    db_arg(p)
    p.add_argument("--upload", type=int, metavar="ID",
                   help="only this upload's rows (default: every upload; ids: techspend uploads)")
    p.set_defaults(handler=_rejects)

    p = sub.add_parser("uploads", help="list uploads, or delete one")
    db_arg(p)
    p.add_argument("--delete", type=int, metavar="ID",
                   help="delete this upload and its lines (one transaction, reclassified)")
    p.set_defaults(handler=_uploads, json_ok=True)
