"""A person's changes to units: mark IT / customer-facing, by name or pattern, merge, roll up.

Business rule: every change names who made it and is recorded in org_changes (who, when, what);
names are accepted in any case or spacing ("it - network" is "IT-NETWORK"); an unknown name is a
clear error listing known ones. These writers work on the caller's cursor and never reclassify:
the caller (the workspace) runs classification.rebuild in the same transaction.

Worked example::

    with store.transaction() as cur:
        set_departments(cur, ["Radio Systems", "GIS"], is_it=True, by="cio@example.com")
        merge_departments(cur, ["Development"], into="DEVELOPMENT", by="cio@example.com")
        classification.rebuild(cur)
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from db import Store, TechspendError
from models.it_vocabulary import default_flags

def department_key(store_or_cur, name: str) -> str | None:
    """The normalised key of a department name (the same SQL macro classification uses)."""
    if isinstance(store_or_cur, Store):
        return store_or_cur.scalar("SELECT department_key(?)", [name])
    row = store_or_cur.execute("SELECT department_key(?)", [name]).fetchone()
    return row[0] if row else None


def record_change(cur, *, by: str, action: str, key: str | None, detail: str) -> None:
    cur.execute("INSERT INTO org_changes (changed_by, action, department_key, detail, changed_at)"
                " VALUES (?, ?, ?, ?, ?)", [by, action, key, detail, dt.datetime.now()])


# ---- writers (on the caller's cursor; the caller reclassifies) ---------------------------------
def _known(cur) -> dict[str, str]:
    return dict(cur.execute("SELECT department_key, display_name FROM departments").fetchall())


def resolve_keys(cur, names: Iterable[str]) -> list[str]:
    """Keys of department names written in any case/spacing. Raises TechspendError naming the
    unknown ones and some known ones."""
    known = _known(cur)
    keys, unknown = [], []
    for name in names:
        key = department_key(cur, name) if name is not None else None
        if key in known:
            keys.append(key)
        elif key and key.replace(" ", "") in {k.replace(" ", ""): k for k in known}:
            keys.append({k.replace(" ", ""): k for k in known}[key.replace(" ", "")])
        else:
            unknown.append(str(name))
    if unknown:
        if len(unknown) == 1 and not unknown[0].strip():
            raise TechspendError("Give a department name, e.g. 'Information Technology'.")
        hint = ", ".join(sorted(known.values())[:12]) + (" ..." if len(known) > 12 else "")
        raise TechspendError(
            f"No department called {', '.join(repr(u) for u in unknown)} in the loaded data. "
            f"Known departments: {hint or 'none'}.")
    return list(dict.fromkeys(keys))


_FLAG_COLUMNS = {"it": "is_it", "cf": "customer_facing"}  # flag -> column; *_source, *_reason


def _yes_no(value) -> str:
    return "yes" if value else "no"


def set_departments(cur, names: Iterable[str], *, is_it: bool | None = None,
                    customer_facing: bool | None = None, by: str, reset: bool = False,
                    why: str | None = None) -> list[str]:
    """Mark units IT / not IT and customer-facing / not (None leaves a flag as it is); `reset`
    hands both flags back to the defaults. Names in any case/spacing. Records each change in
    org_changes. Returns the keys. The caller reclassifies (classification.rebuild(cur))."""
    if isinstance(names, str):
        names = [names]
    keys = resolve_keys(cur, names)
    now = dt.datetime.now()
    note = f"set by {by}" + (f": {why}" if why else "")
    for key in keys:
        before = cur.execute("SELECT is_it, customer_facing FROM departments WHERE"
                             " department_key = ?", [key]).fetchone()
        if reset:
            cur.execute("UPDATE departments SET it_source = 'default', cf_source = 'default',"
                        " updated_by = ?, updated_at = ? WHERE department_key = ?", [by, now, key])
            record_change(cur, by=by, action="reset", key=key, detail="flags back to defaults")
        for flag, value, was, action, label in (
                ("it", is_it, before[0], "set_it", "IT"),
                ("cf", customer_facing, before[1], "set_customer_facing", "customer-facing")):
            if value is None:
                continue
            column = _FLAG_COLUMNS[flag]  # identifiers from this module's own table, never input
            cur.execute(f"UPDATE departments SET {column} = ?, {flag}_source = 'user',"
                        f" {flag}_reason = ?, updated_by = ?, updated_at = ?"
                        " WHERE department_key = ?", [bool(value), note, by, now, key])
            record_change(cur, by=by, action=action, key=key,
                          detail=f"{label}: {_yes_no(was)} -> {_yes_no(value)}"
                          + (f" ({why})" if why else ""))
    return keys


def matching_departments(cur, pattern: str) -> list[str]:
    """Keys of units whose name or key matches `pattern`: a case-insensitive regex (RE2), or
    plain text with * wildcards ('IT *', '*network*'). Raises TechspendError for a bad regex."""
    text = (pattern or "").strip()
    if not text:
        raise TechspendError("Give a pattern, e.g. 'network' or '^IT ' or '*desk*'.")
    if "*" in text and not re.search(r"[\\()\[\]|+?^$.{}]", text):
        text = "^" + ".*".join(re.escape(part) for part in text.split("*")) + "$"
    try:
        return [r[0] for r in cur.execute(
            "SELECT department_key FROM departments WHERE regexp_matches(display_name, ?, 'i')"
            " OR regexp_matches(department_key, ?, 'i') ORDER BY department_key",
            [text, text]).fetchall()]
    except Exception as exc:  # duckdb.InvalidInputException for bad RE2
        raise TechspendError(f"'{pattern}' is not a usable pattern ({exc}).") from exc


def set_by_pattern(cur, pattern: str, *, is_it: bool | None = None,
                   customer_facing: bool | None = None, by: str) -> list[str]:
    """Mark every unit whose name matches `pattern` (see matching_departments) at once."""
    keys = matching_departments(cur, pattern)
    if not keys:
        raise TechspendError(f"No department matches '{pattern}'.")
    known = _known(cur)
    return set_departments(cur, [known[k] for k in keys], is_it=is_it,
                           customer_facing=customer_facing, by=by, why=f"pattern '{pattern}'")


def merge_departments(cur, names: Iterable[str], into: str, *, by: str) -> list[str]:
    """Treat the units `names` as the same department as `into` (its name and flags apply to
    their lines). Records the change. Returns the merged keys."""
    if isinstance(names, str):
        names = [names]
    target = resolve_keys(cur, [into])[0]
    keys = [k for k in resolve_keys(cur, names) if k != target]
    if not keys:
        raise TechspendError("Pick at least one other department to merge.")
    loop = cur.execute("SELECT merged_into FROM departments WHERE department_key = ?",
                       [target]).fetchone()
    if loop and loop[0] in keys:
        cur.execute("UPDATE departments SET merged_into = NULL, merge_source = 'user'"
                    " WHERE department_key = ?", [target])
    now = dt.datetime.now()
    for key in keys:
        cur.execute("UPDATE departments SET merged_into = ?, merge_source = 'user',"
                    " updated_by = ?, updated_at = ? WHERE department_key = ?",
                    [target, by, now, key])
        record_change(cur, by=by, action="merge", key=key, detail=f"merged into {into}")
    return keys


def unmerge_department(cur, name: str, *, by: str) -> str:
    """Undo a merge (a person's or an automatic one): the unit stands alone again and stays so."""
    key = resolve_keys(cur, [name])[0]
    cur.execute("UPDATE departments SET merged_into = NULL, merge_source = 'user', updated_by = ?,"
                " updated_at = ? WHERE department_key = ?", [by, dt.datetime.now(), key])
    record_change(cur, by=by, action="unmerge", key=key, detail="stands alone (merge undone)")
    return key


def set_parent(cur, names: Iterable[str], department: str | None, *, by: str) -> list[str]:
    """Put units under a department (created when new, e.g. a confirmed inferred grouping);
    department None takes them out again. The department's IT flag then applies to units with no
    IT flag of their own."""
    if isinstance(names, str):
        names = [names]
    keys = resolve_keys(cur, names)
    now = dt.datetime.now()
    parent = department_key(cur, department) if department else None
    if department and not parent:
        raise TechspendError("Give the department's name.")
    if parent and not cur.execute("SELECT 1 FROM departments WHERE department_key = ?",
                                  [parent]).fetchone():
        d = default_flags(parent, department)
        cur.execute(
            "INSERT INTO departments (department_key, display_name, is_it, it_source, it_reason,"
            " customer_facing, cf_source, cf_reason, parent_source, in_ledger, updated_by,"
            " updated_at) VALUES (?, ?, ?, 'default', ?, ?, 'default', ?, 'user', false, ?, ?)",
            [parent, department.strip(), d.is_it, d.it_reason, d.customer_facing, d.cf_reason,
             by, now])
    for key in keys:
        if key == parent:
            continue
        cur.execute("UPDATE departments SET parent_key = ?, parent_source = ?, updated_by = ?,"
                    " updated_at = ? WHERE department_key = ?",
                    [parent, "user" if parent else None, by, now, key])
        record_change(cur, by=by, action="set_parent", key=key,
                      detail=f"part of {department}" if parent else "no parent department")
    return keys
