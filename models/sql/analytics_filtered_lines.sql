-- analytics_filtered_lines: the global filters, applied once.
-- GRAIN: one row per classified ledger line that passes the sidebar filters.
-- Included as the first CTE (`filtered`) of every analytics_*.sql query through the
-- analytics_filtered_lines marker in double braces. Period and uploads come from
-- analytics_scope_conditions (shared with the IT-side comparisons); departments are applied
-- here. Every filter value is a bound named parameter; NULL or an empty list means "no filter".
-- Department and vendor names are used as classification wrote them (missing ->
-- '(no department)' / '(no vendor)'). Money is amount_reporting (NULL when the FX rate is
-- missing, so sums skip those lines; they are counted separately as fx_missing).
-- A scoped viewer's departments (access, #14) are in analytics_scope_conditions, so they bound
-- the IT-side comparisons too: a scoped viewer never sees lines outside their departments.
SELECT
    cl.*,
    coalesce(cl.department, '(no department)')                                     AS dept,
    coalesce(cl.vendor_canonical, cl.vendor, '(no vendor)')                        AS vendor_name
FROM classified_lines AS cl
WHERE {{analytics_scope_conditions}}
  AND (len($departments::VARCHAR[]) = 0
       OR list_contains($departments::VARCHAR[], coalesce(cl.department, '(no department)')))
