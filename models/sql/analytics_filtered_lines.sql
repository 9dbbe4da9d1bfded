-- analytics_filtered_lines: the global filters, applied once.
-- GRAIN: one row per classified ledger line that passes the sidebar filters.
-- Included as the first CTE (`filtered`) of every analytics_*.sql query through the
-- filtered_lines marker in double braces. Every filter value is a bound named parameter; NULL or an
-- empty list means "no filter". Department and vendor names are used as classification wrote
-- them (missing -> '(no department)' / '(no vendor)'). Money is amount_reporting (NULL when the
-- FX rate is missing, so sums skip those lines; they are counted separately as fx_missing).
-- $scope_departments (access, #14): the departments a scoped viewer may see; NULL = every department.
-- Bound by models.analytics._run on every query from the current principal, never by a page.
SELECT
    cl.*,
    coalesce(cl.department, '(no department)')                                     AS dept,
    coalesce(cl.vendor_canonical, cl.vendor, '(no vendor)')                        AS vendor_name
FROM classified_lines AS cl
WHERE ($date_from::DATE IS NULL OR cl.txn_date >= $date_from::DATE)
  AND ($date_to::DATE IS NULL OR cl.txn_date <= $date_to::DATE)
  AND ($quarter_from::INTEGER IS NULL OR cl.quarter_key >= $quarter_from::INTEGER)
  AND ($quarter_to::INTEGER IS NULL OR cl.quarter_key <= $quarter_to::INTEGER)
  AND (len($departments::VARCHAR[]) = 0
       OR list_contains($departments::VARCHAR[], coalesce(cl.department, '(no department)')))
  AND (len($upload_ids::INTEGER[]) = 0 OR list_contains($upload_ids::INTEGER[], cl.upload_id))
  AND ($scope_departments::VARCHAR[] IS NULL
       OR list_contains($scope_departments::VARCHAR[], coalesce(cl.department, '(no department)')))
