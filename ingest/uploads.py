"""Reading what was loaded: the uploads and the rows not loaded (excluded or rejected)."""

from __future__ import annotations

from db import Store


def list_uploads(store: Store):
    """DataFrame: upload_id, file_name, sheet, dataset, kind, rows_read, rows_loaded,
    rows_excluded, rows_rejected, control_total, loaded_at, sha256."""
    return store.df(
        "SELECT upload_id, file_name, sheet, dataset, kind, rows_read, rows_loaded, rows_excluded,"
        " rows_rejected, control_total, loaded_at, sha256 FROM uploads ORDER BY upload_id")


def row_issues(store: Store, upload_id: int | None = None):
    """DataFrame of excluded and rejected rows: upload_id, file_name, source_row, disposition,
    reason, raw."""
    return store.df(
        "SELECT i.upload_id, u.file_name, i.source_row, i.disposition, i.reason, i.raw"
        " FROM row_issues i JOIN uploads u USING (upload_id)"
        " WHERE ? IS NULL OR i.upload_id = ? ORDER BY i.upload_id, i.source_row",
        [upload_id, upload_id])
