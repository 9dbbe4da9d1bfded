-- report_decided_by: how the lines of one quarter ($1 = quarter_key) were classified.
-- Grain: one row per kind of evidence that decided (rule, catalog, account, mcc, ...).
SELECT decided_by, count(*) AS lines, count(*) FILTER (WHERE is_tech) AS tech_lines,
       sum(amount_reporting)::DOUBLE AS amount
FROM classified_lines
WHERE quarter_key = ?
GROUP BY decided_by
ORDER BY lines DESC
