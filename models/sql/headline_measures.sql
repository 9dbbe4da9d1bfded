-- headline_measures (fragment): the product's headline measures, defined ONCE.
-- Included into a SELECT list over a relation with columns spend (reporting currency; lines
-- without an FX rate already 0 or NULL), is_tech, it_owned, layer; aggregates, so the includer
-- adds its own GROUP BY (none = one row, quarter_key = per quarter).
-- "Technology outside IT" = technology spend of departments that are not part of the IT function.
-- Worked example: 100 of tech spend, 40 paid by IT departments and 60 by others ->
--   tech_in_it = 40, tech_outside_it = 60, outside_it_share = 0.60.
-- Tech lines with no layer count in tech spend, never in SoR or SoE. The share is NULL without
-- technology spend (never a division by zero) and 0 when all of it is IT's.
-- Included by analytics_overview.sql, analytics_quarter_rollup.sql and classify_summary.sql.
coalesce(sum(spend), 0)                                                               AS total_spend,
coalesce(sum(spend) FILTER (WHERE is_tech), 0)                                       AS tech_spend,
coalesce(sum(spend) FILTER (WHERE is_tech AND it_owned), 0)                          AS tech_in_it,
coalesce(sum(spend) FILTER (WHERE is_tech AND NOT it_owned), 0)                      AS tech_outside_it,
coalesce(sum(spend) FILTER (WHERE is_tech AND layer = 'SoR'), 0)                     AS sor,
coalesce(sum(spend) FILTER (WHERE is_tech AND layer = 'SoE'), 0)                     AS soe,
coalesce(sum(spend) FILTER (WHERE is_tech AND it_owned AND layer = 'SoR'), 0)        AS sor_in_it,
coalesce(sum(spend) FILTER (WHERE is_tech AND it_owned AND layer = 'SoE'), 0)        AS soe_in_it,
coalesce(sum(spend) FILTER (WHERE is_tech AND NOT it_owned AND layer = 'SoR'), 0)    AS sor_outside_it,
coalesce(sum(spend) FILTER (WHERE is_tech AND NOT it_owned AND layer = 'SoE'), 0)    AS soe_outside_it,
(coalesce(sum(spend) FILTER (WHERE is_tech AND NOT it_owned), 0)
    / nullif(sum(spend) FILTER (WHERE is_tech), 0))::DOUBLE                          AS outside_it_share
