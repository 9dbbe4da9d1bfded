-- analytics_filtered_lines: the global filters, applied once, over the LINES.
-- GRAIN: one row per classified ledger line that passes the sidebar filters.
-- Included by the line-level queries (analytics_vendor_lines, tbm_lines, tbm_by_tower_pool);
-- the page figures read analytics_sources_aggregates / analytics_sources_lines instead.
-- Period, uploads and the viewer's scope come from analytics_scope_conditions (shared with the
-- IT-side comparisons); departments from analytics_department_condition. Every filter value is a
-- bound named parameter; NULL or an empty list means "no filter".
-- Department and vendor names are used as classification wrote them (missing ->
-- '(no department)' / '(no vendor)'). Money is amount_reporting (NULL when the FX rate is
-- missing, so sums skip those lines; they are counted separately as fx_missing).
-- A scoped viewer's departments (access, #14) are in analytics_scope_conditions, so they bound
-- the IT-side comparisons too: a scoped viewer never sees lines outside their departments.
SELECT *
FROM (
    SELECT
        cl.*,
        cl.txn_date                                                                    AS first_date,
        cl.txn_date                                                                    AS last_date,
        coalesce(cl.department, '(no department)')                                     AS dept,
        coalesce(cl.vendor_canonical, cl.vendor, '(no vendor)')                        AS vendor_name
    FROM classified_lines AS cl
) AS line
WHERE {{analytics_scope_conditions}}
  AND {{analytics_department_condition}}
