"""Organisation changes through the front door: department flags, merges, parents, the org map,
suggestions confirmed or dismissed.

Business rule: every change to the organisation's structure is ONE transaction that includes the
reclassification it needs (IT-owned and SoR/SoE follow the department), so a page or the CLI never
shows a half-applied change. The writers themselves live in `models.org` (one store transaction
each, reclassifying inside it); here they run inside a workspace `Session`, so the front door
holds the write lock and commits once.

Worked example: `mark_by_pattern(store, "network", is_it=True, by="cio@example.com")` marks
"Network Services" and "IT - NETWORK" as IT, records the change (who, when) in org_changes and
reclassifies every line, in one commit: the Overview's "outside IT" share drops at once.
"""

from __future__ import annotations

from access import REVIEWER, requires  # access: role checks (#14)
from typing import Any, Iterable

from db.store import Store
from ingest.readers import read_source
from models import org
from workspace.session import Session


@requires(REVIEWER)  # access: role check (#14)
def set_units(store: Store, names: Iterable[str], *, is_it: bool | None = None,
              customer_facing: bool | None = None, by: str, reset: bool = False,
              why: str | None = None) -> list[str]:
    """Mark many units at once (IT / customer-facing, or back to the defaults)."""
    with Session(store) as s:
        return org.set_departments(s, list(names), is_it=is_it, customer_facing=customer_facing,
                                   by=by, reset=reset, why=why)


@requires(REVIEWER)  # access: role check (#14)
def mark_by_pattern(store: Store, pattern: str, *, is_it: bool | None = None,
                    customer_facing: bool | None = None, by: str) -> list[str]:
    with Session(store) as s:
        return org.mark_by_pattern(s, pattern, is_it=is_it, customer_facing=customer_facing, by=by)


@requires(REVIEWER)  # access: role check (#14)
def merge_departments(store: Store, names: Iterable[str], into: str, *, by: str) -> list[str]:
    with Session(store) as s:
        return org.merge_departments(s, list(names), into, by=by)


@requires(REVIEWER)  # access: role check (#14)
def unmerge_department(store: Store, name: str, *, by: str) -> str:
    with Session(store) as s:
        return org.unmerge_department(s, name, by=by)


@requires(REVIEWER)  # access: role check (#14)
def set_parent(store: Store, names: Iterable[str], department: str | None, *, by: str) -> list[str]:
    with Session(store) as s:
        return org.set_parent(s, list(names), department, by=by)


@requires(REVIEWER)  # access: role check (#14)
def load_org_map(store: Store, table: Any, *, by: str, file_name: str | None = None):
    """`table`: what ingest.readers.read_source returns for the org-map file."""
    with Session(store) as s:
        return org.load_org_map(s, table, by=by, file_name=file_name)


@requires(REVIEWER)  # access: role check (#14)
def load_org_file(store: Store, file_name: str, data: bytes, *, by: str,
                  sheet: str | None = None):
    """Read an org-map file (CSV/XLSX/XLS) with the ledger reader and load it."""
    table = read_source(file_name, data, sheet=sheet)
    return load_org_map(store, table, by=by, file_name=file_name)


@requires(REVIEWER)  # access: role check (#14)
def clear_org_map(store: Store, *, by: str) -> None:
    with Session(store) as s:
        org.clear_org_map(s, by=by)


@requires(REVIEWER)  # access: role check (#14)
def confirm_suggestions(store: Store, suggestion_ids: Iterable[str], *, by: str) -> int:
    with Session(store) as s:
        return org.confirm(s, list(suggestion_ids), by=by)


@requires(REVIEWER)  # access: role check (#14)
def dismiss_suggestions(store: Store, suggestion_ids: Iterable[str], *, by: str) -> int:
    with Session(store) as s:
        return org.dismiss(s, list(suggestion_ids), by=by)
