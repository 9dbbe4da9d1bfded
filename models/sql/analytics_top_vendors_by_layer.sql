-- analytics_top_vendors_by_layer: the largest technology vendors of each layer.
-- GRAIN: one row per (layer, vendor) for the top $top_n vendors of SoR and of SoE by spend.
WITH filtered AS NOT MATERIALIZED (
    {{analytics_filtered_lines}}
),
per_vendor AS (                 -- grain: layer x vendor; category = that of its largest line
    SELECT
        layer,
        vendor_name                                                                       AS vendor,
        arg_max(category, amount_reporting)                                               AS category,
        coalesce(sum(amount_reporting), 0)                                               AS spend,
        coalesce(sum(amount_reporting) FILTER (WHERE NOT it_owned), 0)                   AS spend_outside_it
    FROM filtered
    WHERE is_tech AND layer IN ('SoR', 'SoE')
    GROUP BY layer, vendor_name
),
ranked AS (
    SELECT
        *,
        CASE WHEN spend <> 0 THEN spend_outside_it / spend END                           AS outside_it_share,
        row_number() OVER (PARTITION BY layer ORDER BY spend DESC, vendor)                AS rank
    FROM per_vendor
)
SELECT * FROM ranked
WHERE rank <= $top_n
ORDER BY layer, rank
