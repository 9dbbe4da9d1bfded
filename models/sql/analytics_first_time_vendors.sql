-- analytics_first_time_vendors: technology vendors whose first technology line in ALL loaded
-- data falls in the given quarter (new to the company that quarter).
-- GRAIN: one row per such vendor, with its spend in that quarter under the filters.
-- Body after the source CTEs (models.aggregates.compose).
first_seen AS (
    SELECT
        vendor_name, first_seen, first_quarter_key
    FROM vendor_history
),
new_vendors AS (                -- grain: vendor first seen in the quarter
    SELECT vendor_name, first_seen FROM first_seen WHERE first_quarter_key = $quarter_key::INTEGER
),
quarter_slices AS (             -- grain: new vendor x department x category x layer, in the quarter
    SELECT
        vendor_name, dept, category, layer,
        bool_and(NOT it_owned)                                                            AS outside_it_only,
        coalesce(sum(spend), 0)                                                          AS spend,
        coalesce(sum(spend) FILTER (WHERE NOT it_owned), 0)                              AS spend_outside_it
    FROM tech_filtered
    WHERE quarter_key = $quarter_key::INTEGER
      AND vendor_name IN (SELECT vendor_name FROM new_vendors)
    GROUP BY ALL
),
in_quarter AS (                 -- grain: vendor; category/layer = the largest by spend
    SELECT
        vendor_name,
        arg_max(category, spend)                                                          AS category,
        arg_max(layer, spend)                                                             AS layer,
        array_to_string(list_sort(list(DISTINCT dept)), ', ')                             AS departments,
        sum(spend)                                                                        AS spend,
        sum(spend_outside_it)                                                             AS spend_outside_it
    FROM quarter_slices
    GROUP BY vendor_name
)
SELECT
    q.vendor_name                                                                         AS vendor,
    q.category,
    q.layer,
    q.departments,
    q.spend,
    q.spend_outside_it,
    f.first_seen
FROM in_quarter AS q
JOIN new_vendors AS f USING (vendor_name)
ORDER BY q.spend DESC, q.vendor_name
