-- analytics_overview: the headline KPIs of the Overview page.
-- GRAIN: exactly one row for the filtered set of lines.
-- Body after the source CTEs (models.aggregates.compose: analytics_sources_aggregates or
-- analytics_sources_lines; `filtered` rows carry line_count, spend, first_date, last_date).
-- Worked example: 100 of tech spend, 40 paid by IT departments and 60 by others ->
-- tech_outside_it = 60, outside_it_share = 0.60. Tech lines with no layer count in tech
-- spend and in layer_unassigned, never in SoR or SoE.
slices AS (                     -- grain: is_tech x it_owned x layer (a handful of rows)
    SELECT
        is_tech, it_owned, layer,
        coalesce(sum(spend), 0)                                                          AS spend,
        sum(line_count)::BIGINT                                                           AS line_count,
        coalesce(sum(line_count) FILTER (WHERE fx_missing), 0)::BIGINT                    AS fx_missing_lines,
        min(first_date)                                                                   AS first_date,
        max(last_date)                                                                    AS last_date
    FROM filtered
    GROUP BY ALL
),
totals AS (                     -- grain: one row; the money measures are headline_measures
    SELECT
        {{headline_measures}},
        coalesce(sum(line_count), 0)::BIGINT                                              AS line_count,
        coalesce(sum(line_count) FILTER (WHERE is_tech), 0)::BIGINT                       AS tech_line_count,
        coalesce(sum(fx_missing_lines), 0)::BIGINT                                        AS fx_missing_lines,
        min(first_date)                                                                   AS first_date,
        max(last_date)                                                                    AS last_date
    FROM slices
)
SELECT
    *,
    tech_spend - (sor_in_it + soe_in_it + sor_outside_it + soe_outside_it)              AS layer_unassigned
FROM totals
