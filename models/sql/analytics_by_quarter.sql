-- analytics_by_quarter: spend per fiscal quarter (trend charts).
-- GRAIN: one row per fiscal quarter from the first to the last quarter of the filtered lines,
-- ordered by quarter_key. The axis is continuous: a quarter with no lines in between is a row
-- of zeros (line_count 0, outside_it_share NULL), so FY2012 Q2 never sits next to FY2017 Q3.
-- Worked example: lines in FY2025 Q1 and FY2025 Q4 -> four rows, Q2 and Q3 with 0 spend.
-- Guard: the gaps are filled only when the span is at most $max_quarters quarters (a line
-- dated year 0 next to 2026 would otherwise ask for 8,000 empty quarters); beyond it only the
-- quarters with lines are returned (the page says so).
-- Body after the source CTEs (models.aggregates.compose).
in_scope AS (SELECT * FROM filtered),
{{analytics_quarter_rollup}},
span AS (                      -- grain: one row
    SELECT min(quarter_key) AS first_key, max(quarter_key) AS last_key,
           (max(quarter_key) // 10 - min(quarter_key) // 10) * 4
             + max(quarter_key) % 10 - min(quarter_key) % 10 + 1 AS quarters
    FROM per_quarter
),
every_quarter AS (             -- grain: quarter between the first and the last
    SELECT y * 10 + q AS quarter_key
    FROM (SELECT unnest(range(first_key // 10, last_key // 10 + 1)) AS y, first_key, last_key
          FROM span WHERE quarters <= $max_quarters::INTEGER) AS years
    CROSS JOIN (SELECT unnest([1, 2, 3, 4]) AS q) AS quarter_numbers
    WHERE y * 10 + q BETWEEN first_key AND last_key
)
SELECT
    k.quarter_key,
    coalesce(p.quarter_label,
             'FY' || (k.quarter_key // 10)::VARCHAR || ' Q' || (k.quarter_key % 10)::VARCHAR) AS quarter_label,
    coalesce(p.total_spend, 0)                                                           AS total_spend,
    coalesce(p.tech_spend, 0)                                                            AS tech_spend,
    coalesce(p.tech_in_it, 0)                                                            AS tech_in_it,
    coalesce(p.tech_outside_it, 0)                                                       AS tech_outside_it,
    coalesce(p.sor, 0)                                                                   AS sor,
    coalesce(p.soe, 0)                                                                   AS soe,
    coalesce(p.line_count, 0)                                                            AS line_count,
    p.outside_it_share
FROM (SELECT quarter_key FROM every_quarter
      UNION SELECT quarter_key FROM per_quarter) AS k
LEFT JOIN per_quarter AS p USING (quarter_key)
ORDER BY k.quarter_key
