"""Who is acting, and what they may do: the Principal, the four roles, and the current one.

Business rule (issue #14): four roles, each a set of jobs —

* viewer    reads every Insights page (figures, tables, downloads);
* reviewer  also writes rules, vendor merges and department flags (Review & rules, Organisation);
* uploader  also loads and deletes uploads, budgets, FX tables and typed rates (Upload, Budget & FX);
* admin     everything: settings, the sample company, roles.

Every role reads. A person may hold several roles (reviewer + uploader); admin holds all.
A viewer may be limited to a set of departments (row-level security: a CMO sees the marketing
departments only). A department-limited person is a viewer only: write roles are dropped, since
the write pages (uploads, rules) show lines of every department.

The current principal lives in a context variable: the dashboard sets it at the start of every
script run from the signed-in user (access.gate); the CLI and tests never set it and act as the
local operator (every role, no department limit, the OS user as the actor).

Worked example::

    cmo = Principal(subject="u-17", email="cmo@example.com", roles={"viewer"},
                    departments=("Marketing", "Digital Marketing"))
    with acting_as(cmo):
        current_scope()            # ('Digital Marketing', 'Marketing')
        require("uploader")        # AccessDenied: cmo@example.com may not load or delete uploads
    current_actor()                # 'root' (the OS user: nobody signed in)
"""

from __future__ import annotations

import contextlib
import getpass
import os
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from db import TechspendError

VIEWER, REVIEWER, UPLOADER, ADMIN = "viewer", "reviewer", "uploader", "admin"
ROLES = (VIEWER, REVIEWER, UPLOADER, ADMIN)
ROLE_JOBS = {
    VIEWER: "read the dashboard",
    REVIEWER: "change rules, vendor merges and departments",
    UPLOADER: "load or delete uploads, budgets and FX rates",
    ADMIN: "change settings, the sample company and roles",
}


class AccessDenied(TechspendError):
    """The current principal lacks the role a change or a page needs."""


def os_user() -> str:
    """The operator when nobody signed in: $TECHSPEND_USER, else the login name."""
    try:
        return os.environ.get("TECHSPEND_USER") or getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def clean_roles(roles: Iterable[str]) -> frozenset[str]:
    """Known role names, lower case; an unknown name is an error naming the four roles."""
    out = set()
    for role in roles:
        name = str(role).strip().lower()
        if not name:
            continue
        if name not in ROLES:
            raise TechspendError(f"'{role}' is not a role. Roles: {', '.join(ROLES)}.")
        out.add(name)
    return frozenset(out)


@dataclass(frozen=True)
class Principal:
    """A signed-in person (or the local operator). `departments` None = every department."""

    subject: str
    email: str | None = None
    name: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    departments: tuple[str, ...] | None = None
    local: bool = False  # the single-user local mode / the CLI: no sign-in

    def __post_init__(self) -> None:
        roles = clean_roles(self.roles)
        if ADMIN in roles:
            roles = frozenset(ROLES)
        if self.departments is not None:
            object.__setattr__(self, "departments", tuple(sorted(set(self.departments))))
            roles = frozenset({VIEWER}) if roles else roles  # limited -> a viewer only
        elif roles:
            roles = roles | {VIEWER}
        object.__setattr__(self, "roles", roles)

    @property
    def actor(self) -> str:
        """What the audit columns record: the e-mail, else the subject."""
        return self.email or self.subject

    def may(self, role: str) -> bool:
        return role in self.roles


def local_operator() -> Principal:
    """Nobody signed in (CLI, tests, local mode): every role, every department, the OS user."""
    return Principal(subject=os_user(), roles=frozenset(ROLES), local=True)


_CURRENT: ContextVar[Principal | None] = ContextVar("techspend_principal", default=None)
NOBODY = Principal(subject="(not signed in)")  # no role: reads nothing scoped, writes nothing
_sign_in_required = False


def require_sign_in() -> None:
    """The dashboard with [auth]: from now on, code that runs outside a signed-in script run
    (a callback before the gate, a download generated in a server thread) acts as NOBODY, who
    may change nothing, instead of as the local operator."""
    global _sign_in_required
    _sign_in_required = True


def set_current(principal: Principal | None) -> None:
    """The dashboard: the signed-in user for the rest of this script run (this thread)."""
    _CURRENT.set(principal)


_resolver: Callable[[], Principal | None] | None = None


def use_resolver(resolver: Callable[[], Principal | None]) -> None:
    """The dashboard: where to find the signed-in person when this thread's context has none
    (Streamlit runs widget callbacks in a fresh thread before app.py's gate): the session's
    record of who signed in (access.gate)."""
    global _resolver
    _resolver = resolver


def current_principal() -> Principal:
    found = _CURRENT.get()
    if found is None and _resolver is not None:
        found = _resolver()
    if found is not None:
        return found
    return NOBODY if _sign_in_required else local_operator()


@contextlib.contextmanager
def acting_as(principal: Principal) -> Iterator[Principal]:
    token = _CURRENT.set(principal)
    try:
        yield principal
    finally:
        _CURRENT.reset(token)


def require(role: str, what: str | None = None) -> Principal:
    """The current principal if it holds `role`; else AccessDenied naming who and what."""
    who = current_principal()
    if not who.may(role):
        job = what or ROLE_JOBS[role]
        raise AccessDenied(f"{who.actor} may not {job}: that needs the {role} role. Ask an admin "
                           "(Settings > Access, or `techspend roles set`).")
    return who


def current_scope() -> tuple[str, ...] | None:
    """The departments the current principal may see (as the pages name them), None = all."""
    return current_principal().departments


def require_all_departments(what: str) -> None:
    """For views that are not department-scoped yet (budget vs actual, the board pack)."""
    who = current_principal()
    if who.departments is not None:
        raise AccessDenied(f"{what} covers every department; {who.actor} may see only "
                           f"{', '.join(who.departments) or 'no department'}.")


def current_actor(default: str | None = None) -> str:
    """Who a change is recorded as: the signed-in user's e-mail/subject (a typed name cannot
    override it); with nobody signed in, `default` (a --by or a typed name) or the OS user."""
    who = current_principal()
    if not who.local:
        return who.actor
    return (default or "").strip() or who.actor
