"""techspend rules | departments | summary | classify: the classification area.

    techspend rules add --vendor "Zoom" --match contains --tech --layer SoR --why "meetings"
    techspend rules add --account "Advertising" --match starts-with --not-tech
    techspend rules list [--all] [--json]
    techspend rules remove 12
    techspend departments list [--json]
    techspend departments set "Digital Marketing" --not-it --customer-facing
    techspend departments set "Digital Marketing" --default
    techspend summary [--json]
    techspend classify                       # rebuild every line's classification

A thin edge: changes go through the workspace (each one transaction with the reclassification of
all history), reads through models.rules / models.departments / models.classification.
Who made a change: --by, else $TECHSPEND_USER, else the login name.
"""

from __future__ import annotations

import argparse

import workspace
from cli.common import db_arg
from cli.common import store_for as _store
from cli.output import Column, print_json, print_table
from db import TechspendError
from models import classification, departments, rules
from models.report.scope import describe_scope
from models.summary import uploads_without_it

RULE_COLUMNS = [
    Column("rule_id", "#", "int"), Column("field", "Field"), Column("match", "Match"),
    Column("pattern", "Pattern"), Column("is_tech", "Technology", "bool"), Column("layer", "Layer"),
    Column("category", "Category"), Column("lines", "Lines", "int"),
    Column("amount", "Amount", "money"), Column("created_by", "By"),
    Column("created_at", "Created", "datetime"), Column("why", "Why"),
]
REMOVED_COLUMNS = [Column("removed_at", "Removed", "datetime"), Column("removed_by", "Removed by")]
DEPARTMENT_COLUMNS = [
    Column("department", "Department"), Column("is_it", "IT", "bool"),
    Column("it_source", "IT set by"), Column("customer_facing", "Customer-facing", "bool"),
    Column("cf_source", "CF set by"), Column("lines", "Lines", "int"),
    Column("amount", "Spend", "money"), Column("tech_amount", "Technology spend", "money"),
]


# ---- rules ----------------------------------------------------------------------------------
def _rules_add(args: argparse.Namespace) -> int:
    given = [(f, v) for f, v in (("vendor", args.vendor), ("account", args.account),
                                 ("department", args.department)) if v is not None]
    if len(given) != 1:
        raise TechspendError("Give exactly one of --vendor, --account or --department.")
    if args.tech == args.not_tech:
        raise TechspendError("Say whether matching lines are technology: --tech or --not-tech.")
    field, pattern = given[0]
    rule = workspace.add_rule(_store(args), field=field, match=args.match, pattern=pattern,
                          is_tech=args.tech, layer=args.layer, category=args.category,
                          by=args.by, why=args.why)
    print(f"Added {rule.describe()}; all lines reclassified.")
    return 0


def _rules_list(args: argparse.Namespace) -> int:
    frame = rules.list_rules(_store(args), include_removed=args.all)
    columns = RULE_COLUMNS + (REMOVED_COLUMNS if args.all else [])
    print_table(frame, columns, args.json, empty="No rules yet: techspend rules add --help")
    return 0


def _rules_remove(args: argparse.Namespace) -> int:
    rule = workspace.remove_rule(_store(args), args.rule_id, by=args.by)
    print(f"Removed {rule.describe()}; all lines reclassified.")
    return 0


# ---- departments ------------------------------------------------------------------------------
def _departments_list(args: argparse.Namespace) -> int:
    frame = departments.list_departments(_store(args))
    print_table(frame, DEPARTMENT_COLUMNS, args.json,
                empty="No departments yet: load a ledger first (techspend ingest FILE).")
    return 0


def _departments_set(args: argparse.Namespace) -> int:
    is_it = True if args.it else False if args.not_it else None
    cf = True if args.customer_facing else False if args.not_customer_facing else None
    if is_it is None and cf is None and not args.default:
        raise TechspendError("Say what to set: --it / --not-it, --customer-facing / "
                             "--not-customer-facing, or --default.")
    store = _store(args)
    key = workspace.set_units(store, [args.name], is_it=is_it, customer_facing=cf,
                              by=args.by or rules.current_user(), reset=args.default)[0]
    row = departments.list_departments(store).query("department_key == @key").iloc[0]
    print(f"{row.department}: IT={'yes' if row.is_it else 'no'} ({row.it_source}), "
          f"customer-facing={'yes' if row.customer_facing else 'no'} ({row.cf_source}); "
          "all lines reclassified.")
    return 0


# ---- summary / classify -----------------------------------------------------------------------
def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


def _summary(args: argparse.Namespace) -> int:
    store = _store(args)
    s = classification.summary(store)
    scope = describe_scope(store)
    if args.json:
        print_json({**s.to_dict(), "scope": scope.sentence, "includes_sample": scope.includes_sample,
                    "warnings": uploads_without_it(store)})
        return 0
    if scope.includes_sample:
        print(scope.sentence)
    for sentence in uploads_without_it(store):
        print(f"warning: {sentence}")
    cur = s.reporting_currency
    o = s.overall
    print(f"{s.lines:,} lines; amounts in {cur}"
          + (f"; {s.fx_missing_lines:,} lines left out for a missing FX rate" if s.fx_missing_lines else ""))
    print(f"  total spend            {o.total_spend:>18,.2f}")
    print(f"  technology spend       {o.tech_spend:>18,.2f}")
    print(f"  tech share outside IT  {_pct(o.tech_share_outside_it):>18}")
    print(f"  SoR / SoE overall      {_pct(o.sor_share):>8} / {_pct(o.soe_share)}")
    print(f"  SoR / SoE inside IT    {_pct(o.sor_share_inside_it):>8} / {_pct(o.soe_share_inside_it)}")
    print(f"  SoR / SoE outside IT   {_pct(o.sor_share_outside_it):>8} / {_pct(o.soe_share_outside_it)}")
    if s.by_quarter:
        print(f"\n  {'quarter':<10} {'total':>16} {'technology':>16} {'outside IT':>10} "
              f"{'SoR':>7} {'SoE':>7}")
        for label, q in s.by_quarter:
            print(f"  {label:<10} {q.total_spend:>16,.2f} {q.tech_spend:>16,.2f} "
                  f"{_pct(q.tech_share_outside_it):>10} {_pct(q.sor_share):>7} {_pct(q.soe_share):>7}")
    return 0


def _classify(args: argparse.Namespace) -> int:
    n = workspace.reclassify(_store(args))
    print(f"Classified {n:,} lines.")
    return 0


# ---- registration -----------------------------------------------------------------------------
def register(sub: argparse._SubParsersAction) -> None:
    """Add `rules`, `departments`, `summary` and `classify` to the techspend command."""
    p_rules = sub.add_parser("rules", help="classification rules: add, list, remove (undo)")
    db_arg(p_rules)
    rules_sub = p_rules.add_subparsers(dest="rules_command", required=True, metavar="ACTION")

    p_add = rules_sub.add_parser("add", help="add a rule; applies to all history and future loads")
    db_arg(p_add)
    target = p_add.add_argument_group("what the rule matches (exactly one)")
    target.add_argument("--vendor", help="vendor name text")
    target.add_argument("--account", help="account name / expense type (or account code) text")
    target.add_argument("--department", help="department or cost-centre name text")
    p_add.add_argument("--match", default="equals",
                       choices=["equals", "contains", "starts-with", "regex"],
                       help="how to compare (default equals; case and punctuation ignored; "
                            "regex is RE2, case-insensitive)")
    p_add.add_argument("--tech", action="store_true", help="matching lines are technology")
    p_add.add_argument("--not-tech", action="store_true", help="matching lines are not technology")
    p_add.add_argument("--layer", choices=["SoR", "SoE"],
                       help="system of record / engagement (default: by buying department)")
    p_add.add_argument("--category", help="cost category, e.g. 'Software & SaaS'")
    p_add.add_argument("--by", help="who is adding it (default $TECHSPEND_USER or login name)")
    p_add.add_argument("--why", help="the reason, kept with the rule")
    p_add.set_defaults(handler=_rules_add)

    p_list = rules_sub.add_parser("list", help="list rules, newest first")
    db_arg(p_list)
    p_list.add_argument("--all", action="store_true", help="include removed rules")
    p_list.set_defaults(handler=_rules_list, json_ok=True)

    p_remove = rules_sub.add_parser("remove", help="undo a rule (kept in the audit trail)")
    db_arg(p_remove)
    p_remove.add_argument("rule_id", type=int, metavar="RULE_ID",
                          help="the rule's number (techspend rules list)")
    p_remove.add_argument("--by", help="who is removing it")
    p_remove.set_defaults(handler=_rules_remove)

    p_dep = sub.add_parser("departments", help="which departments are IT / customer-facing")
    db_arg(p_dep)
    dep_sub = p_dep.add_subparsers(dest="departments_command", required=True, metavar="ACTION")
    p_dlist = dep_sub.add_parser("list", help="departments with their flags and spend")
    db_arg(p_dlist)
    p_dlist.set_defaults(handler=_departments_list, json_ok=True)
    p_dset = dep_sub.add_parser("set", help="mark a department IT / not IT, customer-facing / not")
    db_arg(p_dset)
    p_dset.add_argument("name", help="department name (any case or spacing)")
    it = p_dset.add_mutually_exclusive_group()
    it.add_argument("--it", action="store_true",
                    help="part of the IT function: its technology spend counts as inside IT")
    it.add_argument("--not-it", action="store_true",
                    help="not IT: its technology spend counts as outside IT (shadow IT)")
    cf = p_dset.add_mutually_exclusive_group()
    cf.add_argument("--customer-facing", action="store_true",
                    help="faces customers: its shared infrastructure counts as engagement (SoE)")
    cf.add_argument("--not-customer-facing", action="store_true",
                    help="back office: its shared infrastructure counts as record (SoR)")
    p_dset.add_argument("--default", action="store_true",
                        help="hand both flags back to the default patterns")
    p_dset.add_argument("--by", help="who is changing it")
    p_dset.set_defaults(handler=_departments_set)

    p_sum = sub.add_parser("summary", help="total and technology spend, share outside IT, SoR/SoE")
    db_arg(p_sum)
    p_sum.set_defaults(handler=_summary, json_ok=True)

    p_cls = sub.add_parser("classify", help="rebuild the classification of every line")
    db_arg(p_cls)
    p_cls.set_defaults(handler=_classify)
