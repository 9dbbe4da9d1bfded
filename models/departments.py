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

import csv
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import pandas as pd

from db import Store, TechspendError

IT_UNITS_FILE = Path(__file__).parent / "catalog" / "it_units.csv"

_CUSTOMER_FACING_PATTERNS: list[tuple[str, str]] = [
    (r"\bMARKETING\b", "Marketing"),
    (r"\bSALES\b", "Sales"),
    (r"\bCUSTOMERS?\b|\bCLIENT (?:SERVICES|SUCCESS|EXPERIENCE|RELATIONS)\b", "Customer service"),
    (r"\bE ?COMMERCE\b|\bONLINE (?:SALES|STORE|SHOP)\b|\bWEB ?SHOP\b", "E-commerce"),
    (r"\bCOMMUNICATIONS?\b|\bCOMMS\b|\bPUBLIC RELATIONS\b|\bPR\b|\bPRESS OFFICE\b",
     "Communications"),
    (r"\bBUSINESS DEVELOPMENT\b|\bBIZ ?DEV\b|\bPARTNERSHIPS\b", "Business development"),
    (r"\bBRAND(?:ING)?\b|\bADVERTISING\b|\bEVENTS\b|\bGROWTH\b", "Brand & events"),
    (r"\bCONTACT CENT(?:RE|ER)\b|\bCALL CENT(?:RE|ER)\b|\bACCOUNT MANAGEMENT\b", "Contact centre"),
    (r"\bRETAIL\b|\bSTORES\b|\bMERCHANDISING\b", "Retail"),
]
_CF_COMPILED = [(re.compile(p), why) for p, why in _CUSTOMER_FACING_PATTERNS]
# an explicit IT name keeps a unit IT even when it also names a customer-facing word
_EXPLICIT_IT = re.compile(r"\b(?:IT|ICT|INFORMATION (?:AND )?(?:COMMUNICATIONS? )?TECHNOLOGY)\b")


@dataclass(frozen=True)
class UnitPattern:
    pattern: re.Pattern
    kind: str            # 'it' | 'likely_it'
    unless: re.Pattern | None
    notes: str


@lru_cache(maxsize=4)
def it_vocabulary(path: Path = IT_UNITS_FILE) -> tuple[UnitPattern, ...]:
    """The rows of it_units.csv, compiled. Raises TechspendError naming the row of a bad regex."""
    out = []
    with open(path, encoding="utf-8", newline="") as handle:
        for n, row in enumerate(csv.DictReader(handle), start=2):
            try:
                unless = row.get("unless") or ""
                out.append(UnitPattern(re.compile(row["pattern"]), row["kind"],
                                       re.compile(unless) if unless else None,
                                       row.get("notes") or ""))
            except (re.error, KeyError) as exc:
                raise TechspendError(f"{path.name} row {n}: not a usable pattern ({exc}).") from exc
            if row["kind"] not in {"it", "likely_it"}:
                raise TechspendError(f"{path.name} row {n}: kind must be it or likely_it.")
    return tuple(out)


def fold_key(name: str | None) -> str:
    """A unit name as the vocabulary reads it: accents folded, upper case, & -> AND, every run of
    other characters -> one space ('Systèmes d'information' -> 'SYSTEMES D INFORMATION')."""
    text = unicodedata.normalize("NFKD", name if isinstance(name, str) else "")
    text = "".join(c for c in text if not unicodedata.combining(c)).upper().replace("&", " AND ")
    return " ".join(re.sub(r"[^A-Z0-9]+", " ", text).split())


def compact_key(key: str | None) -> str:
    """The key without spaces: spelling variants ('IT NETWORK' / 'ITNETWORK') share it."""
    return (key or "").replace(" ", "")


def vocabulary_match(name: str | None, kind: str = "it") -> str:
    """The note of the first vocabulary row of `kind` that names the unit, else ''."""
    key = fold_key(name)
    for row in it_vocabulary():
        if row.kind == kind and row.pattern.search(key) and not (
                row.unless and row.unless.search(key)):
            return row.notes
    return ""


@dataclass(frozen=True)
class DepartmentDefaults:
    is_it: bool
    it_reason: str
    customer_facing: bool
    cf_reason: str


def default_flags(key: str | None, name: str | None = None) -> DepartmentDefaults:
    """The default IT / customer-facing flags of a unit, from its name (or key)."""
    folded = fold_key(name or key)
    cf_reason = next((why for rx, why in _CF_COMPILED if rx.search(folded)), "")
    it_reason = vocabulary_match(folded, "it")
    # 'Marketing Technology', 'Digital Marketing': the customer-facing function owns it; only an
    # explicit IT name ('IT Sales Support') stays IT.
    if it_reason and cf_reason and not _EXPLICIT_IT.search(folded):
        it_reason = ""
    return DepartmentDefaults(
        is_it=bool(it_reason),
        it_reason=f"default pattern: {it_reason}" if it_reason else "default: no IT pattern",
        customer_facing=bool(cf_reason) and not it_reason,
        cf_reason=f"default pattern: {cf_reason}" if cf_reason else "default: not customer-facing",
    )


def department_key(store_or_cur, name: str) -> str | None:
    """The normalised key of a department name (the same SQL macro classification uses)."""
    if isinstance(store_or_cur, Store):
        return store_or_cur.scalar("SELECT department_key(?)", [name])
    row = store_or_cur.execute("SELECT department_key(?)", [name]).fetchone()
    return row[0] if row else None


def record_change(cur, *, by: str, action: str, key: str | None, detail: str) -> None:
    cur.execute("INSERT INTO org_changes (changed_by, action, department_key, detail, changed_at)"
                " VALUES (?, ?, ?, ?, ?)", [by, action, key, detail, dt.datetime.now()])


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


def sync_departments(cur) -> bool:
    """Give every unit seen in ledger_lines (and every department of the organisation map) a row,
    and recompute the flags that are not a person's choice.

    Runs inside classification.rebuild's transaction (cur). Loops over DISTINCT units (tens to
    thousands), never over lines. Returns True when a row that already existed changed what lines
    see (a flag, a merge or a roll-up), so lines of every upload must be reclassified.
    """
    seen = cur.execute(
        """
        WITH spellings AS (  -- distinct spellings first: keys are computed per spelling
            SELECT coalesce(department, cost_centre) AS raw,
                   CASE WHEN department IS NOT NULL THEN cost_centre END AS code, count(*) AS n
            FROM ledger_lines GROUP BY ALL
        )
        SELECT department_key(raw) AS k, arg_max(trim(raw), n) AS display_name,
               arg_max(code, n) FILTER (WHERE code IS NOT NULL) AS code, sum(n)::BIGINT AS lines
        FROM spellings
        WHERE department_key(raw) IS NOT NULL
        GROUP BY 1
        """
    ).fetchall()
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
    if rows:  # one Arrow insert, not a statement per unit
        frame = pd.DataFrame(rows, columns=list(_COLUMNS)).astype(object)
        frame = frame.where(frame.notna(), None)
        cur.register("_dept_rows", frame)
        try:
            cur.execute(f"INSERT INTO departments ({', '.join(_COLUMNS)}) SELECT "
                        + ", ".join(f"CAST({c} AS {t})" for c, t in zip(_COLUMNS, _TYPES))
                        + " FROM _dept_rows")
        finally:
            cur.unregister("_dept_rows")
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
        if is_it is not None:
            cur.execute("UPDATE departments SET is_it = ?, it_source = 'user', it_reason = ?,"
                        " updated_by = ?, updated_at = ? WHERE department_key = ?",
                        [bool(is_it), note, by, now, key])
            record_change(cur, by=by, action="set_it", key=key,
                          detail=f"IT: {_yes_no(before[0])} -> {_yes_no(is_it)}"
                          + (f" ({why})" if why else ""))
        if customer_facing is not None:
            cur.execute("UPDATE departments SET customer_facing = ?, cf_source = 'user',"
                        " cf_reason = ?, updated_by = ?, updated_at = ? WHERE department_key = ?",
                        [bool(customer_facing), note, by, now, key])
            record_change(cur, by=by, action="set_customer_facing", key=key,
                          detail=f"customer-facing: {_yes_no(before[1])} -> "
                          f"{_yes_no(customer_facing)}" + (f" ({why})" if why else ""))
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
