-- analytics_quarter_rollup (fragment): the headline figures per fiscal quarter, defined once.
-- Included by analytics_by_quarter and analytics_quarter_summary after a CTE `in_scope` (the
-- filtered lines of the quarters wanted). Defines two CTEs:
--   slices       grain: quarter x is_tech x it_owned x layer (a few rows per quarter)
--   per_quarter  grain: quarter
slices AS (
    SELECT
        quarter_key, is_tech, it_owned, layer,
        any_value(quarter_label)                                                          AS quarter_label,
        coalesce(sum(amount_reporting), 0)                                               AS spend,
        count(*)                                                                          AS line_count,
        count(*) FILTER (WHERE fx_missing)                                                AS fx_missing_lines
    FROM in_scope
    GROUP BY quarter_key, is_tech, it_owned, layer
),
per_quarter AS (
    SELECT
        quarter_key,
        any_value(quarter_label)                                                          AS quarter_label,
        sum(spend)                                                                        AS total_spend,
        coalesce(sum(spend) FILTER (WHERE is_tech), 0)                                   AS tech_spend,
        coalesce(sum(spend) FILTER (WHERE is_tech AND it_owned), 0)                      AS tech_in_it,
        coalesce(sum(spend) FILTER (WHERE is_tech AND NOT it_owned), 0)                  AS tech_outside_it,
        coalesce(sum(spend) FILTER (WHERE is_tech AND layer = 'SoR'), 0)                 AS sor,
        coalesce(sum(spend) FILTER (WHERE is_tech AND layer = 'SoE'), 0)                 AS soe,
        sum(line_count)                                                                   AS line_count,
        sum(fx_missing_lines)                                                             AS fx_missing_lines
    FROM slices
    GROUP BY quarter_key
)
