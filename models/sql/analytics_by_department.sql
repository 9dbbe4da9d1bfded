-- analytics_by_department: spend per buying department.
-- GRAIN: one row per department (blank departments grouped as '(no department)').
-- A department is shown as IT when any of its lines is IT-owned (the flag is a department
-- property set by classification, so in practice all its lines agree).
WITH filtered AS (
    {{filtered_lines}}
),
per_department AS (
    SELECT
        dept                                                                              AS department,
        bool_or(it_owned)                                                                 AS it_owned,
        bool_or(customer_facing)                                                          AS customer_facing,
        coalesce(sum(amount_reporting), 0)                                               AS total_spend,
        coalesce(sum(amount_reporting) FILTER (WHERE is_tech), 0)                        AS tech_spend,
        coalesce(sum(amount_reporting) FILTER (WHERE is_tech AND layer = 'SoR'), 0)      AS sor,
        coalesce(sum(amount_reporting) FILTER (WHERE is_tech AND layer = 'SoE'), 0)      AS soe,
        count(DISTINCT vendor_name) FILTER (WHERE is_tech)                                AS tech_vendors,
        count(*)                                                                          AS line_count
    FROM filtered
    GROUP BY dept
),
with_shares AS (
    SELECT
        *,
        CASE WHEN sum(tech_spend) OVER () <> 0
             THEN tech_spend / sum(tech_spend) OVER () END                                AS share_of_tech
    FROM per_department
)
SELECT * FROM with_shares
ORDER BY tech_spend DESC, total_spend DESC, department
