"""The organisation's structure: cost centre -> department -> IT function, and what to confirm.

Business rule. Technology spend is "inside IT" when the unit that bought it belongs to the IT
function. Many ledgers carry only cost centres ("4120 Applications Support", "4130 Network
Services", "5210 Medical Technology"), so the product needs the structure above them:

* **An organisation map**, loaded from a file a finance team already has (CSV/XLSX with a code,
  a name and the department or parent each unit belongs to, optionally an IT column), read by
  the product's reader (ingest.readers.read_source, called by the page / CLI) and handed here.
  Ledger units are matched to map rows by name or by code; a unit then rolls up to its
  department (the view org_department_of) and takes its IT flag from the map, else from
  its department (a unit of "ICT" is IT).
* **Without a map**, the defaults (models.departments: a vocabulary of what IT units do) flag the
  clear cases automatically, and ``suggestions`` proposes the rest for a person to confirm, never
  silently: units whose name suggests IT ("Digital Transformation", "Systems"), units whose
  spend is mostly technology, units sharing a code block with IT units, and departments inferred
  from cost-centre code blocks and name stems ("ICT - Applications", "ICT - Networks" -> "ICT").
* **Edits**: mark many units at once (by list or by pattern), merge any two units, put units
  under a department; every change is recorded (models.departments.changes: who, when, what).

Suggestions (what to confirm) live in models.org_suggestions, importable from here.
Every function here is one write transaction that also reclassifies all history
(models.classification.rebuild), so pages and the CLI show the new split at once.

Worked example (a cost-centre-only ledger)::

    4110 Applications Support  -> IT by default (vocabulary: applications support)
    4130 Radio Systems         -> IT by default (radio systems)
    4150 Digital Transformation-> suggestion 'likely_it_name' (digital), and 'likely_it_block'
                                  (code block 41xx holds two IT units); confirm -> IT
    5210 Medical Technology    -> not IT; no suggestion ('Medical' qualifies 'Technology')

CLI seams (wired by the CLI owner): ``techspend org load FILE`` -> load_org_map,
``techspend org list`` -> org_map / suggestions, ``techspend org set`` -> set_departments /
mark_by_pattern / merge_departments / set_parent / confirm.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:  # pandas is imported where it is used: the CLI starts without it
    import pandas as pd

from db import Store, TechspendError
from models import departments
from models.classification import rebuild
from models.departments import fold_key
from models.org_suggestions import (SPEND_MIN_LINES, SPEND_MIN_SHARE_OF_TECH,  # noqa: F401
                                    SPEND_SHARE, code_block, confirm, dismiss, it_split,
                                    name_stem, shared_leading_words, suggestions)

# ---- edits (each one transaction + reclassification) -------------------------------------------


def set_departments(store: Store, names: Iterable[str], *, is_it: bool | None = None,
                    customer_facing: bool | None = None, by: str, reset: bool = False,
                    why: str | None = None) -> list[str]:
    """Mark many units at once (see departments.set_departments) and reclassify. Returns keys."""
    with store.transaction() as cur:
        keys = departments.set_departments(cur, names, is_it=is_it,
                                           customer_facing=customer_facing, by=by, reset=reset,
                                           why=why)
        rebuild(cur, None)
    return keys


def mark_by_pattern(store: Store, pattern: str, *, is_it: bool | None = None,
                    customer_facing: bool | None = None, by: str) -> list[str]:
    """Mark every unit whose name matches `pattern` (regex, or text with * wildcards)."""
    with store.transaction() as cur:
        keys = departments.set_by_pattern(cur, pattern, is_it=is_it,
                                          customer_facing=customer_facing, by=by)
        rebuild(cur, None)
    return keys


def preview_pattern(store: Store, pattern: str) -> list[str]:
    """Display names of the units `pattern` would mark (nothing is changed)."""
    with store.cursor() as cur:
        keys = departments.matching_departments(cur, pattern)
        names = dict(cur.execute("SELECT department_key, display_name FROM departments").fetchall())
    return [names[k] for k in keys]


def merge_departments(store: Store, names: Iterable[str], into: str, *, by: str) -> list[str]:
    """Merge units into one department (its name and flags) and reclassify."""
    with store.transaction() as cur:
        keys = departments.merge_departments(cur, names, into, by=by)
        rebuild(cur, None)
    return keys


def unmerge_department(store: Store, name: str, *, by: str) -> str:
    with store.transaction() as cur:
        key = departments.unmerge_department(cur, name, by=by)
        rebuild(cur, None)
    return key


def set_parent(store: Store, names: Iterable[str], department: str | None, *, by: str) -> list[str]:
    """Put units under a department (None: take them out) and reclassify."""
    with store.transaction() as cur:
        keys = departments.set_parent(cur, names, department, by=by)
        rebuild(cur, None)
    return keys


# ---- the organisation map ------------------------------------------------------------------------
# header words (folded: upper case, punctuation -> space) for each field of a map, best first
ORG_HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("COST CENTRE CODE", "COST CENTER CODE", "CC CODE", "UNIT CODE", "ORG CODE",
             "ORGANISATION CODE", "ORGANIZATION CODE", "CODE", "COST CENTRE", "COST CENTER",
             "CC", "KOSTENSTELLE", "CENTRE DE COUT", "CENTRO DE COSTE", "CENTRO DE CUSTO",
             "CENTRO DI COSTO", "KOSTENPLAATS", "ID"),
    "name": ("COST CENTRE NAME", "COST CENTER NAME", "COST CENTRE DESCRIPTION",
             "COST CENTER DESCRIPTION", "CC NAME", "UNIT NAME", "UNIT", "NAME", "DESCRIPTION",
             "TEAM", "SECTION", "BEZEICHNUNG", "KOSTENSTELLENBEZEICHNUNG", "LIBELLE", "NOM",
             "NOMBRE", "NOME", "DESCRIPCION", "DESCRICAO", "OMSCHRIJVING", "NAAM"),
    "department": ("DEPARTMENT", "DEPARTMENT NAME", "DEPT", "PARENT", "PARENT CODE",
                   "PARENT NAME", "DIRECTORATE", "DIVISION", "SERVICE AREA", "SERVICE",
                   "PORTFOLIO", "FUNCTION", "BUSINESS UNIT", "ABTEILUNG", "BEREICH", "DIRECTION",
                   "DEPARTEMENT", "DEPARTAMENTO", "DIRECCION", "DIRETORIA", "AFDELING",
                   "DIPARTIMENTO"),
    "is_it": ("IT", "IS IT", "IT FUNCTION", "IT UNIT", "IT OWNED", "PART OF IT", "IT Y N",
              "TECHNOLOGY FUNCTION"),
    "customer_facing": ("CUSTOMER FACING", "CUSTOMERFACING", "FACES CUSTOMERS", "CF"),
}
_YES = {"YES", "Y", "TRUE", "1", "X", "IT", "JA", "OUI", "SI", "SIM", "WAHR", "VRAI"}
_NO = {"NO", "N", "FALSE", "0", "NEIN", "NON", "NAO", "NEE", "FALSCH", "FAUX", "NOT IT", "NON IT"}


def org_columns(columns: Iterable[str]) -> dict[str, int]:
    """Which column (0-based) holds each map field, from the headers as written.
    Example: ['Cost Centre', 'Cost Centre Name', 'Directorate', 'IT?'] ->
    {'code': 0, 'name': 1, 'department': 2, 'is_it': 3}."""
    folded = [fold_key(c) for c in columns]
    found: dict[str, int] = {}
    for field in ("code", "name", "department", "is_it", "customer_facing"):
        for wanted in ORG_HEADERS[field]:
            idx = next((i for i, c in enumerate(folded)
                        if c == wanted and i not in found.values()), None)
            if idx is not None:
                found[field] = idx
                break
    return found


@dataclass(frozen=True)
class OrgMapLoad:
    file_name: str
    rows_read: int
    units: int                 # rows with a code or a name
    skipped_blank: int         # rows with neither (listed, not loaded)
    departments: int           # distinct departments / parents named
    it_units: int              # rows the map marks IT
    matched_units: int         # ledger units the map now describes
    columns: dict[str, str]    # field -> header as written

    def describe(self) -> str:
        cols = ", ".join(f"{k} = '{v}'" for k, v in self.columns.items())
        return (f"{self.file_name}: {self.units:,} units in {self.departments:,} departments "
                f"({self.it_units:,} marked IT); {self.matched_units:,} units of the loaded "
                f"ledgers matched; {self.skipped_blank:,} blank rows skipped. Columns: {cols}.")


def _flag_sql(col: str) -> str:
    return (f"CASE WHEN nullif(trim({col}), '') IS NULL THEN NULL"
            f" WHEN text_key({col}) IN ({', '.join(repr(v) for v in sorted(_YES))}) THEN true"
            f" WHEN text_key({col}) IN ({', '.join(repr(v) for v in sorted(_NO))}) THEN false END")


def load_org_map(store: Store, table: Any, *, by: str, file_name: str | None = None) -> OrgMapLoad:
    """Replace the organisation map with the rows of `table` and reclassify.

    `table` is what ingest.readers.read_source returns (any object with `.columns` and
    `.to_duckdb(cur, name)`; this module does not import ingest). Raises TechspendError naming
    the file, the row and what to do when a column is missing or an IT value is unreadable; a
    failed load changes nothing."""
    name = file_name or getattr(table, "file_name", "organisation map")
    columns = list(table.columns)
    found = org_columns(columns)
    if "code" not in found and "name" not in found:
        raise TechspendError(
            f"{name}: no column for the cost-centre code or name was found (headers: "
            f"{', '.join(columns[:12])}). Name them e.g. 'Code', 'Name', 'Department'.")
    col = {f: f"c{i}" for f, i in found.items()}
    code = f"nullif(trim({col['code']}), '')" if "code" in col else "NULL"
    unit = f"nullif(trim({col['name']}), '')" if "name" in col else "NULL"
    dept = f"nullif(trim({col['department']}), '')" if "department" in col else "NULL"
    is_it = _flag_sql(col["is_it"]) if "is_it" in col else "NULL"
    cf = _flag_sql(col["customer_facing"]) if "customer_facing" in col else "NULL"
    with store.write_session() as cur:
        try:
            return _load_org_map(store, cur, table, name, columns, found, code, unit, dept,
                                 is_it, cf, col, by)
        finally:
            for kind in ("VIEW", "TABLE"):
                for scratch in ("_org_raw", "_org_src", "_records"):
                    with contextlib.suppress(Exception):
                        cur.execute(f"DROP {kind} IF EXISTS {scratch}")


def _load_org_map(store, cur, table, name, columns, found, code, unit, dept, is_it, cf, col,
                  by) -> OrgMapLoad:
    if True:
        table.to_duckdb(cur, "_org_raw")
        cur.execute("CREATE OR REPLACE TEMP TABLE _org_src AS SELECT * FROM _org_raw")
        for field in ("is_it", "customer_facing"):
            if field not in col:
                continue
            bad = cur.execute(
                f"SELECT source_row, {col[field]} FROM _org_src WHERE nullif(trim({col[field]}),"
                f" '') IS NOT NULL AND ({_flag_sql(col[field])}) IS NULL ORDER BY source_row"
                " LIMIT 3").fetchall()
            if bad:
                rows = ", ".join(f"row {r} ('{v}')" for r, v in bad)
                raise TechspendError(
                    f"{name}: the column '{columns[found[field]]}' should say yes or no; {rows} "
                    "do not. Correct those cells (or leave them empty) and load the file again.")
        counts = cur.execute(
            f"SELECT count(*), count(*) FILTER (WHERE {code} IS NULL AND {unit} IS NULL),"
            f" count(DISTINCT {dept}), count(*) FILTER (WHERE ({is_it}) IS TRUE) FROM _org_src"
        ).fetchone()
        if counts[0] == counts[1]:
            raise TechspendError(f"{name}: the file has no rows with a code or a name.")
        with store.transaction(cur):
            cur.execute("DELETE FROM org_units")
            cur.execute(
                f"INSERT INTO org_units (code, name, department, is_it, customer_facing,"
                f" source_file, source_row, loaded_by) SELECT {code}, {unit}, {dept}, {is_it},"
                f" {cf}, ?, source_row, ? FROM _org_src WHERE {code} IS NOT NULL OR {unit} IS NOT"
                " NULL", [name, by])
            departments.record_change(
                cur, by=by, action="load_map", key=None,
                detail=f"organisation map {name}: {counts[0] - counts[1]} units")
            rebuild(cur, None)
            matched = cur.execute(
                "SELECT count(*) FROM departments WHERE in_ledger AND (parent_source = 'org_map'"
                " OR it_source = 'org_map' OR cf_source = 'org_map')").fetchone()[0]
    return OrgMapLoad(name, int(counts[0]), int(counts[0] - counts[1]), int(counts[1]),
                      int(counts[2]), int(counts[3]), int(matched),
                      {f: columns[i] for f, i in found.items()})


def org_map(store: Store) -> pd.DataFrame:
    """The loaded map. Columns: source_row, code, name, department, is_it, customer_facing,
    source_file, loaded_by, loaded_at."""
    return store.df("SELECT source_row, code, name, department, is_it, customer_facing,"
                    " source_file, loaded_by, loaded_at FROM org_units ORDER BY source_row")


def clear_org_map(store: Store, *, by: str) -> None:
    with store.transaction() as cur:
        cur.execute("DELETE FROM org_units")
        departments.record_change(cur, by=by, action="load_map", key=None,
                                  detail="organisation map removed")
        rebuild(cur, None)
