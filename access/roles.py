"""The roles table: who holds which roles, and which departments a scoped viewer may see.

Business rule: roles come first from the identity provider's token (access.config: a claim such
as `groups`); when the token carries none of the configured values, from this table, which admins
edit in Settings > Access and with `techspend roles set|remove`. A person is named by e-mail or
subject, matched without regard to case. Every change is one transaction that also appends to
access_role_changes (who changed whose roles, to what, when), and only an admin may make it.

Worked example::

    set_roles(store, "cmo@example.com", ["viewer"], departments=["Marketing", "Digital Marketing"],
              by="cfo@example.com")
    lookup(store, "CMO@example.com")    # RoleEntry(principal='cmo@example.com', roles=('viewer',),
                                        #           departments=('Digital Marketing', 'Marketing'))
    remove_roles(store, "cmo@example.com", by="cfo@example.com")   # True; history kept
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

if TYPE_CHECKING:  # the CLI starts without pandas; store.df brings it when a listing is asked for
    import pandas as pd

from access.guard import requires
from access.principal import ADMIN, ROLES, clean_roles
from db import TechspendError
from db.store import Store


@dataclass(frozen=True)
class RoleEntry:
    principal: str
    roles: tuple[str, ...]
    departments: tuple[str, ...] | None  # None = every department


def _key(principal: str) -> str:
    key = (principal or "").strip().lower()
    if not key:
        raise TechspendError("Name the person by e-mail or subject (e.g. cmo@example.com).")
    return key


def _clean_departments(departments: Iterable[str] | None) -> list[str] | None:
    if departments is None:
        return None
    return sorted({d.strip() for d in departments if d and d.strip()})


def lookup(store: Store, *names: str | None) -> RoleEntry | None:
    """The first table row for any of `names` (e-mail, then subject), or None."""
    for name in names:
        if not name or not name.strip():
            continue
        row = store.rows("SELECT principal, roles, departments FROM access_roles WHERE principal = ?",
                         [name.strip().lower()])
        if row:
            principal, roles, departments = row[0]
            return RoleEntry(principal, tuple(sorted(roles or ())),
                             None if departments is None else tuple(departments))
    return None


def list_roles(store: Store) -> pd.DataFrame:
    """Columns: principal, roles ('reviewer, viewer'), departments ('' = all), changed_by, changed_at."""
    frame = store.df(
        "SELECT principal, array_to_string(list_sort(roles), ', ') AS roles,"
        " coalesce(array_to_string(list_sort(departments), ', '), '(all)') AS departments,"
        " changed_by, changed_at FROM access_roles ORDER BY principal")
    return frame


def role_history(store: Store) -> pd.DataFrame:
    return store.df(
        "SELECT changed_at, changed_by, action, principal,"
        " array_to_string(roles, ', ') AS roles, array_to_string(departments, ', ') AS departments"
        " FROM access_role_changes ORDER BY changed_at DESC")


@requires(ADMIN, "change roles")
def set_roles(store: Store, principal: str, roles: Sequence[str], *,
              departments: Iterable[str] | None = None, by: str | None = None) -> RoleEntry:
    """Give `principal` exactly these roles (and department scope): one transaction."""
    key = _key(principal)
    wanted = sorted(clean_roles(roles))
    if not wanted:
        raise TechspendError(f"Give {key} at least one role ({', '.join(ROLES)}), or remove them.")
    depts = _clean_departments(departments)
    with store.transaction() as cur:
        cur.execute("DELETE FROM access_roles WHERE principal = ?", [key])
        cur.execute("INSERT INTO access_roles (principal, roles, departments, changed_by)"
                    " VALUES (?, ?, ?, ?)", [key, wanted, depts, by])
        cur.execute("INSERT INTO access_role_changes (principal, action, roles, departments,"
                    " changed_by) VALUES (?, 'set', ?, ?, ?)", [key, wanted, depts, by])
    return RoleEntry(key, tuple(wanted), None if depts is None else tuple(depts))


@requires(ADMIN, "change roles")
def remove_roles(store: Store, principal: str, *, by: str | None = None) -> bool:
    """Take every table role from `principal` (history kept). False when they had none."""
    key = _key(principal)
    if lookup(store, key) is None:
        return False
    with store.transaction() as cur:
        cur.execute("DELETE FROM access_roles WHERE principal = ?", [key])
        cur.execute("INSERT INTO access_role_changes (principal, action, changed_by)"
                    " VALUES (?, 'remove', ?)", [key, by])
    return True
