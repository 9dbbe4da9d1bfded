-- tbm_by_tower_pool: technology spend by TBM tower, sub-tower and cost pool, inside / outside IT.
-- GRAIN: one row per (tbm_tower, tbm_sub_tower, tbm_cost_pool) among the filtered technology
-- lines. spend_* sum amount_reporting (lines with a missing FX rate are counted, not summed).
-- Worked example: an AWS line of 600 bought by IT and a HubSpot line of 300 bought by Marketing
-- -> (Compute, Servers & Cloud Compute, Cloud Services) spend_it 600; (Application, Business
-- Applications, Cloud Services or Software) spend_outside_it 300.
WITH {{tbm_technology_lines}}
SELECT
    tbm_tower, tbm_sub_tower, tbm_cost_pool,
    coalesce(sum(amount_reporting), 0)                                       AS spend,
    coalesce(sum(amount_reporting) FILTER (WHERE it_owned), 0)               AS spend_it,
    coalesce(sum(amount_reporting) FILTER (WHERE NOT it_owned), 0)           AS spend_outside_it,
    count(*)                                                                 AS lines,
    count(*) FILTER (WHERE amount_reporting IS NULL)                         AS fx_missing_lines
FROM tbm_keyed
GROUP BY ALL
ORDER BY spend DESC, tbm_tower, tbm_sub_tower, tbm_cost_pool
