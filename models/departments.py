"""Which departments are the IT function, and which face customers.

Business rule: "IT-owned" means the buying department (or cost centre, when a ledger has no
department column) is part of the IT function. Infrastructure and technology of unknown purpose
take the orientation of the buying department: customer-facing -> system of engagement (SoE),
anything else -> system of record (SoR).

Departments are compared by a normalised key (upper case, ``&`` -> ``AND``, punctuation -> space,
spaces collapsed; the SQL macro ``department_key`` in db/migrations/002), so ``Information
Technology``, ``INFORMATION  TECHNOLOGY `` and ``information-technology`` are one department.

Default patterns (word-bounded, on the key):

* IT: Information Technology, IT, ICT, IS/IM&T, Information Services/Systems/Management,
  Technology (Services), Digital & Technology, Office of the CIO, IT/technology infrastructure,
  Network Operations, Help/Service Desk, Cyber/Information Security, Data Centre...
* customer-facing: Marketing, Sales, Customer Service/Success/Experience/Care, E-commerce,
  Communications, Business Development, PR, Brand, Contact/Call Centre, Events...

Traps handled by word boundaries and exclusions: ``Digital Marketing`` is customer-facing and NOT
IT (customer-facing wins over a bare "Digital"/"Technology" word); ``Transit Operations`` and
``Facilities & Utilities`` contain the letters I-T but not the word IT; ``Infrastructure Services``
of a council (roads, highways) is not IT; ``Telecommunications`` is not ``Communications``.

A person's choice (UI or ``techspend departments set``) is stored with source 'user' and is never
overwritten by the defaults.

Worked example::

    default_flags("DIGITAL MARKETING")         -> DepartmentDefaults(is_it=False, customer_facing=True, ...)
    default_flags("INFORMATION TECHNOLOGY SERVICES").is_it   -> True
    default_flags("TRANSIT OPERATIONS").is_it  -> False
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from db import Store, TechspendError

_IT_PATTERNS: list[tuple[str, str]] = [
    (r"\bINFORMATION (?:AND )?(?:COMMUNICATIONS? )?TECHNOLOGY\b", "Information Technology"),
    (r"\bINFORMATION (?:SERVICES|SYSTEMS|MANAGEMENT|SECURITY)\b", "Information Services/Systems"),
    (r"\bINFORMATION AND (?:TECHNOLOGY|SYSTEMS)\b", "Information & Technology"),
    (r"\bINNOVATION AND TECHNOLOGY\b", "Innovation & Technology"),
    (r"\bI ?AND ?T\b|\bIM ?AND ?T\b|\bIT ?AND ?S\b", "I&T / IM&T"),
    (r"\bIT\b", "IT"),
    (r"\bICT\b", "ICT"),
    (r"^(?:IS|I S|MIS)$|\bIS DEPARTMENT\b", "IS"),
    (r"\bINFORMATICS\b", "Informatics"),
    (r"\bTECHNOLOGY\b", "Technology"),
    (r"\bDIGITAL (?:AND |SERVICES AND )?(?:TECHNOLOGY|DATA|IT)\b", "Digital & Technology"),
    (r"\bOFFICE OF THE (?:CIO|CTO|CHIEF INFORMATION OFFICER|CHIEF TECHNOLOGY OFFICER)\b",
     "Office of the CIO"),
    (r"\bCIO\b|\bCTO\b|\bCHIEF INFORMATION OFFICER\b", "CIO"),
    (r"\bINFRASTRUCTURE\b", "Infrastructure"),
    (r"\bNETWORK(?:S)? (?:OPERATIONS|SERVICES|ENGINEERING)\b|\bNOC\b", "Network Operations"),
    (r"\bHELP ?DESK\b|\bSERVICE ?DESK\b|\bDESKTOP SUPPORT\b|\bEND USER (?:SERVICES|COMPUTING)\b",
     "Help/Service Desk"),
    (r"\bCYBER ?SECURITY\b|\bCYBER\b", "Cyber Security"),
    (r"\bDATA CENT(?:RE|ER)S?\b", "Data Centre"),
    (r"\bENTERPRISE (?:ARCHITECTURE|APPLICATIONS|SYSTEMS)\b", "Enterprise Systems"),
    (r"\bTELECOMMUNICATIONS?\b|\bTELECOMS?\b", "Telecommunications"),
    (r"\bCOMPUTING SERVICES\b|\bCOMPUTER SERVICES\b|\bSYSTEMS ENGINEERING\b", "Computing Services"),
]

# 'Infrastructure' in a council or utility means roads, water, buildings: not IT.
_NOT_IT_INFRASTRUCTURE = re.compile(
    r"\b(?:HIGHWAYS?|ROADS?|TRANSPORT|TRANSPORTATION|TRANSIT|CIVIL|WATER|STREETS?|CAPITAL|PHYSICAL|"
    r"PUBLIC WORKS|BUILDINGS?|PROPERTY|GREEN|ENERGY|RAIL|BRIDGES|PARKS|UTILITIES|CITY)\b"
)

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

_IT_COMPILED = [(re.compile(p), why) for p, why in _IT_PATTERNS]
_CF_COMPILED = [(re.compile(p), why) for p, why in _CUSTOMER_FACING_PATTERNS]


@dataclass(frozen=True)
class DepartmentDefaults:
    is_it: bool
    it_reason: str
    customer_facing: bool
    cf_reason: str


def default_flags(key: str | None) -> DepartmentDefaults:
    """The default IT / customer-facing flags for a normalised department key."""
    key = key or ""
    cf_reason = next((why for rx, why in _CF_COMPILED if rx.search(key)), "")
    it_reason = ""
    for rx, why in _IT_COMPILED:
        if not rx.search(key):
            continue
        if why == "Infrastructure" and _NOT_IT_INFRASTRUCTURE.search(key):
            continue
        it_reason = why
        break
    # 'Marketing Technology', 'Digital Marketing', 'Sales Technology': the customer-facing
    # function owns it; only an explicit IT name ('IT Sales Support') stays IT.
    if it_reason and cf_reason and it_reason not in {"Information Technology", "IT", "ICT"}:
        it_reason = ""
    return DepartmentDefaults(
        is_it=bool(it_reason),
        it_reason=f"default pattern: {it_reason}" if it_reason else "default: no IT pattern",
        customer_facing=bool(cf_reason) and not it_reason,
        cf_reason=f"default pattern: {cf_reason}" if cf_reason else "default: not customer-facing",
    )


def department_key(store: Store, name: str) -> str | None:
    """The normalised key of a department name (the same SQL macro classification uses)."""
    return store.scalar("SELECT department_key(?)", [name])


def sync_departments(cur) -> bool:
    """Give every department seen in ledger_lines a row, and re-apply default flags.

    Runs inside classification.refresh's transaction (cur). Loops over DISTINCT department keys
    (tens to hundreds), never over lines. Rows a person set (source 'user') keep their flag.
    Returns True when a department that already had a row changed a flag (the default patterns
    changed), so lines of other uploads must be reclassified too.
    """
    seen = cur.execute(
        """
        WITH spellings AS (  -- distinct spellings first: keys are computed per spelling
            SELECT coalesce(department, cost_centre) AS raw, count(*) AS n
            FROM ledger_lines GROUP BY 1
        )
        SELECT department_key(raw) AS k, arg_max(trim(raw), n) AS display_name
        FROM spellings
        WHERE department_key(raw) IS NOT NULL
        GROUP BY 1
        """
    ).fetchall()
    existing = {
        r[0]: r[1:]
        for r in cur.execute(
            "SELECT department_key, it_source, cf_source, is_it, customer_facing, it_reason,"
            " cf_reason FROM departments"
        ).fetchall()
    }
    rows = []
    changed = False
    for key, display in seen:
        d = default_flags(key)
        it_source, cf_source, is_it, cf, it_reason, cf_reason = existing.get(
            key, ("default", "default", None, None, None, None)
        )
        if key in existing and ((it_source != "user" and is_it != d.is_it)
                                or (cf_source != "user" and cf != d.customer_facing)):
            changed = True
        rows.append((
            key, display,
            is_it if it_source == "user" else d.is_it, it_source,
            it_reason if it_source == "user" else d.it_reason,
            cf if cf_source == "user" else d.customer_facing, cf_source,
            cf_reason if cf_source == "user" else d.cf_reason,
        ))
    if rows:
        cur.execute("CREATE OR REPLACE TEMP TABLE _dept_sync AS SELECT * FROM departments LIMIT 0")
        cur.executemany(
            "INSERT INTO _dept_sync (department_key, display_name, is_it, it_source, it_reason,"
            " customer_facing, cf_source, cf_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        cur.execute(
            """
            INSERT INTO departments (department_key, display_name, is_it, it_source, it_reason,
                                     customer_facing, cf_source, cf_reason)
            SELECT department_key, display_name, is_it, it_source, it_reason,
                   customer_facing, cf_source, cf_reason FROM _dept_sync
            ON CONFLICT (department_key) DO UPDATE SET
                display_name = excluded.display_name,
                is_it = excluded.is_it, it_reason = excluded.it_reason,
                customer_facing = excluded.customer_facing, cf_reason = excluded.cf_reason
            """
        )
        cur.execute("DROP TABLE _dept_sync")
    return changed


def list_departments(store: Store) -> pd.DataFrame:
    """One row per department seen. Columns: department_key, department (display name), is_it,
    it_source ('default'|'user'), it_reason, customer_facing, cf_source, cf_reason, lines,
    amount (sum of amount_reporting), tech_amount. Sorted by amount descending."""
    return store.df(
        """
        SELECT d.department_key, d.display_name AS department, d.is_it, d.it_source, d.it_reason,
               d.customer_facing, d.cf_source, d.cf_reason,
               coalesce(s.lines, 0) AS lines, coalesce(s.amount, 0)::DOUBLE AS amount,
               coalesce(s.tech_amount, 0)::DOUBLE AS tech_amount,
               d.updated_by, d.updated_at
        FROM departments d
        LEFT JOIN (
            SELECT department_key(coalesce(department, cost_centre)) AS k, count(*) AS lines,
                   sum(amount_reporting) AS amount,
                   sum(amount_reporting) FILTER (WHERE is_tech) AS tech_amount
            FROM classified_lines GROUP BY 1
        ) s ON s.k = d.department_key
        ORDER BY amount DESC, department
        """
    )


def set_department(
    store: Store,
    name: str,
    *,
    is_it: bool | None = None,
    customer_facing: bool | None = None,
    by: str,
    reset: bool = False,
    refresh: bool = True,
) -> str:
    """Mark a department IT / not IT and customer-facing / not (None leaves a flag as it is).

    `name` may be written in any case/spacing; it is matched on its key. `reset=True` hands both
    flags back to the default patterns. Reclassifies all history (one full refresh). Returns the
    department key. Raises TechspendError for an unknown department.
    """
    key = department_key(store, name)
    if key is None:
        raise TechspendError("Give a department name, e.g. 'Information Technology'.")
    found = store.scalar("SELECT count(*) FROM departments WHERE department_key = ?", [key])
    if not found:
        known = [r[0] for r in store.rows("SELECT display_name FROM departments ORDER BY 1")]
        hint = ", ".join(known[:12]) + (" ..." if len(known) > 12 else "")
        raise TechspendError(
            f"No department called '{name}' in the loaded data. Known departments: {hint or 'none'}."
        )
    now = dt.datetime.now()
    with store.transaction() as cur:
        if reset:
            cur.execute(
                "UPDATE departments SET it_source = 'default', cf_source = 'default',"
                " updated_by = ?, updated_at = ? WHERE department_key = ?",
                [by, now, key],
            )
        if is_it is not None:
            cur.execute(
                "UPDATE departments SET is_it = ?, it_source = 'user', it_reason = ?,"
                " updated_by = ?, updated_at = ? WHERE department_key = ?",
                [is_it, f"set by {by}", by, now, key],
            )
        if customer_facing is not None:
            cur.execute(
                "UPDATE departments SET customer_facing = ?, cf_source = 'user', cf_reason = ?,"
                " updated_by = ?, updated_at = ? WHERE department_key = ?",
                [customer_facing, f"set by {by}", by, now, key],
            )
        if refresh:
            from models.classification import rebuild

            rebuild(cur, None)
    return key
