-- report_uploads: the Provenance sheet's uploads, each with whether its books balance.
-- Grain: one row per upload (ledgers, budgets, FX tables).
SELECT upload_id, dataset, file_name, sheet, sha256, size_bytes, rows_read, rows_loaded,
       rows_excluded, rows_rejected, control_total::DOUBLE AS control_total, loaded_at, status,
       rows_read = rows_loaded + rows_excluded + rows_rejected AS reconciles
FROM uploads
ORDER BY dataset, upload_id
