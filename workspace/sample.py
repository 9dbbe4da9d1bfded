"""The sample company in and out of a store, each in ONE transaction.

Business rule: a new user sees real-looking numbers at once; the sample is loaded only into a
database that never had an upload (a setting remembers it was offered, so deleting everything
later does not bring it back). Reset wipes every upload and loads the sample again; remove takes
out exactly the sample's uploads (recognised by their SHA-256) and keeps the user's own.

Worked example::

    ensure_sample_company(store)   -> True (5 uploads, classified, in one transaction)
    ensure_sample_company(store)   -> False (already offered)
    remove_sample_company(store)   -> 5 (the user's own uploads stay)
"""

from __future__ import annotations

from access import ADMIN, requires  # access: role checks (#14)
import hashlib

import ingest
from db import Store
from ingest import budget as budget_files
from ingest import fx as fx_files
from sample_data.loader import OFFERED, sample_files
from workspace.session import Session


def _load_all(s: Session) -> list:
    results = []
    for f in sample_files():
        if f.kind == "ledger":
            results.append(ingest.load_file(s, f.name, f.data))
        elif f.kind == "fx":
            results.append(fx_files.load_fx_file(s, f.name, f.data, replace=True))
        else:
            results.append(budget_files.load_budget_file(s, f.name, f.data, replace=True))
    s.set_setting(OFFERED, "yes")
    s.reclassify()
    return results


@requires(ADMIN)  # access: role check (#14)
def load_sample_company(store: Store) -> list:
    """Load the three ledgers, the FX table and the budget, and classify: one transaction.
    Returns the load results."""
    with Session(store) as s:
        return _load_all(s)


def ensure_sample_company(store: Store) -> bool:
    """First run: load the sample company into an empty, never-used database. True if loaded."""
    with Session(store) as s:
        if s.setting(OFFERED) or s.scalar("SELECT count(*) FROM uploads"):
            return False
        _load_all(s)
    return True


@requires(ADMIN)  # access: role check (#14)
def reset_to_sample(store: Store) -> list:
    """Delete every upload (ledgers, budgets, FX tables) and load the sample company again: one
    transaction (a failure leaves everything as it was)."""
    with Session(store) as s:
        for (upload_id,) in s.rows("SELECT upload_id FROM uploads ORDER BY upload_id"):
            ingest.delete_upload(s, int(upload_id))
        return _load_all(s)


@requires(ADMIN)  # access: role check (#14)
def remove_sample_company(store: Store) -> int:
    """Delete the sample company's uploads (by content), keep every other: one transaction.
    Returns how many uploads were removed."""
    digests = [hashlib.sha256(f.data).hexdigest() for f in sample_files()]
    with Session(store) as s:
        ids = [int(r[0]) for r in s.rows(
            "SELECT upload_id FROM uploads WHERE list_contains(?, sha256) ORDER BY upload_id",
            [digests])]
        for upload_id in ids:
            ingest.delete_upload(s, upload_id)
        if ids:
            s.reclassify()
    return len(ids)
