-- analytics_scope_conditions (fragment): the period and upload filters, as one boolean condition
-- over classified_lines AS cl. Everything the sidebar filters EXCEPT departments, so a figure
-- that needs IT's side (what IT pays the same vendor) can be computed in the same period and
-- uploads while a department filter is on. NULL or an empty list means "no filter".
($date_from::DATE IS NULL OR cl.txn_date >= $date_from::DATE)
  AND ($date_to::DATE IS NULL OR cl.txn_date <= $date_to::DATE)
  AND ($quarter_from::INTEGER IS NULL OR cl.quarter_key >= $quarter_from::INTEGER)
  AND ($quarter_to::INTEGER IS NULL OR cl.quarter_key <= $quarter_to::INTEGER)
  AND (len($upload_ids::INTEGER[]) = 0 OR list_contains($upload_ids::INTEGER[], cl.upload_id))
