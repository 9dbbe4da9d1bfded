-- report_quarter_line_count: classified lines of one fiscal quarter in the pack's scope
-- (report_scope: $quarter_key, $departments, $upload_ids).
-- Grain: one row.
WITH scoped AS ({{report_scope}})
SELECT count(*) FROM scoped
