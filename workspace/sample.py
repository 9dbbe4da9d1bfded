"""The sample company in and out of a store, each in ONE transaction.

Business rule: a new user sees real-looking numbers at once; the sample is loaded only into a
database that never had an upload (a setting remembers it was offered, so deleting everything
later does not bring it back). Reset wipes every upload and loads the sample again; remove takes
out exactly the sample's uploads (recognised by their SHA-256) and keeps the user's own ("Start
empty" in Settings, `techspend sample remove`).

The sample is always marked: every change here records the sample's upload ids in the setting
models.report.scope.SAMPLE_UPLOADS (recomputed from the SHA-256 of the sample files, so a database
loaded before the mark existed is marked the next time the dashboard starts), and every figure
that includes those uploads says so (models.report.scope.describe_scope).

Worked example::

    ensure_sample_company(store)   -> True (5 uploads, classified, in one transaction)
    ensure_sample_company(store)   -> False (already offered)
    load_sample_company(store)     -> SampleError: already loaded (uploads #1-#5)
    remove_sample_company(store)   -> 5 (the user's own uploads stay)
"""

from __future__ import annotations

from access import ADMIN, requires  # access: role checks (#14)
import hashlib

import ingest
from db import Store, TechspendError
from ingest import budget as budget_files
from ingest import fx as fx_files
from models.report.scope import SAMPLE_UPLOADS
from sample_data.loader import OFFERED, sample_files
from workspace.session import Session


class SampleError(TechspendError):
    """A sample-company change that cannot be made (already loaded, nothing to remove)."""


def _digests() -> list[str]:
    return [hashlib.sha256(f.data).hexdigest() for f in sample_files()]


def _sample_ids(s: Session) -> list[int]:
    """The sample's uploads in this store, by content (the ground truth of the mark)."""
    return [int(r[0]) for r in s.rows(
        "SELECT upload_id FROM uploads WHERE list_contains(?, sha256) ORDER BY upload_id",
        [_digests()])]


def _mark(s: Session) -> list[int]:
    """Record the sample's upload ids (models.report.scope reads them); returns them."""
    ids = _sample_ids(s)
    if (s.setting(SAMPLE_UPLOADS) or "") != ",".join(map(str, ids)):
        s.set_setting(SAMPLE_UPLOADS, ",".join(map(str, ids)))
    return ids


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
    _mark(s)
    s.reclassify()
    return results


@requires(ADMIN)  # access: role check (#14)
def load_sample_company(store: Store) -> list:
    """Load the three ledgers, the FX table and the budget, and classify: one transaction.
    Returns the load results. Refused (SampleError) when the sample is already loaded."""
    with Session(store) as s:
        present = _sample_ids(s)
        if present:
            raise SampleError(f"The sample company is already loaded (uploads {_id_list(present)}). "
                              "Remove it first: techspend sample remove")
        return _load_all(s)


def _id_list(ids: list[int]) -> str:
    return ", ".join(f"#{u}" for u in ids)


def ensure_sample_company(store: Store) -> bool:
    """First run: load the sample company into an empty, never-used database. True if loaded.
    Otherwise keeps the sample's mark up to date (a database from before the mark)."""
    with Session(store) as s:
        if s.setting(OFFERED) or s.scalar("SELECT count(*) FROM uploads"):
            _mark(s)
            return False
        _load_all(s)
    return True


def sample_uploads(store: Store) -> list[int]:
    """The sample company's upload ids now in the store (by content), oldest first."""
    with Session(store) as s:
        return _mark(s)


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
    with Session(store) as s:
        ids = _sample_ids(s)
        for upload_id in ids:
            ingest.delete_upload(s, upload_id)
        s.set_setting(OFFERED, "yes")  # removed on purpose: never loaded again by itself
        _mark(s)
        if ids:
            s.reclassify()
    return len(ids)
