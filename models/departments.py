"""Which departments are the IT function, which face customers, and how units roll up.

Business rule: "IT-owned" means the buying unit (the department, or the cost centre when a ledger
has no department column) is part of the IT function. Infrastructure and technology of unknown
purpose take the orientation of the buying unit: customer-facing -> system of engagement (SoE),
anything else -> system of record (SoR).

Units are compared by a normalised key (upper case, ``&`` -> ``AND``, punctuation -> space,
spaces collapsed; the SQL macro ``department_key`` in db/migrations/002), so ``IT - NETWORK``,
``IT-NETWORK`` and ``it network`` are one unit. Spelling variants that differ only in spacing
(``ITNETWORK``, ``E-Commerce`` / ``ECommerce``) are merged automatically into the spelling with
most lines (``merge_source 'auto'``); a person can merge any two units by hand, or undo a merge.

Where the flags come from, strongest first (each row says which in it_source / it_reason):

1. a person's choice (``set_departments``, pattern marking, a confirmed suggestion): 'user';
2. the organisation map (models/org.py): 'org_map';
3. the unit the row is merged into: 'merged';
4. the default vocabulary (models/catalog/it_units.csv, kind ``it``), matched on the unit's name
   with accents folded; or the department the unit rolls up to (its parent) being IT: 'parent'.

The vocabulary names what IT units *do* — applications support, networks, desktop / end-user
services, telephony, radio systems, data centres, GIS, service desk, digital services, ICT, IS,
informatique, Informatik, sistemas de información... — with an ``unless`` context per row:
``Planning Applications`` is not applications support, ``Infrastructure - Highways`` is not IT
infrastructure, and "Technology" counts only as the unit's whole name (``Technology Services``),
never ``Medical Technology``, ``Food Technology`` or ``Technology Park``. Rows of kind
``likely_it`` only feed suggestions a person confirms (models.org.suggestions), never a flag.

Customer-facing defaults: Marketing, Sales, Customer Service/Success/Experience/Care, E-commerce,
Communications, Business Development, PR, Brand, Contact/Call Centre, Events. ``Digital
Marketing`` is customer-facing and NOT IT (customer-facing wins over a bare digital/technology
word); ``Transit Operations`` contains the letters I-T but not the word IT.

The vocabulary lives in models.it_vocabulary, a person's edits in models.department_edits
(importable from here); this module syncs the rows and reads them.

This module only reads and writes department rows on a cursor the caller owns; it never
reclassifies (the caller runs models.classification.rebuild in the same transaction). Every
change is recorded in org_changes (who, when, what).

Worked example::

    default_flags("DIGITAL MARKETING")            -> is_it False, customer_facing True
    default_flags("APPLICATIONS SUPPORT").is_it   -> True  (default pattern: applications support)
    default_flags("MEDICAL TECHNOLOGY").is_it     -> False ('Medical' qualifies it: not even a
                                                    suggestion)
    with store.transaction() as cur:
        set_departments(cur, ["Radio Systems", "GIS"], is_it=True, by="cio@example.com")
        classification.rebuild(cur)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where it is used: the CLI starts without it
    import pandas as pd

from db import Store
from models.catalog_load import bulk_insert
from models.department_edits import (department_key, matching_departments,  # noqa: F401
                                     merge_departments, record_change, resolve_keys,
                                     set_by_pattern, set_departments, set_parent,
                                     unmerge_department)
from models.it_vocabulary import (IT_UNITS_FILE, DepartmentDefaults, UnitPattern,  # noqa: F401
                                  compact_key, default_flags, fold_key, it_vocabulary,
                                  vocabulary_match)

# ---- sync: every unit seen gets a row, and effective flags --------------------------------------
_COLUMNS = ("department_key", "display_name", "is_it", "it_source", "it_reason", "customer_facing",
            "cf_source", "cf_reason", "updated_by", "updated_at", "merged_into", "merge_source",
            "parent_key", "parent_source", "code", "rollup_name", "in_ledger")
_TYPES = ("VARCHAR", "VARCHAR", "BOOLEAN", "VARCHAR", "VARCHAR", "BOOLEAN", "VARCHAR", "VARCHAR",
          "VARCHAR", "TIMESTAMP", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR",
          "BOOLEAN")


def _org_map_rows(cur) -> list[tuple]:
    return cur.execute(
        "SELECT department_key(name), department_key(code), text_key(code), department,"
        " department_key(department), is_it, customer_facing, source_file, source_row, name"
        " FROM org_units ORDER BY source_row").fetchall()


def sync_departments(cur, *, source: str = "ledger_lines") -> bool:
    """Give every unit seen in ledger_lines (and every department of the organisation map) a row,
    and recompute the flags that are not a person's choice.

    Runs inside classification.rebuild's transaction (cur). Loops over DISTINCT units (tens to
    thousands), never over lines. Returns True when a row that already existed changed what lines
    see (a flag, a merge or a roll-up), so lines of every upload must be reclassified.
    `source`: the relation of every line (classification passes lines a load still holds).
    """
    # distinct spellings first: keys are computed per spelling. The spellings without a key are
    # dropped here, after the grouping: as a WHERE, DuckDB pushes the key's test below the
    # grouping onto every line (cheap on a stored ledger's dictionary vectors, but 1.2 s per 1M
    # lines a load still holds, which are plain vectors)
    seen = [row for row in cur.execute(
        f"""
        WITH spellings AS (
            SELECT coalesce(department, cost_centre) AS raw,
                   CASE WHEN department IS NOT NULL THEN cost_centre END AS code, count(*) AS n
            FROM {source} GROUP BY ALL
        )
        SELECT department_key(raw) AS k, arg_max(trim(raw), n) AS display_name,
               arg_max(code, n) FILTER (WHERE code IS NOT NULL) AS code, sum(n)::BIGINT AS lines
        FROM spellings
        GROUP BY 1
        """
    ).fetchall() if row[0] is not None]
    existing = {r[0]: dict(zip(_COLUMNS, r)) for r in cur.execute(
        f"SELECT {', '.join(_COLUMNS)} FROM departments").fetchall()}
    units: dict[str, dict] = {}
    lines: dict[str, int] = {}
    for key, display, code, n in seen:
        row = dict(existing.get(key) or {c: None for c in _COLUMNS})
        row.update(department_key=key, display_name=display, in_ledger=True,
                   code=code or row.get("code"))
        units[key] = row
        lines[key] = int(n)

    # the organisation map: units by name or code, and the departments they belong to
    org_flags: dict[str, tuple] = {}
    org_parent: dict[str, str] = {}
    code_to_key: dict[str, str] = {}
    org_rows = _org_map_rows(cur)
    for name_key, code_key, code_text, _dept, _dept_key, *_ in org_rows:
        if code_text and name_key:
            code_to_key[code_text] = name_key
    units_by_code: dict[str, set[str]] = {}
    for key, row in units.items():
        if row.get("code"):
            units_by_code.setdefault(fold_key(row["code"]), set()).add(key)
    for name_key, code_key, code_text, dept, dept_key, is_it, cf, source_file, source_row, name \
            in org_rows:
        # a ledger unit written as the code, or as the name, or whose lines carry the code
        targets = {k for k in (name_key, code_key) if k and k in units}
        targets |= units_by_code.get(code_text or "", set())
        if not targets and name_key:
            targets = {name_key}
        parent = (code_to_key.get(dept_key) or dept_key) if dept_key else None
        for key in targets:
            if key not in units:
                units[key] = {c: None for c in _COLUMNS} | {
                    "department_key": key, "display_name": name or key, "in_ledger": False}
            if units[key].get("in_ledger") and name and key == code_key and key != name_key:
                units[key]["display_name"] = name  # a ledger of codes shows the map's names
            where = f"organisation map ({source_file} row {source_row})"
            org_flags[key] = (is_it, cf, where)
            if parent and parent != key:
                org_parent[key] = parent
        if parent and parent not in units:
            units[parent] = {c: None for c in _COLUMNS} | {
                "department_key": parent, "display_name": (dept or parent).strip(),
                "in_ledger": False}
    for key, row in existing.items():  # departments a person created (a confirmed grouping)
        if key not in units and (row["parent_source"] == "user" or any(
                r.get("parent_key") == key for r in units.values())):
            units[key] = dict(row) | {"in_ledger": False}

    # spelling variants: one compact key -> the spelling with most lines
    by_compact: dict[str, list[str]] = {}
    for key in units:
        by_compact.setdefault(compact_key(key), []).append(key)
    for keys in by_compact.values():
        free = [k for k in keys if units[k].get("merge_source") != "user"]
        if len(keys) < 2 or len(free) < 1:
            for k in free:
                units[k].update(merged_into=None, merge_source=None)
            continue
        target = max(keys, key=lambda k: (lines.get(k, 0), k.count(" "), k))
        for k in free:
            if k == target:
                units[k].update(merged_into=None, merge_source=None)
            else:
                units[k].update(merged_into=target, merge_source="auto")
    for row in units.values():  # a merge into something that no longer exists is void
        if row.get("merged_into") and row["merged_into"] not in units:
            row.update(merged_into=None, merge_source=None)
        key = row["department_key"]
        if key in org_parent and row.get("parent_source") != "user":
            row.update(parent_key=org_parent[key], parent_source="org_map")
        elif row.get("parent_source") == "org_map":
            row.update(parent_key=None, parent_source=None)

    def root(key: str) -> str:
        seen_keys = set()
        while units.get(key, {}).get("merged_into") and key not in seen_keys:
            seen_keys.add(key)
            key = units[key]["merged_into"]
        return key

    resolved: dict[str, tuple] = {}

    def flags(key: str, depth: int = 0) -> tuple:
        """(is_it, it_source, it_reason, cf, cf_source, cf_reason) of a unit."""
        if key in resolved:
            return resolved[key]
        row = units[key]
        d = default_flags(key, row.get("display_name"))
        org = org_flags.get(key)
        target = root(key)
        parent = row.get("parent_key")
        parent_flags = flags(parent, depth + 1) if (
            parent and parent in units and parent != key and depth < 20) else None

        def one(user_value, source, reason, org_value, default_value, default_reason, idx):
            if source == "user":
                return user_value, "user", reason
            if org is not None and org_value is not None:
                return bool(org_value), "org_map", org[2]
            if target != key:
                t = flags(target, depth + 1)
                return t[idx], "merged", f"same department as {units[target]['display_name']}"
            if default_value:
                return True, "default", default_reason
            if parent_flags is not None and parent_flags[idx]:
                return True, "parent", f"part of {units[parent]['display_name']}"
            return False, "default", default_reason

        it = one(row.get("is_it"), row.get("it_source"), row.get("it_reason"),
                 org[0] if org else None, d.is_it, d.it_reason, 0)
        cf = one(row.get("customer_facing"), row.get("cf_source"), row.get("cf_reason"),
                 org[1] if org else None, d.customer_facing, d.cf_reason, 3)
        resolved[key] = (*it, *cf)
        return resolved[key]

    def rollup(key: str, depth: int = 0) -> str:
        key = root(key)
        parent = units[key].get("parent_key")
        if parent and parent in units and parent != key and depth < 20:
            return rollup(parent, depth + 1)
        return units[key]["display_name"]

    rows = []
    changed = False
    for key, row in units.items():
        is_it, it_source, it_reason, cf, cf_source, cf_reason = flags(key)
        new = dict(row) | {"is_it": bool(is_it), "it_source": it_source, "it_reason": it_reason,
                           "customer_facing": bool(cf), "cf_source": cf_source,
                           "cf_reason": cf_reason, "rollup_name": rollup(key)}
        old = existing.get(key)
        if old and any(old[c] != new[c] for c in ("is_it", "customer_facing", "merged_into",
                                                 "rollup_name", "display_name")):
            changed = True
        rows.append(tuple(new[c] for c in _COLUMNS))
    if set(existing) - set(units):
        changed = True
    cur.execute("DELETE FROM departments")
    bulk_insert(cur, "departments", list(_COLUMNS), rows, list(_TYPES))  # one statement
    return changed


# ---- readers -----------------------------------------------------------------------------------
def list_departments(store: Store) -> pd.DataFrame:
    """One row per unit. Columns: department_key, department (display name), is_it, it_source
    ('default'|'user'|'org_map'|'merged'|'parent'), it_reason, customer_facing, cf_source,
    cf_reason, merged_into (display name of the unit it is merged into, else None), merge_source,
    org_department (the department it rolls up to), code, lines, amount (sum of
    amount_reporting), tech_amount, updated_by, updated_at. A merged unit's lines count under
    the unit it is merged into. Sorted by amount descending."""
    return store.df(
        """
        SELECT d.department_key, d.display_name AS department, d.is_it, d.it_source, d.it_reason,
               d.customer_facing, d.cf_source, d.cf_reason,
               m.display_name AS merged_into, d.merge_source, d.rollup_name AS org_department,
               d.code, coalesce(s.lines, 0) AS lines, coalesce(s.amount, 0)::DOUBLE AS amount,
               coalesce(s.tech_amount, 0)::DOUBLE AS tech_amount,
               d.updated_by, d.updated_at
        FROM departments d
        LEFT JOIN departments m ON m.department_key = d.merged_into
        LEFT JOIN (  -- lines show the unit's canonical name: a merged unit's lines are the target's
            SELECT department, count(*) AS lines, sum(amount_reporting) AS amount,
                   sum(amount_reporting) FILTER (WHERE is_tech) AS tech_amount
            FROM classified_lines GROUP BY 1
        ) s ON s.department = d.display_name AND d.merged_into IS NULL
        ORDER BY amount DESC, department
        """
    )


def changes(store: Store, limit: int = 1000) -> pd.DataFrame:
    """The change history, newest first. Columns: change_id, changed_at, changed_by, action,
    department (display name or key), detail."""
    return store.df(
        """
        SELECT c.change_id, c.changed_at, c.changed_by, c.action,
               coalesce(d.display_name, c.department_key) AS department, c.detail
        FROM org_changes c LEFT JOIN departments d USING (department_key)
        ORDER BY c.change_id DESC LIMIT ?
        """, [int(limit)])
