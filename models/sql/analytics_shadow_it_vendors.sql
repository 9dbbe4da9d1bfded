-- analytics_shadow_it_vendors: technology vendors paid by departments outside IT.
-- GRAIN: one row per vendor (vendor_canonical, else the vendor as written) with at least one
-- technology line outside IT in the filtered lines.
-- spend_by_it is what IT departments paid the SAME vendor in the same period and uploads, whatever
-- the department filter (IT is never filtered out of its own comparison): a vendor with both is a
-- consolidation candidate (two contracts, or a licence IT could extend).
-- first_seen / last_seen span ALL loaded technology lines of the vendor (any department, any
-- period), so "new" means new to the company, not new to one department.
-- new_since: the start of the selected period ($date_from, or the first day of data in
-- $quarter_from); with no period filter, the first day of the latest quarter of the FILTERED
-- lines (filtered to one upload from 2019 -> that upload's latest quarter, not today's).
-- category / layer: the vendor's largest by spend outside IT.
-- Worked example: Marketing pays Canva 120 and IT pays Canva 300 -> spend_outside_it 120,
-- spend_by_it 300, consolidation_candidate true.
-- Body after the source CTEs (models.aggregates.compose): tech_filtered / tech_scoped / tech_all
-- are technology rows with vendor_name; base_all / filtered every row.
outside_it_department AS (      -- grain: vendor x department (outside IT only)
    SELECT vendor_name, dept, coalesce(sum(spend), 0) AS spend, sum(line_count)::BIGINT AS line_count
    FROM tech_filtered
    WHERE NOT it_owned
    GROUP BY ALL
),
outside_it AS (                 -- grain: vendor (outside IT only)
    SELECT
        vendor_name,
        array_to_string(list_sort(list(dept)), ', ')                                      AS departments_paying,
        count(*)                                                                          AS department_count,
        sum(spend)                                                                        AS spend_outside_it,
        sum(line_count)::BIGINT                                                           AS line_count
    FROM outside_it_department
    GROUP BY vendor_name
),
vendor_category AS (            -- grain: vendor; its main category and layer outside IT
    SELECT vendor_name, arg_max(category, spend) AS category, arg_max(layer, spend) AS layer
    FROM (
        SELECT vendor_name, category, layer, coalesce(sum(spend), 0) AS spend
        FROM tech_filtered
        WHERE NOT it_owned
        GROUP BY ALL
    )
    GROUP BY vendor_name
),
by_it AS (                      -- grain: vendor (IT departments, any department filter)
    SELECT vendor_name, coalesce(sum(spend), 0) AS spend_by_it
    FROM tech_scoped
    WHERE it_owned
    GROUP BY 1
),
history AS (                    -- grain: vendor, over all loaded technology lines
    SELECT vendor_name, first_seen, last_seen FROM vendor_history
),
period_start AS (               -- grain: one row
    SELECT CASE
        WHEN $date_from::DATE IS NOT NULL THEN $date_from::DATE
        WHEN $quarter_from::INTEGER IS NOT NULL THEN
            (SELECT min(first_date) FROM base_all WHERE quarter_key >= $quarter_from::INTEGER)
        ELSE (SELECT min(first_date) FROM base_all
              WHERE quarter_key = (SELECT max(quarter_key) FROM filtered))
    END AS new_since
)
SELECT
    o.vendor_name                                                                         AS vendor,
    c.category,
    c.layer,
    o.departments_paying,
    o.department_count,
    o.spend_outside_it,
    coalesce(i.spend_by_it, 0)                                                           AS spend_by_it,
    coalesce(i.spend_by_it, 0) > 0                                                       AS consolidation_candidate,
    CASE WHEN sum(o.spend_outside_it) OVER () <> 0
         THEN o.spend_outside_it / sum(o.spend_outside_it) OVER () END                   AS share_of_outside_it,
    h.first_seen,
    h.last_seen,
    coalesce(h.first_seen >= p.new_since, false)                                         AS new_in_period,
    p.new_since,
    o.line_count
FROM outside_it AS o
JOIN vendor_category AS c USING (vendor_name)
LEFT JOIN by_it AS i USING (vendor_name)
LEFT JOIN history AS h USING (vendor_name)
CROSS JOIN period_start AS p
ORDER BY o.spend_outside_it DESC, o.vendor_name
