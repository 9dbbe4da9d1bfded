-- analytics_first_time_vendors: technology vendors whose first technology line in ALL loaded
-- data falls in the given quarter (new to the company that quarter).
-- GRAIN: one row per such vendor, with its spend in that quarter under the filters.
WITH filtered AS NOT MATERIALIZED (
    {{filtered_lines}}
),
first_seen AS (
    SELECT
        coalesce(vendor_canonical, vendor, '(no vendor)')              AS vendor_name,
        min(txn_date)                                                                     AS first_seen,
        arg_min(quarter_key, txn_date)                                                    AS first_quarter_key
    FROM classified_lines
    WHERE is_tech
    GROUP BY 1
),
in_quarter AS (
    SELECT
        vendor_name,
        mode(category)                                                                    AS category,
        mode(layer)                                                                       AS layer,
        string_agg(DISTINCT dept, ', ' ORDER BY dept)                                     AS departments,
        bool_and(NOT it_owned)                                                            AS outside_it_only,
        coalesce(sum(amount_reporting), 0)                                               AS spend,
        coalesce(sum(amount_reporting) FILTER (WHERE NOT it_owned), 0)                   AS spend_outside_it
    FROM filtered
    WHERE is_tech AND quarter_key = $quarter_key::INTEGER
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
JOIN first_seen AS f USING (vendor_name)
WHERE f.first_quarter_key = $quarter_key::INTEGER
ORDER BY q.spend DESC, q.vendor_name
