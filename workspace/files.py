"""Files in and out of the store: ledgers, budgets, FX tables; each load or delete is ONE
transaction that includes the reclassification it needs.

Business rule (issue #9.4, atomic from file to page): a ledger load and its classification commit
together. A kill -9 at any moment leaves the database exactly as before or with the complete,
classified upload; an upload that is in `uploads` is always fully there, so loading the same file
again may rightly say "already loaded". A budget changes no line (no reclassification); an FX
table changes every line's reporting amount (full reclassification).

Worked example::

    result = load_file(store, "card.csv", data)         # one transaction: lines + classification
    result.status, result.upload_id                     # 'loaded', 7
    load_file(store, "card.csv", data).status           # 'duplicate' (same SHA-256): nothing added
    delete_upload(store, 7)                             # lines, issues and classification go together
"""

from __future__ import annotations

from access import UPLOADER, requires  # access: role checks (#14)
from typing import Callable, Mapping

import ingest
from db import Store
from ingest import budget as budget_files
from ingest import fx as fx_files
from workspace.first_currency import adopt_ledger_currency
from workspace.session import Session

Progress = Callable[[float, str], None]


@requires(UPLOADER)  # access: role check (#14)
def load_file(store: Store, file_name: str, data: bytes | None, *, sheet: str | None = None,
              overrides: dict | None = None, date_order: str | None = None,
              currency: str | None = None, replace: bool = False, remember: bool = True,
              progress: Progress | None = None, source_path: str | None = None,
              classify: bool = True, period: str | None = None) -> ingest.LoadResult:
    """Load one ledger file (one sheet) and classify its lines, in one transaction.

    Returns ingest.LoadResult (status 'loaded' or 'duplicate'); raises IngestError (a
    TechspendError) when the file cannot be read, and then nothing changed. `classify=False`
    (bulk loads, `techspend ingest --no-classify`) leaves the lines to the automatic
    classification the next time the store is opened (workspace.open_workspace)."""
    with Session(store) as s:
        result = ingest.load_file(s, file_name, data, sheet=sheet, overrides=overrides,
                                  date_order=date_order, currency=currency, replace=replace,
                                  remember=remember, progress=progress, source_path=source_path,
                                  period=period)
        result = adopt_ledger_currency(s, result)
        if classify and result.status == "loaded":
            s.reclassify([result.upload_id])
        elif classify and result.upload_id is not None and _unclassified(s, result.upload_id):
            s.reclassify([result.upload_id])  # an older database's unclassified upload: heal it
    return result


def _unclassified(s: Session, upload_id: int) -> bool:
    return bool(s.scalar(
        "SELECT count(*) FROM ledger_lines WHERE upload_id = ? AND decided_by IS NULL",
        [int(upload_id)]))


@requires(UPLOADER)  # access: role check (#14)
def delete_upload(store: Store, upload_id: int) -> bool:
    """Remove an upload (ledger, budget or FX table) and everything derived from it, with the
    reclassification that follows, in one transaction. False when there is no such upload."""
    with Session(store) as s:
        dataset = s.scalar("SELECT dataset FROM uploads WHERE upload_id = ?", [int(upload_id)])
        if dataset is None:
            return False
        ingest.delete_upload(s, int(upload_id))
        if dataset == "fx":
            s.reclassify()  # its rates converted lines of every upload
        elif dataset == "ledger":
            s.reclassify([int(upload_id)])
    return True


@requires(UPLOADER)  # access: role check (#14)
def delete_uploads(store: Store, upload_ids) -> int:
    """Delete several uploads in one transaction (one reclassification). Returns how many."""
    ids = [int(u) for u in upload_ids]
    with Session(store) as s:
        found = [u for u in ids if s.scalar("SELECT count(*) FROM uploads WHERE upload_id = ?", [u])]
        for upload_id in found:
            ingest.delete_upload(s, upload_id)
        if found:
            s.reclassify()
    return len(found)


@requires(UPLOADER)  # access: role check (#14)
def load_budget_file(store: Store, file_name: str, data: bytes, *, sheet: str | None = None,
                     overrides: Mapping[str, str] | None = None, replace: bool = False):
    """Load a technology budget file in one transaction (budgets change no line). Returns
    ingest.LoadResult: status 'loaded', or 'duplicate' (nothing changed) for content already
    loaded unless `replace`."""
    with Session(store) as s:
        return budget_files.load_budget_file(s, file_name, data, sheet=sheet,
                                             overrides=overrides, replace=replace)


@requires(UPLOADER)  # access: role check (#14)
def delete_budget_upload(store: Store, upload_id: int) -> None:
    """Remove one budget upload and its lines (raises when it is not a budget upload)."""
    with Session(store) as s:
        budget_files.delete_budget_upload(s, int(upload_id))


@requires(UPLOADER)  # access: role check (#14)
def load_fx_file(store: Store, file_name: str, data: bytes, *, sheet: str | None = None,
                 overrides: Mapping[str, str] | None = None, replace: bool = False):
    """Load an FX rate table and reconvert every line with the new rates, in one transaction."""
    with Session(store) as s:
        result = fx_files.load_fx_file(s, file_name, data, sheet=sheet, overrides=overrides,
                                       replace=replace)
        if result.status == "loaded":
            s.reclassify()
    return result
