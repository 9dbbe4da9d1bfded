-- analytics_department_condition (fragment): the sidebar's department filter over a relation
-- with the column dept (coalesce(department, '(no department)')); an empty list = all.
(len($departments::VARCHAR[]) = 0 OR list_contains($departments::VARCHAR[], dept))
