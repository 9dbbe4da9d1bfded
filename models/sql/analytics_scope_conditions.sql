-- analytics_scope_conditions (fragment): the period and upload filters, as one boolean condition
-- over a relation with the columns first_date, last_date, quarter_key, upload_id and dept (the
-- line source gives first_date = last_date = txn_date; an aggregate row gives its group's
-- earliest and latest date). Everything the sidebar filters EXCEPT departments, so a figure
-- that needs IT's side (what IT pays the same vendor) can be computed in the same period and
-- uploads while a department filter is on. NULL or an empty list means "no filter".
-- Over aggregates a date range is exact only on month boundaries (no month row straddles it):
-- models.aggregates.can_answer sends any other range to the lines.
-- $scope_departments (access, #14): the departments a scoped viewer may see, NULL = every
-- department; bound by models.analytics._run on every query from the current principal, never
-- by a page. Unlike the department FILTER it also bounds IT's side: a scoped viewer sees only
-- their own departments' lines, in every figure.
($date_from::DATE IS NULL OR first_date >= $date_from::DATE)
  AND ($date_to::DATE IS NULL OR last_date <= $date_to::DATE)
  AND ($quarter_from::INTEGER IS NULL OR quarter_key >= $quarter_from::INTEGER)
  AND ($quarter_to::INTEGER IS NULL OR quarter_key <= $quarter_to::INTEGER)
  AND (len($upload_ids::INTEGER[]) = 0 OR list_contains($upload_ids::INTEGER[], upload_id))
  AND ($scope_departments::VARCHAR[] IS NULL
       OR list_contains($scope_departments::VARCHAR[], dept))
