-- classify_summary (mart)
-- Grain: one row per fiscal quarter (quarter_key, quarter_label), plus one row with
-- quarter_key NULL for all periods together.
-- Money in the reporting currency; lines without an FX rate are counted (fx_missing_lines) but
-- not summed. Shares are of technology spend; NULL when the group has no technology spend.
-- Headline: tech_share_outside_it = technology spend of non-IT departments / technology spend.
WITH lines AS (
    SELECT quarter_key, quarter_label, is_tech, it_owned, layer, fx_missing,
           coalesce(amount_reporting, 0) AS amount
    FROM classified_lines
),
sums AS (
    SELECT
        quarter_key, quarter_label,
        count(*) AS lines,
        count(*) FILTER (WHERE fx_missing) AS fx_missing_lines,
        sum(amount) AS total_spend,
        coalesce(sum(amount) FILTER (WHERE is_tech), 0) AS tech_spend,
        coalesce(sum(amount) FILTER (WHERE is_tech AND it_owned), 0) AS tech_spend_inside_it,
        coalesce(sum(amount) FILTER (WHERE is_tech AND NOT it_owned), 0) AS tech_spend_outside_it,
        coalesce(sum(amount) FILTER (WHERE is_tech AND layer = 'SoR'), 0) AS sor,
        coalesce(sum(amount) FILTER (WHERE is_tech AND layer = 'SoE'), 0) AS soe,
        coalesce(sum(amount) FILTER (WHERE is_tech AND layer = 'SoR' AND it_owned), 0) AS sor_in,
        coalesce(sum(amount) FILTER (WHERE is_tech AND layer = 'SoE' AND it_owned), 0) AS soe_in,
        coalesce(sum(amount) FILTER (WHERE is_tech AND layer = 'SoR' AND NOT it_owned), 0) AS sor_out,
        coalesce(sum(amount) FILTER (WHERE is_tech AND layer = 'SoE' AND NOT it_owned), 0) AS soe_out
    FROM lines
    GROUP BY GROUPING SETS ((quarter_key, quarter_label), ())
)
SELECT
    quarter_key, quarter_label, lines, fx_missing_lines,
    total_spend, tech_spend, tech_spend_inside_it, tech_spend_outside_it,
    (tech_spend_outside_it / nullif(tech_spend, 0))::DOUBLE AS tech_share_outside_it,
    (sor / nullif(tech_spend, 0))::DOUBLE AS sor_share,
    (soe / nullif(tech_spend, 0))::DOUBLE AS soe_share,
    (sor_in / nullif(tech_spend_inside_it, 0))::DOUBLE AS sor_share_inside_it,
    (soe_in / nullif(tech_spend_inside_it, 0))::DOUBLE AS soe_share_inside_it,
    (sor_out / nullif(tech_spend_outside_it, 0))::DOUBLE AS sor_share_outside_it,
    (soe_out / nullif(tech_spend_outside_it, 0))::DOUBLE AS soe_share_outside_it
FROM sums
ORDER BY quarter_key NULLS FIRST
