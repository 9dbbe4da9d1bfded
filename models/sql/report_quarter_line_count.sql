-- report_quarter_line_count: classified lines in one fiscal quarter ($1 = quarter_key).
-- Grain: one row.
SELECT count(*) FROM classified_lines WHERE quarter_key = ?
