-- aggregate_read_top_vendors_by_layer: the stored result of analytics_top_vendors_by_layer with
-- no filter for an unscoped viewer, every rank stored; the first $top_n of each layer.
SELECT * FROM agg_page_top_vendors_by_layer
WHERE rank <= $top_n
ORDER BY layer, rank
