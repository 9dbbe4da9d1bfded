"""The IT standards register: which vendors IT approved, tolerates, does not approve or is
retiring, who owns each, when IT last reviewed its security, and whether it handles customer or
personal data.

Business rule: a register row names a vendor as a person writes it ('HubSpot', 'Slack
Technologies'); it matches every ledger line whose vendor key (models.normalise.vendor_key) or
canonical vendor name (catalog / merge) has the same key, so 'SQ *SLACK TECHNOLOGIES' on a card
feed is governed by the register's 'Slack'. A vendor with no register row, or a row with no review
date, is "never reviewed". Every change (a file loaded, one vendor set or removed) records the
row before and after, who and when, in it_standard_changes; the writers here run on the cursor
of a workspace Session (one transaction) and change no ledger line, so nothing is reclassified.

Status words are read as people write them (vocabulary, not one file's spelling):

    'Approved standard', 'standard', 'preferred', 'approved'   -> approved
    'Tolerated', 'allowed', 'permitted', 'contain'             -> tolerated
    'Not approved', 'unapproved', 'prohibited', 'banned'       -> not_approved
    'Being retired', 'retiring', 'sunset', 'deprecated'        -> retiring

Worked example::

    register.csv:  Vendor,Status,Owner,Last security review,Customer data
                   HubSpot,Tolerated,Marketing Ops,,Yes
                   Slack,Approved standard,IT,2025-11-03,No
    -> HubSpot: tolerated, never reviewed, handles customer data; Slack: approved, reviewed 3 Nov 2025
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # pandas is imported where it is used: the CLI starts without it
    import pandas as pd

from access import require_all_departments

from db import TechspendError
from models.normalise import vendor_key
from models.sql import load_sql

STATUSES = ("approved", "tolerated", "not_approved", "retiring")
STATUS_LABELS = {"approved": "Approved standard", "tolerated": "Tolerated",
                 "not_approved": "Not approved", "retiring": "Being retired",
                 "not in register": "Not in register"}
_STATUS_WORDS = {
    "approved": ("approved standard", "approved", "standard", "preferred", "strategic",
                 "sanctioned", "endorsed"),
    "tolerated": ("tolerated", "tolerate", "allowed", "permitted", "accepted", "contain",
                  "conditional", "exception"),
    "not_approved": ("not approved", "unapproved", "non approved", "rejected", "prohibited",
                     "banned", "blocked", "forbidden", "not allowed", "disallowed"),
    "retiring": ("being retired", "retiring", "retire", "retired", "sunset", "sunsetting",
                 "deprecated", "phase out", "phasing out", "decommission", "decommissioning"),
}
REGISTER_ALIASES: dict[str, tuple[str, ...]] = {
    "vendor": ("vendor", "supplier", "product vendor", "vendor name", "supplier name",
               "application", "tool", "service", "name"),
    "product": ("product", "product name", "module", "edition"),
    "status": ("status", "standard status", "it status", "approval", "approval status",
               "lifecycle", "classification"),
    "owner": ("owner", "business owner", "it owner", "product owner", "contact", "responsible"),
    "last_review": ("last security review", "security review", "last review", "reviewed",
                    "review date", "last reviewed", "assessment date", "security assessment"),
    "customer_data": ("customer data", "personal data", "handles customer data", "pii",
                      "gdpr", "data protection", "handles personal data", "customer pii"),
    "notes": ("notes", "comment", "comments", "remarks"),
}
REGISTER_REQUIRED = ("vendor", "status")


@dataclass(frozen=True)
class StandardRow:
    vendor: str
    status: str
    product: str | None = None
    owner: str | None = None
    last_review: date | None = None
    customer_data: bool | None = None
    notes: str | None = None
    source: str = "ui"


class StandardsError(TechspendError):
    """A register edit that cannot be made (unknown status, no such vendor...)."""


def parse_status(text: str) -> str:
    """A status as people write it -> one of STATUSES. Raises ValueError with the choices."""
    value = re.sub(r"[^a-z]+", " ", str(text).lower()).strip()
    for status in ("not_approved", "retiring", "tolerated", "approved"):  # 'not approved' first
        if value in _STATUS_WORDS[status] or value == status.replace("_", " "):
            return status
    for status in ("not_approved", "retiring", "tolerated", "approved"):
        if any(re.search(rf"\b{re.escape(w)}\b", value) for w in _STATUS_WORDS[status]):
            return status
    raise ValueError(f"status '{text}' is not one of: approved standard, tolerated, not approved, "
                     "being retired")


def parse_review_date(text: str, slash_order: str | None = None) -> date | None:
    """'2025-11-03', '03/11/2025' (day-first unless the column says month-first), '3 Nov 2025';
    empty, 'never', 'none', 'n/a' -> None. Raises ValueError otherwise."""
    raw = str(text).strip()
    if raw.lower() in ("", "never", "none", "n/a", "na", "-", "not reviewed"):
        return None
    raw = raw.split("T")[0].split(" 00:00")[0]
    slash = "%m/%d/%Y" if slash_order == "mdy" else "%d/%m/%Y"
    for fmt in ("%Y-%m-%d", slash, slash.replace("/", "."), "%d %b %Y", "%d %B %Y", "%b %Y",
                "%Y/%m/%d"):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"review date '{text}' is not a date (write 2025-11-03)")


def _key(vendor: str) -> tuple[str, str]:
    key = vendor_key(vendor)
    name_key = re.sub(r"[^A-Z0-9]+", " ", vendor.upper()).strip()
    if not key or not name_key:
        raise StandardsError(f"vendor '{vendor}' has no letters or digits to match lines on")
    return key, name_key


def write_standards(cur, rows: Sequence[StandardRow], *, by: str, action: str = "set") -> int:
    """Upsert register rows on the session's cursor, each change recorded (before/after, who,
    when). Returns how many rows were written. A later row for the same vendor key wins."""
    import pandas as pd
    if not by or not str(by).strip():
        raise StandardsError("Say who is making the change (by=...).")
    latest: dict[str, tuple[str, StandardRow]] = {}
    for row in rows:
        if row.status not in STATUSES:
            raise StandardsError(f"status '{row.status}' is not one of {', '.join(STATUSES)}")
        key, name_key = _key(row.vendor)
        latest[key] = (name_key, row)
    if not latest:
        return 0
    frame = pd.DataFrame({
        "vendor_key": list(latest),
        "name_key": [n for n, _ in latest.values()],
        "vendor": [r.vendor.strip() for _, r in latest.values()],
        "product": [r.product for _, r in latest.values()],
        "status": [r.status for _, r in latest.values()],
        "owner": [r.owner for _, r in latest.values()],
        "last_review": pd.array([r.last_review for _, r in latest.values()], dtype="object"),
        "customer_data": pd.array([r.customer_data for _, r in latest.values()], dtype="boolean"),
        "notes": [r.notes for _, r in latest.values()],
        "source": [r.source for _, r in latest.values()],
    })
    cur.register("_new_standards", frame)
    try:
        cur.execute("CREATE OR REPLACE TEMP TABLE _std AS SELECT vendor_key, name_key, vendor, "
                    "product, status, owner, CAST(last_review AS DATE) AS last_review, "
                    "customer_data, notes, source FROM _new_standards")
    finally:
        cur.unregister("_new_standards")
    cur.execute(
        "INSERT INTO it_standard_changes (vendor_key, action, before, after, source, changed_by) "
        "SELECT n.vendor_key, ?, CASE WHEN o.vendor_key IS NULL THEN NULL ELSE to_json(o) END, "
        "to_json(n), n.source, ? FROM _std n LEFT JOIN it_standards o USING (vendor_key)",
        [action, by])
    cur.execute("DELETE FROM it_standards WHERE vendor_key IN (SELECT vendor_key FROM _std)")
    cur.execute(
        "INSERT INTO it_standards (vendor_key, name_key, vendor, product, status, owner, "
        "last_review, customer_data, notes, source, updated_by, updated_at) SELECT vendor_key, "
        "name_key, vendor, product, status, owner, last_review, customer_data, notes, source, ?, "
        "current_timestamp FROM _std", [by])
    cur.execute("DROP TABLE _std")
    return len(latest)


def remove_standard(cur, vendor: str, *, by: str) -> bool:
    """Take a vendor out of the register (recorded). False when it was not there."""
    key, _ = _key(vendor)
    found = cur.execute("SELECT count(*) FROM it_standards WHERE vendor_key = ?", [key]).fetchall()
    if not found[0][0]:
        return False
    cur.execute("INSERT INTO it_standard_changes (vendor_key, action, before, after, source, "
                "changed_by) SELECT vendor_key, 'remove', to_json(s), NULL, 'ui', ? "
                "FROM it_standards s WHERE vendor_key = ?", [by, key])
    cur.execute("DELETE FROM it_standards WHERE vendor_key = ?", [key])
    return True


def register(store) -> pd.DataFrame:
    """The register as it stands. Columns: vendor, product, status, owner, last_review,
    customer_data, notes, source, updated_by, updated_at, vendor_key."""
    return store.df("SELECT vendor, product, status, owner, last_review, customer_data, notes, "
                    "source, updated_by, updated_at, vendor_key FROM it_standards ORDER BY vendor")


def changes(store, limit: int = 200) -> pd.DataFrame:
    """The newest register changes: change_id, vendor_key, action, before, after, source,
    changed_by, changed_at."""
    return store.df("SELECT change_id, vendor_key, action, before::VARCHAR AS before, "
                    "after::VARCHAR AS after, source, changed_by, changed_at "
                    "FROM it_standard_changes ORDER BY change_id DESC LIMIT ?", [int(limit)])


def _quarters(quarter_from: int | None, quarter_to: int | None) -> dict:
    return {"quarter_from": quarter_from, "quarter_to": quarter_to}


def outside_it_by_status(store, quarter_from: int | None = None,
                         quarter_to: int | None = None) -> pd.DataFrame:
    """Technology spend outside IT per register status (rows add up to the Overview's figure).
    Columns: status, spend_outside_it, vendors, line_count, never_reviewed_spend."""
    require_all_departments("The governance lens")  # access (#14): not department-scoped
    return store.df(load_sql("governance_outside_it_by_status"), _quarters(quarter_from, quarter_to))


def never_reviewed(store, quarter_from: int | None = None,
                   quarter_to: int | None = None) -> pd.DataFrame:
    """Technology vendors outside IT that IT never reviewed, largest first (see the SQL file)."""
    require_all_departments("The governance lens")  # access (#14): not department-scoped
    return store.df(load_sql("governance_never_reviewed"), _quarters(quarter_from, quarter_to))

