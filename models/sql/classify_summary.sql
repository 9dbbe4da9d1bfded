-- classify_summary (mart)
-- Grain: one row per fiscal quarter (quarter_key, quarter_label), plus one row with
-- quarter_key NULL for all periods together.
-- Money in the reporting currency; lines without an FX rate are counted (fx_missing_lines) but
-- not summed. Shares are of technology spend; NULL when the group has no technology spend.
-- Headline: tech_share_outside_it = technology spend of non-IT departments / technology spend.
-- The money measures are models/sql/headline_measures.sql, the one definition every page uses.
-- Body after the source CTEs (models.aggregates.compose: the aggregates when they count every
-- line, else the lines); base_all rows carry line_count and spend.
lines AS (
    SELECT quarter_key, quarter_label, is_tech, it_owned, layer, fx_missing, line_count,
           coalesce(spend, 0) AS spend
    FROM base_all
),
measures AS (
    SELECT
        quarter_key, quarter_label,
        coalesce(sum(line_count), 0)::BIGINT AS lines,
        coalesce(sum(line_count) FILTER (WHERE fx_missing), 0)::BIGINT AS fx_missing_lines,
        {{headline_measures}}
    FROM lines
    GROUP BY GROUPING SETS ((quarter_key, quarter_label), ())
),
sums AS (
    SELECT
        quarter_key, quarter_label, lines, fx_missing_lines, total_spend, tech_spend,
        tech_in_it AS tech_spend_inside_it, tech_outside_it AS tech_spend_outside_it,
        sor, soe, sor_in_it AS sor_in, soe_in_it AS soe_in, sor_outside_it AS sor_out,
        soe_outside_it AS soe_out, outside_it_share
    FROM measures
)
SELECT
    quarter_key, quarter_label, lines, fx_missing_lines,
    total_spend, tech_spend, tech_spend_inside_it, tech_spend_outside_it,
    outside_it_share AS tech_share_outside_it,
    (sor / nullif(tech_spend, 0))::DOUBLE AS sor_share,
    (soe / nullif(tech_spend, 0))::DOUBLE AS soe_share,
    (sor_in / nullif(tech_spend_inside_it, 0))::DOUBLE AS sor_share_inside_it,
    (soe_in / nullif(tech_spend_inside_it, 0))::DOUBLE AS soe_share_inside_it,
    (sor_out / nullif(tech_spend_outside_it, 0))::DOUBLE AS sor_share_outside_it,
    (soe_out / nullif(tech_spend_outside_it, 0))::DOUBLE AS soe_share_outside_it
FROM sums
ORDER BY quarter_key NULLS FIRST
