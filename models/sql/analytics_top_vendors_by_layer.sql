-- analytics_top_vendors_by_layer: the largest technology vendors of each layer.
-- GRAIN: one row per (layer, vendor) for the top $top_n vendors of SoR and of SoE by spend.
-- Body after the source CTEs (models.aggregates.compose). max_amount is the largest line of a
-- row (the line itself on the line source), so arg_max gives the category of the largest line.
per_vendor AS (                 -- grain: layer x vendor; category = that of its largest line
    SELECT
        layer,
        vendor_name                                                                       AS vendor,
        arg_max(category, max_amount)                                                     AS category,
        coalesce(sum(spend), 0)                                                          AS spend,
        coalesce(sum(spend) FILTER (WHERE NOT it_owned), 0)                              AS spend_outside_it
    FROM tech_filtered
    WHERE layer IN ('SoR', 'SoE')
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
