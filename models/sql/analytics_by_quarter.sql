-- analytics_by_quarter: spend per fiscal quarter (trend charts).
-- GRAIN: one row per fiscal quarter present in the filtered lines, ordered by quarter_key.
WITH filtered AS NOT MATERIALIZED (
    {{filtered_lines}}
),
slices AS (                     -- grain: quarter x is_tech x it_owned x layer (a few rows each)
    SELECT
        quarter_key, is_tech, it_owned, layer,
        any_value(quarter_label)                                                          AS quarter_label,
        coalesce(sum(amount_reporting), 0)                                               AS spend,
        count(*)                                                                          AS line_count
    FROM filtered
    GROUP BY quarter_key, is_tech, it_owned, layer
),
per_quarter AS (                -- grain: quarter
    SELECT
        quarter_key,
        any_value(quarter_label)                                                          AS quarter_label,
        sum(spend)                                                                        AS total_spend,
        coalesce(sum(spend) FILTER (WHERE is_tech), 0)                                   AS tech_spend,
        coalesce(sum(spend) FILTER (WHERE is_tech AND it_owned), 0)                      AS tech_in_it,
        coalesce(sum(spend) FILTER (WHERE is_tech AND NOT it_owned), 0)                  AS tech_outside_it,
        coalesce(sum(spend) FILTER (WHERE is_tech AND layer = 'SoR'), 0)                 AS sor,
        coalesce(sum(spend) FILTER (WHERE is_tech AND layer = 'SoE'), 0)                 AS soe,
        sum(line_count)                                                                   AS line_count
    FROM slices
    GROUP BY quarter_key
)
SELECT
    *,
    CASE WHEN tech_spend <> 0 THEN tech_outside_it / tech_spend END                      AS outside_it_share
FROM per_quarter
ORDER BY quarter_key
