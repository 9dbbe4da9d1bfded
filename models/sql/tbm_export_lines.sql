-- tbm_export_lines: the line export (export_lines) with the TBM keys appended, for
-- `techspend export` and downloads. GRAIN: one row per ledger line, as export_lines; keys are
-- empty on non-technology and unclassified lines.
WITH export AS (
{{export_lines}}
),
tbm_base AS (
    SELECT export.*, export.account AS account_name
    FROM export
),
{{tbm_keys}}
SELECT * EXCLUDE (account_name) FROM tbm_keyed
ORDER BY upload_id, source_row
