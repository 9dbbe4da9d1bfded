-- analytics_quarter_changes: technology spend of a quarter against the previous quarter and the
-- same quarter last year, broken down by $dimension ('department', 'category' or 'vendor').
-- GRAIN: one row per item of the dimension with technology spend in any of the three quarters.
-- change_* are current minus comparison; change_pct_* is NULL when the comparison is 0.
-- Worked example: Marketing 150 now, 100 last quarter -> change_vs_previous 50, pct 0.5.
WITH filtered AS NOT MATERIALIZED (
    {{filtered_lines}}
),
keys AS (
    SELECT
        $quarter_key::INTEGER                                                             AS current_key,
        CASE WHEN $quarter_key::INTEGER % 10 = 1
             THEN ($quarter_key::INTEGER // 10 - 1) * 10 + 4
             ELSE $quarter_key::INTEGER - 1 END                                           AS previous_key,
        $quarter_key::INTEGER - 10                                                        AS last_year_key
),
tech_lines AS (
    SELECT
        CASE $dimension
            WHEN 'department' THEN dept
            WHEN 'category' THEN coalesce(category, '(no category)')
            ELSE vendor_name
        END                                                                               AS item,
        it_owned,
        quarter_key,
        amount_reporting
    FROM filtered, keys
    WHERE is_tech AND quarter_key IN (current_key, previous_key, last_year_key)
),
per_item AS (
    SELECT
        item,
        bool_or(it_owned)                                                                 AS any_it_owned,
        coalesce(sum(amount_reporting) FILTER (WHERE quarter_key = current_key), 0)      AS current,
        coalesce(sum(amount_reporting) FILTER (WHERE quarter_key = previous_key), 0)     AS previous_quarter,
        coalesce(sum(amount_reporting) FILTER (WHERE quarter_key = last_year_key), 0)    AS same_quarter_last_year
    FROM tech_lines, keys
    GROUP BY item
)
SELECT
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
ORDER BY abs(current - previous_quarter) DESC, current DESC, item
