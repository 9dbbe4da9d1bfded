-- analytics_scope_conditions (fragment): the period and upload filters, as one boolean condition
-- over classified_lines AS cl. Everything the sidebar filters EXCEPT departments, so a figure
-- that needs IT's side (what IT pays the same vendor) can be computed in the same period and
-- uploads while a department filter is on. NULL or an empty list means "no filter".
-- $scope_departments (access, #14): the departments a scoped viewer may see, NULL = every
-- department; bound by models.analytics._run on every query from the current principal, never
-- by a page. Unlike the department FILTER it also bounds IT's side: a scoped viewer sees only
-- their own departments' lines, in every figure.
($date_from::DATE IS NULL OR cl.txn_date >= $date_from::DATE)
  AND ($date_to::DATE IS NULL OR cl.txn_date <= $date_to::DATE)
  AND ($quarter_from::INTEGER IS NULL OR cl.quarter_key >= $quarter_from::INTEGER)
  AND ($quarter_to::INTEGER IS NULL OR cl.quarter_key <= $quarter_to::INTEGER)
  AND (len($upload_ids::INTEGER[]) = 0 OR list_contains($upload_ids::INTEGER[], cl.upload_id))
  AND ($scope_departments::VARCHAR[] IS NULL
       OR list_contains($scope_departments::VARCHAR[], coalesce(cl.department, '(no department)')))
