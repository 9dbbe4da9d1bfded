-- analytics_quarter_summary: headline figures of a quarter, the previous quarter and the same
-- quarter a year earlier (fiscal quarters; quarter_key = fiscal_year * 10 + fiscal_quarter).
-- GRAIN: exactly three rows, period in ('current', 'previous_quarter', 'same_quarter_last_year'),
-- present even when a period has no lines (then its figures are 0 and line_count 0).
-- Worked example: $quarter_key 20261 -> previous 20254, last year 20251.
periods AS (
    SELECT * FROM (VALUES
        ('current', 1, $quarter_key::INTEGER),
        ('previous_quarter', 2, CASE WHEN $quarter_key::INTEGER % 10 = 1
                                     THEN ($quarter_key::INTEGER // 10 - 1) * 10 + 4
                                     ELSE $quarter_key::INTEGER - 1 END),
        ('same_quarter_last_year', 3, $quarter_key::INTEGER - 10)
    ) AS p(period, period_order, quarter_key)
),
-- Body after the source CTEs (models.aggregates.compose).
in_scope AS (SELECT * FROM filtered WHERE quarter_key IN (SELECT quarter_key FROM periods)),
{{analytics_quarter_rollup}}
SELECT
    p.period,
    p.quarter_key,
    coalesce(q.quarter_label,
             'FY' || (p.quarter_key // 10)::VARCHAR || ' Q' || (p.quarter_key % 10)::VARCHAR) AS quarter_label,
    coalesce(q.total_spend, 0)                                                           AS total_spend,
    coalesce(q.tech_spend, 0)                                                            AS tech_spend,
    coalesce(q.tech_in_it, 0)                                                            AS tech_in_it,
    coalesce(q.tech_outside_it, 0)                                                       AS tech_outside_it,
    coalesce(q.sor, 0)                                                                   AS sor,
    coalesce(q.soe, 0)                                                                   AS soe,
    q.outside_it_share,
    coalesce(q.line_count, 0)                                                            AS line_count,
    coalesce(q.fx_missing_lines, 0)                                                      AS fx_missing_lines
FROM periods AS p
LEFT JOIN per_quarter AS q USING (quarter_key)
ORDER BY p.period_order
