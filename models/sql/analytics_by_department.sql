-- analytics_by_department: spend per buying department.
-- GRAIN: one row per department (missing departments grouped as '(no department)').
-- A department is shown as IT when any of its lines is IT-owned (the flag is a department
-- property set by classification, so in practice all its lines agree).
-- Body after the source CTEs (models.aggregates.compose).
department_slices AS (          -- grain: department x is_tech x layer (narrow, then pivoted)
    SELECT
        dept, is_tech, layer,
        bool_or(it_owned)                                                                 AS it_owned,
        bool_or(customer_facing)                                                          AS customer_facing,
        coalesce(sum(spend), 0)                                                          AS spend,
        sum(line_count)::BIGINT                                                           AS line_count
    FROM filtered
    GROUP BY ALL
),
tech_vendors AS (               -- grain: department; only when $with_vendor_counts (costly)
    SELECT dept, count(DISTINCT vendor_name) AS tech_vendors
    FROM tech_filtered
    WHERE $with_vendor_counts::BOOLEAN
    GROUP BY dept
),
per_department AS (             -- grain: department
    SELECT
        dept                                                                              AS department,
        bool_or(it_owned)                                                                 AS it_owned,
        bool_or(customer_facing)                                                          AS customer_facing,
        sum(spend)                                                                        AS total_spend,
        coalesce(sum(spend) FILTER (WHERE is_tech), 0)                                   AS tech_spend,
        coalesce(sum(spend) FILTER (WHERE is_tech AND layer = 'SoR'), 0)                 AS sor,
        coalesce(sum(spend) FILTER (WHERE is_tech AND layer = 'SoE'), 0)                 AS soe,
        sum(line_count)::BIGINT                                                           AS line_count
    FROM department_slices
    GROUP BY dept
),
with_shares AS (
    SELECT
        p.*,
        CASE WHEN $with_vendor_counts::BOOLEAN THEN coalesce(v.tech_vendors, 0) END      AS tech_vendors,
        CASE WHEN sum(p.tech_spend) OVER () <> 0
             THEN p.tech_spend / sum(p.tech_spend) OVER () END                            AS share_of_tech
    FROM per_department AS p
    LEFT JOIN tech_vendors AS v ON v.dept = p.department
)
SELECT * FROM with_shares
ORDER BY tech_spend DESC, total_spend DESC, department
