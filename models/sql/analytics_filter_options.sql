-- analytics_filter_options: the choices the sidebar filters offer.
-- GRAIN: one row per (kind, value): kind 'department' (value, it_owned), 'quarter'
-- (quarter_key, label, first and last date in the data).
-- Body after the source CTEs (models.aggregates.compose); base_all = every row, unfiltered.
departments AS (
    SELECT
        'department'                                                                      AS kind,
        dept                                                                              AS label,
        NULL::INTEGER                                                                     AS quarter_key,
        bool_or(it_owned)                                                                 AS it_owned,
        NULL::DATE                                                                        AS first_date,
        NULL::DATE                                                                        AS last_date
    FROM base_all
    WHERE $scope_departments::VARCHAR[] IS NULL  -- access (#14): a scoped viewer's departments only
       OR list_contains($scope_departments::VARCHAR[], dept)
    GROUP BY 2
),
quarters AS (
    SELECT
        'quarter', any_value(quarter_label), quarter_key, NULL::BOOLEAN,
        min(first_date), max(last_date)
    FROM base_all
    GROUP BY quarter_key
)
SELECT * FROM departments
UNION ALL
SELECT * FROM quarters
ORDER BY kind, quarter_key, label
