-- analytics_filter_options: the choices the sidebar filters offer.
-- GRAIN: one row per (kind, value): kind 'department' (value, it_owned), 'quarter'
-- (quarter_key, label, first and last date in the data).
WITH departments AS (
    SELECT
        'department'                                                                      AS kind,
        coalesce(department, '(no department)')                        AS label,
        NULL::INTEGER                                                                     AS quarter_key,
        bool_or(it_owned)                                                                 AS it_owned,
        NULL::DATE                                                                        AS first_date,
        NULL::DATE                                                                        AS last_date
    FROM classified_lines
    WHERE $scope_departments::VARCHAR[] IS NULL  -- access (#14): a scoped viewer's departments only
       OR list_contains($scope_departments::VARCHAR[], coalesce(department, '(no department)'))
    GROUP BY 2
),
quarters AS (
    SELECT
        'quarter', any_value(quarter_label), quarter_key, NULL::BOOLEAN,
        min(txn_date), max(txn_date)
    FROM classified_lines
    GROUP BY quarter_key
)
SELECT * FROM departments
UNION ALL
SELECT * FROM quarters
ORDER BY kind, quarter_key, label
