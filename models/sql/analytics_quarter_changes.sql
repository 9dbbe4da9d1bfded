-- analytics_quarter_changes: technology spend of a quarter against the previous quarter and the
-- same quarter last year, by department, by category and by vendor in one pass.
-- GRAIN: one row per (dimension, item) with technology spend in any of the three quarters;
-- dimension in ('department', 'category', 'vendor').
-- change_* are current minus comparison; change_pct_* is NULL when the comparison is 0.
-- Worked example: Marketing 150 now, 100 last quarter -> change_vs_previous 50, pct 0.5.
-- Body after the source CTEs (models.aggregates.compose).
keys AS (                       -- grain: one row
    SELECT
        $quarter_key::INTEGER                                                             AS current_key,
        CASE WHEN $quarter_key::INTEGER % 10 = 1
             THEN ($quarter_key::INTEGER // 10 - 1) * 10 + 4
             ELSE $quarter_key::INTEGER - 1 END                                           AS previous_key,
        $quarter_key::INTEGER - 10                                                        AS last_year_key
),
tech_lines AS (                 -- grain: technology row (line or aggregate) in one of the three quarters
    SELECT
        dept,
        coalesce(category, '(no category)')                                               AS category,
        vendor_name,
        it_owned,
        CASE quarter_key WHEN current_key THEN 'current'
                         WHEN previous_key THEN 'previous'
                         ELSE 'last_year' END                                             AS period,
        spend
    FROM tech_filtered, keys
    -- the three keys written as constants (not read from `keys`) so the scan skips row groups
    -- of other quarters (zone maps; the aggregates are stored in quarter order)
    WHERE quarter_key IN ($quarter_key::INTEGER,
                          CASE WHEN $quarter_key::INTEGER % 10 = 1
                               THEN ($quarter_key::INTEGER // 10 - 1) * 10 + 4
                               ELSE $quarter_key::INTEGER - 1 END,
                          $quarter_key::INTEGER - 10)
),
per_item AS (                   -- grain: (dimension, item) via grouping sets
    SELECT
        CASE WHEN grouping(dept) = 0 THEN 'department'
             WHEN grouping(category) = 0 THEN 'category'
             ELSE 'vendor' END                                                            AS dimension,
        coalesce(dept, category, vendor_name)                                             AS item,
        bool_or(it_owned)                                                                 AS any_it_owned,
        coalesce(sum(spend) FILTER (WHERE period = 'current'), 0)             AS current,
        coalesce(sum(spend) FILTER (WHERE period = 'previous'), 0)            AS previous_quarter,
        coalesce(sum(spend) FILTER (WHERE period = 'last_year'), 0)           AS same_quarter_last_year
    FROM tech_lines
    GROUP BY GROUPING SETS ((dept), (category), (vendor_name))
)
SELECT
    dimension,
    item,
    any_it_owned,
    current,
    previous_quarter,
    current - previous_quarter                                                            AS change_vs_previous,
    CASE WHEN previous_quarter <> 0
         THEN (current - previous_quarter) / abs(previous_quarter) END                    AS change_pct_vs_previous,
    same_quarter_last_year,
    current - same_quarter_last_year                                                      AS change_vs_last_year,
    CASE WHEN same_quarter_last_year <> 0
         THEN (current - same_quarter_last_year) / abs(same_quarter_last_year) END        AS change_pct_vs_last_year
FROM per_item
ORDER BY dimension, abs(current - previous_quarter) DESC, current DESC, item
