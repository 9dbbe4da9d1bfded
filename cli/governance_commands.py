"""techspend standards | subscriptions | duplicates: the governance lens (issue 15).

    techspend standards load FILE [--sheet NAME] [--map FIELD=COLUMN]... [--by WHO]
    techspend standards list [--json]
    techspend standards set VENDOR [--status S] [--owner O] [--reviewed DATE]
                                   [--customer-data yes|no] [--product P] [--notes N] [--by WHO]
    techspend subscriptions [--outside-it] [--all-spend] [--json]
    techspend duplicates [--json] [--confirm U:R U:R | --dismiss U:R U:R] [--why TEXT] [--by WHO]

Reads come from models.governance (the same calls as the Governance page); every change goes
through the workspace (one transaction, who/when recorded). Who: --by, else $TECHSPEND_USER, else
the login name. Exit codes: 0 done; 1 a register file loaded with rejected rows; 2 nothing changed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import workspace
from cli.common import db_arg, parse_maps, read_file, store_for
from cli.output import print_frame
from db import TechspendError
from ingest.datasets import parse_flag
from models.governance import duplicates, standards, subscriptions
from models.rules import current_user

SUBSCRIPTION_COLUMNS = ["vendor", "department", "cadence", "charges", "typical_amount",
                        "annual_run_rate", "last_charge", "next_expected", "active", "it_owned"]
DUPLICATE_COLUMNS = ["decision", "basis", "vendor", "amount", "currency", "first_file",
                     "first_row_in_file", "first_date", "first_reference", "second_file",
                     "second_row_in_file", "second_date", "second_reference", "first_upload",
                     "first_row", "second_upload", "second_row", "decided_by", "decided_at"]


def _standards_load(args) -> int:
    result = workspace.load_standards_file(
        store_for(args), Path(args.file).name, read_file(args.file), by=args.by or current_user(),
        sheet=args.sheet, overrides=parse_maps(args.map, standards.REGISTER_ALIASES))
    print(result.message)
    print("  columns: " + ", ".join(f"{k}={v!r}" for k, v in result.mapping.items()))
    for line in result.excluded:
        print(f"  excluded {line}")
    for line in result.rejected:
        print(f"  rejected: {line}")
    return 1 if result.rejected else 0


def _standards_list(args) -> int:
    frame = standards.register(store_for(args))
    if not args.json:  # a table shows blanks, never NaN/None
        frame = frame.astype(object).where(frame.notna(), "")
    print_frame(frame, args.json, ["vendor", "status", "owner", "last_review", "customer_data",
                                   "product", "notes", "updated_by", "updated_at"])
    return 0


def _standards_set(args) -> int:
    try:
        customer = None if args.customer_data is None else parse_flag(args.customer_data)
    except ValueError:
        raise TechspendError(f"--customer-data takes yes or no, not '{args.customer_data}'.") from None
    row = workspace.set_standard(
        store_for(args), args.vendor, by=args.by or current_user(), status=args.status,
        owner=args.owner, last_review=args.reviewed, customer_data=customer,
        product=args.product, notes=args.notes, source="cli")
    reviewed = row.last_review.isoformat() if row.last_review else "never reviewed"
    print(f"{row.vendor}: {standards.STATUS_LABELS[row.status]}, owner {row.owner or '-'}, "
          f"{reviewed}, customer data {_yes_no(row.customer_data)}")
    return 0


def _yes_no(value) -> str:
    return "not known" if value is None else ("yes" if value else "no")


def _subscriptions(args) -> int:
    frame = subscriptions.subscriptions(store_for(args), tech_only=not args.all_spend)
    if args.outside_it:
        frame = subscriptions.outside_it(frame)
    print_frame(frame, args.json, SUBSCRIPTION_COLUMNS)
    return 0


def _line(text: str) -> tuple[int, int]:
    upload, sep, row = text.partition(":")
    if not sep or not upload.strip().isdigit() or not row.strip().isdigit():
        raise TechspendError(f"'{text}' is not UPLOAD:ROW (e.g. 3:7, as the list shows in "
                             "first_upload/first_row and second_upload/second_row).")
    return int(upload), int(row)


def _duplicates(args) -> int:
    store = store_for(args)
    chosen = args.confirm or args.dismiss
    if chosen:
        first, second = _line(chosen[0]), _line(chosen[1])
        decide = workspace.confirm_duplicate if args.confirm else workspace.dismiss_duplicate
        decide(store, first, second, by=args.by or current_user(), why=args.why)
        print(f"{'confirmed' if args.confirm else 'dismissed'}: {chosen[0]} / {chosen[1]}")
        return 0
    frame = duplicates.candidates(store)
    print_frame(frame, args.json, DUPLICATE_COLUMNS)
    if not args.json:
        s = duplicates.summary(store, frame)
        print(f"\n{s.candidates} candidate pairs ({s.open} open, {s.confirmed} confirmed, "
              f"{s.dismissed} dismissed); confirmed duplicates {s.confirmed_amount:,.2f}; "
              f"spend counting them once {s.spend_counted_once:,.2f} of {s.total_spend:,.2f} "
              "loaded (control totals unchanged).")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("standards", help="the IT standards register: load, list, set")
    verbs = p.add_subparsers(dest="verb", required=True, metavar="VERB")
    p_load = verbs.add_parser("load", help="load a register file (CSV/XLSX/XLS)")
    p_load.add_argument("file", help="register file: Vendor, Status, Owner, Last security review, "
                        "Customer data (headings as people write them)")
    p_load.add_argument("--sheet", help="sheet of a workbook (default: the first with data)")
    p_load.add_argument("--map", action="append", metavar="FIELD=COLUMN",
                        help=f"choose a column; fields: {', '.join(standards.REGISTER_ALIASES)}")
    p_load.add_argument("--by", help="who is loading it (default $TECHSPEND_USER or login name)")
    p_load.set_defaults(handler=_standards_load)
    p_list = verbs.add_parser("list", help="the register as it stands")
    p_list.set_defaults(handler=_standards_list, json_ok=True)
    p_set = verbs.add_parser("set", help="set one vendor's status, owner, review date, data flag")
    p_set.add_argument("vendor", help="vendor as you write it (matched like ledger vendors)")
    p_set.add_argument("--status", help="approved standard | tolerated | not approved | being retired")
    p_set.add_argument("--owner", help="who owns the vendor relationship")
    p_set.add_argument("--reviewed", help="last security review date (2025-11-03)")
    p_set.add_argument("--customer-data", help="handles customer or personal data: yes | no")
    p_set.add_argument("--product", help="product name")
    p_set.add_argument("--notes", help="free text")
    p_set.add_argument("--by", help="who is changing it")
    p_set.set_defaults(handler=_standards_set)
    for q in (p_load, p_list, p_set):
        db_arg(q)

    p_sub = sub.add_parser("subscriptions", help="recurring charges: cadence, run-rate, next charge")
    p_sub.add_argument("--outside-it", action="store_true",
                       help="only active subscriptions of departments outside IT")
    p_sub.add_argument("--all-spend", action="store_true",
                       help="include non-technology lines (rent, utilities...)")
    db_arg(p_sub)
    p_sub.set_defaults(handler=_subscriptions, json_ok=True)

    p_dup = sub.add_parser("duplicates", help="candidate duplicate payments with both source rows")
    group = p_dup.add_mutually_exclusive_group()
    group.add_argument("--confirm", nargs=2, metavar="UPLOAD:ROW",
                       help="confirm a pair is one payment recorded twice")
    group.add_argument("--dismiss", nargs=2, metavar="UPLOAD:ROW",
                       help="say a pair is two real payments")
    p_dup.add_argument("--why", help="why (kept with the decision)")
    p_dup.add_argument("--by", help="who is deciding")
    db_arg(p_dup)
    p_dup.set_defaults(handler=_duplicates, json_ok=True)
