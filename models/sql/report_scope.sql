-- report_scope: the pack's filters, applied once (included by the report_*.sql queries).
-- GRAIN: one classified line of the quarter ($quarter_key) that passes the pack's scope:
-- $departments (names as shown, '(no department)' for blank; empty list = all) and $upload_ids
-- (empty list = all), the same rule as analytics_filtered_lines.
SELECT *
FROM classified_lines
WHERE quarter_key = $quarter_key
  AND (len($departments::VARCHAR[]) = 0
       OR list_contains($departments::VARCHAR[], coalesce(department, '(no department)')))
  AND (len($upload_ids::INTEGER[]) = 0 OR list_contains($upload_ids::INTEGER[], upload_id))
