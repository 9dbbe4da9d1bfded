-- report_decided_by: how the lines of one quarter in the pack's scope were classified
-- (report_scope: $quarter_key, $departments, $upload_ids).
-- Grain: one row per kind of evidence that decided (rule, catalog, account, mcc, ...).
WITH scoped AS ({{report_scope}})
SELECT decided_by, count(*) AS lines, count(*) FILTER (WHERE is_tech) AS tech_lines,
       sum(amount_reporting)::DOUBLE AS amount
FROM scoped
GROUP BY decided_by
ORDER BY lines DESC
