-- analytics_by_quarter: spend per fiscal quarter (trend charts).
-- GRAIN: one row per fiscal quarter present in the filtered lines, ordered by quarter_key.
WITH filtered AS NOT MATERIALIZED (
    {{filtered_lines}}
),
in_scope AS (SELECT * FROM filtered),
{{quarter_rollup}}
SELECT
    * EXCLUDE (fx_missing_lines),
    CASE WHEN tech_spend <> 0 THEN tech_outside_it / tech_spend END                      AS outside_it_share
FROM per_quarter
ORDER BY quarter_key
