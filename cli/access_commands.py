"""techspend roles: who may use the dashboard when the identity provider's token says nothing.

    techspend roles list [--json]
    techspend roles set cmo@example.com --role viewer --department Marketing --department "Digital Marketing"
    techspend roles set cfo@example.com --role admin --by lead@example.com
    techspend roles remove cmo@example.com

Business rule: the roles table (access.roles) is read when a signed-in person's ID token carries
no configured role value; `--department` (repeatable) limits a viewer to those departments (names
as the dashboard's Departments filter shows them). Each change is one transaction recorded with
`--by` (default: the OS user) in access_role_changes. The command line is the operator's: it is
how the first admin is named before anyone can sign in and use Settings > Access.
"""

from __future__ import annotations

import argparse

import access
from cli.common import db_arg, store_for
from cli.output import print_frame


def _list(args) -> int:
    print_frame(access.list_roles(store_for(args)), args.json,
                ["principal", "roles", "departments", "changed_by", "changed_at"])
    return 0


def _set(args) -> int:
    entry = access.set_roles(store_for(args), args.principal, args.role,
                             departments=args.department, by=access.current_actor(args.by))
    scope = "all departments" if entry.departments is None else ", ".join(entry.departments)
    print(f"{entry.principal}: {', '.join(entry.roles)} ({scope})")
    return 0


def _remove(args) -> int:
    if access.remove_roles(store_for(args), args.principal, by=access.current_actor(args.by)):
        print(f"{args.principal.strip().lower()}: roles removed")
        return 0
    print(f"{args.principal}: had no roles in the table (nothing changed)")
    return 1


def register(sub: argparse._SubParsersAction) -> None:
    roles = sub.add_parser("roles", help="who may use the dashboard: list, set, remove roles",
                           description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    verbs = roles.add_subparsers(dest="roles_command", required=True, metavar="ACTION")

    p = verbs.add_parser("list", help="every person in the roles table, their roles and departments")
    db_arg(p)
    p.set_defaults(handler=_list, json_ok=True)

    p = verbs.add_parser("set", help="give a person exactly these roles (replaces their row)")
    db_arg(p)
    p.add_argument("principal", help="e-mail or subject as the identity provider sends it")
    p.add_argument("--role", action="append", required=True, choices=access.ROLES,
                   help="a role (repeatable): viewer, reviewer, uploader or admin")
    p.add_argument("--department", action="append", default=None,
                   help="limit a viewer to this department (repeatable; default: every department)")
    p.add_argument("--by", default=None, help="who is making the change (default: the OS user)")
    p.set_defaults(handler=_set)

    p = verbs.add_parser("remove", help="take every table role from a person (history kept)")
    db_arg(p)
    p.add_argument("principal", help="e-mail or subject")
    p.add_argument("--by", default=None, help="who is making the change (default: the OS user)")
    p.set_defaults(handler=_remove)
