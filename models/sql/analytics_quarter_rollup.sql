-- analytics_quarter_rollup (fragment): the headline figures per fiscal quarter, defined once.
-- Included by analytics_by_quarter and analytics_quarter_summary after a CTE `in_scope` (the
-- filtered rows of the quarters wanted, lines or aggregate rows with line_count and spend). Defines two CTEs:
--   slices       grain: quarter x is_tech x it_owned x layer (a few rows per quarter)
--   per_quarter  grain: quarter
slices AS (
    SELECT
        quarter_key, is_tech, it_owned, layer,
        any_value(quarter_label)                                                          AS quarter_label,
        coalesce(sum(spend), 0)                                                          AS spend,
        sum(line_count)::BIGINT                                                           AS line_count,
        coalesce(sum(line_count) FILTER (WHERE fx_missing), 0)::BIGINT                    AS fx_missing_lines
    FROM in_scope
    GROUP BY quarter_key, is_tech, it_owned, layer
),
per_quarter AS (               -- the money measures and the share are headline_measures
    SELECT
        quarter_key,
        any_value(quarter_label)                                                          AS quarter_label,
        {{headline_measures}},
        sum(line_count)::BIGINT                                                           AS line_count,
        sum(fx_missing_lines)::BIGINT                                                     AS fx_missing_lines
    FROM slices
    GROUP BY quarter_key
)
