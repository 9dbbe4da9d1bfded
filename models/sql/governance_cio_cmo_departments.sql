-- governance_cio_cmo_departments: for each customer-facing department outside IT, technology as a
-- share of its total spend over the four quarters ending with $quarter_key, SoE vs SoR, spend with
-- vendors IT also buys, and technology new in that quarter.
-- GRAIN: one row per customer-facing department.
-- Worked example: Marketing spends 1,000 (HubSpot 200 SoE, Tableau 50 SoR, media 750) ->
-- tech_share 0.25, soe 200, sor 50; IT also pays Tableau -> shared_with_it 50.
WITH {{governance_cio_cmo_base}}
SELECT
    dept                                                                           AS department,
    coalesce(sum(amount_reporting), 0)::DOUBLE                                     AS total_spend,
    coalesce(sum(amount_reporting) FILTER (WHERE is_tech), 0)::DOUBLE              AS tech_spend,
    coalesce(sum(amount_reporting) FILTER (WHERE is_tech), 0)
        / nullif(sum(amount_reporting), 0)::DOUBLE                                 AS tech_share,
    coalesce(sum(amount_reporting) FILTER (WHERE is_tech AND layer = 'SoE'), 0)::DOUBLE AS soe_spend,
    coalesce(sum(amount_reporting) FILTER (WHERE is_tech AND layer = 'SoR'), 0)::DOUBLE AS sor_spend,
    coalesce(sum(amount_reporting) FILTER (WHERE also_bought_by_it), 0)::DOUBLE    AS shared_with_it,
    count(DISTINCT vendor_name) FILTER (WHERE also_bought_by_it)                   AS vendors_shared_with_it,
    coalesce(sum(amount_reporting) FILTER (WHERE new_this_quarter
             AND quarter_key = (SELECT qk FROM chosen)), 0)::DOUBLE               AS new_this_quarter_spend,
    count(DISTINCT vendor_name) FILTER (WHERE new_this_quarter)                    AS new_vendors,
    count(DISTINCT vendor_name) FILTER (WHERE is_tech)                             AS tech_vendors
FROM cf_lines
GROUP BY dept
ORDER BY tech_spend DESC, department
