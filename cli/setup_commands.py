"""techspend sample | settings: a clean first day from the shell.

    techspend sample status                       # is the sample company in this database?
    techspend sample remove                       # "Start empty": the user's own uploads stay
    techspend sample load                         # load it again (demo, training)
    techspend settings show [--json]
    techspend settings set reporting-currency USD
    techspend settings set fiscal-year-start 4    # or April / Apr

Business rule: the reporting currency and the fiscal-year start are settable where the ledger
was loaded (a USD ledger loaded from the shell must not need the dashboard to stop showing
"lines left out for a missing FX rate"). Each change goes through workspace.change_settings: the
setting and the re-conversion / re-dating of every line are ONE transaction.
"""

from __future__ import annotations

import argparse
import calendar

import workspace
from cli.common import db_arg, store_for
from cli.output import print_json
from db import TechspendError
from db.settings import read_settings
from models import fx
from models.report.scope import SAMPLE_COMPANY

SETTING_NAMES = ("reporting-currency", "fiscal-year-start")


def _month(value: str) -> int:
    """'4', '04', 'April', 'apr' -> 4; anything else a clear message."""
    text = value.strip()
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    for number in range(1, 13):
        if text.casefold() in (calendar.month_name[number].casefold(),
                               calendar.month_abbr[number].casefold()):
            return number
    raise TechspendError(f"fiscal-year-start takes a month: 1-12 or a month name (e.g. 4 or "
                         f"April), not '{value}'.")


# ---- sample -----------------------------------------------------------------------------------
def _sample_status(args: argparse.Namespace) -> int:
    ids = workspace.sample_uploads(store_for(args))
    if args.json:
        print_json({"sample_company": SAMPLE_COMPANY, "loaded": bool(ids), "upload_ids": ids})
    elif ids:
        print(f"The sample company ({SAMPLE_COMPANY}) is loaded: uploads "
              + ", ".join(f"#{u}" for u in ids) + ". Remove it: techspend sample remove")
    else:
        print(f"The sample company ({SAMPLE_COMPANY}) is not loaded.")
    return 0


def _sample_remove(args: argparse.Namespace) -> int:
    removed = workspace.remove_sample_company(store_for(args))
    if removed:
        print(f"Removed the sample company ({removed} uploads); your own uploads are kept. "
              "It will not be loaded again by itself (techspend sample load brings it back).")
    else:
        print("The sample company is not loaded: nothing removed.")
    return 0


def _sample_load(args: argparse.Namespace) -> int:
    results = workspace.load_sample_company(store_for(args))
    print(f"Loaded the sample company ({SAMPLE_COMPANY}): {len(results)} files. Every figure "
          "that includes it says so; remove it with: techspend sample remove")
    return 0


# ---- settings ---------------------------------------------------------------------------------
def _settings_show(args: argparse.Namespace) -> int:
    store = store_for(args)
    s = read_settings(store)
    missing = fx.missing(store)
    if args.json:
        print_json({"reporting_currency": s.reporting_currency,
                    "fiscal_year_start": s.fiscal_start_month,
                    "currency_months_without_rate": int(len(missing))})
        return 0
    print(f"reporting-currency  {s.reporting_currency}")
    print(f"fiscal-year-start   {s.fiscal_start_month} ({calendar.month_name[s.fiscal_start_month]};"
          " the fiscal year is named by the calendar year it ends in)")
    if len(missing):
        print(f"{len(missing)} currency-month(s) have no rate to {s.reporting_currency}: "
              "techspend fx missing")
    return 0


def _settings_set(args: argparse.Namespace) -> int:
    store = store_for(args)
    if args.name == "reporting-currency":
        after = workspace.change_settings(store, reporting_currency=args.value)
        print(f"Reporting currency is {after.reporting_currency}; every line was converted again.")
        missing = fx.missing(store)
        if len(missing):
            print(f"  {int(missing['lines'].sum()):,} line(s) in {len(missing)} currency-month(s) "
                  f"have no rate to {after.reporting_currency} and are left out of the figures: "
                  "techspend fx missing")
    else:
        after = workspace.change_settings(store, fiscal_start_month=_month(args.value))
        print(f"The fiscal year starts in {calendar.month_name[after.fiscal_start_month]}; every "
              "line's quarter was recomputed.")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add `sample` and `settings` to the techspend command."""
    p_sample = sub.add_parser("sample", help=f"the sample company ({SAMPLE_COMPANY}): status, "
                                             "remove (start empty), load")
    db_arg(p_sample)
    sample_sub = p_sample.add_subparsers(dest="sample_command", required=True, metavar="ACTION")
    p = sample_sub.add_parser("status", help="whether the sample company is loaded, and its uploads")
    db_arg(p)
    p.set_defaults(handler=_sample_status, json_ok=True)
    p = sample_sub.add_parser("remove", help="start empty: delete the sample company's uploads, "
                                             "keep your own")
    db_arg(p)
    p.set_defaults(handler=_sample_remove)
    p = sample_sub.add_parser("load", help="load the sample company (refused when already loaded)")
    db_arg(p)
    p.set_defaults(handler=_sample_load)

    p_set = sub.add_parser("settings", help="reporting currency and fiscal-year start: show, set")
    db_arg(p_set)
    set_sub = p_set.add_subparsers(dest="settings_command", required=True, metavar="ACTION")
    p = set_sub.add_parser("show", help="the settings in force")
    db_arg(p)
    p.set_defaults(handler=_settings_show, json_ok=True)
    p = set_sub.add_parser("set", help="change one setting; every line is re-applied in the same "
                                       "transaction")
    p.add_argument("name", choices=SETTING_NAMES, metavar="NAME",
                   help="reporting-currency (ISO code, e.g. USD) or fiscal-year-start (month "
                        "1-12 or name)")
    p.add_argument("value", metavar="VALUE", help="the new value, e.g. USD or 4")
    db_arg(p)
    p.set_defaults(handler=_settings_set)
